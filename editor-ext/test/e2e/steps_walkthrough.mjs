// steps_walkthrough.mjs: the lab's walkthrough (issue 15) in code-server. It opens by itself the
// first time the extension activates in the lab's folder; the palette's "Open Lab Walkthrough" and
// the link in the engine status bar item's tooltip open it again; its steps tick on what the engine really holds (the server's dockerlab/labProgress
// sets the context keys the steps complete on), which the DOM says as aria-checked="true" on each
// step's button. The texts come from the extension's nls bundles, in the workbench's language.
import fs from 'node:fs';
import path from 'node:path';
import { flat, waitFor } from './workbench.mjs';

/** The walkthrough's steps of 실습 #1–#2, in the lab's order (package.json contributes.walkthroughs). */
export const WALKTHROUGH_STEPS = ['app', 'build', 'run', 'edit', 'rebuild', 'conflict', 'remove', 'rerun'];
/**
 * Its steps after 실습 #2: share through a registry, persist in a volume, develop (issue 16), Compose
 * (issue 17), Kubernetes (issue 19; k8s.e2e.mjs deploys, this test never does).
 */
export const WORKSHOP_STEPS = ['share', 'persist', 'develop', 'compose', 'kubernetes'];
/** Every step the walkthrough lists. */
export const ALL_STEPS = [...WALKTHROUGH_STEPS, ...WORKSHOP_STEPS];

/** WalkthroughSteps drives the walkthrough. o: { root }. */
export class WalkthroughSteps {
  /** @param {import('./workbench.mjs').Workbench} wb */
  constructor(wb, { root }) {
    this.wb = wb;
    this.page = wb.page;
    this.log = wb.log;
    this.root = root;
    const nls = (f) => JSON.parse(fs.readFileSync(path.join(root, 'editor-ext', f), 'utf8'));
    this.bundles = { en: nls('package.nls.json'), ko: nls('package.nls.ko.json') };
    /** The bundle the workbench speaks: known once the walkthrough was seen. */
    this.nls = null;
  }

  /** titles are the walkthrough's title in English and Korean. */
  get titles() {
    return [this.bundles.en['walkthrough.lab.title'], this.bundles.ko['walkthrough.lab.title']];
  }

