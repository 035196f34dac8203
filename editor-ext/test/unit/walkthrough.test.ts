// The walkthrough in package.json: its steps complete on the context keys the extension sets from
// the server's facts (never on a click), each has a Markdown page in English and Korean, its texts
// are in both nls bundles, and its buttons run commands that exist.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/contract';
import { WALKTHROUGH_ID } from '../../src/lab_folder';
import { LAB_FACTS, contextKey } from '../../src/lab_progress';

// Compiled to out/test/, so the extension folder is two levels up.
const ext = path.resolve(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ext, file), 'utf8'));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}

const pkg = readJson('package.json');
const walkthroughs: { id: string; title: string; description: string; steps: Step[] }[] = pkg.contributes.walkthroughs;
const en: Record<string, string> = readJson('package.nls.json');
const ko: Record<string, string> = readJson('package.nls.ko.json');
const nlsKey = (value: string) => /^%(.+)%$/.exec(value)?.[1];

describe('the lab walkthrough', () => {
  const lab = walkthroughs.find((w) => w.id === WALKTHROUGH_ID)!;

  it('is contributed, with its command in the palette', () => {
    assert.ok(lab, `no walkthrough ${WALKTHROUGH_ID}`);
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === COMMANDS.openWalkthrough.id));
    assert.ok(!(pkg.contributes.menus.commandPalette ?? []).some((m: { command: string }) => m.command === COMMANDS.openWalkthrough.id));
  });

  it('completes each step on one of the server facts, in the lab order, every fact once', () => {
    const keys = lab.steps.map((s) => {
      assert.equal(s.completionEvents.length, 1, s.id);
      const m = /^onContext:(.+)$/.exec(s.completionEvents[0]);
      assert.ok(m, `${s.id} completes on ${s.completionEvents[0]}, not on a context key`);
      return m![1];
    });
    assert.deepEqual(keys, LAB_FACTS.map(contextKey));
    assert.ok(lab.steps.length >= 7 && lab.steps.length <= 13);
  });

  it('has its texts in both bundles, the Korean ones Korean', () => {
    for (const value of [lab.title, lab.description, ...lab.steps.flatMap((s) => [s.title, s.description])]) {
      const key = nlsKey(value);
      assert.ok(key, `${value} is not a %key%`);
      assert.ok(en[key!], `package.nls.json lacks ${key}`);
      assert.ok(/[\uAC00-\uD7A3]/.test(ko[key!] ?? ''), `package.nls.ko.json has no Korean for ${key}`);
      // Walkthrough texts are VS Code's formatted text, not Markdown: code is ``x``, and a single
      // backtick would show as itself.
      for (const text of [en[key!], ko[key!]]) {
        assert.doesNotMatch(text, /(?<!`)`[^`]+`(?!`)/, `${key} has \`code\` where the walkthrough needs \`\`code\`\``);
      }
    }
  });

  it('gives each step a Markdown page in English and Korean with the docker (or kind and kubectl) command', () => {
    for (const s of lab.steps) {
      const md = s.media.markdown;
      assert.ok(md, `${s.id} has no Markdown media`);
      const korean = md!.replace(/\.md$/, '.nls.ko.md');
      for (const file of [md!, korean]) {
        const text = fs.readFileSync(path.join(ext, file), 'utf8');
        if (s.id === 'kubernetes') {
          assert.match(text, /\bkind create cluster\b/, `${file} shows no kind command`);
          assert.match(text, /\bkubectl apply\b/, `${file} shows no kubectl command`);
          assert.match(text, /https:\/\/kubernetes\.io\//, `${file} links no official reference`);
          continue;
        }
        assert.match(text, /\bdocker [a-z]+/, `${file} shows no docker command`);
        assert.match(text, /https:\/\/docs\.docker\.com\//, `${file} links no official reference`);
      }
      assert.match(fs.readFileSync(path.join(ext, korean), 'utf8'), /[\uAC00-\uD7A3]/, `${korean} is not Korean`);
    }
  });

  it('has buttons that run declared dockerlab commands or built-in ones', () => {
    const declared = new Set<string>(Object.values(COMMANDS).map((c) => c.id));
    for (const s of lab.steps) {
      for (const bundle of [en, ko]) {
        const text = bundle[nlsKey(s.description)!];
        const links = [...text.matchAll(/\]\(command:([^)?]+)/g)].map((m) => m[1]);
        assert.ok(links.length > 0, `${s.id} has no button`);
        for (const id of links) {
          assert.ok(declared.has(id) || id === 'workbench.action.quickOpen', `${s.id} links ${id}`);
        }
      }
    }
  });
});
