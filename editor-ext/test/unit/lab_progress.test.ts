// The walkthrough's context keys come from the server's dockerlab/labProgress notification: every
// fact the first time, then only the facts that changed; unreadable params change nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAB_FACTS, LabProgress, contextKey } from '../../src/lab_progress';

const lab = 'file:///home/learner/getting-started/Dockerfile';
const none = Object.fromEntries(LAB_FACTS.map((f) => [f, false]));

describe('LabProgress', () => {
  it('sets every key from the first notification', () => {
    const p = new LabProgress();
    const changes = p.update({ uri: lab, tag: 'getting-started', ...none, dockerfileOpened: true, imageBuilt: true });
    assert.deepEqual(changes, [
      ['dockerlab.lab.dockerfileOpened', true],
      ['dockerlab.lab.imageBuilt', true],
      ['dockerlab.lab.running', false],
      ['dockerlab.lab.sourceEdited', false],
      ['dockerlab.lab.rebuilt', false],
      ['dockerlab.lab.conflictSeen', false],
      ['dockerlab.lab.oldRemoved', false],
      ['dockerlab.lab.updatedRunning', false],
      ['dockerlab.lab.pushed', false],
      ['dockerlab.lab.volumeRunning', false],
      ['dockerlab.lab.devRunning', false],
      ['dockerlab.lab.composeRunning', false],
      ['dockerlab.lab.k8sRunning', false],
    ]);
    assert.equal(p.labDockerfile(), lab);
  });

  it('then sets only what changed', () => {
    const p = new LabProgress();
    p.update({ uri: lab, ...none, dockerfileOpened: true, imageBuilt: true });
    assert.deepEqual(p.update({ uri: lab, ...none, dockerfileOpened: true, imageBuilt: true }), []);
    assert.deepEqual(p.update({ uri: lab, ...none, dockerfileOpened: true, imageBuilt: true, running: true }), [['dockerlab.lab.running', true]]);
    assert.deepEqual(p.update({ uri: lab, ...none, imageBuilt: true, running: true }), [['dockerlab.lab.dockerfileOpened', false]]);
  });

  it('reads a missing or mistyped fact as false and ignores params without a uri', () => {
    const p = new LabProgress();
    const changes = new Map(p.update({ uri: lab, imageBuilt: 'yes', running: 1, rebuilt: true }));
    assert.equal(changes.get('dockerlab.lab.imageBuilt'), false);
    assert.equal(changes.get('dockerlab.lab.running'), false);
    assert.equal(changes.get('dockerlab.lab.rebuilt'), true);
    for (const bad of [undefined, null, 'x', [], {}, { imageBuilt: true }]) {
      assert.deepEqual(p.update(bad), [], JSON.stringify(bad));
    }
    assert.equal(p.labDockerfile(), lab);
  });

  it('names the keys dockerlab.lab.<fact>', () => {
    assert.equal(contextKey('updatedRunning'), 'dockerlab.lab.updatedRunning');
    assert.equal(new LabProgress().labDockerfile(), undefined);
  });
});
