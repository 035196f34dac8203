// commands.ts is the editor's half of the docker commands. The server advertises them and
// vscode-languageclient registers them; this middleware fills in the Dockerfile (and, from the
// palette, asks which container), saves it, shows the right output channel, and tells the user
// what came of it: a toast for the lab steps, a quick pick for the lists, the log channel for logs.
// A failure is a toast with the server's Korean message and the engine's cause, shortened
// (failure.ts), and a button to the build channel, where the server wrote all of it.

import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import * as l10n from './l10n';
import { openInBrowser } from './browser';
import { describeFailure, failureNotice } from './failure';
import { COMMANDS, CommandSpec, SERVER_COMMANDS } from './contract';
import { pickContainer, showContainers, showImages } from './list_picks';
import { containersOf, readContainerList } from './lists';
import { LogOutput } from './log_output';
import { DockerfileArgs, browserTarget, planCommand, publishedNothing, readResult } from './results';
import { imageNameOf, proposedPushTarget, proposedVolume, pushTargetProblem, registryOf, volumeProblem, LOCAL_REGISTRY } from './registry_input';
import { pickVolume, showVolumes } from './volume_picks';
import { SETTINGS_SECTION } from './contract';

/** The built-in language id of Dockerfiles in VS Code. */
export const DOCKERFILE_LANGUAGE = 'dockerfile';
/** COMPOSE_LANGUAGE is the language of Compose files (contributed by this extension). */
export const COMPOSE_LANGUAGE = 'dockercompose';
/** YAML_LANGUAGE is VS Code's own YAML language: the server answers for the Kubernetes manifests among its files. */
export const YAML_LANGUAGE = 'yaml';

/** The output channels the docker commands write to. */
export interface LabChannels {
  /** The lab's CLI lines and build output (`dockerlab/buildOutput`). */
  build: vscode.OutputChannel;
  /** The followed container output (`dockerlab/logOutput`). */
  logs: vscode.OutputChannel;
  logOutput: LogOutput;
}

type ExecuteCommand = NonNullable<Middleware['executeCommand']>;
type Next = Parameters<ExecuteCommand>[2];

/**
 * targetDockerfileUri is the Dockerfile a command without one acts on: the active editor's, else
 * the one Dockerfile in sight, else the lab's (fallback), so the walkthrough's buttons, which run
 * while the walkthrough is the active editor, act on the lab.
 */
function targetDockerfileUri(fallback: () => string | undefined): string | undefined {
  const isDockerfile = (doc: vscode.TextDocument | undefined) => doc !== undefined && doc.languageId === DOCKERFILE_LANGUAGE;
  const active = vscode.window.activeTextEditor?.document;
  if (isDockerfile(active)) {
    return active!.uri.toString();
  }
  const visible = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document).filter(isDockerfile).map((d) => d.uri.toString()))];
  return visible.length === 1 ? visible[0] : fallback();
}

/** targetComposeUri is the Compose file a Compose command without one acts on: the active editor's, else the one in sight. */
function targetComposeUri(): string | undefined {
  const isCompose = (doc: vscode.TextDocument | undefined) => doc !== undefined && doc.languageId === COMPOSE_LANGUAGE;
  const active = vscode.window.activeTextEditor?.document;
  if (isCompose(active)) {
    return active!.uri.toString();
  }
  const visible = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document).filter(isCompose).map((d) => d.uri.toString()))];
  return visible.length === 1 ? visible[0] : undefined;
}

// The server builds from the file on disk, so unsaved edits are saved first.
// The build reads the file on disk, so what the learner sees must be there. A dirty document is
// saved; a clean one whose text still differs from the disk (code-server's auto save can race an
// undo and leave the editor marked clean) has its visible text written out, so the learner
// builds what they see.
async function saveIfDirty(uri: string): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (!doc || doc.isUntitled) {
    return;
  }
  if (doc.isDirty) {
    await doc.save();
    return;
  }
  try {
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
    const text = doc.getText();
    if (onDisk !== text) {
      await vscode.workspace.fs.writeFile(doc.uri, new TextEncoder().encode(text));
    }
  } catch {
    // Unreadable: the server says so in Korean when it reads the file.
  }
}

async function announceSuccess(command: string, raw: unknown, build: vscode.OutputChannel): Promise<void> {
  const result = readResult(raw);
  const message = result.message || l10n.t('The dockerlab command finished.');
  const url = browserTarget(command, result);
  const openLabel = l10n.t('Open in Browser');
  const outputLabel = l10n.t('Show Build Output');
  if (result.pullCommand) {
    const copyLabel = l10n.t('Copy Pull Command');
    const picked = await vscode.window.showInformationMessage(message, copyLabel, outputLabel);
    if (picked === copyLabel) {
      await vscode.env.clipboard.writeText(result.pullCommand);
      vscode.window.setStatusBarMessage(l10n.t('Copied: {0}', result.pullCommand), 4000);
    } else if (picked === outputLabel) {
      build.show();
    }
    return;
  }
  const choice = url
    ? await vscode.window.showInformationMessage(message, openLabel, outputLabel)
    : publishedNothing(command, result)
      ? await vscode.window.showWarningMessage(message, outputLabel)
      : await vscode.window.showInformationMessage(message, outputLabel);
  if (choice === openLabel && url) {
    await openInBrowser(url);
  } else if (choice === outputLabel) {
    build.show();
  }
}

