// package.mjs builds dist/dockerlab.vsix from a clean tree:
//   1. the Go server, static for linux/amd64, into editor-ext/bin/dockerlab, and its Compose
//      helper into editor-ext/bin/dockerlab-compose
//   2. the extension, bundled by esbuild into editor-ext/out/extension.js
//   3. the .vsix, by @vscode/vsce (dependencies are bundled, so --no-dependencies)
// Run it from anywhere: `npm run package` at the repository root.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleExtension } from './bundle.mjs';

const ext = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(ext);
const vsix = join(root, 'dist', 'dockerlab.vsix');

function run(cmd, args, opts) {
  console.log(`[package] ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) {
    throw new Error(`${cmd}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    throw new Error(`${cmd} exited with ${r.status ?? r.signal}`);
  }
}

try {
  rmSync(join(ext, 'out'), { recursive: true, force: true });
  rmSync(join(ext, 'bin'), { recursive: true, force: true });

  run('go', ['build', '-trimpath', '-buildvcs=auto', '-ldflags=-s -w', '-o', 'editor-ext/bin/dockerlab', './server/cmd/dockerlab'], {
    cwd: root,
    env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' },
  });
  // The Compose helper: Docker's Compose SDK, kept out of the language server (see server/composesdk).
  run('go', ['build', '-trimpath', '-buildvcs=auto', '-ldflags=-s -w', '-o', 'editor-ext/bin/dockerlab-compose', './server/cmd/dockerlab-compose'], {
    cwd: root,
    env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' },
  });

  console.log('[package] esbuild src/extension.ts -> out/extension.js');
  await bundleExtension();

  mkdirSync(dirname(vsix), { recursive: true });
  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', relative(ext, vsix)], { cwd: ext });

  console.log(`[package] ${relative(process.cwd(), vsix) || vsix} (${(statSync(vsix).size / 1e6).toFixed(1)} MB)`);
} catch (error) {
  console.error(`[package] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
