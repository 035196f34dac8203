// steps_compose.mjs: the Compose lab in code-server (issue 17), against the real engine: the
// workspace's compose.yaml opens as a Compose file; a misspelt key gets a Korean squiggle whose
// quick fix names the right key; `services` has a Korean hover; the lens ▶ 모두 실행 starts both
// services through the Compose SDK helper, the app answers on its port and stats reaches it by
// its service name; the lenses show each service running; 중지 및 삭제 (compose down) leaves no
// container. The engine's own API checks every claim.
import fs from 'node:fs';
import * as engine from './engine.mjs';
import { fetchText } from './steps_lab.mjs';
import { Workbench, flat, waitFor } from './workbench.mjs';

const KOREAN = /[\uac00-\ud7a3]/;
const UP_ALL = '▶ 모두 실행 (compose up -d)';
const DOWN = '중지 및 삭제 (compose down)';

/**
 * composeForRun is the lab's compose.yaml made this run's own: its project name, image tag and
 * host ports (the lab's 3000 and 3001 may be held by other tests or a learner's lab).
 */
export function composeForRun(text, { project, image, appPort, statsPort }) {
  return text
    .replace('services:', `name: ${project}\nservices:`)
    .replace('image: getting-started', `image: ${image}`)
    .replace('127.0.0.1:3000:3000', `127.0.0.1:${appPort}:3000`)
    .replace('127.0.0.1:3001:8080', `127.0.0.1:${statsPort}:8080`);
}

/** ComposeSteps runs the Compose steps. o: { file (compose.yaml on disk), project, appPort, statsPort }. */
export class ComposeSteps {
  /** @param {Workbench} wb */
  constructor(wb, o) {
    this.wb = wb;
    this.page = wb.page;
    this.log = wb.log;
    Object.assign(this, o);
    this.text = fs.readFileSync(o.file, 'utf8');
  }

  /** openFile shows compose.yaml and waits until its lines are drawn (its lenses arrive after them). */
  async openFile() {
    await this.wb.open('compose.yaml');
    await waitFor('compose.yaml drawn in the editor', async () => (await this.wb.lines()).some((l) => l.includes('services:')), { timeoutMs: 30_000 });
    await this.wb.lens(UP_ALL).waitFor({ state: 'visible', timeout: 60_000 }).catch(() => {});
  }

  /** lineOf is the 1-based line of the first line of the file containing needle. */
  lineOf(needle) {
    const i = this.text.split('\n').findIndex((l) => l.includes(needle));
    if (i < 0) throw new Error(`${needle} is not in compose.yaml`);
    return i + 1;
  }

  /** The file opens as a Compose file; `services` has the Korean page. */
  async hover() {
    const { wb, log } = this;
    await this.openFile();
    const mode = await waitFor('the language mode Compose', async () => {
      const m = await this.page.locator('#status\\.editor\\.mode').innerText().catch(() => '');
      return /compose/i.test(m) && m;
    }, { timeoutMs: 30_000 });
    log('compose.yaml open; language in the status bar:', JSON.stringify(mode));
    await wb.goTo(this.lineOf('services:'), 3);
    const hover = await wb.hoverAtCursor('a Korean hover on services with the Compose reference', (t) =>
      t.includes('services') && KOREAN.test(t) && t.includes('Compose 파일 레퍼런스'), { timeoutMs: 60_000 });
    log('services hover:', JSON.stringify(flat(hover.text).slice(0, 140)));
    await wb.shot('50-compose-hover', hover.hover);
    await this.page.keyboard.press('Escape');
  }

