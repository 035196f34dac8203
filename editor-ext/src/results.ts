// results.ts holds the pure side of dockerlab's docker commands: what the middleware does with
// each declared command (planCommand), how their arguments are filled in, and which address a
// published port opens. The commands, their arguments and results are declared once in Go
// (server/contract) and read here through contract.ts. Nothing here imports vscode,
// so the unit tests run on plain Node.

import { Args, CommandSpec, PortResult, Result, commandSpec, decodeArgs, decodeResult } from './contract';
import { isRecord } from './decode';

/** The parts of a vscode.Uri that fillCommandArgs relies on, so it needs no vscode import. */
interface UriLike {
  scheme: string;
  toString(): string;
}

function isUriLike(value: unknown): value is UriLike {
  return isRecord(value) && typeof value.scheme === 'string' && typeof value.toString === 'function';
}

/** The argument of a Dockerfile command: the declared Args, with the Dockerfile filled in. */
export type DockerfileArgs = Args & { uri: string };

/**
 * fillCommandArgs turns whatever VS Code passed to a Dockerfile command into the server's
 * arguments. A code lens already passes `[{uri, target?, containerId?}]`; an editor menu passes
 * the file's Uri; the command palette passes nothing, and then the active editor's document is
 * meant (an object without `uri` keeps its other fields). Returns undefined when there is no
 * Dockerfile to act on.
 */
export function fillCommandArgs(args: readonly unknown[], activeUri?: string): DockerfileArgs[] | undefined {
  const first = args[0];
  if (isUriLike(first)) {
    return [{ uri: first.toString() }];
  }
  if (typeof first === 'string' && first !== '') {
    return [{ uri: first }];
  }
  const fields = decodeArgs(first) ?? {};
  const uri = fields.uri ?? activeUri;
  return uri ? [{ ...fields, uri }] : undefined;
}

/**
 * What the middleware does with one command:
 * - `pass`: not a server command; the client passes it on untouched;
 * - `list`: ask the server for a list and show it as a quick pick (images, containers or volumes);
 * - `volume`: act on one volume (`name`; the palette asks which);
 * - `login`: ask for the registry, user name and password or token, then log in;
 * - `cluster`: act on a kind cluster (`name`; without one the server takes the setting's);
 * - `noDockerfile`: a Dockerfile command with no Dockerfile to act on;
 * - `noComposeFile`: a Compose command with no Compose file to act on;
 * - `dockerfile`: a Dockerfile (or Compose) command with its argument (the file); `askContainer` when the palette must
 *   ask which container, `channel` the output channel it shows (`fresh`: cleared first).
 */
export type CommandPlan =
  | { kind: 'pass' }
  | { kind: 'list'; spec: CommandSpec; pick: 'images' | 'containers' | 'volumes' }
  | { kind: 'volume'; spec: CommandSpec; name?: string }
  | { kind: 'login'; spec: CommandSpec; registry?: string }
  | { kind: 'cluster'; spec: CommandSpec; name?: string }
  | { kind: 'noDockerfile'; spec: CommandSpec }
  | { kind: 'noComposeFile'; spec: CommandSpec }
  | { kind: 'dockerfile'; spec: CommandSpec; arg: DockerfileArgs; askContainer: boolean; channel: 'build' | 'logs'; fresh: boolean };

/**
 * planCommand decides, from the command's declaration alone, what the middleware does with it, so
 * every command the server declares is handled (the switch is exhaustive over the declared
 * presentations). `activeUri` is the active editor's Dockerfile, for the palette, and
 * `activeComposeUri` its Compose file.
 */
