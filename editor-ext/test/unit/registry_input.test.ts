import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { imageNameOf, proposedPushTarget, proposedVolume, pushTargetProblem, registryOf, splitTarget, volumeProblem } from '../../src/registry_input';
import { english } from './translators';

describe('registry input', () => {
  it('reads push targets as Docker does', () => {
    assert.deepEqual(splitTarget('127.0.0.1:5000/getting-started:1.0'), { host: '127.0.0.1:5000', repository: 'getting-started', tag: '1.0' });
    assert.deepEqual(splitTarget('me/getting-started'), { host: 'docker.io', repository: 'me/getting-started', tag: 'latest' });
    assert.deepEqual(splitTarget('ghcr.io/owner/app:1.0'), { host: 'ghcr.io', repository: 'owner/app', tag: '1.0' });
    assert.deepEqual(splitTarget('localhost/app'), { host: 'localhost', repository: 'app', tag: 'latest' });
    assert.deepEqual(splitTarget('123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:v1'), {
      host: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com',
      repository: 'app',
      tag: 'v1',
    });
    for (const bad of ['', 'Getting-Started', 'a b', 'host:5000/App:1', 'app:', 'app@sha256:00', '127.0.0.1:5000/', 'app:-x']) {
      assert.equal(splitTarget(bad), undefined, bad);
    }
  });

  it('explains a target it cannot use', () => {
    assert.equal(pushTargetProblem('127.0.0.1:5000/getting-started:1.0', english), undefined);
    assert.match(pushTargetProblem('getting-started', english) ?? '', /docker\.io\/USER\/getting-started/);
    assert.match(pushTargetProblem('Bad/Name', english) ?? '', /lower-case/);
    assert.match(pushTargetProblem(' ', english) ?? '', /127\.0\.0\.1:5000/);
  });

  it('proposes the last target, then the setting, then the local registry', () => {
    assert.equal(proposedPushTarget('ghcr.io/me/app:2', '127.0.0.1:5000/x', 'app'), 'ghcr.io/me/app:2');
    assert.equal(proposedPushTarget(undefined, ' docker.io/me/app ', 'app'), 'docker.io/me/app');
    assert.equal(proposedPushTarget('', '', 'getting-started'), '127.0.0.1:5000/getting-started:1.0');
    assert.equal(imageNameOf('My App!'), 'my-app');
    assert.equal(registryOf('ghcr.io/me/app'), 'ghcr.io');
    assert.equal(registryOf('me/app'), 'docker.io');
  });

  it('proposes and checks volumes', () => {
    assert.equal(proposedVolume(undefined), 'todo-db:/etc/todos');
    assert.equal(proposedVolume({ '/host/dir': '/data', cache: '/cache' }), 'cache:/cache');
    assert.equal(volumeProblem('todo-db:/etc/todos', english), undefined);
    assert.equal(volumeProblem('/home/me/data:/data', english), undefined);
    for (const bad of ['todo-db', 'todo-db:etc', 'a:/x', 'todo db:/x', 'todo-db:/']) {
      assert.ok(volumeProblem(bad, english), bad);
    }
  });
});