  /** A misspelt key (`prorts`) gets an error squiggle; the quick fix `ports` 키로 바꾸기 repairs it. Undone. */
  async typoAndQuickFix() {
    const { wb, log, page } = this;
    await this.openFile();
    const line = this.lineOf('    ports:');
    await wb.goTo(line, 6); // p|orts
    await page.keyboard.type('r', { delay: 40 });
    await wb.editor.locator('.view-lines .view-line', { hasText: /^\s*prorts:\s*$/ }).first().waitFor({ timeout: 10_000 }).catch(async () => {
      throw new Error(`the edited line does not read "prorts:"; the editor shows: ${JSON.stringify(await wb.lines())}`);
    });
    await waitFor('an error squiggle under prorts', () => wb.squiggles('error'), { timeoutMs: 60_000 });
    const hover = await wb.hoverAtCursor('the Korean diagnostic naming ports', (t) => t.includes('prorts') && t.includes('ports') && KOREAN.test(t), { timeoutMs: 30_000 });
    log('diagnostic hover:', JSON.stringify(flat(hover.text).slice(0, 200)));
    await wb.shot('51-compose-diagnostic');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await wb.goTo(line, 6);
    const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    const actions = menu.locator('.monaco-list-row.action');
    const titles = await waitFor('the quick-fix menu offering the key ports', async () => {
      if (!(await menu.isVisible())) {
        await page.keyboard.press('Control+.');
        await menu.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      }
      const t = (await actions.allInnerTexts()).map(flat);
      return t.some((x) => x.includes('ports') && KOREAN.test(x)) && t;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    log('quick fixes offered:', JSON.stringify(titles));
    await wb.shot('52-compose-quick-fix');
    await actions.filter({ hasText: 'ports' }).first().click();
    await wb.editor.locator('.view-lines .view-line', { hasText: /^\s*ports:\s*$/ }).first().waitFor({ timeout: 15_000 });
    await waitFor('the error squiggle gone after the quick fix', async () => (await wb.squiggles('error')) === 0, { timeoutMs: 30_000 });
    // The fix gives back the original text (the editor shows too few lines of this file, with its
    // lenses, to compare them on screen): it is on disk once code-server's auto save ran.
    const onDisk = () => fs.readFileSync(this.file, 'utf8') === this.text;
    const saved = await waitFor('compose.yaml saved as it was', onDisk, { timeoutMs: 10_000 }).catch(() => false);
    if (!saved) {
      await wb.focusEditor();
      await page.keyboard.press('Control+S');
      await waitFor('compose.yaml saved as it was (Ctrl+S)', onDisk, { timeoutMs: 15_000 });
    }
    log('the fix gives back the original compose.yaml, on disk too');
  }

  /** ▶ 모두 실행: both services run; the app answers, stats reaches it by name; the lenses show them. */
  async upAll() {
    const { wb, log } = this;
    await this.openFile();
    await wb.clearToasts();
    await wb.clickLens(UP_ALL);
    const { text } = await wb.toast('the notification that the services run', { hasText: '서비스 2개를 실행했습니다' }, { timeoutMs: 240_000 });
    log('notification:', JSON.stringify(text));
    const ours = await engine.containers([`com.docker.compose.project=${this.project}`]);
    if (ours.length !== 2) throw new Error(`the engine runs ${ours.length} containers of ${this.project}, expected app and stats`);
    const app = `http://127.0.0.1:${this.appPort}/items`;
    await waitFor(`the app on ${app}`, async () => (await fetchText(app)) !== undefined, { timeoutMs: 60_000 });
    const stats = await waitFor('stats answering', async () => fetchText(`http://127.0.0.1:${this.statsPort}/`), { timeoutMs: 60_000 });
    if (!stats.includes('"from":"http://app:3000"')) throw new Error(`stats did not reach the app by its service name: ${stats}`);
    log('app and stats answer; stats:', stats);
    const lenses = await waitFor('both services running in the lenses', async () => {
      const t = await wb.lensTexts();
      return t.some((x) => x.includes(`● 실행 중 127.0.0.1:${this.appPort}→3000`)) && t.some((x) => x.includes(`● 실행 중 127.0.0.1:${this.statsPort}→8080`)) && t;
    }, { timeoutMs: 30_000 });
    log('lenses:', JSON.stringify(lenses));
    await wb.shot('53-compose-running');
  }

  /** 중지 및 삭제 (compose down): no container of the project is left. */
  async down() {
    const { wb, log } = this;
    await wb.clearToasts();
    await wb.clickLens(DOWN);
    const { text } = await wb.toast('the notification that the project was removed', { hasText: '삭제했습니다' }, { timeoutMs: 120_000 });
    log('notification:', JSON.stringify(text));
    const left = await engine.containers([`com.docker.compose.project=${this.project}`], { all: true });
    if (left.length) throw new Error(`${left.length} containers of ${this.project} left after compose down`);
    await waitFor('the ▶ 모두 실행 lens without a running service', async () => {
      const t = await wb.lensTexts();
      return !t.some((x) => x.includes('● 실행 중'));
    }, { timeoutMs: 30_000 });
    await wb.shot('54-compose-down');
  }
}
