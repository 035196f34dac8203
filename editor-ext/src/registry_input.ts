// registry_input.ts holds the pure side of the registry and volume questions: what the push and
// run-with-volume commands propose, and whether an answer can be used, so a learner hears about a
// bad reference while typing, in their language, before the server is asked. The server checks
// again with Docker's own rules. No vscode import, so the unit tests run it on Node.

import type { Translator } from './locale';

/** The local registry the lab's scripts start (`scripts/registry.sh`). */
export const LOCAL_REGISTRY = '127.0.0.1:5000';

/** imageNameOf is the image name the server builds a folder into (lab.Tag): lower case, other characters '-'. */
export function imageNameOf(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  return name === '' ? 'dockerlab-image' : name.slice(0, 128);
}

/**
 * proposedPushTarget is the push target offered first: the last one used for this Dockerfile,
 * else the `dockerlab.registry.default` setting, else the image on the local registry with the
 * workshop's tag 1.0.
 */
export function proposedPushTarget(last: string | undefined, setting: string | undefined, image: string): string {
  for (const candidate of [last, setting]) {
    if (candidate !== undefined && candidate.trim() !== '') {
      return candidate.trim();
    }
  }
  return `${LOCAL_REGISTRY}/${image}:1.0`;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The parts of a push target as Docker reads it. */
export interface TargetParts {
  /** The registry host ("docker.io" when the reference names none). */
  host: string;
  repository: string;
  tag: string;
}

/**
 * splitTarget reads `HOST/REPOSITORY:TAG` as Docker does: the first part is a host when it has a
 * '.' or a ':' or is `localhost`; the tag defaults to `latest`. Undefined when it is not a
 * reference Docker accepts.
 */
export function splitTarget(target: string): TargetParts | undefined {
  const text = target.trim();
  if (text === '' || /\s/.test(text) || text.includes('@') || text.length > 255) {
    return undefined;
  }
  let rest = text;
  let host = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      if (!HOST.test(first)) {
        return undefined;
      }
      host = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return undefined;
    }
  }
  if (rest === '' || !rest.split('/').every((part) => COMPONENT.test(part))) {
    return undefined;
  }
  return { host, repository: rest, tag };
}

/**
 * pushTargetProblem says, in the learner's language, why a push target cannot be used, or
 * undefined when it can.
 */
export function pushTargetProblem(target: string, l10n: Translator): string | undefined {
  if (target.trim() === '') {
    return l10n.t('Type where to push, for example {0}.', `${LOCAL_REGISTRY}/getting-started:1.0`);
  }
  const parts = splitTarget(target);
  if (!parts) {
    return l10n.t('Not an image reference: use lower-case letters, digits and . _ - in HOST/REPOSITORY:TAG, for example {0}.', `${LOCAL_REGISTRY}/getting-started:1.0`);
  }
  if (parts.host === 'docker.io' && !parts.repository.includes('/')) {
    return l10n.t('Docker Hub needs your user name before the repository: docker.io/USER/{0}.', parts.repository);
  }
  return undefined;
}

/** registryOf is the registry host a push target goes to, for a login after a refused push. */
export function registryOf(target: string): string {
  return splitTarget(target)?.host ?? LOCAL_REGISTRY;
}

/** proposedVolume is the volume offered first: the first `dockerlab.run.volumes` entry that names a volume, else the workshop's. */
export function proposedVolume(volumes: Record<string, string> | undefined): string {
  for (const [source, target] of Object.entries(volumes ?? {})) {
    if (!source.startsWith('/') && target.startsWith('/')) {
      return `${source}:${target}`;
    }
  }
  return 'todo-db:/etc/todos';
}

/** volumeProblem says why a `-v` value cannot be used, or undefined when it can. */
export function volumeProblem(spec: string, l10n: Translator): string | undefined {
  const m = /^([a-zA-Z0-9][a-zA-Z0-9_.-]+|\/.*|[A-Za-z]:[\\/].*):(\/.*)$/.exec(spec.trim());
  if (!m || m[2] === '/') {
    return l10n.t('Write a volume name and an absolute path in the container, joined by a colon: {0}.', 'todo-db:/etc/todos');
  }
  return undefined;
}
