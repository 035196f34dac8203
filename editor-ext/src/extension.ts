// extension.ts starts the dockerlab language server and wires the editor to it. The server does
// the work (hover, completion, diagnostics, code lenses, docker commands); this file only
// launches it with the settings, restarts it within bounds, and connects its notifications to
// the output channels and the status bar.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import * as l10n from './l10n';
import { openInBrowserCommand } from './browser';
import { appendBuildOutput } from './build_output';
import { isExtraComposeFile } from './compose_files';
import { COMPOSE_LANGUAGE, DOCKERFILE_LANGUAGE, YAML_LANGUAGE, LabChannels, executeCommandMiddleware, offerRestart, registerMissingCommands } from './commands';
import { COMMANDS, NOTIFICATIONS, SETTINGS, SETTINGS_SECTION, SETTING_LIST } from './contract';
import { LogOutput } from './log_output';
import { MAX_RESTARTS, RestartBudget } from './restart_policy';
import { Settings, buildSettings } from './settings';
import { ensureExecutable, serverPath } from './server_path';
import { EngineStatusItem, KubeStatusItem } from './status_bar';
import { LabWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;

/** Settings the server reads only when it starts: a change restarts it. */
const RESTART_SETTINGS = SETTING_LIST.filter((s) => s.restartsServer).map((s) => s.id);

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverLog = vscode.window.createOutputChannel('dockerlab');
  l10n.init(context.extensionPath, (line) => serverLog.appendLine(`[dockerlab] ${line}`));
  const logs = vscode.window.createOutputChannel(l10n.t('dockerlab Logs'));
  const channels: LabChannels = {
    build: vscode.window.createOutputChannel(l10n.t('dockerlab Build')),
    logs,
    logOutput: new LogOutput((text) => logs.append(text)),
  };
  const status = new EngineStatusItem();
  const kubeStatus = new KubeStatusItem();
  const walkthrough = new LabWalkthrough(context);
  const budget = new RestartBudget();
  // The commands this server did not advertise, answered with an explanation (see commands.ts).
  let missingCommands: vscode.Disposable | undefined;

  const settings = (): Settings => {
    const built = buildSettings((key) => vscode.workspace.getConfiguration(SETTINGS_SECTION).get(key));
    for (const problem of built.problems) {
      serverLog.appendLine(`[dockerlab] setting ignored: ${problem}`);
    }
    return built.settings;
  };

  const start = async (): Promise<void> => {
    missingCommands?.dispose();
    missingCommands = undefined;
    const command = serverPath(vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(SETTINGS.serverPath.key), context.extensionPath);
    // The Compose and Kubernetes helpers ship beside the bundled server; they need their execute bit too.
    for (const name of ['dockerlab-compose', 'dockerlab-k8s']) {
      const helper = path.join(path.dirname(command), process.platform === 'win32' ? `${name}.exe` : name);
      if (command.includes(path.sep) && fs.existsSync(helper) && !ensureExecutable(helper)) {
        serverLog.appendLine(`[dockerlab] the helper ${helper} cannot be started; the actions that need it will say so`);
      }
    }
    if (!ensureExecutable(command)) {
      void vscode.window.showErrorMessage(
        l10n.t('The dockerlab server was not found at {0}. Reinstall the extension or set "dockerlab.server.path".', command),
      );
      return;
    }
    const c = newClient(command, serverLog, channels, budget, settings, () => walkthrough.labDockerfile(), context.workspaceState);
    client = c;
    c.onNotification(NOTIFICATIONS.buildOutput.method, (params: unknown) => appendBuildOutput(channels.build, params));
    c.onNotification(NOTIFICATIONS.logOutput.method, (params: unknown) => channels.logOutput.write(params));
    c.onNotification(NOTIFICATIONS.engineStatus.method, (params: unknown) => status.update(params));
    c.onNotification(NOTIFICATIONS.labProgress.method, (params: unknown) => walkthrough.onProgress(params));
    c.onNotification(NOTIFICATIONS.kubeContext.method, (params: unknown) => kubeStatus.update(params));
    status.set({ kind: 'checking' });
    try {
      await c.start();
    } catch (error) {
      serverLog.appendLine(String(error));
      void vscode.window.showErrorMessage(l10n.t('The dockerlab server could not be started. See the "dockerlab" output.'));
    }
    const advertised = c.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    missingCommands = registerMissingCommands(advertised, serverLog);
    // Without docker commands the server never pings the engine, so no status will come.
    if (!vscode.workspace.isTrusted) {
      status.set({ kind: 'untrusted' });
    } else if (!advertised.includes(COMMANDS.ps.id)) {
      status.set({ kind: 'noCommands' });
    }
  };
  const restart = async (): Promise<void> => {
    budget.reset();
    const old = client;
    client = undefined;
    await old?.dispose().catch((error: unknown) => serverLog.appendLine(String(error)));
    await start();
  };

  context.subscriptions.push(
    serverLog,
    channels.build,
    channels.logs,
    status,
    kubeStatus,
    walkthrough,
    { dispose: () => missingCommands?.dispose() },
    vscode.commands.registerCommand(COMMANDS.showBuildOutput.id, () => channels.build.show()),
    vscode.commands.registerCommand(COMMANDS.restartServer.id, restart),
    vscode.commands.registerCommand(COMMANDS.openInBrowser.id, openInBrowserCommand),
    // The server was told `trusted: false` at start; a restart tells it the new truth.
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((section) => e.affectsConfiguration(section))) {
        void restart();
      }
    }),
  );
  // Files the dockerlab.compose.files globs name open as Compose files.
  const composeGlobs = (): string[] => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string[]>('compose.files') ?? [];
  const asCompose = (doc: vscode.TextDocument): void => {
    if (doc.uri.scheme === 'file' && doc.languageId !== COMPOSE_LANGUAGE && isExtraComposeFile(doc.uri.path, composeGlobs())) {
      void vscode.languages.setTextDocumentLanguage(doc, COMPOSE_LANGUAGE);
    }
  };
  vscode.workspace.textDocuments.forEach(asCompose);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(asCompose));
  // The first activation in the lab's folder opens the walkthrough; it does not wait for the server.
  void walkthrough.openOnFirstActivation().catch((error: unknown) => serverLog.appendLine(`[dockerlab] walkthrough: ${String(error)}`));
  await start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

