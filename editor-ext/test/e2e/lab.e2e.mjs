// lab.e2e.mjs: the whole product, as a learner meets it, in one real code-server and headless
// Chromium session against the real Docker engine (shared/recipes/code-server-e2e.md). Each
// feature issue is proven in the editor:
//
//   setup    copy testdata/lab into a fresh temp folder named getting-started (the repository copy
//            is never touched) and add multi.Dockerfile beside it; reserve a free host port and an
//            image tag of this run's own, set as dockerlab.run.ports {"3000": port} and
//            dockerlab.build.tag (other tests and a learner's lab may hold 3000 and getting-started);
//            start an isolated code-server in Korean with this machine's dist/dockerlab-<platform>.vsix installed; open the
//            Dockerfile
//   15       the first activation in the lab folder opens the walkthrough by itself
//            (10-walkthrough-first-run.png)
//   2, 3     hovers: FROM (Korean, 베이스 이미지, docs.docker.com link; the hover box is saved as
//            02-hover-from.png), WORKDIR, and the base image with the engine's own image ID
//   2, 5     `FORM alpine` on a new line: a Korean diagnostic; Ctrl+. offers the fix naming FROM;
//            choosing it gives `FROM alpine` and the error goes
//   4        `COPY --` lists COPY's flags with Korean documentation; Ctrl+Space on an empty line
//            lists the instructions (RUN)
//   3, 7     multi.Dockerfile: Go to Symbol (stages and instructions), hovers on ${GO_VERSION},
//            --from and the stage name, F12 to the stage and to the ARG, Format Document (run → RUN)
//   13       npm.Dockerfile (written beside the lab's, then removed), open and unchanged:
//            package-lock.json appearing on disk brings NpmCiInsteadOfInstall (the server's file
//            watch re-checks it), its removal takes it away
//   2, 6     ▶ 빌드 후 실행: a notification offering 브라우저에서 열기, a container labelled with the
//            Dockerfile on 127.0.0.1:<port>, the page on :<port> and /proxy/<port>/, the state lens
//            `● 실행 중 127.0.0.1:<port>→3000`; the notification opens /proxy/<port>/ in a new tab
//   6        edit src/static/index.html, ▶ again: the port-conflict question; its first action stops
//            and removes the old container and the new heading is served; the lens 브라우저에서 열기
//            opens /proxy/<port>/; the palette's docker ps quick pick; the lens 중지 및 삭제 leaves no
//            container and the state lens goes
//   15       the walkthrough, opened by the status bar item's tooltip link and then by the palette's
//            command, ticks on the engine's real state:
//            after the first build and run its app, build and run steps (28-walkthrough-build-run.png),
//            after the edit its edit step, after the run that met the port conflict every step
//            (29-walkthrough-ticked.png)
//   16       the lens 레지스트리에 푸시 pushes to the run's own registry (Debian's docker-registry on a
//            reserved port; dockerlab.registry.default proposes it) and the notification gives the
//            pull command, which the registry's API confirms; 이름 있는 볼륨과 함께 실행 with a volume of
//            the run's own: an item added over HTTP survives stop and remove and a new run; 개발 모드로
//            실행 bind-mounts the workspace at /app and serves an edit of app.js without a build; the
//            walkthrough ticks share, persist and develop on those real results
//   17       compose.yaml (the lab's two services, made this run's own: project name, image tag,
//            host ports) opens as a Compose file: a Korean hover on `services`; `prorts` gets an
//            error squiggle whose quick fix names `ports`; the lens ▶ 모두 실행 starts both services
//            through the Compose SDK helper, the app answers, stats reaches it by its service name,
//            the lenses show both running; 중지 및 삭제 (compose down) leaves no container
//
// Every edit is undone and the files are checked on disk afterwards (code-server saves by itself a
// second after an edit). Always cleans up: the labelled containers, the run's image, code-server,
// Chromium and the temp folder. Screenshots go to
// testdata/e2e-artifacts/ (…/$DOCKERLAB_E2E_ENGINE/ when set); on failure also code-server's and the editor's logs (the "dockerlab"
// output channel with the protocol trace) and the engine's container events of the run.
//
// Run by scripts/test.sh; by hand: .tools/node24/.../bin/node editor-ext/test/e2e/lab.e2e.mjs
// (needs setup-tools.sh, a running engine, make-lab-image.sh and `npm run package` first).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeServer } from './code_server.mjs';
import * as engine from './engine.mjs';
import { ARTIFACTS as ARTIFACTS_ROOT, CHROMIUM, CODE_SERVER, launchChromium, NODE24_BIN, ROOT, VSIX, reservePort } from './harness.mjs';
import { LanguageSteps, MULTI_DOCKERFILE } from './steps_language.mjs';
import { LABEL, LabSteps } from './steps_lab.mjs';
import { WALKTHROUGH_STEPS, WalkthroughSteps } from './steps_walkthrough.mjs';
import { WorkshopSteps } from './steps_workshop.mjs';
import { ComposeSteps, composeForRun } from './steps_compose.mjs';
import { startRegistry } from './registry.mjs';
import { Workbench } from './workbench.mjs';

