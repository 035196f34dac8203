// lab_progress.ts turns the server's `dockerlab/labProgress` notification into the context keys
// the walkthrough's steps complete on (`onContext:dockerlab.lab.imageBuilt`, …). The server reads
// the facts from the engine's real state, so a step done in a terminal ticks too; this file only
// decides which keys to set, and only those that changed. No vscode import: the unit tests run it
// on Node.

import { LabProgressParams, NOTIFICATIONS } from './contract';

/** The facts of the notification that become context keys, in the order of the lab's steps. */
export const LAB_FACTS = [
  'dockerfileOpened',
  'imageBuilt',
  'running',
  'sourceEdited',
  'rebuilt',
  'conflictSeen',
  'oldRemoved',
  'updatedRunning',
  'pushed',
  'volumeRunning',
  'devRunning',
  'composeRunning',
  'k8sRunning',
] as const satisfies readonly (keyof LabProgressParams)[];

export type LabFact = (typeof LAB_FACTS)[number];

/** contextKey is the context key of a fact: `dockerlab.lab.<fact>`. */
export function contextKey(fact: LabFact): string {
  return `dockerlab.lab.${fact}`;
}

/** LabProgress remembers the keys it set and the lab's Dockerfile the server named last. */
export class LabProgress {
  private readonly set = new Map<string, boolean>();
  private lab: string | undefined;

  /**
   * update reads a notification and returns the context keys to set, [key, value], for the facts
   * that changed since the last one (every fact, the first time). Unreadable params change nothing.
   */
  update(raw: unknown): [string, boolean][] {
    const params = NOTIFICATIONS.labProgress.decode(raw);
    if (!params) {
      return [];
    }
    this.lab = params.uri || this.lab;
    const changes: [string, boolean][] = [];
    for (const fact of LAB_FACTS) {
      const key = contextKey(fact);
      const value = params[fact] === true;
      if (this.set.get(key) !== value) {
        this.set.set(key, value);
        changes.push([key, value]);
      }
    }
    return changes;
  }

  /** labDockerfile is the URI of the lab's Dockerfile the server last reported, if any. */
  labDockerfile(): string | undefined {
    return this.lab;
  }
}
