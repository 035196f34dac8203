// volume_picks.ts shows the answer of `dockerlab.volumes` as a quick pick and runs what is picked
// for a volume. The rows and actions are decided in volume_list.ts.

import * as vscode from 'vscode';
import * as l10n from './l10n';
import type { PickRow } from './lists';
import { VolumeAction, VolumeRow, readVolumeList, volumeActions, volumeItem } from './volume_list';

interface RowItem<T> extends vscode.QuickPickItem {
  row?: T;
}

function item<T>(pick: PickRow, row: T): RowItem<T> {
  return { ...pick, row };
}

/** pickVolume shows the volumes and returns the one picked, or undefined. */
export async function pickVolume(raw: unknown, placeHolder: string): Promise<VolumeRow | undefined> {
  const list = readVolumeList(raw);
  if (list.volumes.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('`{0}` lists no volumes. Run with a named volume to make one.', list.command));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    list.volumes.map((row) => item(volumeItem(row, l10n), row)),
    { title: `${list.command} — ${list.message}`, placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.row;
}

/** showVolumes shows `docker volume ls` and offers the actions on the volume picked. */
export async function showVolumes(raw: unknown): Promise<void> {
  const row = await pickVolume(raw, l10n.t('Pick a volume to see what you can do with it'));
  if (!row) {
    return;
  }
  const action = await vscode.window.showQuickPick(
    volumeActions(row, l10n).map((a) => item<VolumeAction>(a, a)),
    { title: row.name, placeHolder: l10n.t('What should happen to {0}?', row.name) },
  );
  const run = action?.row?.run;
  if (!run) {
    return;
  }
  if (run.kind === 'copy') {
    await vscode.env.clipboard.writeText(run.text);
    vscode.window.setStatusBarMessage(l10n.t('Copied: {0}', run.text), 4000);
    return;
  }
  await vscode.commands.executeCommand(run.command, { name: run.name });
}
