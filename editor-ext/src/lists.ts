// lists.ts reads the answers of `dockerlab.images` and `dockerlab.ps` (the declared ListResult,
// decoded by generated/contract.ts) and turns their rows into quick-pick rows with the columns
// `docker images` and `docker ps -a` print, in Korean. It also decides what can be done to a
// picked container. No vscode import: the unit tests run it on Node.

import { COMMANDS, CommandSpec, ContainerRow, ImageRow, decodeListResult } from './contract';
import type { Translator } from './locale';
import { browserUrl } from './results';

export type { ContainerRow, ImageRow };

/** The answer of `dockerlab.images`. */
export interface ImageList {
  command: string;
  images: ImageRow[];
  message?: string;
}

/** The answer of `dockerlab.ps`. */
export interface ContainerList {
  command: string;
  containers: ContainerRow[];
  message?: string;
}

/** A quick-pick row without the vscode types: label, description and detail. */
export interface PickRow {
  label: string;
  description?: string;
  detail?: string;
}

/** readImageList reads the answer of `dockerlab.images`; it never throws. */
export function readImageList(raw: unknown): ImageList {
  const r = decodeListResult(raw);
  return {
    command: r?.command || `docker images`,
    images: r?.images ?? [],
    message: r?.message || undefined,
  };
}

/**
 * readContainerList reads the answer of `dockerlab.ps`; it never throws. States are compared in
 * lower case and names without the engine's leading `/`.
 */
