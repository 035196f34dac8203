// session.mjs: one E2E run's code-server (this machine's .vsix installed, Korean UI) and headless
// Chromium on a workspace, for the Kubernetes E2Es (k8s.e2e.mjs, kind.e2e.mjs): open() starts both
// and closes the walkthrough that the first activation in a lab folder opens (it would be the
// active group the lenses are read from); step() runs one named step, logging it and recording a
// failure with a screenshot; close() stops both.
import path from 'node:path';
import { CodeServer } from './code_server.mjs';
import { ARTIFACTS, CODE_SERVER, launchChromium, NODE24_BIN, ROOT, VSIX } from './harness.mjs';
import { Workbench } from './workbench.mjs';

export class E2ESession {
  /** o: { tmp, workspace, settings, log, name } — name prefixes failure screenshots. */
  constructor(o) {
    this.o = o;
    this.cs = new CodeServer({
      bin: CODE_SERVER, nodeBin: NODE24_BIN, dir: path.join(o.tmp, 'cs'), workspace: o.workspace, locale: 'ko', settings: o.settings,
    });
    this.failures = [];
  }

  async open() {
    const { o, cs } = this;
    await cs.installExtension(VSIX);
    await cs.start();
    this.browser = await launchChromium(path.join(o.tmp, 'chromium'), cs.env);
    this.page = this.browser.pages()[0] ?? (await this.browser.newPage());
    await this.page.goto(`${cs.url}/?folder=${encodeURIComponent(o.workspace)}`);
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    this.wb = new Workbench(this.page, { artifacts: ARTIFACTS, root: ROOT, log: o.log });
    const welcome = this.page.locator('.tabs-container .tab', { hasText: /Welcome|시작/ }).first();
    if (await welcome.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false)) {
      await welcome.hover();
      await welcome.locator('.codicon-close').first().click().catch(() => {});
    }
  }

  async step(name, fn) {
    try {
      this.o.log('ok  ', name, JSON.stringify(await fn()) ?? '');
    } catch (err) {
      this.failures.push(name);
      this.o.log('FAIL', name, err.message);
      await this.wb.shot(`${this.o.name}-fail-${this.failures.length}`);
    }
  }

  /** verdict throws naming the failed steps, if any. */
  verdict() {
    if (this.failures.length) {
      throw new Error(`${this.failures.length} step(s) failed: ${this.failures.join('; ')}`);
    }
    this.o.log('all steps passed');
  }

  async close() {
    await this.browser?.close().catch(() => {});
    await this.cs.stop().catch(() => {});
  }
}
