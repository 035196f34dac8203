// workbench.mjs: what the E2E steps do to code-server's workbench in Chromium, as a learner
// would (keys, clicks, hovering), and how they read the result back from the DOM. Every wait is
// on a condition; nothing sleeps for a fixed time.
import fs from 'node:fs';
import path from 'node:path';

/** waitFor polls check() until it returns a truthy value, which it resolves to. */
export async function waitFor(what, check, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = ` (last: ${JSON.stringify(v)})`;
    } catch (err) {
      last = ` (last error: ${err.message})`;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** escapeRe quotes text for use inside a RegExp. */
export const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** flat is an element's text on one line, for logs and messages. */
export const flat = (text) => String(text ?? '').replace(/\s+/g, ' ').trim();

/** Workbench drives one code-server page. */
export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {object} o
   * @param {string} o.artifacts  the folder screenshots go to
   * @param {string} o.root       the repository, for short paths in the log
   * @param {(...a: any[]) => void} o.log
   */
  constructor(page, { artifacts, root, log }) {
    this.page = page;
    this.artifacts = artifacts;
    this.root = root;
    /** Problems seen and worked around, repeated at the end of the run. */
    this.warnings = [];
    this.log = log;
    /** The text editor of the active group (not the output panel, not a peek). */
    this.editor = page.locator('.part.editor .editor-group-container.active .editor-instance > .monaco-editor').first();
    this.toasts = page.locator('.notifications-toasts .notification-toast');
    this.quickInput = page.locator('.quick-input-widget');
  }

  /** shot saves a screenshot of the page, or of one element, as <name>.png. */
  async shot(name, element) {
    const file = path.join(this.artifacts, `${name}.png`);
    const target = element ?? this.page;
    await target.screenshot({ path: file }).then(
      () => this.log('screenshot', path.relative(this.root, file)),
      (err) => this.log(`screenshot ${name} failed: ${err.message}`),
    );
  }

  /** lines is the text of the active editor's rendered lines, top to bottom. */
  lines() {
    return this.editor.locator('.view-lines').evaluate((root) => [...root.querySelectorAll('.view-line')]
      .map((e) => [parseFloat(e.style.top), e.textContent.replace(/\u00a0/g, ' ')])
      .sort((a, b) => a[0] - b[0])
      .map((x) => x[1]));
  }

  /** token is the first rendered token of the active editor whose text is exactly text. */
  token(text) {
    return this.editor.locator('.view-lines .view-line span span', { hasText: new RegExp(`^${escapeRe(text)}$`) }).first();
  }

  /** squiggles counts the active editor's diagnostics decorations of a kind (error, warning, …). */
  squiggles(kind = '') {
    return this.editor.locator(`.view-overlays [class*="squiggly-${kind}"]`).count();
  }

  /** cursor is the status bar's cursor position as { line, column }. */
  async cursor() {
    const text = await this.page.locator('#status\\.editor\\.selection').innerText();
    const [line, column] = (text.match(/\d+/g) ?? []).map(Number);
    return { line, column, text };
  }

  /**
   * focusEditor puts the keyboard focus into the active editor: it clicks the start of a rendered
   * line (the callers place the cursor themselves afterwards), away from hovers and code lenses.
   */
  async focusEditor() {
    await this.page.mouse.move(5, 5);
    await this.page.keyboard.press('Escape');
    // The mouse, not locator.click(): Monaco's cursor and scroll-shadow layers lie over the lines
    // and fail Playwright's actionability check, while the editor does its own hit testing.
    // Just after a tab switch the active group may still be laying the editor out (a line without
    // a box for a moment): wait for a rendered line rather than fail on the first look.
    const b = await waitFor('a rendered line in the active editor',
      () => this.editor.locator('.view-lines .view-line').first().boundingBox({ timeout: 5_000 }),
      { timeoutMs: 20_000 });
    await this.page.mouse.click(b.x + 2, b.y + b.height / 2);
  }

  /**
   * open shows a workspace file in the editor: it clicks its tab when one is open, else it uses
   * Quick Open (Ctrl+P) and picks the row named exactly name (not multi.Dockerfile for Dockerfile).
   */
  async open(name) {
    const page = this.page;
    // A tab's text is the file name, and so is a Quick Open row's .label-name (a tab's own
    // .label-name leaves out the extension).
    const exact = new RegExp(`^\\s*${escapeRe(name)}\\s*$`);
    const tab = page.locator('.tabs-container .tab').filter({ hasText: exact }).first();
    const active = page.locator('.tabs-container .tab.active').filter({ hasText: exact });
    await waitFor(`${name} open in the editor`, async () => {
      if (await active.count()) return true;
      await page.keyboard.press('Escape');
      if (await tab.count()) {
        await tab.click();
      } else {
        await page.keyboard.press('Control+P');
        await this.quickInput.locator('input').waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.type(name, { delay: 20 });
        const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
        await row.waitFor({ timeout: 10_000 });
        await row.click();
      }
      await active.waitFor({ timeout: 10_000 });
      return true;
    }, { timeoutMs: 90_000 });
  }

  /** goTo moves the cursor to a 1-based line and column with Go to Line (Ctrl+G). */
  async goTo(line, column) {
    const page = this.page;
    await this.focusEditor();
    await page.keyboard.press('Control+G');
    await this.quickInput.locator('input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`${line}:${column}`, { delay: 10 });
    await page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitFor(`the cursor at ${line}:${column}`, async () => {
      const c = await this.cursor();
      return c.line === line && c.column === column;
    }, { timeoutMs: 10_000 });
  }

  /**
   * palette runs a command from the Command Palette (F1): it types query, then presses Enter on
   * the first row whose label matches one of titles (the English or the Korean title).
   * Resolves to the row's label.
   */
  async palette(query, titles) {
    const page = this.page;
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await this.quickInput.locator('input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(query, { delay: 10 });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const label = await waitFor(`a palette row titled ${titles.map((t) => JSON.stringify(t)).join(' or ')}`, async () => {
      for (const row of await rows.all()) {
        const text = flat(await row.innerText());
        if (titles.some((t) => text.includes(t))) {
          await row.click();
          return text;
        }
      }
      return false;
    }, { timeoutMs: 15_000 });
    return label;
  }

  /**
   * hoverAtCursor shows the editor's hover for the cursor position (Ctrl+K Ctrl+I, "Show or
   * Focus Hover") and waits until accept(text) holds; resolves to { text, hover }.
   */
  async hoverAtCursor(what, accept, { timeoutMs = 30_000 } = {}) {
    const page = this.page;
    const hover = page.locator('.monaco-hover:visible');
    let seen = '';
    try {
      return await waitFor(what, async () => {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        await hover.first().waitFor({ state: 'visible', timeout: 4000 }).catch(() => {});
        for (const h of await hover.all()) {
          const text = await h.innerText().catch(() => '');
          if (text) seen = text;
          if (text && accept(text)) return { text, hover: h };
        }
        await page.keyboard.press('Escape');
        return false;
      }, { timeoutMs, intervalMs: 500 });
    } catch (err) {
      throw new Error(`${err.message}; last hover text seen: ${JSON.stringify(seen || '(no hover)')}`);
    }
  }

  /** Moves the mouse onto a box and waits for a visible hover that satisfies accept(text, hover). */
  async hoverUntil(what, box, accept, { timeoutMs = 120_000 } = {}) {
    const page = this.page;
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
          if (text && (await accept(text, h))) return { text, hover: h };
        }
        return false;
      }, { timeoutMs, intervalMs: 500 });
    } catch (err) {
      throw new Error(`${err.message}; last hover text seen: ${JSON.stringify(seen || '(no hover)')}`);
    }
  }

  /** centerOf is the middle of a locator's box, for the mouse. */
  static async centerOf(locator) {
    const b = await locator.boundingBox();
    if (!b) throw new Error('the element has no box (not rendered)');
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }

  /**
   * undoUntil presses Ctrl+Z in the active editor until its lines read wantText, then waits until
   * the file on disk holds wantText too: code-server saves by itself a second after an edit
   * (files.autoSave is afterDelay in the browser), so the language server, the engine and the
   * learner's disk all see the original again.
   *
   * code-server sometimes ends such an undo with the editor clean (no dirty mark) while the disk
   * keeps an earlier auto-saved text; nothing then saves again, and ▶ 빌드 후 실행 is refused as
   * "unsaved". That is reported as a warning with the evidence, and the file is made to save by an
   * edit that changes nothing (a character typed and deleted), so the steps after it can go on.
   */
  async undoUntil(file, wantText, { timeoutMs = 30_000 } = {}) {
    const page = this.page;
    const want = wantText.split('\n');
    const name = path.basename(file);
    const disk = () => fs.readFileSync(file, 'utf8');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    // Let the last auto save land first, as a person pausing before undoing would.
    const shown = (await this.lines()).join('\n');
    await waitFor(`${name}: the last auto save`, () => disk() === shown, { timeoutMs: 5000 }).catch(() => {});
    await this.focusEditor();
    let presses = 0;
    await waitFor(`${name} back to its text in the editor`, async () => {
      const lines = await this.lines();
      if (lines.length === want.length && lines.every((l, i) => l === want[i])) return true;
      await page.keyboard.press('Control+Z');
      presses++;
      return false;
    }, { timeoutMs, intervalMs: 300 });
    const saved = await waitFor(`${name} back to its text on disk (auto save)`, () => disk() === wantText, { timeoutMs: 10_000 }).catch(() => false);
    if (!saved) {
      const tab = await page.locator('.tabs-container .tab.active').getAttribute('class').catch(() => '?');
      this.warn(`code-server did not auto-save ${name} after the undo: the editor shows the original text and its tab is ${/\bdirty\b/.test(tab) ? '' : 'not '}marked dirty, but the disk holds ${JSON.stringify(disk())}; saving it by typing and deleting a character`);
      await this.focusEditor();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('x');
      await page.keyboard.press('Backspace');
      await waitFor(`${name} back to its text on disk after the nudge`, () => disk() === wantText, { timeoutMs })
        .catch(async (err) => {
          throw new Error(`${err.message}; on disk: ${JSON.stringify(disk())}; the editor: ${JSON.stringify(await this.lines())}`);
        });
    }
    return presses;
  }

  /** warn logs a problem that is not this test's to fail on, and keeps it for the summary. */
  warn(message) {
    this.warnings.push(message);
    this.log(`WARNING: ${message}`);
  }

  /** lens is the code lens link above the active editor's text titled exactly title (or matching a RegExp). */
  lens(title) {
    const re = title instanceof RegExp ? title : new RegExp(`^\\s*${escapeRe(title)}\\s*$`);
    return this.editor.locator('.codelens-decoration a').filter({ hasText: re }).first();
  }

  /** lensTexts is every code lens line of the active editor, flattened. */
  async lensTexts() {
    return (await this.editor.locator('.codelens-decoration').allInnerTexts()).map(flat);
  }

  /** clickLens moves the mouse away (hovers hide lenses' neighbours) and clicks a lens. */
  async clickLens(title, { timeoutMs = 60_000 } = {}) {
    const lens = this.lens(title);
    await lens.waitFor({ state: 'visible', timeout: timeoutMs }).catch(async () => {
      throw new Error(`no code lens titled ${title}; lenses shown: ${JSON.stringify(await this.lensTexts())}`);
    });
    await this.page.mouse.move(5, 5);
    await lens.click();
  }

  /**
   * toast waits for a notification whose text contains hasText (a string or RegExp) and not
   * hasNotText; an error notification ends the wait with an error naming it. Resolves to
   * { toast, text }, where toast stays this notification's locator when others come and go
   * (notifications are listed newest first, so an index would not).
   */
  async toast(what, { hasText, hasNotText }, { timeoutMs = 120_000 } = {}) {
    const toast = this.toasts.filter(hasNotText ? { hasText, hasNotText } : { hasText }).first();
    const seen = new Set();
    let errorText = '';
    await waitFor(what, async () => {
      if (await toast.isVisible()) return true;
      for (const t of await this.toasts.all()) {
        const text = flat(await t.innerText().catch(() => ''));
        if (!text) continue;
        seen.add(text);
        if ((await t.locator('.codicon-error').count()) > 0) {
          errorText = text;
          return true;
        }
      }
      return false;
    }, { timeoutMs, intervalMs: 300 }).catch((err) => {
      throw new Error(`${err.message}; notifications seen: ${JSON.stringify([...seen])}`);
    });
    if (errorText) throw new Error(`an error notification came instead of ${what}: ${JSON.stringify(errorText)}`);
    // The toast slides in; a screenshot taken earlier shows it half transparent.
    await waitFor('the notification faded in', async () => /\bnotification-fade-in-done\b/.test(await toast.getAttribute('class')), { timeoutMs: 5000, intervalMs: 100 })
      .catch(() => {});
    return { toast, text: flat(await toast.innerText()) };
  }

  /** toastTexts is every notification toast's text, for failure messages. */
  async toastTexts() {
    return (await this.toasts.allInnerTexts().catch(() => [])).map(flat);
  }

  /** clearToasts closes every notification toast, so the next one is easy to tell apart. */
  async clearToasts() {
    await waitFor('no notification toasts', async () => {
      const toasts = await this.toasts.all();
      for (const t of toasts) {
        await t.hover().catch(() => {});
        await t.locator('.codicon-notifications-clear').first().click({ timeout: 2000 }).catch(() => {});
      }
      return (await this.toasts.count()) === 0;
    }, { timeoutMs: 20_000, intervalMs: 300 });
    await this.page.mouse.move(5, 5);
  }
}
