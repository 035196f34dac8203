// steps_workshop.mjs: the workshop's parts after 실습 #2 from the editor (issue 16), against the
// real engine and a real registry: push the image from the lens 레지스트리에 푸시 to the test's own
// registry and see the pull command; run with a named volume, add an item, replace the container
// and find the item again; run in development mode and see an edit of src/static/js/app.js served
// without a build. The engine's and the registry's own APIs check every claim the editor makes.
import fs from 'node:fs';
import path from 'node:path';
import * as engine from './engine.mjs';
import { registryTags } from './registry.mjs';
import { fetchText } from './steps_lab.mjs';
import { flat, waitFor } from './workbench.mjs';

const PUSH = '레지스트리에 푸시';
const STOP_AND_REMOVE = '중지 및 삭제';

function commandTitles(root, key) {
  return ['package.nls.json', 'package.nls.ko.json'].map((f) => JSON.parse(fs.readFileSync(path.join(root, 'editor-ext', f), 'utf8'))[key]);
}

/**
 * WorkshopSteps runs the share, persist and develop parts. o: { root, workspace, dockerfile, tag,
 * port, registry (host:port), pushTarget, volume (a name of this run's own) }.
 */
export class WorkshopSteps {
  /** @param {import('./workbench.mjs').Workbench} wb */
  constructor(wb, o) {
    this.wb = wb;
    this.page = wb.page;
    this.log = wb.log;
    Object.assign(this, o);
    this.app = `http://127.0.0.1:${o.port}/`;
  }

