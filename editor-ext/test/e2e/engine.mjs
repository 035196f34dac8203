// engine.mjs: the few Docker Engine API calls the E2E test needs, as plain HTTP over the engine's
// unix socket (no docker CLI, no SDK), so the test checks what the engine really holds.
import http from 'node:http';

/** The engine socket: DOCKER_HOST when it names a unix socket, else the default. */
export const socketPath = (process.env.DOCKER_HOST ?? '').startsWith('unix://')
  ? process.env.DOCKER_HOST.slice('unix://'.length)
  : '/var/run/docker.sock';

/**
 * request sends one call to the engine and resolves to { status, body } where body is parsed JSON
 * when the engine answered JSON, else text. It rejects only when the socket cannot be reached.
 */
export function request(method, path, { body, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        socketPath,
        method,
        path,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {},
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          if ((res.headers['content-type'] ?? '').includes('json') && text !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`engine ${method} ${path}: no answer in ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new Error(`engine ${method} ${path} via ${socketPath}: ${err.message}`)));
    if (payload) req.write(payload);
    req.end();
  });
}

/** ping resolves to true when the engine answers /_ping with OK. */
export async function ping() {
  try {
    const res = await request('GET', '/_ping', { timeoutMs: 3000 });
    return res.status === 200 && String(res.body).trim() === 'OK';
  } catch {
    return false;
  }
}

/** containers lists containers (running only unless all) whose labels match every "k=v" given. */
export async function containers(labels, { all = false } = {}) {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  const res = await request('GET', `/containers/json?all=${all ? 1 : 0}&filters=${filters}`);
  if (res.status !== 200) throw new Error(`listing containers: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** containersPublishing lists running containers that publish the given host port. */
export async function containersPublishing(port) {
  const res = await request('GET', '/containers/json');
  if (res.status !== 200) throw new Error(`listing containers: HTTP ${res.status}`);
  return res.body.filter((c) => (c.Ports ?? []).some((p) => p.PublicPort === port));
}

/** removeContainer force-removes one container; a missing one is not an error. */
export async function removeContainer(id) {
  const res = await request('DELETE', `/containers/${id}?force=1&v=1`);
  if (res.status !== 204 && res.status !== 404) {
    throw new Error(`removing container ${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** imageExists reports whether the engine knows the image reference. */
export async function imageExists(ref) {
  const res = await request('GET', `/images/${encodeURIComponent(ref)}/json`);
  return res.status === 200;
}

/** inspectImage resolves to the engine's `docker image inspect` object, or undefined when missing. */
export async function inspectImage(ref) {
  const res = await request('GET', `/images/${encodeURIComponent(ref)}/json`);
  return res.status === 200 ? res.body : undefined;
}

/**
 * containerEvents lists the engine's container events between two times (seconds since the
 * epoch) as short lines, "HH:MM:SS action name (image) label", to show on a failure what else
 * used the engine meanwhile (another test taking port 3000, say).
 */
export async function containerEvents(since, until) {
  const filters = encodeURIComponent(JSON.stringify({ type: ['container'] }));
  const res = await request('GET', `/events?since=${since}&until=${until}&filters=${filters}`, { timeoutMs: 10_000 });
  if (res.status !== 200) throw new Error(`reading events: HTTP ${res.status}`);
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  return text.split('\n').filter(Boolean).flatMap((line) => {
    try {
      const e = JSON.parse(line);
      const a = e.Actor?.Attributes ?? {};
      const at = new Date(e.time * 1000).toISOString().slice(11, 19);
      return [`${at} ${e.Action} ${a.name ?? ''} (${a.image ?? ''}) ${a['dev.dockerlab.dockerfile'] ?? ''}`.trim()];
    } catch {
      return [];
    }
  });
}

/**
 * removeImageIfUnused removes an image reference unless a container (anyone's) still uses it:
 * resolves to "removed", "missing" or "in use". Other tests on this engine build the same tag.
 */
export async function removeImageIfUnused(ref) {
  const res = await request('DELETE', `/images/${encodeURIComponent(ref)}`);
  if (res.status === 200) return 'removed';
  if (res.status === 404) return 'missing';
  if (res.status === 409) return 'in use';
  throw new Error(`removing image ${ref}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

/** removeImage force-removes an image by reference; a missing one is not an error. */
export async function removeImage(ref) {
  const res = await request('DELETE', `/images/${encodeURIComponent(ref)}?force=1`);
  if (res.status !== 200 && res.status !== 404) {
    throw new Error(`removing image ${ref}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** volumeExists resolves to true when the engine has a volume of that name. */
export async function volumeExists(name) {
  const res = await request('GET', `/volumes/${encodeURIComponent(name)}`);
  return res.status === 200;
}

/** removeVolume removes a volume (forced), resolving whether it was there. */
export async function removeVolume(name) {
  const res = await request('DELETE', `/volumes/${encodeURIComponent(name)}?force=1`);
  if (res.status !== 204 && res.status !== 404) throw new Error(`removing volume ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.status === 204;
}

/** removeNetworks removes the networks whose labels match every "k=v" given, resolving their names. */
export async function removeNetworks(labels) {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  const res = await request('GET', `/networks?filters=${filters}`);
  const names = [];
  for (const n of Array.isArray(res.body) ? res.body : []) {
    const del = await request('DELETE', `/networks/${encodeURIComponent(n.Id)}`);
    if (del.status !== 204 && del.status !== 404) throw new Error(`removing network ${n.Name}: ${del.status} ${JSON.stringify(del.body)}`);
    names.push(n.Name);
  }
  return names;
}

/** removeImagesContaining removes every image reference that contains text (a run's own name). */
export async function removeImagesContaining(text) {
  const res = await request('GET', '/images/json');
  for (const img of Array.isArray(res.body) ? res.body : []) {
    for (const ref of img.RepoTags ?? []) {
      if (ref.includes(text)) await removeImage(ref);
    }
  }
}
