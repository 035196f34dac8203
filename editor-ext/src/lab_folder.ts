// lab_folder.ts decides whether a folder holds the lab's app (the Node todo app of 실습 #1–#2) and
// whether the walkthrough opens by itself: only the first time the extension activates in such a
// folder, never again unasked. The server recognises the lab's Dockerfile by the same rule
// (server/session/lab_progress.go, isLab). No vscode import: the unit tests run it on Node.

/** The walkthrough's id in package.json's contributes.walkthroughs. */
export const WALKTHROUGH_ID = 'lab';

/** The globalState key that remembers that the walkthrough opened by itself once. */
export const WALKTHROUGH_SHOWN_KEY = 'dockerlab.walkthrough.shown';

/** The files beside the Dockerfile that make a folder the lab's app. */
export const LAB_FILES = ['package.json', 'src/static/js/app.js'] as const;

/** walkthroughRef is what `workbench.action.openWalkthrough` takes: `<publisher>.<name>#<id>`. */
export function walkthroughRef(extensionId: string): string {
  return `${extensionId}#${WALKTHROUGH_ID}`;
}

/** isNodeImage reports whether an image reference is Docker's official node image. */
export function isNodeImage(ref: string): boolean {
  const name = ref.toLowerCase().replace(/^(docker\.io\/library\/|index\.docker\.io\/library\/|library\/)/, '');
  return name === 'node' || name.startsWith('node:') || name.startsWith('node@');
}

/**
 * buildsOnNode reports whether a Dockerfile has a stage `FROM node…` (flags such as --platform
 * skipped; a line continued with `\` counts from its first line).
 */
export function buildsOnNode(dockerfile: string): boolean {
  for (const line of dockerfile.split(/\r?\n/)) {
    const m = /^\s*FROM\s+((?:--\S+\s+)*)(\S+)/i.exec(line);
    if (m && isNodeImage(m[2])) {
      return true;
    }
  }
  return false;
}

/**
 * A FolderReader reads a file of a folder by its slash path: its text, or undefined when there
 * is no such file.
 */
export type FolderReader = (path: string) => Promise<string | undefined>;

/** isLabFolder reports whether a folder holds the lab's app: a Dockerfile built on node beside package.json and src/static/js/app.js. */
export async function isLabFolder(read: FolderReader): Promise<boolean> {
  const dockerfile = await read('Dockerfile');
  if (dockerfile === undefined || !buildsOnNode(dockerfile)) {
    return false;
  }
  for (const file of LAB_FILES) {
    if ((await read(file)) === undefined) {
      return false;
    }
  }
  return true;
}

/**
 * shouldOpenWalkthrough is the first-activation rule: open the walkthrough by itself when it never
 * opened by itself before and one of the folders holds the lab's app.
 */
export async function shouldOpenWalkthrough(shownBefore: boolean, folders: readonly FolderReader[]): Promise<boolean> {
  if (shownBefore) {
    return false;
  }
  for (const read of folders) {
    if (await isLabFolder(read)) {
      return true;
    }
  }
  return false;
}
