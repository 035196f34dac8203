// What the notification offers after a run, depending on what the run published: the server's
// shapes from server/lab/run.go (runResult), with its messages as the notification gets them
// (backticks become quotes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/contract';
import { browserTarget, publishedNothing, readResult } from '../../src/results';

const nothingPublished = {
  image: 'getting-started',
  imageId: 'sha256:abc',
  containers: [{ id: 'c1', name: 'lucid_shannon', image: 'getting-started', state: 'running', ports: [] }],
  message:
    "'lucid_shannon' 컨테이너를 실행했지만 게시한 포트가 없어 호스트의 포트로는 앱에 접속할 수 없습니다. " +
    "이 Dockerfile에는 'EXPOSE' 지시문이 없고 'dockerlab.run.ports' 설정도 비어 있습니다. " +
    "앱이 3000번 포트를 쓴다면 'dockerlab.run.ports' 설정에 '{\"3000\": 3000}'을 적고 다시 실행하십시오('docker run -p 127.0.0.1:3000:3000'과 같습니다). " +
    "'EXPOSE'만으로는 포트가 게시되지 않습니다.",
};

describe('a run that publishes nothing', () => {
  it('offers no browser, and keeps the whole explanation for the notification', () => {
    const result = readResult(nothingPublished);
    assert.equal(browserTarget(COMMANDS.buildAndRun.id, result), undefined);
    assert.equal(browserTarget(COMMANDS.run.id, result), undefined);
    assert.equal(result.message, nothingPublished.message);
    assert.equal(result.containers.length, 1);
  });
  it('is a warning after a run or a start, never after a build or a removal', () => {
    const result = readResult(nothingPublished);
    for (const command of [COMMANDS.run.id, COMMANDS.buildAndRun.id, COMMANDS.start.id]) {
      assert.equal(publishedNothing(command, result), true, command);
    }
    for (const command of [COMMANDS.build.id, COMMANDS.stopAndRemove.id, COMMANDS.remove.id]) {
      assert.equal(publishedNothing(command, result), false, command);
    }
    const published = readResult({ ...nothingPublished,
      containers: [{ id: 'c1', name: 'x', ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 3000, protocol: 'tcp' }] }] });
    assert.equal(publishedNothing(COMMANDS.run.id, published), false);
    assert.equal(publishedNothing(COMMANDS.run.id, readResult({ containers: [] })), false);
  });
});

describe('a run that publishes a port the Dockerfile does not EXPOSE', () => {
  it('opens the host port the setting chose', () => {
    const result = readResult({
      ...nothingPublished,
      containers: [{ id: 'c1', name: 'lucid_shannon', ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 3000, protocol: 'tcp' }] }],
      message: "'lucid_shannon' 컨테이너가 http://127.0.0.1:8080 에서 실행 중입니다.",
    });
    assert.equal(browserTarget(COMMANDS.buildAndRun.id, result), 'http://127.0.0.1:8080/');
  });

  it('offers no browser for a UDP port alone', () => {
    const result = readResult({
      ...nothingPublished,
      containers: [{ id: 'c1', name: 'lucid_shannon', ports: [{ hostIp: '127.0.0.1', hostPort: 5000, containerPort: 3000, protocol: 'udp' }] }],
      message: "'lucid_shannon' 컨테이너를 실행했습니다. 게시한 포트: 127.0.0.1:5000→3000/udp. 'docker ps'로 확인할 수 있습니다.",
    });
    assert.equal(browserTarget(COMMANDS.buildAndRun.id, result), undefined);
  });
});
