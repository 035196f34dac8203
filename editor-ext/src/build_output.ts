// build_output.ts writes the server's `dockerlab/buildOutput` notifications (the lab's CLI lines,
// the engine's build output, and a failed command's Korean message with the engine's whole
// cause) to the build channel as they come. No vscode import: the channel is reached through
// `append`, so the unit tests can read what it got.

import { NOTIFICATIONS } from './contract';

/** appendBuildOutput writes one chunk of the server's build output, verbatim, to the channel. */
export function appendBuildOutput(build: { append(text: string): void }, params: unknown): void {
  const chunk = NOTIFICATIONS.buildOutput.decode(params);
  if (chunk) {
    build.append(chunk.text);
  }
}
