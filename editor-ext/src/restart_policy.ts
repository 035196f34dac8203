// restart_policy.ts decides whether a crashed server is started again. It has no vscode import
// so the unit tests can drive it with a fake clock.

/** How many restarts are allowed within how long, before dockerlab gives up. */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * RestartBudget allows at most `max` restarts within any `windowMs`: a server that keeps
 * crashing is left stopped instead of being started in a loop, while a crash now and then
 * (older ones fall out of the window) is always restarted.
 */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** tryRestart records a crash; it returns true if the server may be started again. */
  tryRestart(): boolean {
    const t = this.now();
    while (this.restarts.length > 0 && t - this.restarts[0] >= this.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.max) {
      return false;
    }
    this.restarts.push(t);
    return true;
  }

  /** reset forgets past crashes, e.g. when the user restarts the server by hand. */
  reset(): void {
    this.restarts.length = 0;
  }
}