/**
 * announceFailure shows an error notification; with a channel, its "Show Output" button opens the
 * channel that holds the whole story (the server writes a failure's full cause to the build
 * channel).
 */
async function announceFailure(message: string, channel?: vscode.OutputChannel): Promise<void> {
  if (!channel) {
    void vscode.window.showErrorMessage(message);
    return;
  }
  const outputLabel = l10n.t('Show Output');
  if ((await vscode.window.showErrorMessage(message, outputLabel)) === outputLabel) {
    channel.show();
  }
}

/**
 * announceError tells the user why a command failed, unless it was cancelled. A registry that
 * refused for want of a login (kind `Unauthorized`) offers the login command for that registry.
 */
function announceError(error: unknown, build: vscode.OutputChannel, registry?: string): void {
  const failure = describeFailure(error);
  const notice = failureNotice(failure, l10n);
  if (notice === undefined) {
    return;
  }
  if (failure.kind === 'Unauthorized' && registry) {
    const loginLabel = l10n.t('Log In to {0}', registry);
    const outputLabel = l10n.t('Show Output');
    void vscode.window.showErrorMessage(notice, loginLabel, outputLabel).then(async (choice) => {
      if (choice === loginLabel) {
        await vscode.commands.executeCommand(COMMANDS.login.id, { registry });
      } else if (choice === outputLabel) {
        build.show();
      }
    });
    return;
  }
  void announceFailure(notice, build);
}

/**
 * lostAnswer: the client answers a command with nothing when the connection went away before the
 * server replied (the server stopped and is being restarted); the server itself always answers
 * the docker commands with an object. Such a command is reported, not announced as done.
 */
function lostAnswer(raw: unknown): boolean {
  return raw === undefined || raw === null;
}

/** refuseUntrusted says why Docker stays off in an untrusted workspace and offers to trust it. */
export async function refuseUntrusted(): Promise<void> {
  const manageLabel = l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showErrorMessage(
    l10n.t('dockerlab runs Docker only in a trusted workspace. Trust this folder, then try again.'),
    manageLabel,
  );
  if (choice === manageLabel) {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
}

/**
 * executeCommandMiddleware wraps the server's commands, as planCommand decides from their
 * declaration. Docker commands run only in a trusted workspace. The lists (`images`, `ps`) become
 * quick picks. The Dockerfile commands act on a Dockerfile (the active one when the palette gave
 * none), saved first; from the palette the container commands ask which container. Their output
 * channel is shown (a new build clears it); the result or the server's Korean error is announced
 * without waiting for the user, so the command returns as soon as the server answers. Logs show
 * the log channel instead of a toast. Other commands pass straight through. labDockerfile names
 * the lab's Dockerfile, for a command that comes with none while no Dockerfile is in sight.
 */
export function executeCommandMiddleware(
  channels: LabChannels,
  labDockerfile: () => string | undefined = () => undefined,
  memory?: vscode.Memento,
): ExecuteCommand {
  return async (command, args, next) => {
    const plan = planCommand(command, args, targetDockerfileUri(labDockerfile), targetComposeUri());
    if (plan.kind === 'pass') {
      return next(command, args);
    }
    if (!vscode.workspace.isTrusted) {
      void refuseUntrusted();
      return undefined;
    }
    switch (plan.kind) {
      case 'list':
        return runList(command, plan.pick, next, channels.build);
      case 'volume': {
        const name = plan.name ?? (await askVolumeName(next, channels.build));
        return name ? runPlainStep(command, { name }, next, channels.build) : undefined;
      }
      case 'cluster':
        return runPlainStep(command, plan.name ? { name: plan.name } : {}, next, channels.build);
      case 'login': {
        const account = await askLogin(plan.registry);
        return account ? runPlainStep(command, account, next, channels.build) : undefined;
      }
      case 'noDockerfile':
        void vscode.window.showErrorMessage(l10n.t('Open a Dockerfile first, then run this command again.'));
        return undefined;
      case 'noComposeFile':
        void vscode.window.showErrorMessage(l10n.t('Open a Compose file (compose.yaml) first, then run this command again.'));
        return undefined;
      case 'dockerfile':
        break;
    }
    let arg = plan.arg;
    if (plan.askContainer) {
      const containerId = await askContainer(plan.spec, arg.uri, next, channels.build);
      if (!containerId) {
        return undefined;
      }
      arg = { ...arg, containerId };
    }
    if (plan.spec.ask === 'pushTarget' && !arg.target) {
      const target = await askPushTarget(arg.uri, memory);
      if (!target) {
        return undefined;
      }
      arg = { ...arg, target };
    }
    if (plan.spec.ask === 'volume' && !arg.volume) {
      const volume = await askVolume(arg.uri);
      if (!volume) {
        return undefined;
      }
      arg = { ...arg, volume };
    }
    if (plan.spec.needsSavedFile) {
      await saveIfDirty(arg.uri);
    }
    if (plan.channel === 'logs') {
      return runLogs(command, arg, next, channels);
    }
    const raw = await runLabStep(command, arg, plan.fresh, next, channels.build, plan.spec.ask === 'pushTarget' ? registryOf(arg.target ?? '') : undefined);
    const pushed = readResult(raw).pushed;
    if (pushed && memory) {
      await memory.update(pushTargetKey(arg.uri), pushed);
    }
    return raw;
  };
}

/** pushTargetKey is where the last push target of a Dockerfile is remembered (workspace state). */
function pushTargetKey(uri: string): string {
  return `dockerlab.lastPushTarget:${uri}`;
}

/** askPushTarget asks where to push, proposing the last target, the setting, or the local registry. */
async function askPushTarget(uri: string, memory: vscode.Memento | undefined): Promise<string | undefined> {
  const doc = vscode.Uri.parse(uri);
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, doc);
  const folder = doc.path.split('/').slice(-2, -1)[0] ?? '';
  const image = config.get<string>('build.tag') || imageNameOf(folder);
  const value = proposedPushTarget(memory?.get<string>(pushTargetKey(uri)), config.get<string>('registry.default'), image);
  const target = await vscode.window.showInputBox({
    title: l10n.t('Push to a Registry'),
    prompt: l10n.t('Where to push, as HOST/REPOSITORY:TAG: {0} (local), docker.io/USER/{1} (Docker Hub), ghcr.io/OWNER/{1}:1.0 (GitHub).', `${LOCAL_REGISTRY}/${image}:1.0`, image),
    value,
    ignoreFocusOut: true,
    validateInput: (text) => pushTargetProblem(text, l10n),
  });
  return target?.trim() || undefined;
}

