// code_server.mjs: starts a code-server of its own for one test run, isolated from $HOME (fresh
// HOME, XDG folders, TMPDIR, user-data-dir and extensions-dir under the run's temp folder), as in
// shared/recipes/code-server-e2e.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The editor settings of the recipe: no start page, no trust prompt, no telemetry, fast hovers. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'editor.hover.delay': 150,
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
};

/** freePort asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** runToEnd runs a command and rejects with its output when it fails. */
function runToEnd(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code ?? signal}:\n${out}`));
    });
  });
}

/**
 * CodeServer is one isolated code-server process. Use start(), then url; stop() always.
 */
export class CodeServer {
  /**
   * @param {object} o
   * @param {string} o.bin        the code-server launcher (.tools/code-server/node_modules/.bin/code-server)
   * @param {string} o.nodeBin    folder holding Node 24's `node`, put first on PATH (code-server needs it)
   * @param {string} o.dir        a fresh folder this server may fill (home, user data, extensions, log)
   * @param {string} o.workspace  the folder to open
   * @param {string} o.locale     the display language, e.g. "ko"
   * @param {object} [o.settings] user settings on top of the recipe's (e.g. a trace level)
   */
  constructor({ bin, nodeBin, dir, workspace, locale, settings = {} }) {
    Object.assign(this, { bin, nodeBin, dir, workspace, locale });
    this.settings = { ...SETTINGS, ...settings };
    this.userData = path.join(dir, 'user-data');
    this.extensions = path.join(dir, 'extensions');
    this.logFile = path.join(dir, 'code-server.log');
    this.home = path.join(dir, 'home');
    this.child = null;
    this.port = 0;
    this.env = {
      ...process.env,
      PATH: `${nodeBin}${path.delimiter}${process.env.PATH}`,
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      XDG_DATA_HOME: path.join(this.home, '.local/share'),
      XDG_CACHE_HOME: path.join(this.home, '.cache'),
      TMPDIR: path.join(dir, 'tmp'),
    };
    // A parent's VS Code session must not leak into this one.
    for (const k of Object.keys(this.env)) {
      if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete this.env[k];
    }
  }

  /** url is the server's base URL, without a trailing slash. */
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** installExtension installs a .vsix into this server's extensions folder. */
  async installExtension(vsix) {
    this.#prepare();
    await runToEnd(
      this.bin,
      ['--user-data-dir', this.userData, '--extensions-dir', this.extensions, '--install-extension', vsix, '--force'],
      { env: this.env },
    );
  }

  /** start launches code-server on a free port and resolves once /healthz answers. */
  async start({ timeoutMs = 60_000 } = {}) {
    this.#prepare();
    this.port = await freePort();
    const log = fs.openSync(this.logFile, 'a');
    this.child = spawn(
      this.bin,
      [
        '--bind-addr', `127.0.0.1:${this.port}`,
        '--auth', 'none',
        '--locale', this.locale,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--config', path.join(this.dir, 'config.yaml'),
        '--user-data-dir', this.userData,
        '--extensions-dir', this.extensions,
        this.workspace,
      ],
      // Its own process group, so stop() also ends the extension host and the language server.
      { env: this.env, stdio: ['ignore', log, log], detached: true },
    );
    fs.closeSync(log);
    const exited = new Promise((resolve) => this.child.once('exit', (code, sig) => resolve(code ?? sig)));
    this.exited = exited;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = await Promise.race([exited.then((c) => ({ exit: c })), this.#healthy()]);
      if (done && typeof done === 'object') {
        throw new Error(`code-server exited (${done.exit}) before it answered:\n${this.logTail()}`);
      }
      if (done === true) return;
      if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz in ${timeoutMs} ms:\n${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** stop ends code-server and every process of its group (extension host, language server). */
  async stop() {
    if (!this.child) return;
    const group = -this.child.pid;
    const alive = () => {
      try {
        process.kill(group, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!alive()) return;
    process.kill(group, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive()) {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // gone between the check and the kill
      }
    }
  }

  /** logTail returns the last lines of code-server's log, for failure messages. */
  logTail(lines = 40) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no code-server log)';
    }
  }

  #prepare() {
    for (const d of [this.userData, path.join(this.userData, 'User'), this.extensions, this.env.XDG_CONFIG_HOME,
      this.env.XDG_DATA_HOME, this.env.XDG_CACHE_HOME, this.env.TMPDIR]) {
      fs.mkdirSync(d, { recursive: true });
    }
    const settings = path.join(this.userData, 'User', 'settings.json');
    if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify(this.settings, null, 2));
  }

  async #healthy() {
    try {
      const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    } catch {
      return false;
    }
  }
}
