// navigation.e2e.mjs: navigation and editing (issue 7) in a real code-server and headless
// Chromium (shared/recipes/code-server-e2e.md), with this machine's dist/dockerlab-<platform>.vsix installed:
//
//   folding controls, a registry link on the base image, the semantic token of a stage name
//   (Inspect Editor Tokens: namespace + declaration), the outline (Go to Symbol), highlights of a
//   variable, the Korean signature help of COPY, go to definition from `--from=build`, peek
//   references, a Korean refusal to rename an image, renaming the stage, Enter after a
//   continuation (format on type) and Format Document.
//   A Kubernetes manifest (issue 19): the YAML file gets a Korean hover on `replicas`, a misspelt
//   field an error squiggle, and the quick fix `'replicas' 필드로 바꾸기` repairs it.
//
// Needs no Docker engine. Screenshots go to testdata/e2e-artifacts/. Exits non-zero on failure.
// Run by scripts/test.sh; by hand: node editor-ext/test/e2e/navigation.e2e.mjs
// (needs setup-tools.sh and `npm run package` first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeServer } from './code_server.mjs';
import { ARTIFACTS, CHROMIUM, CODE_SERVER, launchChromium, NODE24_BIN, VSIX } from './harness.mjs';
import { waitFor } from './workbench.mjs';

const DOCKERFILE = `# syntax=docker/dockerfile:1
ARG NODE=20
FROM node:\${NODE}-alpine AS build
WORKDIR /app
run apk add --no-cache \\
      curl
COPY --chown=1000:1000 src 
RUN echo $NODE

FROM nginx:1.27
COPY --from=build /app/dist /usr/share/nginx/html
`;

/** A Deployment with a misspelt field (replicaz) for the manifest checks. */
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: getting-started
spec:
  replicaz: 1
  selector:
    matchLabels:
      app: getting-started
  template:
    metadata:
      labels:
        app: getting-started
    spec:
      containers:
        - name: app
          image: getting-started:1
`;

/** The settings this test needs on top of code_server.mjs's: folding controls, 4-space indents. */
const SETTINGS = {
  'editor.showFoldingControls': 'always',
  'editor.detectIndentation': false,
  'editor.tabSize': 4,
};

const t0 = Date.now();
const log = (...a) => console.log(`[nav ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

/** at is the 1-based "line:column" of the nth occurrence of needle, plus after columns. */
function at(needle, nth = 0, after = 0) {
  const lines = DOCKERFILE.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let c = lines[i].indexOf(needle); c >= 0; c = lines[i].indexOf(needle, c + 1)) {
      if (seen++ === nth) return `${i + 1}:${c + 1 + after}`;
    }
  }
  throw new Error(`${needle} is not in the Dockerfile`);
}

