// walkthrough.ts wires the lab's walkthrough (package.json contributes.walkthroughs, 실습 #1–#2):
// the command that opens it, the context keys its steps complete on (set from the server's
// `dockerlab/labProgress`, which reads the engine's real state), and its opening by itself the
// first time the extension activates in a folder that holds the lab's app. The rules are in
// lab_progress.ts and lab_folder.ts; this file only talks to VS Code.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from './contract';
import { FolderReader, WALKTHROUGH_SHOWN_KEY, shouldOpenWalkthrough, walkthroughRef } from './lab_folder';
import { LabProgress } from './lab_progress';

/** LabWalkthrough owns the walkthrough's command and context keys. */
export class LabWalkthrough implements vscode.Disposable {
  private readonly progress = new LabProgress();
  private readonly command: vscode.Disposable;
  /** Context keys are set one after another, in the order the notifications came. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.command = vscode.commands.registerCommand(COMMANDS.openWalkthrough.id, () => this.open(false));
  }

  /** onProgress takes a `dockerlab/labProgress` notification and sets the keys that changed. */
  onProgress(params: unknown): void {
    for (const [key, value] of this.progress.update(params)) {
      this.queue = this.queue.then(() => vscode.commands.executeCommand('setContext', key, value), () => undefined);
    }
  }

  /** labDockerfile is the lab's Dockerfile as the server last named it: the walkthrough's buttons act on it. */
  labDockerfile(): string | undefined {
    return this.progress.labDockerfile();
  }

  /** open shows the walkthrough, beside the active editor when toSide. */
  async open(toSide: boolean): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughRef(this.context.extension.id), toSide);
  }

  /**
   * openOnFirstActivation opens the walkthrough when the extension activates for the first time
   * in a folder that holds the lab's app, and remembers (globalState) that it did: it never opens
   * by itself again. A Dockerfile the learner already looks at stays in sight beside it.
   */
  async openOnFirstActivation(): Promise<boolean> {
    const shown = this.context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY, false);
    if (shown || !(await shouldOpenWalkthrough(shown, await labFolderReaders()))) {
      return false;
    }
    await this.context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
    await this.open(vscode.window.activeTextEditor !== undefined);
    return true;
  }

  dispose(): void {
    this.command.dispose();
  }
}

/** labFolderReaders reads the workspace folders and the folders of their Dockerfiles one level down. */
async function labFolderReaders(): Promise<FolderReader[]> {
  const dirs = new Map<string, vscode.Uri>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    dirs.set(folder.uri.toString(), folder.uri);
  }
  for (const file of await vscode.workspace.findFiles('{Dockerfile,*/Dockerfile}', '**/node_modules/**', 20)) {
    const dir = file.with({ path: path.posix.dirname(file.path) });
    dirs.set(dir.toString(), dir);
  }
  return [...dirs.values()].map((dir) => async (file: string) => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, file)));
    } catch {
      return undefined;
    }
  });
}
