// steps_language.mjs: the language features as a learner meets them in code-server, one step per
// feature issue: Korean hovers (issues 2, 3), a typo's diagnostic and its quick fix (issues 2, 5),
// completion (issue 4), and navigation and formatting on a multi-stage Dockerfile (issue 7).
// Every step leaves the files as it found them: it undoes its edits and waits until code-server's
// auto save has written the original text back.
import fs from 'node:fs';
import path from 'node:path';
import * as engine from './engine.mjs';
import { Workbench, flat, waitFor } from './workbench.mjs';

const KOREAN = /[\uac00-\ud7a3]/;

/**
 * MULTI_DOCKERFILE is the second Dockerfile the test writes into the workspace copy: two stages,
 * a global ARG used in FROM, an ENV, a stage used by COPY --from, and a lower-case `run` for the
 * formatter. The lab's own Dockerfile stays the learner's.
 */
export const MULTI_DOCKERFILE = `ARG GO_VERSION=1.22
FROM golang:\${GO_VERSION} AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY . .
run go build -o /out/app .

FROM alpine:3.20
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
`;

/**
 * NPM_DOCKERFILE is the third Dockerfile, written and removed by contextFileOnDisk: it copies the
 * whole context before `npm install`, so a package-lock.json beside it makes the server suggest
 * `npm ci`. MAINTAINER gives a warning that shows the first check has run.
 */
export const NPM_DOCKERFILE = `FROM node:lts-alpine
MAINTAINER lab
WORKDIR /app
COPY . .
RUN npm install
CMD ["node", "src/index.js"]
`;

const NPM_CI_RULE = 'NpmCiInsteadOfInstall';

/** positionOf is the 1-based { line, column } of the nth needle in text, plus offset columns. */
function positionOf(text, needle, { nth = 0, offset = 0 } = {}) {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let c = lines[i].indexOf(needle); c >= 0; c = lines[i].indexOf(needle, c + 1)) {
      if (seen++ === nth) return { line: i + 1, column: c + 1 + offset };
    }
  }
  throw new Error(`${JSON.stringify(needle)} is not in the text`);
}

/**
 * LanguageSteps runs the language-feature steps on the open workbench.
 * files: { dockerfile, dockerfileText, multi } (paths on disk and the lab Dockerfile's text).
 */
export class LanguageSteps {
  /** @param {Workbench} wb */
  constructor(wb, files) {
    this.wb = wb;
    this.page = wb.page;
    this.log = wb.log;
    this.files = files;
  }

  /** Issues 2 and 3: Korean hovers on FROM and WORKDIR (mouse) and on the base image (engine facts). */
  async hovers() {
    const { wb, log } = this;
    await wb.open('Dockerfile');
    const fromToken = wb.token('FROM');
    await fromToken.waitFor({ timeout: 60_000 });
    const language = await this.page.locator('#status\\.editor\\.mode').innerText().catch(() => '?');
    log('Dockerfile open; language in the status bar:', JSON.stringify(language));

    let docsLink = '';
    const from = await wb.hoverUntil(
      'a Korean hover on FROM mentioning 베이스 이미지 and docs.docker.com',
      () => Workbench.centerOf(fromToken),
      async (t, h) => {
        if (!t.includes('베이스 이미지')) return false;
        const links = await h.locator('a').evaluateAll((as) => as.map((a) => `"${a.textContent}" -> ${a.getAttribute('data-href') || a.getAttribute('href') || a.title}`));
        docsLink = links.find((x) => x.includes('docs.docker.com')) ?? '';
        return t.includes('docs.docker.com') || docsLink !== '';
      },
    );
    log('FROM hover:', JSON.stringify(from.text.slice(0, 120)), '… link:', docsLink || from.text.match(/\S*docs\.docker\.com\S*/)?.[0]);
    await wb.shot('01-hover-from-page');
    await wb.shot('02-hover-from', from.hover);

    const workdir = await wb.hoverUntil(
      'a Korean hover on WORKDIR about the 작업 디렉터리, with its syntax and reference link',
      () => Workbench.centerOf(wb.token('WORKDIR')),
      async (t) => t.startsWith('WORKDIR') && t.includes('작업 디렉터리') && t.includes('WORKDIR <경로>') && t.includes('Dockerfile 레퍼런스'),
      { timeoutMs: 30_000 },
    );
    log('WORKDIR hover:', JSON.stringify(workdir.text.slice(0, 100)));
    await wb.shot('03-hover-workdir', workdir.hover);
    await this.page.mouse.move(5, 5);

    // The base image: the hover tells what the engine knows about it; check it against the engine.
    const image = await engine.inspectImage('node:lts-alpine');
    const shortId = image.Id.replace(/^sha256:/, '').slice(0, 12);
    await wb.goTo(1, 10);
    const imageHover = await wb.hoverAtCursor(
      `a hover on node:lts-alpine with the engine's ID ${shortId}`,
      (t) => t.includes('node:lts-alpine') && t.includes(shortId) && KOREAN.test(t),
    );
    log('image hover:', JSON.stringify(flat(imageHover.text).slice(0, 160)));
    await wb.shot('04-hover-image', imageHover.hover);
    await this.page.keyboard.press('Escape');
  }