  /** inputBox waits for the quick input box and resolves to its current value. */
  async inputBox(what) {
    const input = this.wb.quickInput.locator('input');
    await input.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
      throw new Error(`no input box for ${what}`);
    });
    // After a palette command the palette's own box (">…") gives way to the command's.
    return waitFor(`the input box for ${what}`, async () => {
      const value = await input.inputValue().catch(() => '>');
      return !value.startsWith('>') && value;
    }, { timeoutMs: 30_000 });
  }

  /** answer replaces the input box's text and presses Enter. */
  async answer(text) {
    const input = this.wb.quickInput.locator('input');
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    await this.wb.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Share: the lens pushes to the registry the setting proposes; the notification offers the pull command. */
  async push() {
    const { wb, log } = this;
    await wb.open('Dockerfile');
    await wb.clearToasts();
    await wb.clickLens(PUSH);
    const proposed = await this.inputBox('the push target');
    log(`push target proposed: ${proposed}`);
    if (proposed !== this.pushTarget) throw new Error(`the push target box proposes ${proposed}, expected the dockerlab.registry.default setting ${this.pushTarget}`);
    await wb.shot('40-push-target');
    await this.page.keyboard.press('Enter');
    const { toast, text } = await wb.toast('the notification that the image was pushed', { hasText: '푸시했습니다' }, { timeoutMs: 180_000 });
    log('notification:', JSON.stringify(text));
    if (!text.includes(`docker pull ${this.pushTarget}`)) throw new Error(`the notification does not give the pull command for ${this.pushTarget}`);
    if ((await toast.locator('.monaco-button', { hasText: 'pull 명령 복사' }).count()) === 0) throw new Error('the notification has no 복사 button for the pull command');
    await wb.shot('41-pushed');
    const repository = this.pushTarget.slice(this.registry.length + 1).split(':')[0];
    const tags = await registryTags(this.registry, repository);
    if (!tags.includes('1.0')) throw new Error(`the registry lists ${JSON.stringify(tags)} for ${repository}, expected 1.0`);
    log(`registry ${this.registry} lists ${repository}:${tags.join(',')}`);
  }

  /** runWithVolume runs the palette command with this run's volume on /etc/todos. */
  async runWithVolume() {
    const { wb, log } = this;
    await wb.open('Dockerfile');
    await wb.clearToasts();
    await wb.palette('volume', commandTitles(this.root, 'command.runWithVolume'));
    const proposed = await this.inputBox('the volume');
    if (proposed !== 'todo-db:/etc/todos') throw new Error(`the volume box proposes ${proposed}, expected the workshop's todo-db:/etc/todos`);
    await this.answer(`${this.volume}:/etc/todos`);
    const { text } = await wb.toast('the notification that the app runs', { hasText: '실행 중입니다' }, { timeoutMs: 120_000 });
    log('notification:', JSON.stringify(text));
    await waitFor(`the app on ${this.app}`, async () => (await fetchText(`${this.app}items`)) !== undefined, { timeoutMs: 60_000 });
  }

  /** Persist: an item added to the app survives the container's replacement through the named volume. */
  async persist() {
    const { wb, log } = this;
    await this.runWithVolume();
    const lens = await waitFor('the state lens naming the volume', async () => (await wb.lensTexts()).find((t) => t.includes(`볼륨 ${this.volume}`)), { timeoutMs: 30_000 });
    log('lens:', JSON.stringify(lens));
    const res = await fetch(`${this.app}items`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: '볼륨에 남을 항목' }) });
    if (res.status !== 201) throw new Error(`adding an item: ${res.status}`);
    if (!(await engine.volumeExists(this.volume))) throw new Error(`the engine has no volume ${this.volume}`);
    await wb.shot('42-run-with-volume');

    await wb.clearToasts();
    await wb.clickLens(STOP_AND_REMOVE);
    const { text } = await wb.toast('the notification that the volume stayed', { hasText: '남겨 두었습니다' }, { timeoutMs: 60_000 });
    log('notification:', JSON.stringify(text));
    if (!(await engine.volumeExists(this.volume))) throw new Error(`stop and remove took the volume ${this.volume} away`);

    await this.runWithVolume();
    const items = await fetchText(`${this.app}items`);
    if (!items?.includes('볼륨에 남을 항목')) throw new Error(`the new container does not have the item: ${items}`);
    log(`the new container serves the item kept in ${this.volume}: ${items}`);
    await wb.shot('43-volume-kept');
  }

  /** stop removes the running container through the lens and waits until the app no longer answers. */
  async stop() {
    const { wb } = this;
    await wb.open('Dockerfile');
    await wb.clearToasts();
    await wb.clickLens(STOP_AND_REMOVE);
    await waitFor('no container of the Dockerfile', async () => (await engine.containers([`dev.dockerlab.dockerfile=${this.dockerfile}`], { all: true })).length === 0, { timeoutMs: 60_000 });
  }

  /** Develop: development mode serves an edit of src/static/js/app.js without a build. */
  async develop() {
    const { wb, log } = this;
    await wb.open('Dockerfile');
    await wb.clearToasts();
    await wb.palette('development', commandTitles(this.root, 'command.runDev'));
    const { text } = await wb.toast('the notification that development mode runs', { hasText: '개발 모드로' }, { timeoutMs: 120_000 });
    log('notification:', JSON.stringify(text));
    const lens = await waitFor('the development-mode lens', async () => (await wb.lensTexts()).find((t) => t.includes(`● 개발 모드 127.0.0.1:${this.port}→3000`)), { timeoutMs: 30_000 });
    log('lens:', JSON.stringify(flat(lens)));
    const [dev] = await engine.containers([`dev.dockerlab.dockerfile=${this.dockerfile}`]);
    if (!dev || !dev.Image.startsWith('node:')) throw new Error(`the development container runs ${dev?.Image}, expected the base image node:…`);
    const bind = (dev.Mounts ?? []).find((m) => m.Type === 'bind' && m.Destination === '/app');
    if (!bind || bind.Source !== this.workspace) throw new Error(`the development container does not bind-mount ${this.workspace} at /app: ${JSON.stringify(dev.Mounts)}`);
    const appJs = path.join(this.workspace, 'src', 'static', 'js', 'app.js');
    const original = fs.readFileSync(appJs, 'utf8');
    await waitFor('app.js served', async () => (await fetchText(`${this.app}js/app.js`)) === original, { timeoutMs: 60_000 });
    try {
      fs.writeFileSync(appJs, `${original}\n// edited in development mode\n`);
      await waitFor('the edit served without a build', async () => (await fetchText(`${this.app}js/app.js`))?.includes('edited in development mode'), { timeoutMs: 30_000 });
      log('the edit of src/static/js/app.js is served without a build');
    } finally {
      fs.writeFileSync(appJs, original);
    }
    await wb.shot('44-development-mode');
  }
}
