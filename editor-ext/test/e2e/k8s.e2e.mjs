// k8s.e2e.mjs: the Kubernetes chapter (issue 19) in a real code-server and headless Chromium, with
// this machine's dist/dockerlab-<platform>.vsix installed, against a real cluster:
//
//   the status bar shows the kubeconfig's current context; the Dockerfile's lens ☸ K8s에 배포
//   builds on the real engine, pushes to a registry on 127.0.0.1 (the cluster is not kind: scripts/
//   k8s.sh's host cluster pulls from there), writes k8s/<name>.yaml, applies it and follows the
//   rollout; the notification's 브라우저에서 열기 opens the app through dockerlab's port-forward
//   behind code-server's /proxy/<port>/; the lens turns to ☸ Pod 1/1 준비됨 (<context>); the
//   status item then counts the node Ready; K8s에서 삭제 removes the Deployment, the lens goes back.
//
// Needs $DOCKERLAB_TEST_KUBECONFIG (scripts/k8s.sh env) and a Docker engine. The test works in its
// own namespace (a context of its own in a copy of the kubeconfig) and deletes it. Screenshots go
// to testdata/e2e-artifacts/. Exits non-zero on failure. Run by scripts/test.sh.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as engine from './engine.mjs';
import { ARTIFACTS, CHROMIUM, CODE_SERVER, ROOT, VSIX, reservePort } from './harness.mjs';
import { startRegistry } from './registry.mjs';
import { E2ESession } from './session.mjs';
import { flat, waitFor } from './workbench.mjs';

