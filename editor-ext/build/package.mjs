// package.mjs builds one platform-specific .vsix per target (targets.mjs) from a clean tree:
//   1. the extension, bundled by esbuild into editor-ext/out/extension.js (once)
//   2. per target: the Go server and its Compose helper, static (CGO_ENABLED=0), stripped, into
//      editor-ext/bin/ (`.exe` on Windows); then `vsce package --target <id>` writes
//      dist/dockerlab-<id>.vsix holding only that target's binaries
// DOCKERLAB_TARGETS picks the targets: unset or "all" (every platform), "host" (this machine's,
// what `npm start` uses) or a comma-separated list such as "linux-x64,win32-x64".
// There is no universal .vsix: without a server binary the extension could do nothing.
// Run it from anywhere: `npm run package` at the repository root.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { bundleExtension } from './bundle.mjs';
import { BINARIES, ROOT, selectTargets, vsixPath } from './targets.mjs';

const ext = join(ROOT, 'editor-ext');

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
  const targets = selectTargets();
  rmSync(join(ext, 'out'), { recursive: true, force: true });
  console.log('[package] esbuild src/extension.ts -> out/extension.js');
  await bundleExtension();

  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  const sizes = [];
  for (const t of targets) {
    rmSync(join(ext, 'bin'), { recursive: true, force: true });
    for (const b of BINARIES) {
      // -trimpath and -s -w: no local paths, no symbol table or DWARF (about a third smaller);
      // -buildvcs=auto stamps the commit that `dockerlab version` prints.
      run('go', ['build', '-trimpath', '-buildvcs=auto', '-ldflags=-s -w', '-o', `editor-ext/bin/${b.name}${t.exe}`, b.pkg], {
        cwd: ROOT,
        env: { ...process.env, CGO_ENABLED: '0', GOOS: t.goos, GOARCH: t.goarch },
      });
    }
    const out = vsixPath(t.id);
    mkdirSync(dirname(out), { recursive: true });
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--target', t.id, '-o', relative(ext, out)], { cwd: ext });
    sizes.push(`${relative(process.cwd(), out) || out} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);
  }
  for (const s of sizes) {
    console.log(`[package] ${s}`);
  }
} catch (error) {
  console.error(`[package] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
