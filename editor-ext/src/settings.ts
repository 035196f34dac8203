// settings.ts builds the `dockerlab` settings object the server reads, from the editor's
// configuration: in `initializationOptions.settings` at start and in
// `workspace/didChangeConfiguration` on every change. Values of the wrong type are left out (and
// reported) instead of being passed on: the server decodes the object as a whole, so one bad
// value would otherwise cost every setting. No vscode import.

/** The settings object the server reads (its `settings` struct). */
export interface ServerSettings {
  lint: { skip: string[] };
  docker: { host: string };
  build: { context: string; tag: string; args: Record<string, string>; noCache: boolean; builder: string };
  run: { bindAddress: string; ports: Record<string, number>; env: Record<string, string> };
}

/** What buildSettings made, and what it had to leave out (English, for the server log). */
export interface BuiltSettings {
  settings: ServerSettings;
  problems: string[];
}

/** The bind address when the setting is missing: only this machine reaches the app. */
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * buildSettings reads `dockerlab.*` through `get` (keys without the `dockerlab.` prefix, as
 * `vscode.workspace.getConfiguration('dockerlab').get` takes them).
 */
export function buildSettings(get: (key: string) => unknown): BuiltSettings {
  const problems: string[] = [];
  const wrong = (key: string, value: unknown, expected: string) =>
    problems.push(`dockerlab.${key}: ${JSON.stringify(value)} is not ${expected}; left out`);

  const str = (key: string, fallback = ''): string => {
    const v = get(key);
    if (v === undefined || v === null) {
      return fallback;
    }
    if (typeof v !== 'string') {
      wrong(key, v, 'a string');
      return fallback;
    }
    return v.trim();
  };

  const bool = (key: string): boolean => {
    const v = get(key);
    if (v === undefined || v === null) {
      return false;
    }
    if (typeof v !== 'boolean') {
      wrong(key, v, 'true or false');
      return false;
    }
    return v;
  };

  const strings = (key: string): string[] => {
    const v = get(key);
    if (v === undefined || v === null) {
      return [];
    }
    if (!Array.isArray(v)) {
      wrong(key, v, 'a list of strings');
      return [];
    }
    return v.filter((item): item is string => {
      if (typeof item === 'string' && item.trim() !== '') {
        return true;
      }
      wrong(`${key}[]`, item, 'a non-empty string');
      return false;
    }).map((item) => item.trim());
  };

  // Build args and environment variables are strings to Docker; numbers and booleans written
  // without quotes mean the same text.
  const stringMap = (key: string): Record<string, string> => {
    const v = get(key);
    const out: Record<string, string> = {};
    if (v === undefined || v === null) {
      return out;
    }
    if (!isRecord(v)) {
      wrong(key, v, 'an object of names to values');
      return out;
    }
    for (const [name, value] of Object.entries(v)) {
      if (name.trim() === '' || name.includes('=')) {
        wrong(`${key}.${name}`, name, 'a name (no "=")');
      } else if (typeof value === 'string') {
        out[name] = value;
      } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
        out[name] = String(value);
      } else {
        wrong(`${key}.${name}`, value, 'a string');
      }
    }
    return out;
  };

  const portMap = (key: string): Record<string, number> => {
    const v = get(key);
    const out: Record<string, number> = {};
    if (v === undefined || v === null) {
      return out;
    }
    if (!isRecord(v)) {
      wrong(key, v, 'an object of container ports to host ports');
      return out;
    }
    for (const [container, host] of Object.entries(v)) {
      const name = container.trim().toLowerCase();
      const m = /^(\d+)(\/(tcp|udp|sctp))?$/.exec(name);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) {
        wrong(`${key}`, container, 'a container port such as "3000" or "3000/tcp"');
        continue;
      }
      const n = typeof host === 'string' && /^\s*\d+\s*$/.test(host) ? Number(host) : host;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
        wrong(`${key}.${container}`, host, 'a host port from 1 to 65535');
        continue;
      }
      out[name] = n;
    }
    return out;
  };

  const settings: ServerSettings = {
    lint: { skip: strings('lint.skip') },
    docker: { host: str('docker.host') },
    build: {
      context: str('build.context'),
      tag: str('build.tag'),
      args: stringMap('build.args'),
      noCache: bool('build.noCache'),
      builder: str('build.builder', 'auto'),
    },
    run: {
      bindAddress: str('run.bindAddress') || DEFAULT_BIND_ADDRESS,
      ports: portMap('run.ports'),
      env: stringMap('run.env'),
    },
  };
  return { settings, problems };
}
