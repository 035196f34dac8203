// The Korean translations must be complete: every contribution string of package.json and every
// vscode.l10n.t message in src/ has a Korean text, with the same {placeholders}.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

// Compiled to out/test/, so the extension folder is two levels up.
const ext = path.resolve(__dirname, '..', '..');
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(ext, file), 'utf8')) as Record<string, unknown>;

const placeholders = (s: string): string[] => (s.match(/\{[^}]+\}/g) ?? []).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * l10nCalls finds every `l10n.t(` in the sources (the wrapper in src/l10n.ts and vscode.l10n.t
 * alike) and reads its first argument's literal. src/l10n.ts itself only passes messages on.
 */
function l10nCalls(): { file: string; message?: string }[] {
  const calls: { file: string; message?: string }[] = [];
  const wrapper = path.join(ext, 'src', 'l10n.ts');
  for (const file of sourceFiles(path.join(ext, 'src')).filter((f) => f !== wrapper)) {
    const text = fs.readFileSync(file, 'utf8');
    const call = /l10n\.t\(\s*/g;
    while (call.exec(text) !== null) {
      const rest = text.slice(call.lastIndex);
      const lit = /^(['"])((?:\\.|(?!\1)[^\\\n])*)\1\s*[,)]/.exec(rest);
      // Sources use simple escapes only (\' or \"); drop the backslash.
      const message = lit ? lit[2].replace(/\\(.)/g, '$1') : undefined;
      calls.push({ file: path.relative(ext, file), message });
    }
  }
  return calls;
}

describe('package.nls', () => {
  const en = readJson('package.nls.json');
  const ko = readJson('package.nls.ko.json');

  it('defines every %key% that package.json uses', () => {
    const used = [...fs.readFileSync(path.join(ext, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(used.length > 0);
    for (const key of used) {
      assert.ok(key in en, `package.nls.json lacks ${key}`);
    }
  });

  it('has a Korean text for every English key, and no stale ones', () => {
    assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
    for (const [key, value] of Object.entries(ko)) {
      assert.equal(typeof value, 'string', key);
      assert.notEqual(value, '', key);
    }
  });
});

describe('l10n bundle', () => {
  const ko = readJson('l10n/bundle.l10n.ko.json');
  const calls = l10nCalls();

  it('finds the messages in the sources', () => {
    assert.ok(calls.length >= 5, `only ${calls.length} l10n.t calls found`);
  });

  it('has only string literals as messages, so they can be checked', () => {
    for (const c of calls) {
      assert.notEqual(c.message, undefined, `${c.file}: l10n.t must take a string literal`);
    }
  });

  it('translates every message with the same placeholders', () => {
    for (const { file, message } of calls) {
      const text = ko[message!];
      assert.equal(typeof text, 'string', `${file}: bundle.l10n.ko.json lacks ${JSON.stringify(message)}`);
      assert.deepEqual(placeholders(text as string), placeholders(message!), `placeholders of ${JSON.stringify(message)}`);
    }
  });

  it('keeps no translation that the sources no longer use', () => {
    const used = new Set(calls.map((c) => c.message));
    for (const key of Object.keys(ko)) {
      assert.ok(used.has(key), `bundle.l10n.ko.json has unused ${JSON.stringify(key)}`);
    }
  });

  it('has the button text the E2E test looks for', () => {
    assert.equal(ko['Open in Browser'], '브라우저에서 열기');
    assert.equal(ko['Show Build Output'], '빌드 출력 보기');
  });
});
