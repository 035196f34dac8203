// bundle.mjs compiles the extension with esbuild into out/extension.js (vscode-languageclient
// bundled in, `vscode` left to the editor). With --tests it also compiles test/unit/*.test.ts
// into out/test/ for `node --test`.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = dirname(dirname(fileURLToPath(import.meta.url)));

/** bundleExtension writes out/extension.js, minified (the .vsix stays small). */
export async function bundleExtension() {
  await esbuild.build({
    entryPoints: [join(ext, 'src/extension.ts')],
    outfile: join(ext, 'out/extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    minify: true,
    logLevel: 'warning',
  });
}

/** bundleTests writes out/test/<name>.test.js for every test/unit/<name>.test.ts. */
export async function bundleTests() {
  const dir = join(ext, 'test/unit');
  rmSync(join(ext, 'out/test'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => join(dir, f)),
    outdir: join(ext, 'out/test'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Tests read sources and bundles from disk; keep Node's own modules and any vscode import out.
    external: ['vscode'],
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleExtension();
  if (process.argv.includes('--tests')) {
    await bundleTests();
  }
}
