// commands.ts is the editor's half of the docker commands. The server advertises them and
// vscode-languageclient registers them; this middleware fills in the Dockerfile, saves it,
// shows the build output and tells the user what came of it.

import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import * as l10n from './l10n';
import { DOCKER_COMMANDS, browserTarget, describeFailure, fillCommandArgs, parseCommandResult } from './results';

/** The built-in language id of Dockerfiles in VS Code. */
export const DOCKERFILE_LANGUAGE = 'dockerfile';

/** The method and params of the server's build-output notification. */
export const BUILD_OUTPUT_NOTIFICATION = 'dockerlab/buildOutput';
export interface BuildOutputParams {
  uri: string;
  text: string;
}

function activeDockerfileUri(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === DOCKERFILE_LANGUAGE ? doc.uri.toString() : undefined;
}

// The server builds from the file on disk, so unsaved edits are saved first.
async function saveIfDirty(uri: string): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (doc && doc.isDirty && !doc.isUntitled) {
    await doc.save();
  }
}

async function openInBrowser(url: string): Promise<void> {
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  await vscode.env.openExternal(external);
}

async function announceSuccess(command: string, raw: unknown, build: vscode.OutputChannel): Promise<void> {
  const result = parseCommandResult(raw);
  const message = result.message ?? l10n.t('The dockerlab command finished.');
  const url = browserTarget(command, result);
  const openLabel = l10n.t('Open in Browser');
  const outputLabel = l10n.t('Show Build Output');
  const choice = url
    ? await vscode.window.showInformationMessage(message, openLabel, outputLabel)
    : await vscode.window.showInformationMessage(message, outputLabel);
  if (choice === openLabel && url) {
    await openInBrowser(url);
  } else if (choice === outputLabel) {
    build.show();
  }
}

async function announceFailure(message: string, build: vscode.OutputChannel): Promise<void> {
  const outputLabel = l10n.t('Show Build Output');
  if ((await vscode.window.showErrorMessage(message, outputLabel)) === outputLabel) {
    build.show();
  }
}

async function refuseUntrusted(): Promise<void> {
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
 * executeCommandMiddleware wraps the server's commands. Docker commands run only in a trusted
 * workspace, on a Dockerfile (the active one when the palette gave none), saved first; the
 * build channel is cleared and shown; the result or the server's Korean error is announced
 * without waiting for the user, so the command returns as soon as the server answers.
 * Other commands pass straight through.
 */
export function executeCommandMiddleware(build: vscode.OutputChannel): NonNullable<Middleware['executeCommand']> {
  return async (command, args, next) => {
    if (!DOCKER_COMMANDS.has(command)) {
      return next(command, args);
    }
    if (!vscode.workspace.isTrusted) {
      void refuseUntrusted();
      return undefined;
    }
    const filled = fillCommandArgs(args, activeDockerfileUri());
    if (!filled) {
      void vscode.window.showErrorMessage(l10n.t('Open a Dockerfile first, then run this command again.'));
      return undefined;
    }
    await saveIfDirty(filled[0].uri);
    build.clear();
    build.show(true);
    try {
      const raw: unknown = await next(command, filled);
      void announceSuccess(command, raw, build);
      return raw;
    } catch (error) {
      const failure = describeFailure(error);
      if (!failure.cancelled) {
        void announceFailure(
          failure.message ?? l10n.t('The dockerlab command failed. See the build output for details.'),
          build,
        );
      }
      return undefined;
    }
  };
}

/** appendBuildOutput writes one chunk of the server's build output to the build channel. */
export function appendBuildOutput(build: vscode.OutputChannel, params: unknown): void {
  const text = (params as Partial<BuildOutputParams> | undefined)?.text;
  if (typeof text === 'string') {
    build.append(text);
  }
}