export function planCommand(command: string, args: readonly unknown[], activeUri?: string, activeComposeUri?: string): CommandPlan {
  const spec = commandSpec(command);
  if (!spec || spec.runner !== 'server') {
    return { kind: 'pass' };
  }
  switch (spec.ui) {
    case 'imagePick':
      return { kind: 'list', spec, pick: 'images' };
    case 'containerPick':
      return { kind: 'list', spec, pick: 'containers' };
    case 'volumePick':
      return { kind: 'list', spec, pick: 'volumes' };
    case 'volumeStep':
      return { kind: 'volume', spec, name: decodeArgs(args[0])?.name || undefined };
    case 'login':
      return { kind: 'login', spec, registry: decodeArgs(args[0])?.registry || undefined };
    case 'clusterStep':
      return { kind: 'cluster', spec, name: decodeArgs(args[0])?.name || undefined };
    case 'composeStep': {
      const filled = fillCommandArgs(args, activeComposeUri);
      if (!filled) {
        return { kind: 'noComposeFile', spec };
      }
      return { kind: 'dockerfile', spec, arg: filled[0], askContainer: false, channel: 'build', fresh: spec.freshOutput };
    }
    case 'labStep':
    case 'logs': {
      const filled = fillCommandArgs(args, activeUri);
      if (!filled) {
        return { kind: 'noDockerfile', spec };
      }
      const arg = filled[0];
      const needsOne = spec.container === 'any' || spec.container === 'stopped' || spec.container === 'chosen';
      return {
        kind: 'dockerfile',
        spec,
        arg,
        askContainer: needsOne && !arg.containerId,
        channel: spec.ui === 'logs' ? 'logs' : 'build',
        fresh: spec.freshOutput,
      };
    }
    case 'client':
      return { kind: 'pass' };
    default: {
      const unhandled: never = spec.ui;
      throw new Error(`no plan for the presentation ${String(unhandled)}`);
    }
  }
}

/**
 * readResult reads a lab command's result (the declared Result); it never throws: anything that
 * is not an object reads as an empty result, so the editor still says the command finished.
 */
export function readResult(raw: unknown): Result {
  return decodeResult(raw) ?? { containers: [], message: '' };
}

/** usablePort: a TCP port bound to a host port a browser can open. */
function usablePort(port: PortResult): boolean {
  return (port.protocol || 'tcp').toLowerCase() === 'tcp' && port.hostPort > 0 && port.hostPort < 65536;
}

/**
 * firstPublishedPort picks the port a person most likely wants to open: the first TCP port of the
 * first container, preferring IPv4 bindings (Docker publishes each port on 0.0.0.0 and on ::).
 */
export function firstPublishedPort(result: Result): PortResult | undefined {
  const ports = result.containers.flatMap((c) => c.ports).filter(usablePort);
  return ports.find((p) => !p.hostIp.includes(':')) ?? ports[0];
}

/**
 * browserUrl is the address that opens a published port from this machine. A wildcard binding
 * (0.0.0.0, ::, or none) is reached on 127.0.0.1, which is also the address code-server knows
 * how to forward through its /proxy/<port>/ path.
 */
export function browserUrl(port: { hostIp: string; hostPort: number }): string {
  const ip = port.hostIp.trim();
  let host: string;
  if (ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '[::]') {
    host = '127.0.0.1';
  } else if (ip.includes(':') && !ip.startsWith('[')) {
    host = `[${ip}]`;
  } else {
    host = ip;
  }
  return `http://${host}:${port.hostPort}/`;
}

/**
 * publishedNothing reports whether a command that starts containers left every one of them
 * without a published port: the app runs but cannot be reached from the host, which the
 * notification says as a warning rather than as plain news.
 */
export function publishedNothing(command: string, result: Result): boolean {
  return (
    commandSpec(command)?.effect === 'starts' &&
    result.containers.length > 0 &&
    result.containers.every((c) => c.ports.length === 0)
  );
}

/**
 * browserTarget is the address to offer after a successful command, or undefined when there is
 * nothing to open: no published TCP port, or the containers were just removed.
 */
export function browserTarget(command: string, result: Result): string | undefined {
  if (commandSpec(command)?.effect === 'removes') {
    return undefined;
  }
  const port = firstPublishedPort(result);
  return port ? browserUrl(port) : undefined;
}

/**
 * openInBrowserTarget reads the argument of the code lens `브라우저에서 열기`
 * (`{uri, containerId, hostIp, hostPort}`) and returns the address to open, or undefined when it
 * names no usable port.
 */
export function openInBrowserTarget(arg: unknown): string | undefined {
  const a = decodeArgs(arg);
  if (!a?.hostPort || a.hostPort < 1 || a.hostPort > 65535) {
    return undefined;
  }
  return browserUrl({ hostIp: a.hostIp ?? '', hostPort: a.hostPort });
}