async function main() {
  for (const [p, fix] of [[CODE_SERVER, 'scripts/setup-tools.sh'], [VSIX, 'npm run package'], [CHROMIUM, 'apt-get install chromium']]) {
    if (!fs.existsSync(p)) throw new Error(`missing ${p}: run ${fix}`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlab-nav-e2e-'));
  const workspace = path.join(tmp, 'ws');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'Dockerfile'), DOCKERFILE);
  fs.mkdirSync(path.join(workspace, 'k8s'));
  fs.writeFileSync(path.join(workspace, 'k8s', 'app.yaml'), MANIFEST);
  const cs = new CodeServer({ bin: CODE_SERVER, nodeBin: NODE24_BIN, dir: path.join(tmp, 'cs'), workspace, locale: 'ko', settings: SETTINGS });
  let ctx;
  let page;
  const failures = [];
  const check = async (name, fn) => {
    try {
      log('ok  ', name, JSON.stringify(await fn()));
    } catch (err) {
      failures.push(name);
      log('FAIL', name, err.message);
      await page?.keyboard.press('Escape').catch(() => {});
    }
  };
  try {
    await cs.installExtension(VSIX);
    await cs.start();
    ctx = await launchChromium(path.join(tmp, 'chromium'), cs.env);
    page = await ctx.newPage();
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('Dockerfile', { delay: 20 });
    await page.waitForSelector('.quick-input-list .monaco-list-row');
    await page.keyboard.press('Enter');
    const editor = page.locator('.monaco-editor .view-lines').first();
    await editor.locator('.view-line span span', { hasText: /^FROM$/ }).first().waitFor({ timeout: 30_000 });
    // The language server is up once the lab's code lens shows.
    await page.locator('.codelens-decoration').first().waitFor({ timeout: 60_000 });
    log('server up');

    const goTo = async (pos) => {
      await editor.click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(pos, { delay: 10 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    };
    const command = async (title) => {
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(title, { delay: 10 });
      await page.waitForSelector('.quick-input-list .monaco-list-row');
      await page.keyboard.press('Enter');
    };
    // widgetText waits until a widget's text passes ok, closes the widget and returns the text.
    const widgetText = async (what, widget, ok) => {
      const text = await waitFor(what, async () => {
        const t = await widget.innerText();
        return ok(t) && t;
      });
      await page.keyboard.press('Escape');
      return text;
    };
    const lines = () => page.evaluate(() => [...document.querySelectorAll('.monaco-editor .view-lines .view-line')]
      .map((e) => [parseFloat(e.style.top), e.textContent.replace(/\u00a0/g, ' ')])
      .sort((a, b) => a[0] - b[0]).map((x) => x[1]));

    await check('folding: the stage and the continued RUN fold', () =>
      waitFor('folding controls', async () => (await page.locator('.codicon-folding-expanded').count()) >= 3 && 'ok'));
    await check('document link on nginx:1.27', () =>
      waitFor('a link', async () => (await page.locator('.detected-link').allInnerTexts()).includes('nginx:1.27') && 'ok'));
    await check('semantic token: the stage name is a namespace declaration', async () => {
      await goTo(at('build', 0, 1));
      await command('Inspect Editor Tokens');
      const text = await widgetText('the token inspector', page.locator('.token-inspect-widget'),
        (t) => /semantic token type\s+namespace/.test(t) && /modifiers\s+declaration/.test(t));
      return text.split('\n').find((l) => l.startsWith('semantic token type'));
    });
    await check('outline: stages hold their instructions', async () => {
      await editor.click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Shift+O');
      const rows = await waitFor('symbols', async () => {
        const t = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
        return t.some((r) => r.includes('nginx:1.27')) && t.some((r) => r.includes('build')) && t;
      });
      await page.keyboard.press('Escape');
      return rows.length;
    });
    await check('highlights: ${NODE} and its global ARG', async () => {
      await goTo(at('NODE}', 0, 1));
      return waitFor('two highlights', async () =>
        (await page.locator('.cdr.wordHighlightStrong').count()) === 1 && (await page.locator('.cdr.wordHighlight').count()) === 1 && 'ok');
    });
    await check('signature help: COPY, its destination in Korean', async () => {
      await goTo(at('src ', 0, 4));
      await page.keyboard.press('Control+Shift+Space');
      const text = await widgetText('parameter hints', page.locator('.parameter-hints-widget'), (t) => t.includes('<대상>'));
      return text.split('\n').find((l) => l.startsWith('COPY'));
    });
    await check('definition: --from=build goes to AS build', async () => {
      await goTo(at('build', 1, 1));
      await page.keyboard.press('F12');
      return waitFor('the cursor on line 3', async () => {
        const t = await page.locator('#status\\.editor\\.selection').innerText();
        return /\b3\b/.test(t.split(',')[0]) && t;
      });
    });
    await check('references: two, in a peek', async () => {
      await goTo(at('build', 1, 1));
      await command('Peek References');
      const t = await widgetText('the peek', page.locator('.peekview-widget .peekview-title').first(), (s) => /\(2\)|2/.test(s));
      return t.replace(/\n/g, ' ');
    });
    await check('rename: an image is refused in Korean', async () => {
      await goTo(at('nginx', 0, 1));
      await page.keyboard.press('F2');
      return widgetText('the refusal', page.locator('.monaco-editor-overlaymessage'), (s) => s.includes('이미지 이름'));
    });
    await check('rename: build becomes builder everywhere', async () => {
      await goTo(at('build', 0, 1));
      await page.keyboard.press('F2');
      const input = page.locator('.rename-box input, .rename-input').first();
      await input.waitFor({ timeout: 10_000 });
      const placeholder = await input.inputValue();
      if (placeholder !== 'build') throw new Error(`placeholder ${placeholder}`);
      await input.fill('builder');
      await input.press('Enter');
      return waitFor('the renamed lines', async () => {
        const l = await lines();
        return l.some((x) => x.includes('AS builder')) && l.some((x) => x.includes('--from=builder')) && 'ok';
      });
    });
    await check('format on type: Enter after a continuation indents the new line', async () => {
      await goTo(at('--no-cache \\', 0, 13));
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      const l = await waitFor('an indented line', async () => {
        const v = await lines();
        return v[5] === '    ' && v;
      });
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+Z');
      return l.slice(4, 6);
    });
    await check('format document: keywords in upper case, a shell command untouched', async () => {
      await editor.click({ position: { x: 5, y: 5 } });
      await command('Format Document');
      const l = await waitFor('formatted text', async () => {
        const v = await lines();
        return v.includes('RUN apk add --no-cache \\') && v.includes('      curl') && v;
      });
      return l.slice(4, 6);
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'navigation-e2e.png') });

    // A Kubernetes manifest: the built-in YAML language, served by dockerlab.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('k8s/app.yaml', { delay: 20 });
    await page.waitForSelector('.quick-input-list .monaco-list-row');
    await page.keyboard.press('Enter');
    await editor.locator('.view-line', { hasText: 'replicaz' }).first().waitFor({ timeout: 30_000 });
    await check('manifest: a misspelt field has an error squiggle', () =>
      waitFor('a squiggle in app.yaml', async () => (await page.locator('.monaco-editor .view-overlays [class*="squiggly-error"]').count()) === 1 && 'ok', { timeoutMs: 60_000 }));
    await check('manifest: a Korean hover on selector', async () => {
      await goTo('7:4');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const text = await widgetText('the hover', page.locator('.monaco-hover:visible').first(), (t) => t.includes('selector') && /[\uac00-\ud7a3]/.test(t));
      return text.split('\n')[0];
    });
    await check('manifest: the quick fix writes replicas', async () => {
      await goTo('6:4');
      const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
      const actions = menu.locator('.monaco-list-row.action');
      const titles = await waitFor('the quick fix', async () => {
        if (!(await menu.isVisible())) {
          await page.keyboard.press('Control+.');
          await menu.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        }
        const t = await actions.allInnerTexts();
        return t.some((x) => x.includes('replicas') && x.includes('필드로 바꾸기')) && t;
      }, { timeoutMs: 30_000, intervalMs: 500 });
      await actions.filter({ hasText: '필드로 바꾸기' }).first().click();
      await waitFor('replicas written, the squiggle gone', async () =>
        (await lines()).some((l) => l === '  replicas: 1') && (await page.locator('.monaco-editor .view-overlays [class*="squiggly-error"]').count()) === 0 && 'ok', { timeoutMs: 30_000 });
      return titles;
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'navigation-e2e-manifest.png') });
  } catch (err) {
    failures.push(err.message);
    log('FAIL', err.message);
    await page?.screenshot({ path: path.join(ARTIFACTS, 'navigation-e2e-failure.png') }).catch(() => {});
  } finally {
    await ctx?.close().catch(() => {});
    await cs.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`navigation e2e: ${failures.length} failed: ${failures.join('; ')}`);
    process.exit(1);
  }
  log('all passed');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
