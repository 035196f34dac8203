// volume_list.ts reads the answer of `dockerlab.volumes` (the declared VolumeListResult) and turns
// each volume into a quick-pick row with what `docker volume ls` and `docker volume inspect` say:
// its name, where its data lives (Mountpoint) and which containers use it. It also decides what
// can be done to a picked volume. No vscode import: the unit tests run it on Node.

import { COMMANDS, VolumeListResult, VolumeRow, decodeVolumeListResult } from './contract';
import type { PickRow } from './lists';
import type { Translator } from './locale';

export type { VolumeRow };

/** readVolumeList reads the answer of `dockerlab.volumes`; it never throws. */
export function readVolumeList(raw: unknown): VolumeListResult {
  const r = decodeVolumeListResult(raw);
  return { command: r?.command || 'docker volume ls', volumes: r?.volumes ?? [], message: r?.message ?? '' };
}

/** volumeItem is one volume row: its name, its driver and age, where its data is and who uses it. */
export function volumeItem(row: VolumeRow, l10n: Translator): PickRow {
  const detail = [
    row.mountpoint ? l10n.t('Data: {0}', row.mountpoint) : '',
    row.usedBy.length > 0 ? l10n.t('Used by: {0}', row.usedBy.join(', ')) : l10n.t('Not used by any container'),
  ].filter((part) => part !== '');
  const description = [row.anonymous ? l10n.t('anonymous') : '', row.driver, row.created].filter((part) => part !== '').join(' · ');
  return {
    label: `$(database) ${row.anonymous ? row.name.slice(0, 12) : row.name}`,
    description: description || undefined,
    detail: detail.join(' · '),
  };
}

/** What picking a volume action does. */
export type VolumeActionKind = { kind: 'remove'; command: string; name: string } | { kind: 'copy'; text: string };

/** One action offered for a picked volume, with the CLI line it stands for. */
export interface VolumeAction extends PickRow {
  run: VolumeActionKind;
}

/**
 * volumeActions is what can be done to a picked volume: copy where its data lives, copy its name,
 * and remove it (the server asks again before it deletes the data; a volume in use is refused
 * with the container's name).
 */
export function volumeActions(row: VolumeRow, l10n: Translator): VolumeAction[] {
  const actions: VolumeAction[] = [];
  if (row.mountpoint) {
    actions.push({ label: `$(copy) ${l10n.t('Copy Data Location (Mountpoint)')}`, description: `docker volume inspect ${row.name}`, run: { kind: 'copy', text: row.mountpoint } });
  }
  actions.push({ label: `$(copy) ${l10n.t('Copy Volume Name')}`, description: row.name, run: { kind: 'copy', text: row.name } });
  actions.push({
    label: `$(trash) ${l10n.t('Remove Volume and Its Data')}`,
    description: `docker volume rm ${row.name}`,
    detail: row.usedBy.length > 0 ? l10n.t('In use by {0}: remove that container first.', row.usedBy.join(', ')) : undefined,
    run: { kind: 'remove', command: COMMANDS.removeVolume.id, name: row.name },
  });
  return actions;
}