function newClient(
  command: string,
  serverLog: vscode.OutputChannel,
  channels: LabChannels,
  budget: RestartBudget,
  settings: () => Settings,
  labDockerfile: () => string | undefined,
  memory: vscode.Memento,
): LanguageClient {
  const serverOptions: ServerOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: DOCKERFILE_LANGUAGE },
      { scheme: 'untitled', language: DOCKERFILE_LANGUAGE },
      { scheme: 'file', language: COMPOSE_LANGUAGE },
      { scheme: 'untitled', language: COMPOSE_LANGUAGE },
      // Kubernetes manifests: every YAML file is sent; the server answers only for those holding objects.
      { scheme: 'file', language: YAML_LANGUAGE },
      { scheme: 'untitled', language: YAML_LANGUAGE },
    ],
    // Read when the server starts, so a restart after granting trust sends the new value.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, locale: l10n.language(), settings: settings() }),
    // Every change of a dockerlab.* setting is sent as workspace/didChangeConfiguration.
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: serverLog,
    // The server's errors are Korean sentences that the middleware shows; the client's generic
    // "Request ... failed." popups would only repeat them.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      executeCommand: executeCommandMiddleware(channels, labDockerfile, memory),
      workspace: {
        // The same shape the client would send ({settings: {dockerlab: {...}}}), but built by
        // settings.ts, so a value of the wrong type cannot cost the server every setting.
        didChangeConfiguration: async () => {
          if (!languageClient.isRunning()) {
            return; // stopping for a restart, which sends the new settings at initialize
          }
          await languageClient.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SETTINGS_SECTION]: settings() } });
        },
      },
    },
    errorHandler: {
      error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        if (budget.tryRestart()) {
          return { action: CloseAction.Restart, message: l10n.t('The dockerlab server stopped. Restarting it.'), handled: true };
        }
        void offerRestart(l10n.t('The dockerlab server stopped {0} times within 3 minutes and will not be restarted again.', MAX_RESTARTS + 1), serverLog);
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  const languageClient = new LanguageClient('dockerlab', 'dockerlab', serverOptions, clientOptions);
  return languageClient;
}