/** askVolume asks which named volume to run with, proposing the setting's or the workshop's. */
async function askVolume(uri: string): Promise<string | undefined> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, vscode.Uri.parse(uri));
  const volume = await vscode.window.showInputBox({
    title: l10n.t('Run with a Named Volume'),
    prompt: l10n.t('VOLUME:PATH, as docker run -v takes it. The volume keeps the data in PATH when the container is removed.'),
    value: proposedVolume(config.get<Record<string, string>>('run.volumes')),
    ignoreFocusOut: true,
    validateInput: (text) => volumeProblem(text, l10n),
  });
  return volume?.trim() || undefined;
}

/** askVolumeName lists the volumes and asks which one is meant. */
async function askVolumeName(next: Next, build: vscode.OutputChannel): Promise<string | undefined> {
  let raw: unknown;
  try {
    raw = await next(COMMANDS.volumes.id, []);
  } catch (error) {
    announceError(error, build);
    return undefined;
  }
  return (await pickVolume(raw, l10n.t('Pick the volume to remove')))?.name;
}

/**
 * askLogin asks for the registry, the user name and the password or access token (hidden). The
 * password goes to the server, which checks it through the engine and hands it to Docker's
 * credential store; the extension keeps nothing.
 */
async function askLogin(registry: string | undefined): Promise<{ registry: string; username: string; secret: string } | undefined> {
  const host =
    registry ??
    (await vscode.window.showInputBox({
      title: l10n.t('Log In to a Registry'),
      prompt: l10n.t('The registry: {0}, docker.io, ghcr.io, …', LOCAL_REGISTRY),
      value: LOCAL_REGISTRY,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' || /\s/.test(text.trim()) ? l10n.t('Type a registry host, for example {0}.', LOCAL_REGISTRY) : undefined),
    }));
  if (!host?.trim()) {
    return undefined;
  }
  const username = await vscode.window.showInputBox({
    title: l10n.t('Log In to {0}', host),
    prompt: l10n.t('User name'),
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? l10n.t('Type your user name.') : undefined),
  });
  if (!username?.trim()) {
    return undefined;
  }
  const secret = await vscode.window.showInputBox({
    title: l10n.t('Log In to {0}', host),
    prompt: l10n.t('Password or access token for {0}. Docker stores it (credential helper or config file); dockerlab keeps no copy.', username.trim()),
    password: true,
    ignoreFocusOut: true,
  });
  if (!secret) {
    return undefined;
  }
  return { registry: host.trim(), username: username.trim(), secret };
}

