// browser.ts opens a container's published port in the browser, through the editor: desktop
// VS Code opens the local address; code-server turns it into its /proxy/<port>/ address.

import * as vscode from 'vscode';
import * as l10n from './l10n';
import { openInBrowserTarget } from './results';

/** The client-side command of the code lens `브라우저에서 열기`; the server does not execute it. */
export const OPEN_IN_BROWSER_COMMAND = 'dockerlab.openInBrowser';

/** openInBrowser opens a local http address through vscode.env.asExternalUri + openExternal. */
export async function openInBrowser(url: string): Promise<void> {
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  await vscode.env.openExternal(external);
}

/** openInBrowserCommand runs `dockerlab.openInBrowser` with the lens's `{uri, containerId, hostIp, hostPort}`. */
export async function openInBrowserCommand(arg: unknown): Promise<void> {
  const url = openInBrowserTarget(arg);
  if (!url) {
    void vscode.window.showErrorMessage(l10n.t('This container publishes no port to open in the browser.'));
    return;
  }
  await openInBrowser(url);
}