const LAB = path.join(ROOT, 'testdata/lab');
// DOCKERLAB_E2E_ENGINE names the engine of this run (test.sh runs the lab on two): its artifacts
// go to a folder of their own, so one engine's run never clears the other's evidence.
const ARTIFACTS = path.join(ARTIFACTS_ROOT, process.env.DOCKERLAB_E2E_ENGINE ?? '');
const FOLDER = 'getting-started'; // as in the lab text; the tag comes from the setting below
/** This run's image tag: never `getting-started`, which other tests and a learner's lab use. */
const TAG = `dockerlab-e2e-lab-${crypto.randomBytes(4).toString('hex')}`;
/** This run's Compose project: never the lab folder's `getting-started`. */
const PROJECT = `dockerlab-e2e-${crypto.randomBytes(4).toString('hex')}`;
/** This run's volume: never the workshop's `todo-db`, which a learner's lab may hold. */
const VOLUME = `dockerlab-e2e-todo-${crypto.randomBytes(4).toString('hex')}`;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[e2e ${elapsed()}]`, ...a);

/** This test's artifacts; other E2E files write theirs beside them, so only these are cleared. */
const OWN_ARTIFACT = /^(\d\d-.*\.png|failure\.png|browser-console\.log|code-server\.log|engine-events\.log|vscode-logs)$/;

/** Preconditions that the set-up scripts provide; each failure says which script to run. */
async function checkPreconditions() {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER}): run scripts/setup-tools.sh`);
  if (!fs.existsSync(path.join(NODE24_BIN, 'node'))) missing.push('Node 24: run scripts/setup-tools.sh');
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}): apt-get install chromium`);
  if (!fs.existsSync(VSIX)) missing.push(`${VSIX}: run npm run package`);
  if (!(await engine.ping())) missing.push(`a Docker engine answering on ${engine.socketPath}: run scripts/start-dockerd.sh`);
  else if (!(await engine.imageExists('node:lts-alpine'))) missing.push('the image node:lts-alpine: run scripts/make-lab-image.sh');
  if (missing.length) throw new Error(`missing before the test can start:\n  - ${missing.join('\n  - ')}`);
}

/** The test's state, so the cleanup in main() knows what to undo. */
const run = {
  tmp: '',
  workspace: '',
  dockerfile: '',
  port: 0,
  /** compose.yaml of the workspace and the stats service's host port. */
  compose: '',
  statsPort: 0,
  /** The run's registry ({ host, stop }) and the reference pushed to it. */
  registry: null,
  pushTarget: '',
  /** @type {LabSteps|null} */
  lab: null,
  server: /** @type {CodeServer|null} */ (null),
  browser: /** @type {import('playwright-core').BrowserContext|null} */ (null),
  page: /** @type {import('playwright-core').Page|null} */ (null),
  startedAt: 0,
};

/** The workspace copy, code-server and Chromium on the workbench. */
async function openWorkbench() {
  run.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlab-e2e-')));
  run.workspace = path.join(run.tmp, 'ws', FOLDER);
  fs.cpSync(LAB, run.workspace, { recursive: true });
  fs.writeFileSync(path.join(run.workspace, 'multi.Dockerfile'), MULTI_DOCKERFILE);
  run.dockerfile = path.join(run.workspace, 'Dockerfile');
  run.port = await reservePort();
  run.statsPort = await reservePort();
  run.compose = path.join(run.workspace, 'compose.yaml');
  fs.writeFileSync(run.compose, composeForRun(fs.readFileSync(run.compose, 'utf8'),
    { project: PROJECT, image: `${TAG}-compose`, appPort: run.port, statsPort: run.statsPort }));
  run.registry = await startRegistry(path.join(run.tmp, 'registry'), await reservePort());
  run.pushTarget = `${run.registry.host}/${TAG}:1.0`;
  log('workspace', run.workspace, `· image ${TAG} · host port ${run.port} · registry ${run.registry.host}`);

  run.server = new CodeServer({
    bin: CODE_SERVER,
    nodeBin: NODE24_BIN,
    dir: path.join(run.tmp, 'code-server'),
    workspace: run.workspace,
    locale: 'ko',
    // The "dockerlab" output channel then records each protocol message, kept on a failure.
    settings: {
      'dockerlab.trace.server': 'messages',
      'dockerlab.build.tag': TAG,
      'dockerlab.run.ports': { 3000: run.port },
      'dockerlab.registry.default': run.pushTarget,
    },
  });
  await run.server.installExtension(VSIX);
  log('installed', path.relative(ROOT, VSIX));
  await run.server.start();
  log('code-server', run.server.url);

  const profile = path.join(run.tmp, 'chromium-profile');
  fs.mkdirSync(profile);
  run.browser = await launchChromium(profile, run.server.env);
  run.page = run.browser.pages()[0] ?? (await run.browser.newPage());
  const consoleLog = path.join(ARTIFACTS, 'browser-console.log');
  run.page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
  run.page.on('console', (m) => fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));

  await run.page.goto(`${run.server.url}/?folder=${encodeURIComponent(run.workspace)}`);
  await run.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  await run.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  log('workbench visible');
  return new Workbench(run.page, { artifacts: ARTIFACTS, root: ROOT, log });
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
    await attempt('images', async () => {
      // The tag, then the images a rebuild left untagged (their IDs, seen on our containers).
      for (const ref of [run.pushTarget, TAG, ...(run.lab?.imageIds ?? [])].filter(Boolean)) {
        const result = await engine.removeImageIfUnused(ref);
        if (result !== 'missing') log(`image ${ref}: ${result === 'removed' ? 'removed' : 'left (a container uses it)'}`);
      }
    });
  }
  await attempt('volume', async () => {
    if (await engine.removeVolume(VOLUME)) log('removed volume', VOLUME);
  });
  await attempt('compose project', async () => {
    for (const c of await engine.containers([`com.docker.compose.project=${PROJECT}`], { all: true })) {
      await engine.removeContainer(c.Id);
      log('removed container', c.Names?.[0] ?? c.Id.slice(0, 12));
    }
    for (const n of await engine.removeNetworks([`com.docker.compose.project=${PROJECT}`])) log('removed network', n);
    if (await engine.removeVolume(`${PROJECT}_todo-data`)) log('removed volume', `${PROJECT}_todo-data`);
    for (const ref of [`${TAG}-compose`, `${PROJECT}-stats`]) {
      if ((await engine.removeImageIfUnused(ref)) === 'removed') log('removed image', ref);
    }
  });
  await attempt('registry', async () => run.registry?.stop());
  await attempt('chromium', async () => run.browser?.close());
  await attempt('code-server', async () => run.server?.stop());
  if (run.tmp) await attempt('temp folder', async () => fs.rmSync(run.tmp, { recursive: true, force: true }));
  for (const e of errors) log('cleanup problem:', e);
}

/**
 * On failure, keeps what explains it: code-server's log, the editor's logs (the "dockerlab" output
 * channel holds the server's stderr and the protocol trace) and the engine's container events of
 * the run, which show another test taking the lab's port.
 */
async function keepFailureEvidence() {
  if (run.server) {
    try {
      fs.copyFileSync(run.server.logFile, path.join(ARTIFACTS, 'code-server.log'));
      const logs = path.join(run.server.userData, 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(ARTIFACTS, 'vscode-logs'), { recursive: true });
      log('kept code-server.log and vscode-logs/ in', path.relative(ROOT, ARTIFACTS));
    } catch (err) {
      log('could not keep the logs:', err.message);
    }
  }
  if (run.startedAt) {
    try {
      const events = await engine.containerEvents(Math.floor(run.startedAt / 1000) - 1, Math.ceil(Date.now() / 1000));
      fs.writeFileSync(path.join(ARTIFACTS, 'engine-events.log'), `${events.join('\n')}\n`);
      const others = events.filter((e) => !e.includes(run.tmp) && / (create|start|kill|destroy) /.test(e));
      if (others.length) {
        log(`the engine ran ${others.length} container events of others during this run (engine-events.log); the last ones:`);
        for (const e of others.slice(-12)) console.log(`    ${e}`);
      }
    } catch (err) {
      log('could not read the engine events:', err.message);
    }
  }
}

/** The steps, in the order a learner meets them; each returns nothing and throws on a failure. */
async function steps(wb) {
  const files = {
    dockerfile: run.dockerfile,
    dockerfileText: fs.readFileSync(path.join(LAB, 'Dockerfile'), 'utf8'),
    multi: path.join(run.workspace, 'multi.Dockerfile'),
  };
  const language = new LanguageSteps(wb, files);
  const lab = new LabSteps(wb, { root: ROOT, dockerfile: run.dockerfile, tag: TAG, port: run.port, serverUrl: run.server.url, browser: run.browser });
  run.lab = lab;
  const walkthrough = new WalkthroughSteps(wb, { root: ROOT });
  const timings = [];
  const step = async (name, fn) => {
    const start = Date.now();
    log(`── ${name}`);
    const result = await fn();
    timings.push(`${name} ${((Date.now() - start) / 1000).toFixed(1)}s`);
    return result;
  };
  await step('the walkthrough opens by itself (issue 15)', () => walkthrough.openedByItself());
  await step('hovers (issues 2, 3)', () => language.hovers());
  await step('typo diagnostic and quick fix (issues 2, 5)', () => language.typoAndQuickFix());
  await step('completion (issue 4)', () => language.completion());
  await step('navigation and formatting (issues 3, 7)', () => language.navigation());
  await step('a context file on disk re-checks the Dockerfile (issue 13)', () => language.contextFileOnDisk());
  language.checkUnchanged();
  const toast = await step('build and run (issues 2, 6)', () => lab.buildAndRun());
  await step('open from the notification (issue 2)', () => lab.openFromNotification(toast));
  await step('build insight hints on the Dockerfile (issue 15)', () => lab.insightHints());
  await step('the walkthrough ticks the build and the run (issue 15)', () => walkthrough.expectTicks(['app', 'build', 'run'],
    { fromStatusBar: true, unticked: ['edit', 'rebuild', 'conflict', 'remove', 'rerun'], shot: '28-walkthrough-build-run' }));
  await step('port conflict, first action (issue 6; the walkthrough ticks the edit, issue 15)',
    () => lab.portConflict({ afterEdit: () => walkthrough.expectTicks(['edit'], { unticked: ['rebuild', 'conflict', 'remove', 'rerun'] }) }));
  await step('the walkthrough ticks every step of 실습 #1–#2 (issue 15)', async () => {
    await walkthrough.expectTicks(WALKTHROUGH_STEPS, { shot: '29-walkthrough-ticked' });
    await wb.open('Dockerfile');
  });
  await step('open from the lens (issue 6)', () => lab.openFromLens());
  await step('docker ps from the palette (issue 6)', () => lab.psFromPalette());
  await step('stop and remove (issue 6)', () => lab.stopAndRemove());
  const workshop = new WorkshopSteps(wb, { root: ROOT, workspace: run.workspace, dockerfile: run.dockerfile, tag: TAG, port: run.port,
    registry: run.registry.host, pushTarget: run.pushTarget, volume: VOLUME });
  await step('push from the lens to a real registry (issue 16)', () => workshop.push());
  await step('a named volume keeps the items across containers (issue 16)', () => workshop.persist());
  await step('the walkthrough ticks share and persist (issue 16)', async () => {
    await walkthrough.expectTicks(['share', 'persist'], { unticked: ['develop', 'compose', 'kubernetes'] });
    await workshop.stop();
  });
  await step('development mode serves an edit without a build (issue 16)', () => workshop.develop());
  await step('the walkthrough ticks develop (issue 16)', async () => {
    await walkthrough.expectTicks(['develop'], { shot: '45-walkthrough-workshop', unticked: ['compose', 'kubernetes'] });
    await workshop.stop();
  });
  const compose = new ComposeSteps(wb, { file: run.compose, project: PROJECT, appPort: run.port, statsPort: run.statsPort });
  await step('compose.yaml: a Korean hover (issue 17)', () => compose.hover());
  await step('compose.yaml: a squiggle and its quick fix (issue 17)', () => compose.typoAndQuickFix());
  await step('▶ 모두 실행: both services answer (issue 17)', () => compose.upAll());
  await step('the walkthrough ticks Compose (issue 17)', async () => {
    await walkthrough.expectTicks(['compose'], { shot: '55-walkthrough-compose', unticked: ['kubernetes'] });
    await wb.open('compose.yaml');
  });
  await step('compose down leaves nothing (issue 17)', () => compose.down());
  language.checkUnchanged();
  log('step timings:', timings.join(' · '));
  for (const w of wb.warnings) log('WARNING (worked around):', w);
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of fs.readdirSync(ARTIFACTS)) {
    if (OWN_ARTIFACT.test(f)) fs.rmSync(path.join(ARTIFACTS, f), { recursive: true, force: true });
  }
  let failure;
  let wb;
  try {
    await checkPreconditions();
    run.startedAt = Date.now();
    wb = await openWorkbench();
    await steps(wb);
    await wb.shot('99-success');
  } catch (err) {
    failure = err;
    await wb?.shot('failure');
    if (wb) log('notifications on screen:', JSON.stringify(await wb.toastTexts()));
    await keepFailureEvidence();
  } finally {
    await cleanup();
  }
  if (failure) {
    console.error(`\nE2E FAILED after ${elapsed()}: ${failure.message}`);
    if (failure.stack) console.error(failure.stack.split('\n').slice(1, 6).join('\n'));
    console.error(`screenshots and logs: ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}/`);
    process.exit(1);
  }
  console.log(`\nE2E PASSED in ${elapsed()}: the walkthrough opening by itself, hovers, diagnostic and quick fix, completion, navigation and formatting, a context file on disk, build and run, state lens, proxy, build insight hints, the walkthrough's ticks, port conflict, docker ps, stop and remove, push to a registry, a named volume, development mode, Compose (hover, quick fix, up, down)`);
}

await main();
