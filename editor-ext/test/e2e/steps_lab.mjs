// steps_lab.mjs: the lab from the editor against the real Docker engine (issues 2 and 6), the
// seed's 실습 #1–#2 without a terminal: ▶ 빌드 후 실행, the live state lens, open in the browser
// through code-server's /proxy/<port>/, edit the app, run again into the port conflict and take its
// first action, the `docker ps` list from the palette, and 중지 및 삭제. The engine's own API
// checks every claim the editor makes. The app's port 3000 is published on a host port the test
// reserved (the dockerlab.run.ports setting), never on 3000 itself, and the image has a tag of its
// own (dockerlab.build.tag): other tests and a learner's lab may use both at the same time.
import fs from 'node:fs';
import path from 'node:path';
import * as engine from './engine.mjs';
import { Workbench, flat, waitFor } from './workbench.mjs';

/** The port the lab's app listens on inside its container (its EXPOSE). */
export const APP_PORT = 3000;
export const LABEL = 'dev.dockerlab.dockerfile';
const BUILD_AND_RUN = '▶ 빌드 후 실행';
const OPEN_IN_BROWSER = '브라우저에서 열기';
const STOP_AND_REMOVE = '중지 및 삭제';
const TODO_TITLE = '<title>Todo App</title>';
const NEW_HEADING = '도커 실습 #2: 다시 빌드한 앱';

