// log_output.ts writes the server's `dockerlab/logOutput` notifications (the output of
// `docker logs -f`) to the log channel. No vscode import: the channel is reached through `append`.

import { LogOutputParams, NOTIFICATIONS } from './contract';

/** parseLogOutput reads the notification's params; undefined without a string `text`. */
export function parseLogOutput(raw: unknown): LogOutputParams | undefined {
  return NOTIFICATIONS.logOutput.decode(raw);
}

/**
 * LogOutput appends container output to one channel. Several containers can be followed at once
 * (each `로그` click starts a follower); when the output switches from one container to another,
 * a `── <id> ──` line says whose lines follow, starting on a fresh line.
 */
export class LogOutput {
  private last: string | undefined;
  private atLineStart = true;

  constructor(private readonly append: (text: string) => void) {}

  /** write appends one notification's text; it returns false for params it cannot read. */
  write(raw: unknown): boolean {
    const p = parseLogOutput(raw);
    if (!p) {
      return false;
    }
    if (p.text === '') {
      return true;
    }
    if (this.last !== undefined && p.containerId !== this.last) {
      this.put(`${this.atLineStart ? '' : '\n'}── ${p.containerId.slice(0, 12) || '?'} ──\n`);
    }
    this.last = p.containerId;
    this.put(p.text);
    return true;
  }

  /** reset forgets the last container, after the channel was cleared. */
  reset(): void {
    this.last = undefined;
    this.atLineStart = true;
  }

  private put(text: string): void {
    this.append(text);
    this.atLineStart = text.endsWith('\n');
  }
}