  /** typeOnNewLastLine opens the Dockerfile and types text, as a learner would, on a new last line. */
  async typeOnNewLastLine(text) {
    const { wb, page } = this;
    await wb.open('Dockerfile');
    await wb.focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(text, { delay: 40 });
  }

  /**
   * Issues 2 and 5: `FORM alpine` on a new last line gets a Korean diagnostic; its quick fix (the
   * menu's action naming FROM) turns the line into `FROM alpine` and the error goes away. Undone.
   */
  async typoAndQuickFix() {
    const { wb, log, page } = this;
    const { dockerfile, dockerfileText } = this.files;
    await this.typeOnNewLastLine('FORM alpine');
    await page.keyboard.press('Escape'); // close a suggestion list, if one opened

    const typoLine = wb.editor.locator('.view-lines .view-line', { hasText: /^FORM\salpine\s*$/ }).first();
    await typoLine.waitFor({ timeout: 10_000 }).catch(async () => {
      throw new Error(`the typed line does not read "FORM alpine"; the editor shows: ${JSON.stringify(await wb.lines())}`);
    });
    await waitFor('an error squiggle under the typo', () => wb.squiggles('error'), { timeoutMs: 60_000 });
    const problems = await page.locator('#status\\.problems').getAttribute('aria-label').catch(() => null);
    log('squiggle shown; status bar problems:', JSON.stringify(problems));

    const hover = await wb.hoverUntil(
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
    log('typo hover:', JSON.stringify(flat(hover.text).slice(0, 200)));
    await wb.shot('05-typo-diagnostic');

    // The quick fix, from the keyboard as the hover suggests (Ctrl+.), with the cursor on the typo.
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const typoLineNumber = dockerfileText.split('\n').length + 1; // the text ends with a newline
    await wb.goTo(typoLineNumber, 2);
    const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    const actions = menu.locator('.monaco-list-row.action');
    const titles = await waitFor('the quick-fix menu listing an action that names FROM', async () => {
      if (!(await menu.isVisible())) {
        await page.keyboard.press('Control+.');
        await menu.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      }
      const t = (await actions.allInnerTexts()).map(flat);
      return t.some((x) => x.includes('FROM')) && t;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    const fix = titles.find((x) => x.includes('FROM'));
    log('quick fixes offered:', JSON.stringify(titles), '→ choosing', JSON.stringify(fix));
    if (!KOREAN.test(fix)) throw new Error(`the quick fix's title is not Korean: ${JSON.stringify(fix)}`);
    await wb.shot('06-quick-fix-menu');
    await actions.filter({ hasText: 'FROM' }).first().click();

    await wb.editor.locator('.view-lines .view-line', { hasText: /^FROM\salpine\s*$/ }).first().waitFor({ timeout: 15_000 }).catch(async () => {
      throw new Error(`after "${fix}" the line does not read "FROM alpine"; the editor shows: ${JSON.stringify(await wb.lines())}`);
    });
    await waitFor('the error squiggle gone after the quick fix', async () => (await wb.squiggles('error')) === 0, { timeoutMs: 30_000 });
    log(`"${fix}" applied: the line reads "FROM alpine", no error squiggle (warnings left: ${await wb.squiggles('warning')})`);
    await wb.shot('07-quick-fix-applied');

    const presses = await wb.undoUntil(dockerfile, dockerfileText);
    await waitFor('no error squiggle after the undo', async () => (await wb.squiggles('error')) === 0, { timeoutMs: 30_000 });
    log(`undone (${presses} × Ctrl+Z); the Dockerfile on disk is the learner's again`);
  }

  /**
   * Issue 4: `COPY --` offers COPY's flags with Korean documentation; Ctrl+Space at the start of an
   * empty line offers the instructions, RUN among them. Undone.
   */
  async completion() {
    const { wb, log, page } = this;
    const { dockerfile, dockerfileText } = this.files;
    await this.typeOnNewLastLine('COPY --');

    const widget = wb.editor.locator('.editor-widget.suggest-widget.visible');
    const labels = () => widget.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    const flags = await waitFor('the suggest widget listing --from and --chown', async () => {
      if (!(await widget.isVisible())) {
        await page.keyboard.press('Control+Space');
        await widget.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      }
      const l = await labels();
      const names = l.map((x) => x.split(',')[0]);
      return names.includes('--from') && names.includes('--chown') && l;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    const names = flags.map((x) => x.split(',')[0]);
    if (names.includes('--platform') || names.includes('--mount')) throw new Error(`COPY -- offers flags of other instructions: ${JSON.stringify(names)}`);

    // The focused item's documentation, in the details pane (Ctrl+Space toggles it). The pane
    // shows the item's detail line at once and its documentation once completionItem/resolve
    // answers, so the wait is for the page that names the item.
    const details = page.locator('.suggest-details');
    const focusedLabel = async () => flat(await widget.locator('.monaco-list-row.focused').first().getAttribute('aria-label')).split(',')[0];
    const detailsText = async () => {
      const label = await focusedLabel();
      const text = await waitFor(`Korean documentation of the focused ${label} in the details pane`, async () => {
        if (!(await details.isVisible())) {
          await page.keyboard.press('Control+Space');
          await details.waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
        }
        const t = await details.innerText().catch(() => '');
        return KOREAN.test(t) && t.includes(label) && t;
      }, { timeoutMs: 20_000, intervalMs: 300 }).catch(async (err) => {
        throw new Error(`${err.message}; the pane shows: ${JSON.stringify(await details.innerText().catch(() => ''))}`);
      });
      return { label, text };
    };
    const { label: focused, text: docs } = await detailsText();
    log(`COPY -- completion: ${JSON.stringify(names)}; ${focused}: ${JSON.stringify(flat(docs).slice(0, 120))}`);
    await wb.shot('08-completion-flags');
    await page.keyboard.press('Escape');
    await wb.undoUntil(dockerfile, dockerfileText);

    // Ctrl+Space at the start of the empty last line: the instructions.
    await wb.goTo(dockerfileText.split('\n').length, 1);
    const instructions = await waitFor('the suggest widget listing RUN with Korean documentation', async () => {
      if (!(await widget.isVisible())) {
        await page.keyboard.press('Control+Space');
        await widget.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      }
      const l = await labels();
      return l.some((x) => x.startsWith('RUN,')) && l;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    const { label: first, text: runDocs } = await detailsText();
    log(`Ctrl+Space on an empty line: ${JSON.stringify(instructions.map((x) => x.split(',')[0]))}; ${first}: ${JSON.stringify(flat(runDocs).slice(0, 80))}`);
    await wb.shot('09-completion-instructions');
    await page.keyboard.press('Escape');
    await wb.undoUntil(dockerfile, dockerfileText); // nothing was typed; proves the file is untouched
  }

  /**
   * Issues 3 and 7 on multi.Dockerfile: Go to Symbol lists the stages and their instructions;
   * hovers on a variable, a flag and a stage name; F12 from `--from=build` and from
   * `${GO_VERSION}` lands on their definitions; Format Document upper-cases `run`. Undone.
   */
  async navigation() {
    const { wb, log, page } = this;
    const { multi } = this.files;
    const text = MULTI_DOCKERFILE;
    await wb.open('multi.Dockerfile');
    await wb.token('FROM').waitFor({ timeout: 30_000 });
    // The server has read the file once its lenses show (a build of the named stage).
    await wb.lens('빌드 (--target build)').waitFor({ timeout: 60_000 });

    // Go to Symbol in Editor (Ctrl+Shift+O): the outline's stages and instructions.
    await wb.focusEditor();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const symbols = await waitFor('Go to Symbol listing GO_VERSION, the stage build, alpine:3.20 and their instructions', async () => {
      if (!(await wb.quickInput.isVisible())) await page.keyboard.press('Control+Shift+O');
      const t = (await rows.allInnerTexts()).map(flat);
      const has = (re) => t.some((x) => re.test(x));
      return has(/^GO_VERSION/) && has(/^build$/) && has(/^alpine:3\.20$/) && has(/^RUNbuild$/) && has(/^COPYalpine:3\.20$/) && t;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    log('Go to Symbol:', JSON.stringify(symbols));
    await wb.shot('10-outline');
    await page.keyboard.press('Escape');

    // Hovers: the variable's value and definition, the flag's Korean page, the stage's base image.
    const at = (needle, o) => positionOf(text, needle, o);
    /** hoverOn hovers three characters into needle, logs the hover as name and closes it. */
    const hoverOn = async (name, needle, what, ok, { shot, width = 120 } = {}) => {
      const p = at(needle, { offset: 3 });
      await wb.goTo(p.line, p.column);
      const h = await wb.hoverAtCursor(what, ok);
      log(`${name} hover:`, JSON.stringify(flat(h.text).slice(0, width)));
      if (shot) await wb.shot(shot, h.hover);
      await page.keyboard.press('Escape');
    };
    await hoverOn('variable', 'GO_VERSION}', 'a hover on ${GO_VERSION} with its value 1.22 and its ARG on line 1',
      (t) => t.includes('GO_VERSION') && t.includes('1.22') && t.includes('1번째 줄') && t.includes('ARG'),
      { shot: '11-hover-variable', width: 160 });
    await hoverOn('flag', '--from', 'a Korean hover on the flag --from of COPY',
      (t) => t.startsWith('--from') && t.includes('COPY') && KOREAN.test(t), { shot: '12-hover-flag' });
    await hoverOn('stage', '=build', 'a hover on the stage name build naming its base image',
      (t) => t.includes('build') && t.includes('golang:${GO_VERSION}') && KOREAN.test(t));

    // Go to Definition (F12).
    const definition = async (from, want, what) => {
      await wb.goTo(from.line, from.column);
      await page.keyboard.press('F12');
      const c = await waitFor(`F12 on ${what} landing on line ${want.line}, column ${want.column}`, async () => {
        const got = await wb.cursor();
        return got.line === want.line && got.column === want.column && got;
      }, { timeoutMs: 20_000 });
      log(`F12 on ${what} (${from.line}:${from.column}) → ${c.text}`);
    };
    await definition(at('=build', { offset: 3 }), at('AS build', { offset: 3 }), '--from=build');
    await wb.shot('13-definition');
    await definition(at('GO_VERSION}', { offset: 2 }), at('GO_VERSION='), '${GO_VERSION}');

    // Format Document (Ctrl+Shift+I on Linux; Shift+Alt+F opens the browser's menu bar instead).
    await wb.focusEditor();
    await page.keyboard.press('Control+Shift+I');
    const runLine = at('run go build').line;
    const formatted = await waitFor('Format Document upper-casing run', async () => {
      const l = await wb.lines();
      return l[runLine - 1] === 'RUN go build -o /out/app .' && l;
    }, { timeoutMs: 20_000 });
    const changed = formatted.filter((l, i) => l !== text.split('\n')[i]);
    if (changed.length !== 1) throw new Error(`Format Document changed more than the run line: ${JSON.stringify(changed)}`);
    log('Format Document:', JSON.stringify(formatted[runLine - 1]));
    await wb.shot('14-format');
    const presses = await wb.undoUntil(multi, text);
    log(`formatting undone (${presses} × Ctrl+Z); multi.Dockerfile on disk as written`);
  }

  /** The learner's Dockerfile is the lab's, byte for byte, after every language step. */
  /**
   * Issue 13: a build-context file changing on disk re-checks the open Dockerfile. With
   * npm.Dockerfile open and unchanged, package-lock.json appearing beside it brings the
   * NpmCiInsteadOfInstall warning (the server asked code-server to watch files and re-checks the
   * documents whose check read the file), and its removal takes the warning away again.
   */
  async contextFileOnDisk() {
    const { wb, log, page } = this;
    const dir = path.dirname(this.files.dockerfile);
    const npm = path.join(dir, 'npm.Dockerfile');
    const lock = path.join(dir, 'package-lock.json');
    fs.writeFileSync(npm, NPM_DOCKERFILE);
    try {
      await wb.open('npm.Dockerfile');
      await waitFor('the first check of npm.Dockerfile (the MAINTAINER warning)', async () => (await wb.squiggles('warning')) > 0, { timeoutMs: 60_000 });
      // The warnings once the check has settled (the same count on two looks a second apart).
      let last = -1;
      const before = await waitFor('the warnings of npm.Dockerfile settled', async () => {
        const n = await wb.squiggles('warning');
        const settled = n === last;
        last = n;
        return settled && { n };
      }, { timeoutMs: 30_000, intervalMs: 1000 });
      log(`npm.Dockerfile open: ${before.n} warning(s), no package-lock.json`);

      fs.writeFileSync(lock, '{"name":"getting-started","lockfileVersion":3}\n');
      await waitFor('one more warning after package-lock.json appeared on disk', async () => (await wb.squiggles('warning')) === before.n + 1, { timeoutMs: 60_000 });
      const p = positionOf(NPM_DOCKERFILE, 'npm install', { offset: 1 });
      await page.keyboard.press('Escape');
      await wb.goTo(p.line, p.column);
      const h = await wb.hoverAtCursor(`a hover on npm install naming ${NPM_CI_RULE}`, (t) => t.includes(NPM_CI_RULE), { timeoutMs: 30_000 });
      log('after package-lock.json appeared:', JSON.stringify(flat(h.text).slice(0, 160)));
      await wb.shot('15-context-file-on-disk', h.hover);
      await page.keyboard.press('Escape');

      fs.rmSync(lock);
      await waitFor('the warning gone after package-lock.json was removed', async () => (await wb.squiggles('warning')) === before.n, { timeoutMs: 60_000 });
      log('package-lock.json removed: the suggestion is gone; npm.Dockerfile never changed');
    } finally {
      fs.rmSync(lock, { force: true });
      fs.rmSync(npm, { force: true });
    }
  }

  checkUnchanged() {
    const now = fs.readFileSync(this.files.dockerfile, 'utf8');
    if (now !== this.files.dockerfileText) throw new Error(`the Dockerfile changed on disk: ${JSON.stringify(now)}`);
  }
}
