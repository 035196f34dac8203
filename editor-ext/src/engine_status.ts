// engine_status.ts reads the server's `dockerlab/engineStatus` notification and decides what the
// status bar item says. No vscode import: the unit tests run it on Node.

import { COMMANDS, EngineStatusParams, NOTIFICATIONS, SETTINGS } from './contract';
import type { Translator } from './locale';

/**
 * The server's word on the Docker engine, sent whenever it has pinged it (declared in Go as
 * contract.EngineStatusParams).
 */
export type EngineStatus = EngineStatusParams;

/**
 * What the status bar item stands for: still waiting for the server's first word, a workspace
 * where Docker is off, a server that offers no Docker commands, or the server's status.
 */
export type EngineState =
  | { kind: 'checking' }
  | { kind: 'untrusted' }
  | { kind: 'noCommands' }
  | { kind: 'status'; status: EngineStatus };

/** What a click on the item does. */
export type StatusClick = 'ps' | 'explain' | 'trust' | 'none';

/** The status bar item's text (with a codicon), Markdown tooltip and click. */
export interface StatusView {
  text: string;
  tooltip: string;
  click: StatusClick;
  /** Shown on the warning background: nothing Docker can be done until it changes. */
  warning: boolean;
}

/**
 * parseEngineStatus reads the notification's params; undefined when `available` is not a boolean.
 * Empty optional fields are left out and the texts trimmed.
 */
export function parseEngineStatus(raw: unknown): EngineStatus | undefined {
  const status = NOTIFICATIONS.engineStatus.decode(raw);
  if (!status) {
    return undefined;
  }
  const out: EngineStatus = { available: status.available, host: status.host.trim(), source: status.source.trim() };
  for (const key of ['engineVersion', 'apiVersion', 'message'] as const) {
    const text = status[key]?.trim();
    if (text) {
      out[key] = text;
    }
  }
  return out;
}

/** sourceText says where the engine address came from. */
export function sourceText(source: string, l10n: Translator): string {
  if (source === 'default') {
    return l10n.t('the default address');
  }
  if (source === 'DOCKER_HOST') {
    return l10n.t('the `DOCKER_HOST` environment variable');
  }
  if (source === SETTINGS.dockerHost.id) {
    return l10n.t('the `dockerlab.docker.host` setting');
  }
  if (source.startsWith('context ')) {
    return l10n.t('the Docker context `{0}`', source.slice('context '.length));
  }
  return source;
}

/** code wraps a value in Markdown backticks, with room for backticks inside it. */
function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  return `${fence}${value}${fence}`;
}

/**
 * releaseVersion is an engine version without its build metadata, as learners know the release:
 * Debian's `20.10.24+dfsg1` is Docker `20.10.24`. Pre-release parts (`29.0.0-rc.1`) stay.
 */
export function releaseVersion(version: string): string {
  const plus = version.indexOf('+');
  return plus > 0 ? version.slice(0, plus) : version;
}

/** engineLine is the tooltip's first line for an engine that answers: its version and API version. */
function engineLine(s: EngineStatus, l10n: Translator): string {
  if (s.engineVersion && s.apiVersion) {
    return l10n.t('Docker engine {0} (API {1})', s.engineVersion, s.apiVersion);
  }
  if (s.engineVersion) {
    return l10n.t('Docker engine {0}', s.engineVersion);
  }
  if (s.apiVersion) {
    return l10n.t('Docker engine (API {0})', s.apiVersion);
  }
  return l10n.t('Docker engine');
}

/**
 * engineText is the item's text for an engine that answers: `Docker 20.10.24` (the engine's
 * version, which learners know as the Docker version), or `Docker API 1.41` when the engine did
 * not say its version (never a bare `Docker 1.41`, which reads as a Docker release).
 */
function engineText(s: EngineStatus): string {
  if (s.engineVersion) {
    return `$(vm-running) Docker ${releaseVersion(s.engineVersion)}`;
  }
  return s.apiVersion ? `$(vm-running) Docker API ${s.apiVersion}` : '$(vm-running) Docker';
}

/** statusView decides what the status bar item shows for a state. */
export function statusView(state: EngineState, l10n: Translator): StatusView {
  switch (state.kind) {
    case 'checking':
      return { text: '$(loading~spin) Docker', tooltip: l10n.t('Looking for the Docker engine…'), click: 'none', warning: false };
    case 'untrusted':
      return {
        text: '$(workspace-untrusted) Docker',
        tooltip: l10n.t('dockerlab runs Docker only in a trusted workspace. Trust this folder, then try again.'),
        click: 'trust',
        warning: false,
      };
    case 'noCommands':
      return {
        text: `$(vm-outline) ${l10n.t('No Docker engine')}`,
        tooltip: l10n.t('The dockerlab server has no Docker client, so it cannot build or run anything. See the "dockerlab" output, then restart the language server.'),
        click: 'explain',
        warning: true,
      };
    case 'status':
      break;
  }
  const s = state.status;
  const lines: string[] = [];
  if (s.available) {
    lines.push(engineLine(s, l10n));
  } else {
    lines.push(s.message ?? l10n.t('No Docker engine answers.'));
  }
  // The server's message already names the address it tried; say it only once.
  if (s.host && !(s.message ?? '').includes(s.host)) {
    lines.push(s.source ? l10n.t('Address: {0} (from {1})', code(s.host), sourceText(s.source, l10n)) : l10n.t('Address: {0}', code(s.host)));
  }
  lines.push(s.available ? l10n.t('Click to list the containers (`docker ps -a`).') : l10n.t('Click for what to do.'));
  return {
    text: s.available ? engineText(s) : `$(vm-outline) ${l10n.t('No Docker engine')}`,
    tooltip: lines.join('\n\n'),
    click: s.available ? 'ps' : 'explain',
    warning: !s.available,
  };
}

/** explanation is what a click on an unavailable engine says: the server's message, or a general one. */
export function explanation(state: EngineState, l10n: Translator): string {
  if (state.kind === 'status' && state.status.message) {
    return state.status.message;
  }
  if (state.kind === 'noCommands') {
    return statusView(state, l10n).tooltip;
  }
  return l10n.t('No Docker engine answers. Start it (`sudo dockerd` or `sudo systemctl start docker`), then try again.');
}

/**
 * walkthroughLink is the line every tooltip of the item ends with: a link that runs
 * `dockerlab.openWalkthrough` (the tooltip trusts that command only).
 */
export function walkthroughLink(l10n: Translator): string {
  return l10n.t('[$(book) Open the lab walkthrough](command:{0})', COMMANDS.openWalkthrough.id);
}
