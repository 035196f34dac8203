// targets.mjs: the platforms dockerlab ships a .vsix for, and where each one goes.
//
// Each target is a VS Code platform (`vsce package --target`) with the Go GOOS/GOARCH that builds
// its server, the names of its two binaries and what their headers must say (checked by
// verify-platforms.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** @typedef {{ id: string, goos: string, goarch: string, exe: string, format: 'elf'|'macho'|'pe', machine: string }} Target */

/** @type {Target[]} */
export const TARGETS = [
  { id: 'linux-x64', goos: 'linux', goarch: 'amd64', exe: '', format: 'elf', machine: 'x86-64' },
  { id: 'linux-arm64', goos: 'linux', goarch: 'arm64', exe: '', format: 'elf', machine: 'arm64' },
  { id: 'darwin-x64', goos: 'darwin', goarch: 'amd64', exe: '', format: 'macho', machine: 'x86-64' },
  { id: 'darwin-arm64', goos: 'darwin', goarch: 'arm64', exe: '', format: 'macho', machine: 'arm64' },
  { id: 'win32-x64', goos: 'windows', goarch: 'amd64', exe: '.exe', format: 'pe', machine: 'x86-64' },
];

/** The binaries every .vsix holds under extension/bin/, without the target's suffix. */
export const BINARIES = [
  { name: 'dockerlab', pkg: './server/cmd/dockerlab' },
  // The Compose helper: Docker's Compose SDK, kept out of the language server (see server/composesdk).
  { name: 'dockerlab-compose', pkg: './server/cmd/dockerlab-compose' },
  // The Kubernetes helper: client-go, kept out of the language server (see server/k8ssdk).
  { name: 'dockerlab-k8s', pkg: './server/cmd/dockerlab-k8s' },
];

/** hostTarget is the target of the machine this runs on (the one code-server here installs). */
export function hostTarget(platform = process.platform, arch = process.arch) {
  const id = `${platform}-${arch}`;
  const t = TARGETS.find((x) => x.id === id);
  if (!t) {
    throw new Error(`dockerlab has no .vsix for ${id} (targets: ${TARGETS.map((x) => x.id).join(', ')})`);
  }
  return t;
}

/** vsixPath is where `npm run package` writes the .vsix of target id. */
export function vsixPath(id) {
  return join(ROOT, 'dist', `dockerlab-${id}.vsix`);
}

/**
 * selectTargets reads the targets to build from DOCKERLAB_TARGETS: unset or "all" for every
 * target, "host" for this machine's, or a comma-separated list of ids.
 */
export function selectTargets(spec = process.env.DOCKERLAB_TARGETS) {
  if (!spec || spec === 'all') {
    return TARGETS;
  }
  return spec.split(',').map((s) => {
    const id = s.trim();
    if (id === 'host') {
      return hostTarget();
    }
    const t = TARGETS.find((x) => x.id === id);
    if (!t) {
      throw new Error(`unknown target ${id} in DOCKERLAB_TARGETS (targets: host, all, ${TARGETS.map((x) => x.id).join(', ')})`);
    }
    return t;
  });
}
