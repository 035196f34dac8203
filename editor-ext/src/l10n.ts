// l10n.ts is how dockerlab translates its runtime strings: `l10n.t('English message', ...args)`
// with the Korean text in l10n/bundle.l10n.ko.json. Normally that is vscode.l10n.t; when VS Code
// fell back to English although code-server was asked for another language (see locale.ts),
// dockerlab reads its own bundle for that language.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageChoice, chooseLanguage, codeServerLocale, format } from './locale';

let choice: LanguageChoice = { language: vscode.env.language };
let ownBundle: Record<string, string> | undefined;

/** init decides the language once, at activation, before any string is translated. */
export function init(extensionPath: string, log: (line: string) => void): void {
  const bundleFile = (language: string) => path.join(extensionPath, 'l10n', `bundle.l10n.${language}.json`);
  choice = chooseLanguage(
    vscode.env.language,
    codeServerLocale(process.env, (file) => fs.readFileSync(file, 'utf8')),
    (language) => fs.existsSync(bundleFile(language)),
  );
  ownBundle = undefined;
  if (choice.ownBundle) {
    try {
      ownBundle = JSON.parse(fs.readFileSync(bundleFile(choice.ownBundle), 'utf8')) as Record<string, string>;
      log(`VS Code speaks ${vscode.env.language}, code-server was started with --locale ${choice.language}: using dockerlab's own ${choice.ownBundle} bundle.`);
    } catch (error) {
      log(`Reading the ${choice.ownBundle} bundle failed, staying with ${vscode.env.language}: ${String(error)}`);
      choice = { language: vscode.env.language };
    }
  }
}

/** language is the language dockerlab speaks (and tells the server). */
export function language(): string {
  return choice.language;
}

/** t translates a message; its first argument must be a string literal (the unit tests check). */
export function t(message: string, ...args: (string | number | boolean)[]): string {
  if (ownBundle) {
    return format(ownBundle[message] ?? message, args);
  }
  return vscode.l10n.t(message, ...args);
}
