// registry.mjs: a real registry for the E2E test, Debian's docker-registry (the CNCF Distribution
// registry 2.8, installed by scripts/setup-tools.sh) on a port the test reserved on 127.0.0.1,
// with its own storage folder; both engines push to 127.0.0.0/8 over plain HTTP without any
// daemon configuration. The test reads what the registry holds through its own HTTP API.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './workbench.mjs';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

/** startRegistry starts a registry on 127.0.0.1:port keeping its files in dir; resolves to { host, stop }. */
export async function startRegistry(dir, port) {
  if (!fs.existsSync(REGISTRY_BIN)) throw new Error(`${REGISTRY_BIN} is missing: run scripts/setup-tools.sh (apt docker-registry)`);
  fs.mkdirSync(dir, { recursive: true });
  const host = `127.0.0.1:${port}`;
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'storage')}\n  delete:\n    enabled: true\nhttp:\n  addr: ${host}\n`);
  const logFile = fs.openSync(path.join(dir, 'registry.log'), 'a');
  const child = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', logFile, logFile] });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  await waitFor(`the registry answering on ${host}`, async () => {
    if (exited) throw new Error(`the registry exited: ${fs.readFileSync(path.join(dir, 'registry.log'), 'utf8')}`);
    try {
      return (await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  }, { timeoutMs: 20_000 });
  return {
    host,
    stop: () => {
      if (!exited) child.kill();
    },
  };
}

/** registryTags lists a repository's tags as the registry's API does; [] when it has none. */
export async function registryTags(host, repository) {
  try {
    const res = await fetch(`http://${host}/v2/${repository}/tags/list`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return [];
    return (await res.json()).tags ?? [];
  } catch {
    return [];
  }
}
