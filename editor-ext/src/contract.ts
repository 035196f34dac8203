// contract.ts is how the extension reads the contract the server declares once, in Go
// (server/contract): the tables and types generated from the declarations (generated/contract.ts,
// re-exported here), the shape of a command and of a setting those tables satisfy, and the lists
// the extension looks them up in. The extension imports the contract from here only, so no command
// id, notification method or setting section is typed by hand. No vscode import: the unit tests
// run it on Node.
import { COMMANDS, CommandAsk, CommandRunner, CommandUi, ContainerEffect, ContainerUse, SETTINGS } from './generated/contract';

export * from './generated/contract';

/** One declared command (contract.Command). */
export interface CommandSpec {
  readonly id: string;
  readonly runner: CommandRunner;
  readonly ui: CommandUi;
  /** The interface of its only argument, or null when it takes none. */
  readonly args: string | null;
  /** The interface of its result, or null when it has none. */
  readonly result: string | null;
  /** It reads the Dockerfile from disk: the editor saves it first. */
  readonly needsSavedFile: boolean;
  /** The server's progress title (Korean), or null when it shows none. */
  readonly progress: string | null;
  /** The server answers at once and keeps working. */
  readonly background: boolean;
  /** The build channel starts afresh. */
  readonly freshOutput: boolean;
  readonly container: ContainerUse;
  readonly effect: ContainerEffect;
  /** What the extension asks the learner before running it ('none' for nothing). */
  readonly ask: CommandAsk;
  /** The package.nls key of its title, or null for an internal command. */
  readonly titleKey: string | null;
}

/** The table key of a command: build, buildAndRun, … */
export type CommandName = keyof typeof COMMANDS;

/** Every declared command id. */
export type CommandId = (typeof COMMANDS)[CommandName]['id'];

/** Every declared command, in declaration order. */
export const COMMAND_LIST: readonly CommandSpec[] = Object.values(COMMANDS);

/** The commands the server executes (its executeCommandProvider lists them). */
export const SERVER_COMMANDS: readonly CommandSpec[] = COMMAND_LIST.filter((c) => c.runner === 'server');

/** commandSpec finds the declaration of a command id. */
export function commandSpec(id: string): CommandSpec | undefined {
  return COMMAND_LIST.find((c) => c.id === id);
}

/**
 * How a setting's value is read: a string, a boolean, a list of strings, an object of names to
 * strings, or an object of names to integers.
 */
export type SettingKind = 'string' | 'boolean' | 'strings' | 'stringMap' | 'integerMap';

/** One declared setting (contract.Setting). */
export interface SettingSpec {
  /** The full name, e.g. dockerlab.build.tag. */
  readonly id: string;
  /** The name within the section, e.g. build.tag: for a server setting, its path in Settings. */
  readonly key: string;
  readonly kind: SettingKind;
  readonly default: unknown;
  readonly descriptionKey: string;
  /** The server reads it (in Settings); false for the extension's own settings. */
  readonly server: boolean;
  /** A change restarts the server, which reads it only when it starts. */
  readonly restartsServer: boolean;
}

/** Every declared setting, in declaration order. */
export const SETTING_LIST: readonly SettingSpec[] = Object.values(SETTINGS);
