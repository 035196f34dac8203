// browser.ts opens a container's published port in the browser, through the editor: desktop
// VS Code opens the local address; code-server turns it into its /proxy/<port>/ address.

import * as vscode from 'vscode';
import * as l10n from './l10n';
import { openInBrowserTarget } from './results';

/** openInBrowser opens a local http address through vscode.env.asExternalUri + openExternal. */
export async function openInBrowser(url: string): Promise<void> {
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  await vscode.env.openExternal(external);
}

/** openInBrowserCommand runs the client command `openInBrowser` (COMMANDS.openInBrowser) with the lens's `{uri, containerId, hostIp, hostPort}`. */
export async function openInBrowserCommand(arg: unknown): Promise<void> {
  const url = openInBrowserTarget(arg);
  if (!url) {
    void vscode.window.showErrorMessage(l10n.t('This container publishes no port to open in the browser.'));
    return;
  }
  await openInBrowser(url);
}
