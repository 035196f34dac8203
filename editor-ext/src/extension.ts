// extension.ts starts the dockerlab language server and wires the editor to it. The server does
// the work (hover, completion, diagnostics, code lenses, docker commands); this file only
// launches it, restarts it within bounds and connects the two output channels.

import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import * as l10n from './l10n';
import { BUILD_OUTPUT_NOTIFICATION, DOCKERFILE_LANGUAGE, appendBuildOutput, executeCommandMiddleware } from './commands';
import { MAX_RESTARTS, RestartBudget } from './restart_policy';
import { ensureExecutable, serverPath } from './server_path';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverLog = vscode.window.createOutputChannel('dockerlab');
  l10n.init(context.extensionPath, (line) => serverLog.appendLine(`[dockerlab] ${line}`));
  const build = vscode.window.createOutputChannel(l10n.t('dockerlab Build'));
  const budget = new RestartBudget();

  const start = async (): Promise<void> => {
    const command = serverPath(vscode.workspace.getConfiguration('dockerlab').get<string>('server.path'), context.extensionPath);
    if (!ensureExecutable(command)) {
      void vscode.window.showErrorMessage(
        l10n.t('The dockerlab server was not found at {0}. Reinstall the extension or set "dockerlab.server.path".', command),
      );
      return;
    }
    client = newClient(command, serverLog, build, budget);
    client.onNotification(BUILD_OUTPUT_NOTIFICATION, (params: unknown) => appendBuildOutput(build, params));
    try {
      await client.start();
    } catch (error) {
      serverLog.appendLine(String(error));
      void vscode.window.showErrorMessage(l10n.t('The dockerlab server could not be started. See the "dockerlab" output.'));
    }
  };
  const restart = async (): Promise<void> => {
    budget.reset();
    const old = client;
    client = undefined;
    await old?.dispose().catch((error: unknown) => serverLog.appendLine(String(error)));
    await start();
  };

  context.subscriptions.push(
    serverLog,
    build,
    vscode.commands.registerCommand('dockerlab.showBuildOutput', () => build.show()),
    vscode.commands.registerCommand('dockerlab.restartServer', restart),
    // The server was told `trusted: false` at start; a restart tells it the new truth.
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dockerlab.server.path')) {
        void restart();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

function newClient(command: string, serverLog: vscode.OutputChannel, build: vscode.OutputChannel, budget: RestartBudget): LanguageClient {
  const serverOptions: ServerOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: DOCKERFILE_LANGUAGE },
      { scheme: 'untitled', language: DOCKERFILE_LANGUAGE },
    ],
    // Read when the server starts, so a restart after granting trust sends the new value.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, locale: l10n.language() }),
    outputChannel: serverLog,
    // The server's errors are Korean sentences that the middleware shows; the client's generic
    // "Request ... failed." popups would only repeat them.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: { executeCommand: executeCommandMiddleware(build) },
    errorHandler: {
      error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        if (budget.tryRestart()) {
          return { action: CloseAction.Restart, message: l10n.t('The dockerlab server stopped. Restarting it.'), handled: true };
        }
        void showGaveUp(serverLog);
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  return new LanguageClient('dockerlab', 'dockerlab', serverOptions, clientOptions);
}

async function showGaveUp(serverLog: vscode.OutputChannel): Promise<void> {
  const restartLabel = l10n.t('Restart Server');
  const logLabel = l10n.t('Show Server Log');
  const choice = await vscode.window.showErrorMessage(
    l10n.t('The dockerlab server stopped {0} times within 3 minutes and will not be restarted again.', MAX_RESTARTS + 1),
    restartLabel,
    logLabel,
  );
  if (choice === restartLabel) {
    await vscode.commands.executeCommand('dockerlab.restartServer');
  } else if (choice === logLabel) {
    serverLog.show();
  }
}
