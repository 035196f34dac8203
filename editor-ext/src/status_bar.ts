// status_bar.ts is the Docker engine's status bar item: `$(vm-running) Docker 20.10.24` (the
// engine's version; the API version is in the tooltip) when the server's last ping got an answer,
// `$(vm-outline) Docker 엔진 없음` when not. What it says is
// decided in engine_status.ts; this file only puts it on screen and handles the click. Its tooltip
// also links to the lab's walkthrough.

import * as vscode from 'vscode';
import * as l10n from './l10n';
import { EngineState, explanation, parseEngineStatus, statusView, walkthroughLink } from './engine_status';
import { COMMANDS } from './contract';
import { KUBE_TOOLTIP_COMMANDS, kubeView, parseKubeContext } from './kube_status';

/** The internal command behind a click on the item. */
const CLICK_COMMAND = COMMANDS.engineStatusClicked.id;
/** The command the tooltip's link runs. */
const WALKTHROUGH_COMMAND = COMMANDS.openWalkthrough.id;

export class EngineStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly clickCommand: vscode.Disposable;
  private state: EngineState = { kind: 'checking' };

  constructor() {
    // Left side, low priority: it sits after the workbench's own items.
    this.item = vscode.window.createStatusBarItem('dockerlab.engine', vscode.StatusBarAlignment.Left, -100);
    this.item.name = l10n.t('dockerlab: Docker Engine');
    this.item.command = CLICK_COMMAND;
    this.clickCommand = vscode.commands.registerCommand(CLICK_COMMAND, () => this.click());
  }

  /** set shows a state; the item appears on the first call (once the client started). */
  set(state: EngineState): void {
    this.state = state;
    const view = statusView(state, l10n);
    this.item.text = view.text;
    // Every tooltip ends with the way to the lab's walkthrough.
    const tooltip = new vscode.MarkdownString(`${view.tooltip}\n\n${walkthroughLink(l10n)}`);
    tooltip.isTrusted = { enabledCommands: [WALKTHROUGH_COMMAND] };
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** update takes a `dockerlab/engineStatus` notification; unreadable params are ignored. */
  update(params: unknown): void {
    const status = parseEngineStatus(params);
    if (status) {
      this.set({ kind: 'status', status });
    }
  }

  private async click(): Promise<void> {
    const view = statusView(this.state, l10n);
    switch (view.click) {
      case 'ps':
        await vscode.commands.executeCommand(COMMANDS.ps.id);
        return;
      case 'trust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        return;
      case 'none':
        return;
      case 'explain':
        break;
    }
    const retryLabel = l10n.t('Try Again');
    const restartLabel = l10n.t('Restart Server');
    const retry = this.state.kind === 'status';
    const choice = await vscode.window.showWarningMessage(explanation(this.state, l10n), retry ? retryLabel : restartLabel);
    if (choice === retryLabel) {
      // Any docker command pings the engine first and reports the status again.
      await vscode.commands.executeCommand(COMMANDS.ps.id);
    } else if (choice === restartLabel) {
      await vscode.commands.executeCommand(COMMANDS.restartServer.id);
    }
  }

  dispose(): void {
    this.clickCommand.dispose();
    this.item.dispose();
  }
}

/**
 * KubeStatusItem is the Kubernetes status bar item: the kubeconfig's current context and its nodes'
 * state (kube_status.ts decides the text); a click shows the cluster's state in the lens' status.
 */
export class KubeStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('dockerlab.kube', vscode.StatusBarAlignment.Left, -101);
    this.item.name = l10n.t('dockerlab: Kubernetes Context');
  }

  /** update takes a `dockerlab/kubeContext` notification; unreadable params are ignored. */
  update(params: unknown): void {
    const p = parseKubeContext(params);
    if (!p) {
      return;
    }
    const view = kubeView(p, l10n);
    if (!view.visible) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip);
    tooltip.isTrusted = { enabledCommands: KUBE_TOOLTIP_COMMANDS };
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
