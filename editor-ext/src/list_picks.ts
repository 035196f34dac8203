// list_picks.ts shows the answers of `dockerlab.images` and `dockerlab.ps` as quick picks, the
// way `docker images` and `docker ps -a` print them, and runs what is picked for a container.
// The rows and actions are decided in lists.ts.

import * as vscode from 'vscode';
import * as l10n from './l10n';
import type { ContainerAction, ContainerList, ContainerRow, PickRow } from './lists';
import { containerActions, containerItem, imageItem, imageName, listTitle, readContainerList, readImageList, splitOurs } from './lists';
import { openInBrowser } from './browser';
import type { CommandSpec } from './contract';

interface RowItem<T> extends vscode.QuickPickItem {
  row?: T;
}

function separator<T>(label: string): RowItem<T> {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}

function item<T>(pick: PickRow, row: T): RowItem<T> {
  return { ...pick, row };
}

const describePath = (path: string) => vscode.workspace.asRelativePath(path, false);

/** showImages shows `docker images` read-only; picking an image copies its ID. */
export async function showImages(raw: unknown): Promise<void> {
  const list = readImageList(raw);
  if (list.images.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('`{0}` lists no images yet. Build one first.', list.command));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    list.images.map((row) => item(imageItem(row, l10n), row)),
    {
      title: listTitle(list),
      placeHolder: l10n.t('Pick an image to copy its ID'),
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (picked?.row?.id) {
    await vscode.env.clipboard.writeText(picked.row.id);
    vscode.window.setStatusBarMessage(l10n.t('Copied the ID of {0}: {1}', imageName(picked.row), picked.row.id), 4000);
  }
}

/** showContainers shows `docker ps -a`, dockerlab's containers first, and offers actions on the pick. */
export async function showContainers(raw: unknown): Promise<void> {
  const list = readContainerList(raw);
  if (list.containers.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('`{0}` lists no containers.', list.command));
    return;
  }
  const { ours, others } = splitOurs(list);
  const items: RowItem<ContainerRow>[] = [];
  if (ours.length > 0) {
    items.push(separator(l10n.t('Started by dockerlab')));
    items.push(...ours.map((row) => item(containerItem(row, l10n, describePath), row)));
  }
  if (others.length > 0) {
    if (ours.length > 0) {
      items.push(separator(l10n.t('Other containers')));
    }
    items.push(...others.map((row) => item(containerItem(row, l10n, describePath), row)));
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: listTitle(list),
    placeHolder: l10n.t('Pick a container for what you can do with it'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.row) {
    await showContainerActions(picked.row);
  }
}

async function showContainerActions(row: ContainerRow): Promise<void> {
  const actions = containerActions(row, l10n);
  if (actions.length === 0) {
    return;
  }
  const picked = await vscode.window.showQuickPick<ContainerAction & vscode.QuickPickItem>(actions, {
    title: `${row.name || row.id} (${row.id})`,
    placeHolder: row.ours
      ? l10n.t('What should happen to this container?')
      : l10n.t('dockerlab did not start this container, so it only opens or copies it. Use the `docker` command in a terminal for more.'),
    matchOnDescription: true,
  });
  if (!picked) {
    return;
  }
  const run = picked.run;
  switch (run.kind) {
    case 'command':
      await vscode.commands.executeCommand(run.command, { uri: vscode.Uri.file(run.dockerfile).toString(), containerId: run.containerId });
      return;
    case 'open':
      await openInBrowser(run.url);
      return;
    case 'copy':
      await vscode.env.clipboard.writeText(run.text);
      vscode.window.setStatusBarMessage(l10n.t('Copied the container ID {0}', run.text), 4000);
      return;
  }
}

/**
 * pickContainer asks which of a Dockerfile's containers a palette command means; `list` is the
 * answer of `dockerlab.ps` narrowed to them. Returns the container ID, or undefined when there is
 * none or the pick was dismissed. Only a command declared `chosen` (remove) asks about a single one.
 */
export async function pickContainer(spec: CommandSpec, candidates: ContainerRow[], all: ContainerList): Promise<string | undefined> {
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      spec.container === 'stopped'
        ? l10n.t('This Dockerfile has no stopped container to start.')
        : l10n.t('This Dockerfile has no containers. Run it first.'),
    );
    return undefined;
  }
  if (candidates.length === 1 && spec.container !== 'chosen') {
    return candidates[0].id;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((row) => item(containerItem(row, l10n, describePath), row)),
    { title: all.command, placeHolder: l10n.t('Which container?'), matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.row?.id;
}
