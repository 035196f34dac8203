import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseLanguage, codeServerLocale, format, parseLocaleArg } from '../../src/locale';

describe('parseLocaleArg', () => {
  it('reads both spellings', () => {
    assert.equal(parseLocaleArg(['node', 'code-server', '--auth', 'none', '--locale', 'ko', '/ws']), 'ko');
    assert.equal(parseLocaleArg(['code-server', '--locale=ko-KR']), 'ko-kr');
  });
  it('returns undefined without a value', () => {
    assert.equal(parseLocaleArg(['code-server', '/ws']), undefined);
    assert.equal(parseLocaleArg(['code-server', '--locale']), undefined);
    assert.equal(parseLocaleArg(['code-server', '--locale=']), undefined);
  });
});

describe('codeServerLocale', () => {
  const cmdline = ['node', '/x/code-server', '--bind-addr', '127.0.0.1:8080', '--locale', 'ko', '/ws', ''].join('\0');
  it('reads code-server\'s command line', () => {
    const read = (file: string) => {
      assert.equal(file, '/proc/4242/cmdline');
      return cmdline;
    };
    assert.equal(codeServerLocale({ CODE_SERVER_PARENT_PID: '4242' }, read), 'ko');
  });
  it('is undefined outside code-server or when /proc cannot be read', () => {
    const fail = () => {
      throw new Error('ENOENT');
    };
    assert.equal(codeServerLocale({}, () => cmdline), undefined);
    assert.equal(codeServerLocale({ CODE_SERVER_PARENT_PID: '../1' }, () => cmdline), undefined);
    assert.equal(codeServerLocale({ CODE_SERVER_PARENT_PID: '4242' }, fail), undefined);
  });
});

describe('chooseLanguage', () => {
  const ours = (language: string) => language === 'ko';
  it('keeps a non-English VS Code language', () => {
    assert.deepEqual(chooseLanguage('ko', 'ko', ours), { language: 'ko' });
    assert.deepEqual(chooseLanguage('ja', 'ko', ours), { language: 'ja' });
  });
  it('uses its own bundle when VS Code fell back to English', () => {
    assert.deepEqual(chooseLanguage('en', 'ko', ours), { language: 'ko', ownBundle: 'ko' });
    assert.deepEqual(chooseLanguage('en', 'ko-kr', ours), { language: 'ko-kr', ownBundle: 'ko' });
  });
  it('stays English without a request or without a bundle', () => {
    assert.deepEqual(chooseLanguage('en', undefined, ours), { language: 'en' });
    assert.deepEqual(chooseLanguage('en', 'en-us', ours), { language: 'en' });
    assert.deepEqual(chooseLanguage('en', 'fr', ours), { language: 'en' });
  });
});

describe('format', () => {
  it('fills positional placeholders like vscode.l10n.t', () => {
    assert.equal(format('{0}번 멈췄습니다 ({1})', [5, 'x']), '5번 멈췄습니다 (x)');
    assert.equal(format('{0} and {2}', ['a']), 'a and {2}');
    assert.equal(format('no args', []), 'no args');
  });
});