/** runPlainStep runs a command that needs no Dockerfile and announces its result. */
async function runPlainStep(command: string, arg: object, next: Next, build: vscode.OutputChannel): Promise<unknown> {
  build.show(true);
  try {
    const raw: unknown = await next(command, [arg]);
    if (lostAnswer(raw)) {
      void announceFailure(l10n.t('The dockerlab server stopped before it answered. It is starting again; try once more in a moment.'), build);
    } else {
      void announceSuccess(command, raw, build);
    }
    return raw;
  } catch (error) {
    announceError(error, build);
    return undefined;
  }
}

async function runLabStep(command: string, arg: DockerfileArgs, fresh: boolean, next: Next, build: vscode.OutputChannel, registry?: string): Promise<unknown> {
  if (fresh) {
    build.clear();
  }
  build.show(true);
  try {
    // While the server waits for an answer to a question (the port conflict), this await
    // waits too; the question itself is a window/showMessageRequest the client shows.
    const raw: unknown = await next(command, [arg]);
    if (lostAnswer(raw)) {
      void announceFailure(l10n.t('The dockerlab server stopped before the command finished. See the build output for how far it got.'), build);
    } else {
      void announceSuccess(command, raw, build);
    }
    return raw;
  } catch (error) {
    announceError(error, build, registry);
    return undefined;
  }
}

async function runLogs(command: string, arg: DockerfileArgs, next: Next, channels: LabChannels): Promise<unknown> {
  channels.logs.clear();
  channels.logOutput.reset();
  channels.logs.show(true);
  try {
    // The server answers at once and then streams dockerlab/logOutput until the container stops.
    const raw: unknown = await next(command, [arg]);
    if (lostAnswer(raw)) {
      void announceFailure(l10n.t('The dockerlab server stopped before it answered. It is starting again; try once more in a moment.'));
    }
    return raw;
  } catch (error) {
    announceError(error, channels.build);
    return undefined;
  }
}

async function runList(command: string, pick: 'images' | 'containers' | 'volumes', next: Next, build: vscode.OutputChannel): Promise<unknown> {
  let raw: unknown;
  try {
    raw = await next(command, []);
  } catch (error) {
    announceError(error, build);
    return undefined;
  }
  if (lostAnswer(raw)) {
    void announceFailure(l10n.t('The dockerlab server stopped before it answered. It is starting again; try once more in a moment.'));
    return raw;
  }
  // The pick stays open as long as the user likes; the command has already answered.
  void (pick === 'images' ? showImages(raw) : pick === 'volumes' ? showVolumes(raw) : showContainers(raw));
  return raw;
}

/** askContainer lists the Dockerfile's containers (`dockerlab.ps`) and asks which one is meant. */
async function askContainer(spec: CommandSpec, uri: string, next: Next, build: vscode.OutputChannel): Promise<string | undefined> {
  let raw: unknown;
  try {
    raw = await next(COMMANDS.ps.id, []);
  } catch (error) {
    announceError(error, build);
    return undefined;
  }
  const list = readContainerList(raw);
  return pickContainer(spec, containersOf(list, vscode.Uri.parse(uri).fsPath, spec), list);
}

/**
 * offerRestart shows a problem of the server as an error with the two ways on: restart the
 * language server, or read its log.
 */
export async function offerRestart(message: string, serverLog: vscode.OutputChannel): Promise<void> {
  const restartLabel = l10n.t('Restart Server');
  const logLabel = l10n.t('Show Server Log');
  const choice = await vscode.window.showErrorMessage(message, restartLabel, logLabel);
  if (choice === restartLabel) {
    await vscode.commands.executeCommand(COMMANDS.restartServer.id);
  } else if (choice === logLabel) {
    serverLog.show();
  }
}

/**
 * registerMissingCommands registers the docker commands that the server did not advertise (it
 * does not in an untrusted workspace, nor without a Docker client), so the palette, the status
 * bar and key bindings get an explanation instead of "command not found". Dispose it before the
 * next server starts: that one may advertise them.
 */
export function registerMissingCommands(advertised: readonly string[], serverLog: vscode.OutputChannel): vscode.Disposable {
  const have = new Set(advertised);
  const disposables = SERVER_COMMANDS.map((spec) => spec.id)
    .filter((command) => !have.has(command))
    .map((command) =>
      vscode.commands.registerCommand(command, async () => {
        if (!vscode.workspace.isTrusted) {
          await refuseUntrusted();
          return;
        }
        await offerRestart(
          l10n.t('The dockerlab server has no Docker client, so it cannot build or run anything. See the "dockerlab" output, then restart the language server.'),
          serverLog,
        );
      }),
    );
  return vscode.Disposable.from(...disposables);
}
