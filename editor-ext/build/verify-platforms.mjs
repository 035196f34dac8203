// verify-platforms.mjs: proves that every platform .vsix `npm run package` wrote holds what its
// platform can run (`npm test` runs it after packaging):
//   - the manifest names the target platform (VS Code installs the .vsix only there);
//   - extension/bin holds exactly the target's binaries (`.exe` on Windows), nothing else;
//   - each binary's header is the target's file format (ELF, Mach-O 64, PE32+) and machine
//     (x86-64, arm64), and a Linux binary is static (no program interpreter: CGO_ENABLED=0);
//   - the Linux binaries run: natively or, for an architecture this machine is not, under
//     Debian's qemu-user-static: `dockerlab version` names BuildKit, and `dockerlab lsp` over stdio
//     answers a Korean hover on FROM and the document's diagnostics; dockerlab-k8s answers a
//     request without a kubeconfig with its JSON error line.
// It prints each .vsix's size and its binaries' sizes. Exit 1 on the first failed check.
//
//   node editor-ext/build/verify-platforms.mjs            # every target in DOCKERLAB_TARGETS
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BINARIES, ROOT, selectTargets, vsixPath } from './targets.mjs';

const vsceRequire = createRequire(createRequire(import.meta.url).resolve('@vscode/vsce/package.json'));
const yauzl = vsceRequire('yauzl');

/** readZip returns every entry of the zip at file as name → Buffer. */
function readZip(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map();
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * describeBinary reads an executable's header: its format, machine and, for ELF, whether it asks
 * for a program interpreter (a dynamically linked binary does).
 * @returns {{ format: string, machine: string, interp?: boolean }}
 */
export function describeBinary(b) {
  if (b.length >= 64 && b.readUInt32BE(0) === 0x7f454c46) {
    if (b[4] !== 2 || b[5] !== 1) return { format: 'elf32-or-big-endian', machine: '?' };
    const machine = { 0x3e: 'x86-64', 0xb7: 'arm64' }[b.readUInt16LE(18)] ?? `elf-machine-${b.readUInt16LE(18)}`;
    const phoff = Number(b.readBigUInt64LE(32));
    const phentsize = b.readUInt16LE(54);
    const phnum = b.readUInt16LE(56);
    let interp = false;
    for (let i = 0; i < phnum; i++) {
      if (b.readUInt32LE(phoff + i * phentsize) === 3 /* PT_INTERP */) interp = true;
    }
    return { format: 'elf', machine, interp };
  }
  if (b.length >= 8 && b.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = b.readUInt32LE(4);
    return { format: 'macho', machine: { 0x01000007: 'x86-64', 0x0100000c: 'arm64' }[cpu] ?? `macho-cpu-${cpu.toString(16)}` };
  }
  if (b.length >= 0x40 && b.toString('latin1', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (b.toString('latin1', pe, pe + 4) !== 'PE\0\0') return { format: 'mz-without-pe', machine: '?' };
    const machine = { 0x8664: 'x86-64', 0xaa64: 'arm64' }[b.readUInt16LE(pe + 4)] ?? `pe-machine-${b.readUInt16LE(pe + 4).toString(16)}`;
    const optMagic = b.readUInt16LE(pe + 24);
    return { format: optMagic === 0x20b ? 'pe' : `pe-optional-magic-${optMagic.toString(16)}`, machine };
  }
  return { format: 'unknown', machine: '?' };
}

function fail(msg) {
  throw new Error(msg);
}

/** runner returns the command that runs a Linux binary of goarch here, or undefined. */
function runner(goarch) {
  const host = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  if (goarch === host) return [];
  const qemu = { arm64: 'qemu-aarch64-static', amd64: 'qemu-x86_64-static' }[goarch];
  const found = spawnSync('sh', ['-c', `command -v ${qemu}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    fail(`${qemu} is missing: install Debian's qemu-user-static (scripts/setup-tools.sh test) to run the ${goarch} server`);
  }
  return [found.stdout.trim()];
}

/** lspHover starts `dockerlab lsp` through prefix and asks a hover on FROM and the diagnostics. */
function lspHover(prefix, bin, dir) {
  const dockerfile = join(dir, 'Dockerfile');
  const text = 'FROM node:lts-alpine\nMAINTAINER me\nWORKDIR /app\n';
  writeFileSync(dockerfile, text);
  const uri = `file://${dockerfile}`;
  const [cmd, ...args] = [...prefix, bin, 'lsp'];
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/dockerlab-verify.sock' } });
  let buf = Buffer.alloc(0);
  let stderr = '';
  const waiting = new Map();
  let diagnostics;
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  };
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.toString('latin1', 0, end))?.[1]);
      if (buf.length < end + 4 + len) return;
      const msg = JSON.parse(buf.toString('utf8', end + 4, end + 4 + len));
      buf = buf.subarray(end + 4 + len);
      if (msg.id !== undefined && waiting.has(msg.id) && msg.method === undefined) {
        waiting.get(msg.id)(msg);
        waiting.delete(msg.id);
      } else if (msg.method === 'textDocument/publishDiagnostics' && msg.params.uri === uri) {
        diagnostics = msg.params.diagnostics;
      } else if (msg.id !== undefined && msg.method !== undefined) {
        send({ id: msg.id, result: null }); // e.g. workspace/configuration, window/workDoneProgress/create
      }
    }
  });
  let next = 1;
  const request = (method, params) =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      send({ id, method, params });
    });
  const timeout = new Promise((_, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in 60 s from ${[cmd, ...args].join(' ')}\n${stderr}`)), 60_000);
    child.on('exit', () => clearTimeout(t));
  });
  const session = (async () => {
    const init = await request('initialize', { processId: process.pid, rootUri: `file://${dir}`, capabilities: {} });
    if (!init.result?.capabilities?.hoverProvider) fail(`initialize answered no hover provider: ${JSON.stringify(init)}`);
    send({ method: 'initialized', params: {} });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dockerfile', version: 1, text } } });
    const hover = await request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    const value = hover.result?.contents?.value ?? '';
    if (!/[가-힣]/.test(value) || !value.includes('FROM')) fail(`the hover on FROM is not the Korean page: ${JSON.stringify(hover).slice(0, 300)}`);
    for (let i = 0; i < 100 && diagnostics === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    const maintainer = (diagnostics ?? []).find((d) => d.range.start.line === 1);
    if (!maintainer || !/[가-힣]/.test(maintainer.message)) fail(`no Korean diagnostic on MAINTAINER: ${JSON.stringify(diagnostics)}`);
    await request('shutdown', null);
    send({ method: 'exit' });
    return { hover: value.split('\n').find((l) => /[가-힣]/.test(l)), diagnostic: maintainer.message };
  })();
  return Promise.race([session, timeout]).finally(() => child.kill());
}