const t0 = Date.now();
const log = (...a) => console.log(`[k8s ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const SUFFIX = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const FOLDER = `k8s-lab-${SUFFIX}`;
const NAMESPACE = `dockerlab-e2e-${SUFFIX}`;
const DEPLOY = '☸ K8s에 배포';
const OPEN = '브라우저에서 열기';
const READY = new RegExp(`^\\s*☸ Pod 1/1 준비됨 \\(${NAMESPACE}\\)\\s*$`);

const KUBECTL = path.join(process.env.DOCKERLAB_K8S_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'dockerlab/k8s-v1.37.2'), 'bin/kubectl');

async function main() {
  const source = process.env.DOCKERLAB_TEST_KUBECONFIG;
  if (!source) throw new Error('DOCKERLAB_TEST_KUBECONFIG is not set: start the cluster with scripts/k8s.sh start');
  for (const [p, fix] of [[CODE_SERVER, 'scripts/setup-tools.sh'], [VSIX, 'npm run package'], [CHROMIUM, 'apt-get install chromium'], [KUBECTL, 'scripts/k8s.sh build']]) {
    if (!fs.existsSync(p)) throw new Error(`missing ${p}: run ${fix}`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlab-k8s-e2e-')));
  const workspace = path.join(tmp, 'ws', FOLDER);
  fs.cpSync(path.join(ROOT, 'testdata/lab'), workspace, { recursive: true });
  // A context of this run's own: the cluster of the test kubeconfig, in its own namespace.
  const kubeconfig = path.join(tmp, 'kubeconfig');
  fs.copyFileSync(source, kubeconfig);
  const kubectl = (...args) => execFileSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 120_000 });
  const current = kubectl('config', 'current-context').trim();
  const cluster = kubectl('config', 'view', '-o', `jsonpath={.contexts[?(@.name=="${current}")].context.cluster}`).trim();
  const user = kubectl('config', 'view', '-o', `jsonpath={.contexts[?(@.name=="${current}")].context.user}`).trim();
  kubectl('config', 'set-context', NAMESPACE, `--cluster=${cluster}`, `--user=${user}`, `--namespace=${NAMESPACE}`);
  kubectl('config', 'use-context', NAMESPACE);
  kubectl('create', 'namespace', NAMESPACE);
  log('namespace', NAMESPACE, 'on', cluster);
  const registry = await startRegistry(path.join(tmp, 'registry'), await reservePort());

  process.env.KUBECONFIG = kubeconfig; // code-server's environment, and so the server's
  const session = new E2ESession({
    tmp, workspace, log, name: 'k8s',
    settings: { 'dockerlab.trace.server': 'messages', 'dockerlab.registry.default': `${registry.host}/${FOLDER}:1.0` },
  });
  try {
    await session.open();
    const { page, wb, browser } = session;
    const step = (name, fn) => session.step(name, fn);
    await wb.open('Dockerfile');
    const item = page.locator('.statusbar-item', { hasText: NAMESPACE }).first();

    await step('the status bar shows the current context', async () => {
      await item.waitFor({ state: 'visible', timeout: 60_000 });
      return flat(await item.innerText());
    });

    let port = 0;
    await step(`${DEPLOY} deploys and ${OPEN} opens the app through the port-forward`, async () => {
      await wb.clickLens(DEPLOY);
      const { toast, text } = await wb.toast(`a notification offering "${OPEN}"`, { hasText: OPEN }, { timeoutMs: 420_000 });
      await wb.shot('k8s-10-deployed');
      const popup = new Promise((resolve) => browser.once('page', resolve));
      await toast.locator('.monaco-button', { hasText: OPEN }).first().click();
      const dialog = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^(열기|Open)$/ }).first();
      await dialog.waitFor({ state: 'visible', timeout: 10_000 }).then(() => dialog.click()).catch(() => {});
      const tab = await Promise.race([popup, new Promise((r) => setTimeout(() => r(null), 30_000).unref())]);
      if (!tab) throw new Error('no tab opened');
      await waitFor('the tab leaving about:blank', () => tab.url() !== 'about:blank' && tab.url() !== '', { timeoutMs: 20_000 });
      const m = /\/proxy\/(\d+)\/$/.exec(tab.url());
      if (!m) throw new Error(`the tab opened ${tab.url()}, not a …/proxy/<port>/ URL`);
      port = Number(m[1]);
      await waitFor('Todo App in the tab', async () => (await tab.locator('h1').innerText().catch(() => '')).includes('Todo App'), { timeoutMs: 60_000 });
      await tab.screenshot({ path: path.join(ARTIFACTS, 'k8s-11-app.png') });
      await tab.close();
      return { text, port };
    });

    await step('the manifest is written beside the Dockerfile and the cluster runs it', async () => {
      const manifest = path.join(workspace, 'k8s', `${FOLDER}.yaml`);
      if (!fs.existsSync(manifest)) throw new Error(`${manifest} is missing`);
      const ready = kubectl('get', 'deployment', FOLDER, '-o', 'jsonpath={.status.readyReplicas}/{.spec.replicas} {.spec.template.spec.containers[0].image}').trim();
      if (!ready.startsWith('1/1 ') || !ready.includes(registry.host)) throw new Error(`kubectl get deployment: ${ready}`);
      return ready;
    });

    await step('the lens says the Pod is ready, the status item counts the node', async () => {
      await wb.lens(READY).waitFor({ state: 'visible', timeout: 60_000 });
      await waitFor('nodes 1/1 Ready in the status bar', async () => /노드 1\/1 Ready/.test(await item.innerText().catch(() => '')), { timeoutMs: 60_000 });
      await wb.shot('k8s-12-ready');
      return { lenses: await wb.lensTexts(), item: flat(await item.innerText()) };
    });

    await step('K8s에서 삭제 removes what the manifest created', async () => {
      await wb.clearToasts();
      await wb.clickLens('K8s에서 삭제');
      await waitFor('the ready lens gone', async () => !(await wb.lens(READY).isVisible()), { timeoutMs: 120_000 });
      const left = kubectl('get', 'deployment,service,ingress', '-o', 'name').trim();
      if (left) throw new Error(`left in the namespace: ${left}`);
      if (!fs.existsSync(path.join(workspace, 'k8s', `${FOLDER}.yaml`))) throw new Error('the manifest file was removed');
      return await wb.lensTexts();
    });
  } finally {
    await session.close();
    registry.stop();
    try {
      // This run's images: the tag, its content tags and the pushed references.
      await engine.removeImagesContaining(FOLDER);
    } catch (err) {
      log('cleanup: images', err.message);
    }
    try {
      kubectl('delete', 'namespace', NAMESPACE, '--wait=true');
    } catch (err) {
      log('cleanup: namespace', err.message);
    }
  }
  session.verdict();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