export function readContainerList(raw: unknown): ContainerList {
  const r = decodeListResult(raw);
  return {
    command: r?.command || `docker ps -a`,
    containers: (r?.containers ?? []).map((row) => ({ ...row, state: row.state.toLowerCase(), name: row.name.replace(/^\//, '') })),
    message: r?.message || undefined,
  };
}

/** listTitle is the quick pick's title: the CLI line it stands for and the server's count. */
export function listTitle(list: { command: string; message?: string }): string {
  return list.message ? `${list.command} · ${list.message}` : list.command;
}

/** imageName is `repository:tag` as `docker run` takes it; `<none>` parts are left out. */
export function imageName(row: ImageRow): string {
  const repository = row.repository && row.repository !== '<none>' ? row.repository : '';
  const tag = row.tag && row.tag !== '<none>' ? row.tag : '';
  if (!repository) {
    return '<none>';
  }
  return tag ? `${repository}:${tag}` : repository;
}

/** imageItem is one image row: `repository:tag`, its ID, and when it was created and how big it is. */
export function imageItem(row: ImageRow, l10n: Translator): PickRow {
  const detail = [
    row.created ? l10n.t('Created: {0}', row.created) : '',
    row.size ? l10n.t('Size: {0}', row.size) : '',
  ].filter((part) => part !== '');
  return {
    label: `$(package) ${imageName(row)}`,
    description: row.id ? l10n.t('Image ID: {0}', row.id) : undefined,
    detail: detail.length > 0 ? detail.join(' · ') : undefined,
  };
}

/** stateText says a container's state (`running`, `exited`, …) in the user's language. */
export function stateText(state: string, l10n: Translator): string {
  const texts: Record<string, string> = {
    running: l10n.t('Running'),
    exited: l10n.t('Stopped'),
    created: l10n.t('Created, not started'),
    paused: l10n.t('Paused'),
    restarting: l10n.t('Restarting'),
    removing: l10n.t('Being removed'),
    dead: l10n.t('Dead'),
  };
  return Object.hasOwn(texts, state) ? texts[state] : state;
}

/** The icons of the states that have their own; every other state is a plain outline. */
const STATE_ICONS: Record<string, string> = { running: '$(vm-running)', paused: '$(debug-pause)', restarting: '$(sync)' };

function stateIcon(state: string): string {
  return Object.hasOwn(STATE_ICONS, state) ? STATE_ICONS[state] : '$(vm-outline)';
}

/**
 * containerItem is one container row: its name with a state icon; its ID and image; then its
 * state (with the engine's own words, as `docker ps` prints them), age, published ports and, for
 * dockerlab's containers, the Dockerfile they came from (`describePath` shortens it).
 */
export function containerItem(row: ContainerRow, l10n: Translator, describePath: (path: string) => string = (p) => p): PickRow {
  const state = stateText(row.state, l10n);
  const status = state && row.status && row.status !== state ? `${state} (${row.status})` : state || row.status;
  const detail = [
    status ? l10n.t('Status: {0}', status) : '',
    row.created ? l10n.t('Created: {0}', row.created) : '',
    row.ports ? l10n.t('Ports: {0}', row.ports) : '',
    row.ours && row.dockerfile ? l10n.t('Dockerfile: {0}', describePath(row.dockerfile)) : '',
  ].filter((part) => part !== '');
  const description = [row.id, row.image].filter((part) => part !== '').join(' · ');
  return {
    label: `${stateIcon(row.state)} ${row.name || row.id || '?'}`,
    description: description || undefined,
    detail: detail.length > 0 ? detail.join(' · ') : undefined,
  };
}

/** splitOurs puts dockerlab's containers first, keeping the engine's order (newest first) within each group. */
export function splitOurs(list: ContainerList): { ours: ContainerRow[]; others: ContainerRow[] } {
  return {
    ours: list.containers.filter((c) => c.ours && c.dockerfile && c.id),
    others: list.containers.filter((c) => !(c.ours && c.dockerfile && c.id)),
  };
}

/**
 * firstPortUrl is the browser address of a container's first published TCP port, read from the
 * `ports` column (`127.0.0.1:3000→3000, :::3000→3000`); undefined without one.
 */
export function firstPortUrl(ports: string): string | undefined {
  for (const part of ports.split(',')) {
    const m = /^\s*(.*):(\d+)(?:→|->)\d+(?:\/(\w+))?\s*$/.exec(part);
    if (m && (m[3] === undefined || m[3].toLowerCase() === 'tcp')) {
      const hostPort = Number(m[2]);
      if (hostPort > 0 && hostPort < 65536) {
        return browserUrl({ hostIp: m[1], hostPort });
      }
    }
  }
  return undefined;
}

/** What picking an action does. Server commands get the Dockerfile's path and the container. */
export type ContainerActionKind =
  | { kind: 'command'; command: string; dockerfile: string; containerId: string }
  | { kind: 'open'; url: string }
  | { kind: 'copy'; text: string };

/** One action offered for a picked container, with the CLI line it stands for. */
export interface ContainerAction extends PickRow {
  run: ContainerActionKind;
}

/**
 * containerActions is what can be done to a picked container. dockerlab's own containers get the
 * lab commands (로그 / 중지 및 삭제 when running, 로그 / 시작 / 삭제 when not); any running
 * container with a published port can be opened in the browser; every ID can be copied.
 * Containers dockerlab did not start are never stopped or removed from here.
 */
export function containerActions(row: ContainerRow, l10n: Translator): ContainerAction[] {
  const actions: ContainerAction[] = [];
  const running = row.state === 'running';
  const url = running ? firstPortUrl(row.ports) : undefined;
  if (url) {
    actions.push({ label: `$(globe) ${l10n.t('Open in Browser')}`, description: url, run: { kind: 'open', url } });
  }
  if (row.ours && row.dockerfile && row.id) {
    const on = (command: string) => ({ kind: 'command' as const, command, dockerfile: row.dockerfile!, containerId: row.id });
    actions.push({ label: `$(output) ${l10n.t('Logs')}`, description: `docker logs -f ${row.id}`, run: on(COMMANDS.logs.id) });
    if (running) {
      actions.push({
        label: `$(debug-stop) ${l10n.t('Stop and Remove')}`,
        description: `docker stop ${row.id} && docker rm ${row.id}`,
        run: on(COMMANDS.stopAndRemove.id),
      });
    } else {
      actions.push({ label: `$(debug-start) ${l10n.t('Start')}`, description: `docker start ${row.id}`, run: on(COMMANDS.start.id) });
      actions.push({ label: `$(trash) ${l10n.t('Remove')}`, description: `docker rm ${row.id}`, run: on(COMMANDS.remove.id) });
    }
  }
  if (row.id) {
    actions.push({ label: `$(copy) ${l10n.t('Copy Container ID')}`, description: row.id, run: { kind: 'copy', text: row.id } });
  }
  return actions;
}

/**
 * containersOf is what the command palette offers for a container command on one Dockerfile:
 * that Dockerfile's containers (from `dockerlab.ps`), only the stopped ones for a command declared
 * to act on a stopped container (`start`).
 */
export function containersOf(list: ContainerList, dockerfilePath: string, spec: CommandSpec): ContainerRow[] {
  return splitOurs(list).ours.filter(
    (c) => c.dockerfile === dockerfilePath && (spec.container !== 'stopped' || c.state !== 'running'),
  );
}