async function verify(t) {
  const file = vsixPath(t.id);
  if (!existsSync(file)) fail(`${relative(ROOT, file)} is missing: run npm run package`);
  const entries = await readZip(file);
  const manifest = entries.get('extension.vsixmanifest')?.toString('utf8') ?? '';
  if (!manifest.includes(`TargetPlatform="${t.id}"`)) fail(`${relative(ROOT, file)}: the manifest does not name TargetPlatform="${t.id}"`);
  const want = BINARIES.map((b) => `extension/bin/${b.name}${t.exe}`);
  const got = [...entries.keys()].filter((n) => n.startsWith('extension/bin/')).sort();
  if (JSON.stringify(got) !== JSON.stringify([...want].sort())) fail(`${relative(ROOT, file)}: bin/ holds ${got.join(', ')}; want ${want.join(', ')}`);
  const sizes = [];
  for (const name of want) {
    const b = entries.get(name);
    const d = describeBinary(b);
    if (d.format !== t.format || d.machine !== t.machine) fail(`${t.id} ${name}: ${d.format}/${d.machine}, want ${t.format}/${t.machine}`);
    if (d.interp) fail(`${t.id} ${name}: dynamically linked (asks for a program interpreter); build it with CGO_ENABLED=0`);
    sizes.push(`${name.slice('extension/bin/'.length)} ${(b.length / 1e6).toFixed(1)} MB ${d.format}/${d.machine}`);
  }
  console.log(`[verify] ${t.id}: ${(statSync(file).size / 1e6).toFixed(1)} MB; ${sizes.join('; ')}`);
  if (t.goos !== 'linux' || process.platform !== 'linux') return;

  const prefix = runner(t.goarch);
  const dir = mkdtempSync(join(tmpdir(), `dockerlab-verify-${t.id}-`));
  try {
    const bin = join(dir, 'dockerlab');
    writeFileSync(bin, entries.get(`extension/bin/dockerlab${t.exe}`));
    chmodSync(bin, 0o755);
    const v = spawnSync(prefix[0] ?? bin, [...(prefix.length ? [bin] : []), 'version'], { encoding: 'utf8', timeout: 60_000 });
    if (v.status !== 0 || !/BuildKit: v\d/.test(v.stdout)) fail(`${t.id}: dockerlab version failed (${v.status}): ${v.stdout}${v.stderr}${v.error ?? ''}`);
    const how = prefix.length ? `under ${prefix[0].split('/').pop()}` : 'natively';
    console.log(`[verify] ${t.id}: dockerlab version ${how}: ${v.stdout.trim().split('\n').join(' | ')}`);
    const lsp = await lspHover(prefix, bin, dir);
    console.log(`[verify] ${t.id}: dockerlab lsp ${how}: hover "${lsp.hover.trim().slice(0, 60)}", diagnostic "${lsp.diagnostic.slice(0, 60)}"`);
    // The Kubernetes helper starts (client-go initialised) and answers a request it cannot serve
    // (no kubeconfig there) with its JSON error line and exit status 1.
    const k8s = join(dir, 'dockerlab-k8s');
    writeFileSync(k8s, entries.get(`extension/bin/dockerlab-k8s${t.exe}`));
    chmodSync(k8s, 0o755);
    const request = JSON.stringify({ op: 'status', kubeconfig: [join(dir, 'no-kubeconfig')], deployment: 'x' });
    const h = spawnSync(prefix[0] ?? k8s, prefix.length ? [k8s] : [], { input: request, encoding: 'utf8', timeout: 60_000 });
    let line;
    try {
      line = JSON.parse(h.stdout.trim().split('\n').pop() ?? '');
    } catch {
      line = undefined;
    }
    if (h.status !== 1 || line?.error?.kind !== 'Config') fail(`${t.id}: dockerlab-k8s answered (${h.status}): ${h.stdout}${h.stderr}${h.error ?? ''}`);
    console.log(`[verify] ${t.id}: dockerlab-k8s ${how}: ${JSON.stringify(line.error).slice(0, 100)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  for (const t of selectTargets()) {
    await verify(t);
  }
} catch (error) {
  console.error(`[verify] failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
