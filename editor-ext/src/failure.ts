// failure.ts decides what a learner is told when a docker command fails. The server answers with
// a JSON-RPC error: its message is the Korean explanation, its data the engine's own words in
// full, which the server also wrote to the build output channel. The notification shows the
// explanation and the engine's words cut to their first line (its start and its end when it is
// long), so the cause can be searched for;
// the channel keeps all of it. No vscode import, so the unit tests run it on Node.

import { isRecord } from './decode';
import type { Translator } from './locale';

/** What a failed command tells the user: the server's Korean message and the engine's cause. */
export interface CommandFailure {
  cancelled: boolean;
  message?: string;
  /** The engine's own words, in full (the JSON-RPC error's `data.cause`). */
  cause?: string;
  /** The failure's kind (`data.kind`, e.g. `Unauthorized`), for the way on it offers. */
  kind?: string;
}

/** The longest shortened cause in a notification, in characters, the "…" included. */
export const MAX_CAUSE_LENGTH = 200;

/** JSON-RPC codes for a request that was cancelled, by the client or by the server. */
const CANCELLED_CODES = new Set([-32800, -32802]);

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * describeFailure reads an error thrown by a command: a JSON-RPC ResponseError carries the
 * server's Korean message and, in its data, the engine's cause; a cancellation (VS Code's
 * CancellationError is named "Canceled") is not a failure to report.
 */
export function describeFailure(error: unknown): CommandFailure {
  if (isRecord(error) || error instanceof Error) {
    const e = error as { name?: unknown; code?: unknown; message?: unknown; data?: unknown };
    if (e.name === 'Canceled' || (typeof e.code === 'number' && CANCELLED_CODES.has(e.code))) {
      return { cancelled: true };
    }
    const failure: CommandFailure = { cancelled: false, message: asString(e.message) };
    const cause = isRecord(e.data) ? asString(e.data.cause) : undefined;
    if (cause !== undefined && cause.trim() !== '') {
      failure.cause = cause;
    }
    const kind = isRecord(e.data) ? asString(e.data.kind) : undefined;
    if (kind !== undefined) {
      failure.kind = kind;
    }
    return failure;
  }
  return { cancelled: false, message: asString(error) };
}

/** How much of a long line's start a shortened cause keeps; the rest of the room goes to its end. */
const HEAD_LENGTH = 60;

/**
 * shortenCause keeps the first non-empty line of the engine's words, at most `max` characters
 * (counted in code points, so no character is split). A line too long keeps its start and its
 * end joined by " … ": the engine nests its causes as "a: b: c", so the most specific words
 * (`bind: cannot assign requested address`) are the last. Other lines left out end it in "…".
 */
export function shortenCause(cause: string, max: number = MAX_CAUSE_LENGTH): string {
  const lines = cause
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) {
    return '';
  }
  const chars = Array.from(lines[0]);
  if (chars.length <= max) {
    return lines.length === 1 ? lines[0] : `${cutEnd(chars, max - 1)}…`;
  }
  const head = Math.min(HEAD_LENGTH, Math.floor(max / 3));
  const tail = max - head - 3; // " … "
  if (tail < 1) {
    return `${cutEnd(chars, max - 1)}…`;
  }
  return `${cutEnd(chars, head)} … ${chars.slice(chars.length - tail).join('').trimStart()}`;
}

/** cutEnd is the first n code points of chars, without trailing spaces. */
function cutEnd(chars: string[], n: number): string {
  return chars.slice(0, Math.max(0, n)).join('').trimEnd();
}

/**
 * failureNotice is the text of the error notification, or undefined for a cancelled command: the
 * server's message followed by the engine's cause, shortened, unless the message already holds
 * it. Plain text, as the editor shows notifications.
 */
export function failureNotice(failure: CommandFailure, l10n: Translator): string | undefined {
  if (failure.cancelled) {
    return undefined;
  }
  const message = failure.message ?? l10n.t('The dockerlab command failed. See the build output for details.');
  const short = failure.cause === undefined ? '' : shortenCause(failure.cause);
  if (short === '' || message.includes(short.replace(/…$/, ''))) {
    return message;
  }
  return `${message} ${l10n.t('Cause (engine): {0}', short)}`;
}
