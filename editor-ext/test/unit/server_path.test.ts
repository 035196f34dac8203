import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureExecutable, serverPath } from '../../src/server_path';

describe('serverPath', () => {
  it('uses the bundled binary by default', () => {
    assert.equal(serverPath(undefined, '/ext', 'linux'), '/ext/bin/dockerlab');
    assert.equal(serverPath('  ', '/ext', 'linux'), '/ext/bin/dockerlab');
    assert.equal(serverPath('', '/ext', 'win32'), path.join('/ext', 'bin', 'dockerlab.exe'));
  });
  it('lets the setting override it', () => {
    assert.equal(serverPath(' /opt/dockerlab ', '/ext', 'linux'), '/opt/dockerlab');
    assert.equal(serverPath('dockerlab', '/ext', 'linux'), 'dockerlab');
    assert.equal(serverPath('~/bin/dockerlab', '/ext', 'linux'), path.join(os.homedir(), 'bin/dockerlab'));
  });
});

describe('ensureExecutable', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlab-server-path-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('restores a lost execute bit', () => {
    const file = path.join(dir, 'dockerlab');
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
    assert.equal(ensureExecutable(file), true);
    assert.notEqual(fs.statSync(file).mode & 0o100, 0);
  });
  it('reports a missing binary or a folder', () => {
    assert.equal(ensureExecutable(path.join(dir, 'missing')), false);
    assert.equal(ensureExecutable(dir), false);
  });
  it('leaves bare command names to PATH', () => {
    assert.equal(ensureExecutable('dockerlab'), true);
  });
});
