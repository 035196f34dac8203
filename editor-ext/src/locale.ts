// locale.ts decides which language dockerlab speaks. No vscode import.
//
// Why more than `vscode.env.language`: code-server started with `--locale ko` but without a
// Korean language pack for VS Code itself falls back to English everywhere, including
// `vscode.env.language` and the extension's l10n bundle, although the person asked for Korean.
// dockerlab is a Korean lab, so in that case it reads code-server's own `--locale` and loads its
// bundle itself.

/** What chooseLanguage decided. */
export interface LanguageChoice {
  /** The language dockerlab speaks; sent to the server as `locale`. */
  language: string;
  /** Set when dockerlab must load l10n/bundle.l10n.<ownBundle>.json itself. */
  ownBundle?: string;
}

function isEnglish(language: string): boolean {
  return language === '' || language === 'en' || language.startsWith('en-');
}

/** parseLocaleArg finds `--locale X` or `--locale=X` in a command line. */
export function parseLocaleArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--locale' && i + 1 < argv.length) {
      return argv[i + 1].trim().toLowerCase() || undefined;
    }
    if (arg.startsWith('--locale=')) {
      return arg.slice('--locale='.length).trim().toLowerCase() || undefined;
    }
  }
  return undefined;
}

/**
 * codeServerLocale returns the `--locale` that code-server was started with, or undefined
 * outside code-server. code-server names its own process in CODE_SERVER_PARENT_PID for the
 * processes it starts, the extension host among them; on Linux its command line is in /proc.
 */
export function codeServerLocale(env: Record<string, string | undefined>, readFile: (file: string) => string): string | undefined {
  const pid = env.CODE_SERVER_PARENT_PID;
  if (!pid || !/^\d+$/.test(pid)) {
    return undefined;
  }
  try {
    return parseLocaleArg(readFile(`/proc/${pid}/cmdline`).split('\0'));
  } catch {
    return undefined;
  }
}

/**
 * chooseLanguage keeps VS Code's language unless it is English while `requested` (code-server's
 * `--locale`) is not: then it picks the most specific bundle of ours that exists for it
 * (`ko-kr`, then `ko`).
 */
export function chooseLanguage(vscodeLanguage: string, requested: string | undefined, hasBundle: (language: string) => boolean): LanguageChoice {
  if (!isEnglish(vscodeLanguage) || requested === undefined || isEnglish(requested)) {
    return { language: vscodeLanguage };
  }
  const candidates = [requested];
  const dash = requested.indexOf('-');
  if (dash > 0) {
    candidates.push(requested.slice(0, dash));
  }
  const found = candidates.find(hasBundle);
  return found ? { language: requested, ownBundle: found } : { language: vscodeLanguage };
}

/** format fills `{0}`, `{1}`, … like vscode.l10n.t does; unknown placeholders stay as they are. */
export function format(template: string, args: readonly (string | number | boolean)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Translator is what the vscode-free modules translate with, called like the extension's own
 * l10n module (which the extension passes; the unit tests pass English or the Korean bundle).
 * The parameter is always named `l10n`, so the l10n completeness test finds those messages too.
 */
export interface Translator {
  t(message: string, ...args: (string | number | boolean)[]): string;
}
