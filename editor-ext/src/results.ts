// results.ts holds the pure side of dockerlab's docker commands: which commands they are, how
// their arguments are filled in, how the server's result is read and which address a published
// port opens. Nothing here imports vscode, so the unit tests run on plain Node.

/** The commands the server advertises that act on one Dockerfile: they need its `uri`. */
export const DOCKERFILE_COMMANDS: ReadonlySet<string> = new Set([
  'dockerlab.buildAndRun',
  'dockerlab.build',
  'dockerlab.run',
  'dockerlab.stopAndRemove',
  'dockerlab.start',
  'dockerlab.remove',
  'dockerlab.logs',
]);

/**
 * The Dockerfile commands that act on one container (`containerId`). A code lens names it; from
 * the command palette the editor asks which of the Dockerfile's containers is meant.
 */
export const CONTAINER_COMMANDS: ReadonlySet<string> = new Set(['dockerlab.start', 'dockerlab.remove', 'dockerlab.logs']);

/** The commands the server advertises that list what the engine holds; they take no argument. */
export const LIST_COMMANDS: ReadonlySet<string> = new Set(['dockerlab.images', 'dockerlab.ps']);

/** Every command the server advertises that acts on the Docker engine. */
export const DOCKER_COMMANDS: ReadonlySet<string> = new Set([...DOCKERFILE_COMMANDS, ...LIST_COMMANDS]);

/** The commands whose output channel starts afresh: a new build log replaces the last one. */
export const FRESH_OUTPUT_COMMANDS: ReadonlySet<string> = new Set(['dockerlab.buildAndRun', 'dockerlab.build']);

/** The argument object of a Dockerfile command: the Dockerfile, and optionally a stage or a container. */
export interface CommandArgs {
  uri: string;
  target?: string;
  containerId?: string;
}

/** One published port of a container, as the server reports it. */
export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort?: number;
  protocol: string;
}

/** One container that a command started (or, for stopAndRemove, removed). */
export interface Container {
  id: string;
  name: string;
  ports: PublishedPort[];
}

/** The result of a docker command, read leniently from whatever the server sent. */
export interface CommandResult {
  image?: string;
  imageId?: string;
  containers: Container[];
  message?: string;
}

/** The parts of a vscode.Uri that fillCommandArgs relies on, so it needs no vscode import. */
interface UriLike {
  scheme: string;
  toString(): string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUriLike(value: unknown): value is UriLike {
  return isRecord(value) && typeof value.scheme === 'string' && typeof value.toString === 'function';
}

/** pickArgs keeps the fields of the server's argument object that are non-empty strings. */
function pickArgs(value: Record<string, unknown>): Partial<CommandArgs> {
  const out: Partial<CommandArgs> = {};
  for (const key of ['uri', 'target', 'containerId'] as const) {
    const v = value[key];
    if (typeof v === 'string' && v !== '') {
      out[key] = v;
    }
  }
  return out;
}

/**
 * fillCommandArgs turns whatever VS Code passed to a Dockerfile command into the server's
 * arguments. A code lens already passes `[{uri, target?, containerId?}]`; an editor menu passes
 * the file's Uri; the command palette passes nothing, and then the active editor's document is
 * meant (an object without `uri` keeps its other fields). Returns undefined when there is no
 * Dockerfile to act on.
 */
export function fillCommandArgs(args: readonly unknown[], activeUri?: string): CommandArgs[] | undefined {
  const first = args[0];
  if (isUriLike(first)) {
    return [{ uri: first.toString() }];
  }
  if (typeof first === 'string' && first !== '') {
    return [{ uri: first }];
  }
  const fields = isRecord(first) ? pickArgs(first) : {};
  const uri = fields.uri ?? activeUri;
  return uri ? [{ ...fields, uri }] : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asPort(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

function parsePort(value: unknown): PublishedPort | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const hostPort = asPort(value.hostPort);
  if (hostPort === undefined) {
    return undefined;
  }
  return {
    hostIp: asString(value.hostIp) ?? '',
    hostPort,
    containerPort: asPort(value.containerPort),
    protocol: (asString(value.protocol) ?? 'tcp').toLowerCase(),
  };
}

function parseContainer(value: unknown): Container | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const ports = Array.isArray(value.ports) ? value.ports.map(parsePort) : [];
  return {
    id: asString(value.id) ?? '',
    name: asString(value.name) ?? '',
    ports: ports.filter((p): p is PublishedPort => p !== undefined),
  };
}

/**
 * parseCommandResult reads a docker command's result. It never throws: missing or malformed
 * fields are left out, so a server that sends less than expected still gets its message shown.
 * A JSON string is accepted too.
 */
export function parseCommandResult(value: unknown): CommandResult {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return { containers: [], message: asString(value) };
    }
  }
  if (!isRecord(value)) {
    return { containers: [] };
  }
  const containers = Array.isArray(value.containers) ? value.containers.map(parseContainer) : [];
  return {
    image: asString(value.image),
    imageId: asString(value.imageId),
    containers: containers.filter((c): c is Container => c !== undefined),
    message: asString(value.message),
  };
}

/**
 * firstPublishedPort picks the port a person most likely wants to open: the first TCP port of the
 * first container, preferring IPv4 bindings (Docker publishes each port on 0.0.0.0 and on ::).
 */
export function firstPublishedPort(result: CommandResult): PublishedPort | undefined {
  const ports = result.containers.flatMap((c) => c.ports).filter((p) => p.protocol === 'tcp');
  return ports.find((p) => !p.hostIp.includes(':')) ?? ports[0];
}

/**
 * browserUrl is the address that opens a published port from this machine. A wildcard binding
 * (0.0.0.0, ::, or none) is reached on 127.0.0.1, which is also the address code-server knows
 * how to forward through its /proxy/<port>/ path.
 */
export function browserUrl(port: PublishedPort): string {
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
 * browserTarget is the address to offer after a successful command, or undefined when there is
 * nothing to open: no published TCP port, or the containers were just removed.
 */
/** The commands that start a container, whose result says what they published. */
const RUN_COMMANDS = new Set(['dockerlab.run', 'dockerlab.buildAndRun', 'dockerlab.start']);

/**
 * publishedNothing reports whether a command that starts containers left every one of them
 * without a published port: the app runs but cannot be reached from the host, which the
 * notification says as a warning rather than as plain news.
 */
export function publishedNothing(command: string, result: CommandResult): boolean {
  return RUN_COMMANDS.has(command) && result.containers.length > 0 && result.containers.every((c) => c.ports.length === 0);
}

export function browserTarget(command: string, result: CommandResult): string | undefined {
  if (command === 'dockerlab.stopAndRemove' || command === 'dockerlab.remove') {
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
  const port = parsePort(isRecord(arg) ? { protocol: 'tcp', ...arg } : undefined);
  return port ? browserUrl(port) : undefined;
}
