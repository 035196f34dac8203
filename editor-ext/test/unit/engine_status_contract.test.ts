// The `dockerlab/engineStatus` notification is declared once, in Go (engineStatusParams in
// server/lsp/engine_status.go). This test reads that declaration and checks that
// parseEngineStatus keeps every field the server sends, so the two sides cannot drift apart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseEngineStatus } from '../../src/engine_status';

// Compiled to out/test/, so the repository is three levels up.
const goFile = path.resolve(__dirname, '..', '..', '..', 'server', 'lsp', 'engine_status.go');

/** goFields lists the JSON names and Go types of engineStatusParams' fields. */
function goFields(): { name: string; type: string }[] {
  const source = fs.readFileSync(goFile, 'utf8');
  const body = /type engineStatusParams struct \{([\s\S]*?)\n\}/.exec(source);
  assert.ok(body, `no engineStatusParams struct in ${goFile}`);
  return [...body[1].matchAll(/^\s*\w+\s+(\w+)\s+`json:"([^",]+)/gm)].map((m) => ({ name: m[2], type: m[1] }));
}

describe('engineStatus contract', () => {
  it('reads every field the server declares', () => {
    const fields = goFields();
    assert.ok(fields.length >= 6, `found only ${JSON.stringify(fields)}`);
    const sent: Record<string, unknown> = {};
    for (const { name, type } of fields) {
      sent[name] = type === 'bool' ? true : `value of ${name}`;
    }
    assert.deepEqual(parseEngineStatus(sent), sent);
  });

  it('has both versions', () => {
    const names = goFields().map((f) => f.name);
    assert.ok(names.includes('engineVersion') && names.includes('apiVersion'), names.join(', '));
  });
});