  /** view is the visible walkthrough page showing our walkthrough. */
  view() {
    const titles = this.nls ? [this.nls['walkthrough.lab.title']] : this.titles;
    const re = new RegExp(titles.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    return this.page.locator('.gettingStartedContainer').filter({ hasText: re }).filter({ visible: true }).first();
  }

  /** step is one step's button in the walkthrough page. */
  step(id) {
    return this.view().locator(`button.getting-started-step[data-step-id$="#lab#${id}"]`);
  }

  /** shown waits until the walkthrough page is visible, and learns the workbench's language from it. */
  async shown(what, timeoutMs) {
    const view = await waitFor(what, async () => (await this.view().isVisible()) && this.view(), { timeoutMs });
    const text = flat(await view.innerText());
    this.nls = text.includes(this.bundles.ko['walkthrough.lab.title']) ? this.bundles.ko : this.bundles.en;
    await waitFor('the walkthrough listing its steps', async () => (await this.view().locator('button.getting-started-step').count()) === ALL_STEPS.length,
      { timeoutMs: 15_000 });
    return view;
  }

  /** Issue 15: the first activation in the lab's folder opens the walkthrough by itself. */
  async openedByItself() {
    await this.shown('the walkthrough opening by itself (first activation in the lab folder)', 120_000);
    this.log(`the walkthrough opened by itself: "${this.nls['walkthrough.lab.title']}"; steps ${JSON.stringify(await this.states())}`);
    await this.shot('10-walkthrough-first-run');
  }

  /**
   * shot saves a screenshot of the walkthrough with the open step's Markdown page rendered, in a
   * window tall enough to show every step (the page lists them in one column), and sets the
   * window back.
   */
  async shot(name) {
    const size = this.page.viewportSize();
    await this.page.setViewportSize({ width: size.width, height: 1400 });
    await waitFor('every step in sight', async () => {
      const box = await this.step(ALL_STEPS.at(-1)).boundingBox();
      return box !== null && box.y + box.height <= 1400;
    }, { timeoutMs: 5000 }).catch(() => this.log('not every step fits the window'));
    await this.mediaShown().catch((err) => this.log(`the step's Markdown page: ${err.message}`));
    await this.page.mouse.move(5, 5); // no tooltip over the picture (where the harness parks the mouse)
    await this.page.waitForSelector('.monaco-hover, .workbench-hover', { state: 'hidden', timeout: 5000 }).catch(() => {});
    await this.wb.shot(name);
    await this.page.setViewportSize(size);
  }

  /**
   * mediaShown waits until the open step's Markdown page (a webview) shows its heading in a frame
   * laid out beside the steps. Resolves to the heading.
   */
  async mediaShown() {
    const open = await this.view().locator('button.getting-started-step.expanded').getAttribute('data-step-id');
    const id = open.slice(open.lastIndexOf('#') + 1);
    const korean = this.nls === this.bundles.ko;
    const file = path.join(this.root, 'editor-ext/media/walkthrough', korean ? `${id}.nls.ko.md` : `${id}.md`);
    const heading = fs.readFileSync(file, 'utf8').split('\n')[0].replace(/^#\s*/, '').replaceAll('`', '');
    await waitFor(`the Markdown page of step ${id} ("${heading}") beside the steps`, async () => {
      for (const frame of this.page.frames()) {
        const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (!text.includes(heading)) continue;
        const element = await frame.frameElement().catch(() => null); // a frame may go while we look
        const box = element && (await element.boundingBox().catch(() => null));
        if (box && box.width > 100 && box.height > 100) return true;
      }
      return false;
    }, { timeoutMs: 15_000, intervalMs: 300 });
    return heading;
  }

  /** open runs the palette command "Open Lab Walkthrough" and waits for the page. */
  async open() {
    const titles = this.nls ? [this.nls['command.openWalkthrough']] : [this.bundles.en['command.openWalkthrough'], this.bundles.ko['command.openWalkthrough']];
    const chosen = await this.wb.palette(titles[0], titles);
    this.log('palette:', JSON.stringify(chosen));
    return this.shown('the walkthrough page after the command', 30_000);
  }

  /**
   * openFromStatusBar hovers the engine's status bar item and clicks its tooltip's link to the
   * walkthrough (its text is dockerlab's own l10n: English or Korean).
   */
  async openFromStatusBar() {
    const item = this.page.locator('.statusbar-item', { hasText: /Docker/ }).first();
    const link = this.page.locator('.monaco-hover a, .workbench-hover a', { hasText: /Open the lab walkthrough|실습 안내 열기/ }).first();
    await waitFor('the status bar tooltip\'s link to the walkthrough', async () => {
      await this.page.keyboard.press('Escape');
      await item.hover();
      await link.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }, { timeoutMs: 30_000 });
    this.log('status bar tooltip link:', JSON.stringify(flat(await link.innerText())));
    await link.click();
    return this.shown('the walkthrough page after the status bar link', 30_000);
  }

  /** states reads each step's check state from the DOM: { app: true, build: false, … }. */
  async states() {
    const out = {};
    for (const id of ALL_STEPS) {
      out[id] = (await this.step(id).getAttribute('aria-checked').catch(() => null)) === 'true';
    }
    return out;
  }

  /**
   * expectTicks opens the walkthrough by its command (or the status bar item's tooltip link) and
   * waits until the steps ids are checked,
   * and checks that the steps unticked are not; with shot, saves a screenshot of the page as
   * <shot>.png. Resolves to every step's state.
   */
  async expectTicks(ids, { shot, unticked = [], fromStatusBar = false, timeoutMs = 60_000 } = {}) {
    await (fromStatusBar ? this.openFromStatusBar() : this.open());
    let last = {};
    await waitFor(`the walkthrough steps ${ids.join(', ')} checked`, async () => {
      last = await this.states();
      return ids.every((id) => last[id]);
    }, { timeoutMs, intervalMs: 500 }).catch((err) => {
      throw new Error(`${err.message}; the steps show ${JSON.stringify(last)}`);
    });
    // A step whose result does not exist yet stays unchecked (a tick is never taken back).
    const early = unticked.filter((id) => last[id]);
    if (early.length) throw new Error(`steps ${early.join(', ')} are checked before their result exists: ${JSON.stringify(last)}`);
    // The checked steps show the pass-filled icon, which is what a learner sees.
    for (const id of ids) {
      if ((await this.step(id).locator('.codicon-getting-started-step-checked').count()) === 0) {
        throw new Error(`step ${id} is aria-checked but shows no check mark`);
      }
    }
    this.log(`walkthrough steps: ${JSON.stringify(last)}`);
    if (shot) {
      // The panel (the build output) would hide the lower steps: toggle it off for the picture.
      const panel = this.page.locator('.part.panel');
      if (await panel.isVisible()) {
        await this.step(ids[0]).focus();
        await this.page.keyboard.press('Control+J');
        await panel.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => this.log('the panel stayed open'));
      }
      await this.shot(shot);
    }
    return last;
  }
}
