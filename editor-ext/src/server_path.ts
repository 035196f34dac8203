// server_path.ts finds the dockerlab server binary: the one bundled in the extension's bin/
// folder, or the one the `dockerlab.server.path` setting names. No vscode import.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * serverPath returns the binary to start. A non-empty setting wins (a leading `~` means the
 * home folder); otherwise it is `<extension>/bin/dockerlab` (`.exe` on Windows).
 */
export function serverPath(setting: string | undefined, extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  const configured = setting?.trim() ?? '';
  if (configured !== '') {
    if (configured === '~' || configured.startsWith('~/')) {
      return path.join(os.homedir(), configured.slice(1));
    }
    return configured;
  }
  return path.join(extensionPath, 'bin', platform === 'win32' ? 'dockerlab.exe' : 'dockerlab');
}

/**
 * ensureExecutable reports whether `file` can be started. A bare command name (no slash) is
 * left to the PATH lookup of the process spawn. A bundled binary that lost its execute bit on
 * the way through a .vsix gets it back.
 */
export function ensureExecutable(file: string): boolean {
  if (!file.includes('/') && !file.includes('\\')) {
    return true;
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return false;
  }
  if (!st.isFile()) {
    return false;
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    // Lost its execute bit: give it back below.
  }
  try {
    fs.chmodSync(file, st.mode | 0o111);
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
