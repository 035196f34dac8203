import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globToRegExp, isExtraComposeFile } from '../../src/compose_files';

test('a glob without a folder matches the file name anywhere', () => {
  assert.ok(isExtraComposeFile('/w/deploy/app.compose.yaml', ['*.compose.yaml']));
  assert.ok(!isExtraComposeFile('/w/deploy/app.compose.yml', ['*.compose.yaml']));
});

test('** spans folders, * stays in one, braces choose', () => {
  assert.ok(globToRegExp('**/deploy/*.yaml').test('/w/a/b/deploy/x.yaml'));
  assert.ok(!globToRegExp('**/deploy/*.yaml').test('/w/deploy/sub/x.yaml'));
  assert.ok(globToRegExp('stack.{yml,yaml}').test('/w/stack.yml'));
  assert.ok(!globToRegExp('stack.{yml,yaml}').test('/w/stack.json'));
  assert.ok(isExtraComposeFile('C:\\w\\ops\\dev.yaml', ['ops/*.yaml']));
});

test('no globs, or blank ones, match nothing', () => {
  assert.ok(!isExtraComposeFile('/w/compose.yaml', []));
  assert.ok(!isExtraComposeFile('/w/compose.yaml', ['  ']));
});
