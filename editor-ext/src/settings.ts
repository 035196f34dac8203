// settings.ts builds the `dockerlab` settings object the server reads, from the editor's
// configuration: in `initializationOptions.settings` at start and in
// `workspace/didChangeConfiguration` on every change. Which settings there are, their types,
// defaults and places in the object are declared once in Go (server/contract) and read here from
// contract.ts. Values of the wrong type are left out (and reported) instead of being
// passed on: the server decodes the object as a whole, so one bad value would otherwise cost every
// setting. No vscode import.

import { SETTING_LIST, SettingSpec, Settings } from './contract';
import { isRecord } from './decode';

export type { Settings };

/** What buildSettings made, and what it had to leave out (English, for the server log). */
export interface BuiltSettings {
  settings: Settings;
  problems: string[];
}

/**
 * buildSettings reads `dockerlab.*` through `get` (keys without the `dockerlab.` prefix, as
 * `vscode.workspace.getConfiguration('dockerlab').get` takes them).
 */
export function buildSettings(get: (key: string) => unknown): BuiltSettings {
  const problems: string[] = [];
  const wrong = (key: string, value: unknown, expected: string) =>
    problems.push(`dockerlab.${key}: ${JSON.stringify(value)} is not ${expected}; left out`);

  // valueOf reads a setting, or undefined when it is not set (null counts as not set) or is not
  // what `is` accepts, which it reports.
  const valueOf = <T>(key: string, is: (v: unknown) => v is T, expected: string): T | undefined => {
    const v = get(key);
    if (v === undefined || v === null) {
      return undefined;
    }
    if (!is(v)) {
      wrong(key, v, expected);
      return undefined;
    }
    return v;
  };

  // An empty string means the default too (`run.bindAddress` is then 127.0.0.1).
  const str = (key: string, fallback: string): string =>
    valueOf(key, (v): v is string => typeof v === 'string', 'a string')?.trim() || fallback;

  const bool = (key: string, fallback: boolean): boolean =>
    valueOf(key, (v): v is boolean => typeof v === 'boolean', 'true or false') ?? fallback;

  const strings = (key: string): string[] =>
    (valueOf(key, Array.isArray, 'a list of strings') ?? [])
      .filter((item): item is string => {
        if (typeof item === 'string' && item.trim() !== '') {
          return true;
        }
        wrong(`${key}[]`, item, 'a non-empty string');
        return false;
      })
      .map((item) => item.trim());

  // Build args and environment variables are strings to Docker; numbers and booleans written
  // without quotes mean the same text.
  const stringMap = (key: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(valueOf(key, isRecord, 'an object of names to values') ?? {})) {
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
    const out: Record<string, number> = {};
    const v = valueOf(key, isRecord, 'an object of container ports to host ports') ?? {};
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

  // Every kind the declaration uses; an integer map is the container-port map (`run.ports`).
  const read = (spec: SettingSpec): unknown => {
    switch (spec.kind) {
      case 'string':
        return str(spec.key, typeof spec.default === 'string' ? spec.default : '');
      case 'boolean':
        return bool(spec.key, spec.default === true);
      case 'strings':
        return strings(spec.key);
      case 'stringMap':
        return stringMap(spec.key);
      case 'integerMap':
        return portMap(spec.key);
    }
  };

  // The server's settings, each at its path in Settings (its key: build.tag → settings.build.tag).
  const settings: Record<string, unknown> = {};
  for (const spec of SETTING_LIST.filter((s) => s.server)) {
    const path = spec.key.split('.');
    let at = settings;
    for (const part of path.slice(0, -1)) {
      const inner = isRecord(at[part]) ? at[part] : {};
      at[part] = inner;
      at = inner;
    }
    at[path[path.length - 1]] = read(spec);
  }
  return { settings: settings as unknown as Settings, problems };
}
