// kind.e2e.mjs: the kind path of the Kubernetes chapter (issue 19) in a real code-server and
// headless Chromium, with this machine's dist/dockerlab-<platform>.vsix installed, on Docker Engine 29
// (Debian's 20.10 cannot run kind's nodes here):
//
//   the palette's "Kubernetes: kind 클러스터 만들기" creates a kind cluster from the offline node image
//   and installs the Ingress controller (Traefik); the status bar shows the context kind-<name> with
//   its node Ready; the Dockerfile's lens ☸ K8s에 배포 builds, loads the image into the node and
//   applies k8s/<name>.yaml; the lens 브라우저에서 열기 (Ingress) opens the app through Traefik on the
//   node's published port, behind code-server's /proxy/<port>/; "kind 클러스터 삭제" asks, then
//   deletes the cluster: no node container, the context gone from the status bar.
//
// Needs DOCKER_HOST on Engine 29 and $DOCKERLAB_TEST_KIND_IMAGE, $DOCKERLAB_TEST_KIND_CONFIG and
// $DOCKERLAB_TEST_INGRESS_IMAGE (scripts/kind-image.sh env). The cluster's NodePort of the
// controller is published on a free port of this run. Screenshots go to testdata/e2e-artifacts/.
// Exits non-zero on failure. Run by scripts/test.sh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as engine from './engine.mjs';
import { ARTIFACTS, CHROMIUM, CODE_SERVER, ROOT, VSIX, reservePort } from './harness.mjs';
import { E2ESession } from './session.mjs';
import { flat, waitFor } from './workbench.mjs';

