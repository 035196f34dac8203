// Translators for the unit tests: English (the messages themselves) and Korean (the bundle the
// extension ships), both filling {0}-style placeholders like vscode.l10n.t.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Translator, format } from '../../src/locale';

// Compiled to out/test/, so the extension folder is two levels up.
const bundle = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8'),
) as Record<string, string>;

export const english: Translator = { t: (message, ...args) => format(message, args) };

export const korean: Translator = {
  t: (message, ...args) => {
    const text = bundle[message];
    if (text === undefined) {
      throw new Error(`bundle.l10n.ko.json lacks ${JSON.stringify(message)}`);
    }
    return format(text, args);
  },
};