/** fetchText GETs a URL and resolves to its body when it answers 2xx, else undefined. */
export async function fetchText(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/** commandTitles reads a command's palette titles (English and Korean) from the extension's nls files. */
function commandTitles(root, key) {
  return ['package.nls.json', 'package.nls.ko.json'].map((f) => JSON.parse(fs.readFileSync(path.join(root, 'editor-ext', f), 'utf8'))[key]);
}

/**
 * LabSteps runs the lab steps. o: { root, dockerfile, tag (the image tag), port (the reserved host
 * port that publishes the app's 3000), serverUrl, browser }.
 */
export class LabSteps {
  /** @param {Workbench} wb */
  constructor(wb, o) {
    this.wb = wb;
    this.page = wb.page;
    this.log = wb.log;
    Object.assign(this, o);
    this.proxied = `${o.serverUrl}/proxy/${o.port}/`;
    this.stateRunning = new RegExp(`^\\s*● 실행 중 127\\.0\\.0\\.1:${o.port}→${APP_PORT}\\b`);
    /** The running container's engine summary (from /containers/json). */
    this.container = null;
    /** The IDs of the images our containers ran: a rebuild leaves the first one untagged. */
    this.imageIds = new Set();
  }

  /** ours lists this Dockerfile's containers as the engine sees them (running ones unless all). */
  ours({ all = false } = {}) {
    return engine.containers([`${LABEL}=${this.dockerfile}`], { all });
  }

  /** runningOne waits for exactly one running container of ours publishing 127.0.0.1:port with our tag. */
  async runningOne(what) {
    const running = await waitFor(what, async () => {
      const cs = await this.ours({ all: true });
      return cs.length === 1 && cs[0].State === 'running' && cs[0];
    }, { timeoutMs: 30_000 }).catch(async (err) => {
      const cs = await this.ours({ all: true });
      throw new Error(`${err.message}; the engine holds: ${JSON.stringify(cs.map((c) => [c.Names?.[0], c.State, c.Image]))}`);
    });
    const published = (running.Ports ?? []).find((p) => p.PublicPort === this.port && p.PrivatePort === APP_PORT);
    if (!published || published.IP !== '127.0.0.1') {
      throw new Error(`container ${running.Id.slice(0, 12)} does not publish 127.0.0.1:${this.port}→${APP_PORT}: ${JSON.stringify(running.Ports)}`);
    }
    if (running.Image !== this.tag && !running.Image.startsWith(`${this.tag}:`)) {
      throw new Error(`the container runs image ${running.Image}, expected the tag ${this.tag}`);
    }
    this.imageIds.add(running.ImageID);
    return running;
  }

  /** stateLens waits for the live state lens `● 실행 중 127.0.0.1:<port>→3000 …` above FROM. */
  async stateLens() {
    const lens = await waitFor(`the state lens "● 실행 중 127.0.0.1:${this.port}→${APP_PORT}"`, async () => {
      const texts = await this.wb.lensTexts();
      return texts.find((t) => t.split(' | ').some((part) => this.stateRunning.test(part)));
    }, { timeoutMs: 30_000 }).catch(async (err) => {
      throw new Error(`${err.message}; lenses shown: ${JSON.stringify(await this.wb.lensTexts())}`);
    });
    return lens;
  }

  /**
   * openedTab clicks something that should open the app in a new browser tab and resolves to
   * that tab once it left about:blank; VS Code may ask before it opens an outside link (accepted).
   */
  async openedTab(click, what) {
    const page = this.page;
    const popup = new Promise((resolve) => this.browser.once('page', resolve));
    await click();
    const dialogButton = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^(열기|Open)$/ }).first();
    const tab = await Promise.race([
      popup,
      (async () => {
        await dialogButton.waitFor({ state: 'visible', timeout: 10_000 }).then(() => dialogButton.click()).catch(() => {});
        return popup;
      })(),
      new Promise((r) => setTimeout(() => r(null), 30_000).unref()),
    ]);
    if (!tab) throw new Error(`no new tab opened within 30 s after ${what}`);
    await waitFor('the new tab leaving about:blank', () => tab.url() !== 'about:blank' && tab.url() !== '', { timeoutMs: 20_000 });
    const url = tab.url();
    if (!url.endsWith(`/proxy/${this.port}/`)) throw new Error(`${what} opened ${url}, expected a …/proxy/${this.port}/ URL`);
    await tab.waitForLoadState('load', { timeout: 30_000 });
    return tab;
  }

  /** Issue 2: ▶ 빌드 후 실행 builds and runs; the engine, both URLs and the state lens prove it. */
  async buildAndRun() {
    const { wb, log } = this;
    await wb.open('Dockerfile');
    await wb.clearToasts();
    await wb.clickLens(BUILD_AND_RUN);
    log(`clicked the code lens "${BUILD_AND_RUN}"`);
    const { toast, text } = await wb.toast(`a notification offering "${OPEN_IN_BROWSER}"`, { hasText: OPEN_IN_BROWSER }, { timeoutMs: 300_000 })
      .catch(async (err) => {
        await wb.shot('20-build-and-run-error');
        throw err;
      });
    log('notification:', JSON.stringify(text));
    await wb.shot('20-build-and-run');

    const running = await this.runningOne(`a running container labelled ${LABEL}=${this.dockerfile}`);
    log(`engine: container ${running.Names?.[0]} (${running.Image}, ${running.State}) publishes 127.0.0.1:${this.port}`);
    if (!text.includes(running.Names[0].replace(/^\//, ''))) throw new Error(`the notification does not name the container ${running.Names[0]}`);
    this.container = running;

    const direct = await waitFor(`the todo page on http://127.0.0.1:${this.port}/`,
      async () => (await fetchText(`http://127.0.0.1:${this.port}/`))?.includes(TODO_TITLE), { timeoutMs: 60_000 });
    await waitFor(`the todo page through ${this.proxied}`, async () => (await fetchText(this.proxied))?.includes(TODO_TITLE), { timeoutMs: 30_000 });
    const items = JSON.parse((await fetchText(`${this.proxied}items`)) ?? 'null');
    if (!Array.isArray(items)) throw new Error(`${this.proxied}items did not answer a JSON list`);
    log(`todo page answers directly (${direct}) and through ${this.proxied}; items -> ${JSON.stringify(items)}`);

    const lens = await this.stateLens();
    log('state lens:', JSON.stringify(lens));
    await wb.shot('21-state-lens');
    return toast;
  }

  /**
   * Issue 15: after the build, build insight's inlay hints are on the editor's lines: the RUN's
   * time or cache use with its layer's size, CMD and EXPOSE "configuration only".
   */
  async insightHints() {
    const { wb, log } = this;
    await wb.open('Dockerfile');
    const line = (text) => wb.editor.locator('.view-line', { hasText: text }).first();
    const lines = await waitFor('build insight hints on the RUN and CMD lines', async () => {
      const run = flat(await line('RUN yarn install').innerText().catch(() => ''));
      const cmd = flat(await line('CMD [').innerText().catch(() => ''));
      const runOk = /(\d+(\.\d+)?초|초 미만|캐시 사용) · \d+(\.\d+)?[kMG]?B/.test(run);
      return runOk && cmd.includes('설정만 바뀜') ? { run, cmd } : null;
    }, { timeoutMs: 30_000 }).catch(async (err) => {
      await wb.shot('23-build-insight-missing');
      throw err;
    });
    log('build insight:', JSON.stringify(lines));
    await wb.shot('23-build-insight');
  }

  /** Issue 2: the notification's 브라우저에서 열기 opens …/proxy/<port>/, where the page itself works. */
  async openFromNotification(toast) {
    const tab = await this.openedTab(async () => {
      await toast.hover();
      await toast.locator('.monaco-button', { hasText: OPEN_IN_BROWSER }).first().click();
    }, `the notification's "${OPEN_IN_BROWSER}"`);
    this.log('new tab:', tab.url());
    await waitFor('the todo page in the new tab', async () => (await tab.title()) === 'Todo App', { timeoutMs: 30_000 });
    // The page's relative URLs must work behind the proxy: add an item through the page itself.
    await tab.locator('#new-item').fill('도커 배우기');
    await tab.locator('#add-form button[type="submit"]').click();
    await tab.locator('#items li', { hasText: '도커 배우기' }).waitFor({ timeout: 15_000 });
    await tab.screenshot({ path: path.join(this.wb.artifacts, '22-todo-tab.png') });
    this.log(`the new tab shows the todo page and added an item through the proxy; screenshot ${path.join(this.wb.artifacts, '22-todo-tab.png')}`);
    await tab.close();
  }

  /**
   * Issue 6 (실습 #2): edit the app, ▶ again: the port-conflict question arrives in the page; its
   * first action stops and removes the old container and runs the new image, which serves the edit.
   * afterEdit, when given, runs after the edit is on disk and before the rebuild.
   */
  async portConflict({ afterEdit } = {}) {
    const { wb, log } = this;
    const old = this.container;
    const oldName = old.Names[0].replace(/^\//, '');
    const html = path.join(path.dirname(this.dockerfile), 'src/static/index.html');
    const before = fs.readFileSync(html, 'utf8');
    if (!before.includes('<h1>Todo App</h1>')) throw new Error(`${html} has no <h1>Todo App</h1> to edit`);
    fs.writeFileSync(html, before.replace('<h1>Todo App</h1>', `<h1>${NEW_HEADING}</h1>`));
    log(`edited src/static/index.html: <h1>${NEW_HEADING}</h1>`);
    if (afterEdit) await afterEdit();

    await wb.open('Dockerfile');
    await wb.clearToasts();
    await wb.clickLens(BUILD_AND_RUN);
    log(`clicked "${BUILD_AND_RUN}" again while ${oldName} holds port ${this.port}`);
    const question = await wb.toast(`the port-conflict question naming ${oldName}`,
      { hasText: `호스트 포트 ${this.port}번은 이미 '${oldName}' 컨테이너` }, { timeoutMs: 300_000 });
    const buttons = (await question.toast.locator('.monaco-button').allInnerTexts()).map(flat);
    log('question:', JSON.stringify(question.text.slice(0, 240)));
    log('its actions:', JSON.stringify(buttons));
    if (buttons.length < 2 || !buttons[0].includes('중지·삭제 후 실행')) {
      throw new Error(`the first action is not "stop and remove, then run": ${JSON.stringify(buttons)}`);
    }
    await wb.shot('23-port-conflict');
    await question.toast.hover();
    await question.toast.locator('.monaco-button').first().click();
    log(`chose the first action: ${JSON.stringify(buttons[0])}`);

    const done = await wb.toast('the notification that the new container runs',
      { hasText: '에서 실행 중입니다', hasNotText: oldName }, { timeoutMs: 300_000 });
    log('notification:', JSON.stringify(done.text));
    const running = await this.runningOne('one new running container of ours (the old one removed)');
    if (running.Id === old.Id) throw new Error(`the old container ${oldName} still runs`);
    const gone = await engine.request('GET', `/containers/${old.Id}/json`);
    if (gone.status !== 404) throw new Error(`the old container ${oldName} still exists (HTTP ${gone.status})`);
    log(`engine: ${oldName} is gone; ${running.Names[0]} runs (${running.Id.slice(0, 12)})`);
    this.container = running;

    await waitFor(`the new heading through ${this.proxied}`, async () => (await fetchText(this.proxied))?.includes(`<h1>${NEW_HEADING}</h1>`), { timeoutMs: 60_000 });
    log(`${this.proxied} serves <h1>${NEW_HEADING}</h1>`);
    await this.stateLens();
    await wb.shot('24-rerun');
  }

  /** Issue 6: the state lens' 브라우저에서 열기 opens …/proxy/<port>/ with the new page. */
  async openFromLens() {
    const tab = await this.openedTab(() => this.wb.clickLens(OPEN_IN_BROWSER), `the lens "${OPEN_IN_BROWSER}"`);
    this.log('new tab from the lens:', tab.url());
    await waitFor('the new heading in the tab', async () => (await tab.locator('h1').innerText().catch(() => '')) === NEW_HEADING, { timeoutMs: 30_000 });
    await tab.screenshot({ path: path.join(this.wb.artifacts, '25-open-from-lens.png') });
    await tab.close();
  }

  /** Issue 6: the palette's docker ps command shows a quick pick titled `docker ps …` listing ours. */
  async psFromPalette() {
    const { wb, log, page } = this;
    const titles = commandTitles(this.root, 'command.ps');
    const chosen = await wb.palette('docker ps', titles);
    log('palette:', JSON.stringify(chosen));
    const title = await waitFor('a quick pick titled with docker ps', async () => {
      const t = flat(await wb.quickInput.locator('.quick-input-title').innerText().catch(() => ''));
      return t.includes('docker ps') && t;
    }, { timeoutMs: 30_000 });
    const name = this.container.Names[0].replace(/^\//, '');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const row = await waitFor(`the quick pick listing ${name}`, async () => (await rows.allInnerTexts()).map(flat).find((r) => r.includes(name)), { timeoutMs: 15_000 });
    log(`quick pick "${title}":`, JSON.stringify(row.slice(0, 200)));
    await wb.shot('26-docker-ps');
    await page.keyboard.press('Escape');
    await wb.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Issue 6: the lens 중지 및 삭제 leaves no container of this Dockerfile, and the state lens goes. */
  async stopAndRemove() {
    const { wb, log } = this;
    await wb.open('Dockerfile');
    await wb.clearToasts();
    await wb.clickLens(STOP_AND_REMOVE);
    log(`clicked the lens "${STOP_AND_REMOVE}"`);
    await waitFor(`no container labelled ${LABEL}=${this.dockerfile}`, async () => (await this.ours({ all: true })).length === 0, { timeoutMs: 60_000 });
    await waitFor('the state lens gone', async () => {
      const texts = await wb.lensTexts();
      return texts.length > 0 && !texts.some((t) => t.includes('● ') || t.includes(STOP_AND_REMOVE));
    }, { timeoutMs: 30_000 }).catch(async (err) => {
      throw new Error(`${err.message}; lenses shown: ${JSON.stringify(await wb.lensTexts())}`);
    });
    const { text } = await wb.toast('the notification that the container was stopped and removed', { hasText: '중지하고 삭제했습니다' }, { timeoutMs: 30_000 });
    log('notification:', JSON.stringify(text), '; lenses:', JSON.stringify(await wb.lensTexts()));
    if (await fetchText(this.proxied) !== undefined) throw new Error(`${this.proxied} still answers after ${STOP_AND_REMOVE}`);
    await wb.shot('27-stopped');
  }
}