const t0 = Date.now();
const log = (...a) => console.log(`[kind ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const SUFFIX = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const FOLDER = `kind-lab-${SUFFIX}`;
const CLUSTER = `dle${SUFFIX}`;
const CONTEXT = `kind-${CLUSTER}`;
const DEPLOY = '☸ K8s에 배포';
const OPEN_INGRESS = '브라우저에서 열기 (Ingress)';
const NODE_LABEL = `io.x-k8s.kind.cluster=${CLUSTER}`;

function commandTitles(key) {
  return ['package.nls.json', 'package.nls.ko.json'].map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'editor-ext', f), 'utf8'))[key]);
}

async function main() {
  const { DOCKERLAB_TEST_KIND_IMAGE: nodeImage, DOCKERLAB_TEST_KIND_CONFIG: baseConfig, DOCKERLAB_TEST_INGRESS_IMAGE: ingressImage } = process.env;
  if (!nodeImage || !baseConfig || !ingressImage) {
    throw new Error('DOCKERLAB_TEST_KIND_IMAGE, DOCKERLAB_TEST_KIND_CONFIG and DOCKERLAB_TEST_INGRESS_IMAGE must be set (scripts/kind-image.sh env)');
  }
  for (const [p, fix] of [[CODE_SERVER, 'scripts/setup-tools.sh'], [VSIX, 'npm run package'], [CHROMIUM, 'apt-get install chromium']]) {
    if (!fs.existsSync(p)) throw new Error(`missing ${p}: run ${fix}`);
  }
  if (!(await engine.ping())) throw new Error(`no Docker engine answers at ${engine.socketPath}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlab-kind-e2e-')));
  const workspace = path.join(tmp, 'ws', FOLDER);
  fs.cpSync(path.join(ROOT, 'testdata/lab'), workspace, { recursive: true });
  // The test config, with the controller's NodePort published as dockerlab's default config does,
  // on a port of this run's own.
  const ingressPort = await reservePort();
  const base = fs.readFileSync(baseConfig, 'utf8');
  if (!base.includes('- role: control-plane\n')) throw new Error(`${baseConfig}: no control-plane node`);
  const config = path.join(tmp, 'kind.yaml');
  fs.writeFileSync(config, base.replace('- role: control-plane\n',
    `- role: control-plane\n  extraPortMappings:\n  - containerPort: 30080\n    hostPort: ${ingressPort}\n    listenAddress: "127.0.0.1"\n    protocol: TCP\n`));
  process.env.KUBECONFIG = path.join(tmp, 'kubeconfig'); // code-server's environment, and so kind's
  log('cluster', CLUSTER, 'Ingress on 127.0.0.1:' + ingressPort);

  const session = new E2ESession({
    tmp, workspace, log, name: 'kind',
    settings: {
      'dockerlab.trace.server': 'messages',
      'dockerlab.k8s.clusterName': CLUSTER,
      'dockerlab.k8s.nodeImage': nodeImage,
      'dockerlab.k8s.kindConfig': config,
      'dockerlab.k8s.ingressImage': ingressImage,
    },
  });
  try {
    await session.open();
    const { page, wb, browser } = session;
    const step = (name, fn) => session.step(name, fn);
    await wb.open('Dockerfile');
    const item = page.locator('.statusbar-item', { hasText: CONTEXT }).first();

    await step('the palette creates the kind cluster with its Ingress controller', async () => {
      await wb.palette('kind', commandTitles('command.k8sCreateCluster'));
      const { text } = await wb.toast('the cluster created', { hasText: 'kind 클러스터를 만들었습니다' }, { timeoutMs: 360_000 });
      if (text.includes('Ingress')) throw new Error(`the controller did not start: ${text}`);
      await wb.shot('kind-10-created');
      const nodes = await engine.containers([NODE_LABEL]);
      if (nodes.length !== 1) throw new Error(`${nodes.length} node containers`);
      return text;
    });

    await step('the status bar shows the new context with its node Ready', async () => {
      await item.waitFor({ state: 'visible', timeout: 60_000 });
      await waitFor('nodes 1/1 Ready', async () => /노드 1\/1 Ready/.test(await item.innerText().catch(() => '')), { timeoutMs: 60_000 });
      return flat(await item.innerText());
    });

    await step(`${DEPLOY} deploys and ${OPEN_INGRESS} opens the app through Traefik`, async () => {
      await wb.clearToasts();
      await wb.clickLens(DEPLOY);
      await wb.toast('the deploy done', { hasText: '브라우저에서 열기' }, { timeoutMs: 420_000 });
      await wb.clearToasts();
      const popup = new Promise((resolve) => browser.once('page', resolve));
      await wb.clickLens(OPEN_INGRESS, { timeoutMs: 60_000 });
      const dialog = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^(열기|Open)$/ }).first();
      await dialog.waitFor({ state: 'visible', timeout: 10_000 }).then(() => dialog.click()).catch(() => {});
      const tab = await Promise.race([popup, new Promise((r) => setTimeout(() => r(null), 30_000).unref())]);
      if (!tab) throw new Error('no tab opened');
      await waitFor('the tab leaving about:blank', () => tab.url() !== 'about:blank' && tab.url() !== '', { timeoutMs: 20_000 });
      if (!tab.url().endsWith(`/proxy/${ingressPort}/`)) throw new Error(`the tab opened ${tab.url()}, not …/proxy/${ingressPort}/`);
      await waitFor('Todo App in the tab', async () => (await tab.locator('h1').innerText().catch(() => '')).includes('Todo App'), { timeoutMs: 60_000 });
      await tab.screenshot({ path: path.join(ARTIFACTS, 'kind-11-ingress.png') });
      await tab.close();
      return { url: tab.url(), lenses: await wb.lensTexts() };
    });

    await step('kind 클러스터 삭제 asks, then deletes the cluster', async () => {
      await wb.clearToasts();
      await wb.palette('kind', commandTitles('command.k8sDeleteCluster'));
      const { toast } = await wb.toast('the question', { hasText: '되돌릴 수 없습니다' }, { timeoutMs: 30_000 });
      await toast.locator('.monaco-button', { hasText: '클러스터 삭제' }).first().click();
      const { text } = await wb.toast('the cluster deleted', { hasText: 'kind 클러스터를 삭제했습니다' }, { timeoutMs: 180_000 });
      const nodes = await engine.containers([NODE_LABEL], { all: true });
      if (nodes.length) throw new Error(`${nodes.length} node containers left`);
      await waitFor('the context gone from the status bar', async () => !(await item.isVisible().catch(() => false)), { timeoutMs: 60_000 });
      return text;
    });
  } finally {
    await session.close();
    try {
      for (const c of await engine.containers([NODE_LABEL], { all: true })) await engine.removeContainer(c.Id);
      await engine.removeImagesContaining(FOLDER);
    } catch (err) {
      log('cleanup', err.message);
    }
  }
  session.verdict();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
