import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONTAINER_COMMANDS,
  DOCKERFILE_COMMANDS,
  DOCKER_COMMANDS,
  LIST_COMMANDS,
  browserTarget,
  browserUrl,
  fillCommandArgs,
  firstPublishedPort,
  openInBrowserTarget,
  parseCommandResult,
} from '../../src/results';

const full = {
  image: 'getting-started',
  imageId: 'sha256:abc',
  containers: [
    {
      id: 'c1',
      name: 'getting-started-1',
      ports: [{ hostIp: '127.0.0.1', hostPort: 3000, containerPort: 3000, protocol: 'tcp' }],
    },
  ],
  message: '이미지를 빌드하고 컨테이너를 실행했습니다.',
};

describe('parseCommandResult', () => {
  it('reads a complete result', () => {
    assert.deepEqual(parseCommandResult(full), {
      image: 'getting-started',
      imageId: 'sha256:abc',
      containers: [
        {
          id: 'c1',
          name: 'getting-started-1',
          ports: [{ hostIp: '127.0.0.1', hostPort: 3000, containerPort: 3000, protocol: 'tcp' }],
        },
      ],
      message: '이미지를 빌드하고 컨테이너를 실행했습니다.',
    });
  });

  it('accepts the same result as a JSON string', () => {
    assert.deepEqual(parseCommandResult(JSON.stringify(full)), parseCommandResult(full));
  });

  it('treats a plain string as the message', () => {
    assert.deepEqual(parseCommandResult('빌드했습니다.'), { containers: [], message: '빌드했습니다.' });
  });

  it('never throws on missing or malformed input', () => {
    for (const bad of [undefined, null, 0, true, [], '', '{', {}, { containers: 'x' }, { containers: [null, 1, 'a'] }]) {
      const r = parseCommandResult(bad);
      assert.ok(Array.isArray(r.containers), `containers for ${JSON.stringify(bad)}`);
    }
  });

  it('drops fields of the wrong type and ports without a usable host port', () => {
    const r = parseCommandResult({
      image: 42,
      message: ['x'],
      containers: [
        {
          id: 7,
          ports: [
            { hostPort: 0 },
            { hostPort: 70000 },
            { hostPort: 'abc' },
            { hostPort: 3.5 },
            null,
            { hostPort: '8080', hostIp: 5, protocol: 'TCP' },
          ],
        },
      ],
    });
    assert.equal(r.image, undefined);
    assert.equal(r.message, undefined);
    assert.deepEqual(r.containers, [
      { id: '', name: '', ports: [{ hostIp: '', hostPort: 8080, containerPort: undefined, protocol: 'tcp' }] },
    ]);
  });

  it('accepts a build result without containers', () => {
    const r = parseCommandResult({ image: 'app', imageId: 'sha256:1', message: '빌드했습니다.' });
    assert.deepEqual(r.containers, []);
    assert.equal(firstPublishedPort(r), undefined);
  });
});

describe('browserUrl', () => {
  const port = (hostIp: string, hostPort = 3000) => ({ hostIp, hostPort, protocol: 'tcp' });
  it('opens wildcard bindings on 127.0.0.1', () => {
    assert.equal(browserUrl(port('0.0.0.0')), 'http://127.0.0.1:3000/');
    assert.equal(browserUrl(port('')), 'http://127.0.0.1:3000/');
    assert.equal(browserUrl(port('::')), 'http://127.0.0.1:3000/');
  });
  it('keeps a specific address', () => {
    assert.equal(browserUrl(port('127.0.0.1', 8080)), 'http://127.0.0.1:8080/');
    assert.equal(browserUrl(port('192.0.2.10', 80)), 'http://192.0.2.10:80/');
  });
  it('brackets IPv6 addresses', () => {
    assert.equal(browserUrl(port('::1')), 'http://[::1]:3000/');
  });
});

describe('firstPublishedPort and browserTarget', () => {
  it('prefers an IPv4 TCP binding', () => {
    const r = parseCommandResult({
      containers: [
        { ports: [{ hostIp: '::', hostPort: 3000, protocol: 'tcp' }, { hostIp: '0.0.0.0', hostPort: 53, protocol: 'udp' }] },
        { ports: [{ hostIp: '0.0.0.0', hostPort: 3000, protocol: 'tcp' }] },
      ],
    });
    assert.equal(firstPublishedPort(r)?.hostIp, '0.0.0.0');
    assert.equal(browserTarget('dockerlab.buildAndRun', r), 'http://127.0.0.1:3000/');
  });
  it('falls back to an IPv6 binding', () => {
    const r = parseCommandResult({ containers: [{ ports: [{ hostIp: '::1', hostPort: 3000 }] }] });
    assert.equal(browserTarget('dockerlab.run', r), 'http://[::1]:3000/');
  });
  it('offers nothing after stopAndRemove, remove or without ports', () => {
    assert.equal(browserTarget('dockerlab.stopAndRemove', parseCommandResult(full)), undefined);
    assert.equal(browserTarget('dockerlab.remove', parseCommandResult(full)), undefined);
    assert.equal(browserTarget('dockerlab.build', parseCommandResult({ image: 'x' })), undefined);
  });
  it('uses the server example result', () => {
    assert.equal(browserTarget('dockerlab.buildAndRun', parseCommandResult(full)), 'http://127.0.0.1:3000/');
  });
});

describe('fillCommandArgs', () => {
  const active = 'file:///lab/Dockerfile';
  it('keeps the arguments of a code lens', () => {
    assert.deepEqual(fillCommandArgs([{ uri: 'file:///a/Dockerfile' }], active), [{ uri: 'file:///a/Dockerfile' }]);
  });
  it('fills in the active Dockerfile for the command palette', () => {
    assert.deepEqual(fillCommandArgs([], active), [{ uri: active }]);
    assert.deepEqual(fillCommandArgs([undefined], active), [{ uri: active }]);
    assert.deepEqual(fillCommandArgs([{}], active), [{ uri: active }]);
  });
  it('turns the Uri an editor menu passes into an argument', () => {
    const uri = { scheme: 'file', path: '/b/Dockerfile', toString: () => 'file:///b/Dockerfile' };
    assert.deepEqual(fillCommandArgs([uri, {}], active), [{ uri: 'file:///b/Dockerfile' }]);
  });
  it('accepts a bare URI string', () => {
    assert.deepEqual(fillCommandArgs(['file:///c/Dockerfile']), [{ uri: 'file:///c/Dockerfile' }]);
  });
  it('keeps the stage and the container of a lens or a quick pick', () => {
    assert.deepEqual(fillCommandArgs([{ uri: 'file:///a/Dockerfile', target: 'build', containerId: 'c1', extra: 1 }], active), [
      { uri: 'file:///a/Dockerfile', target: 'build', containerId: 'c1' },
    ]);
  });
  it('fills in the active Dockerfile and keeps the container', () => {
    assert.deepEqual(fillCommandArgs([{ containerId: 'c1', target: '' }], active), [{ uri: active, containerId: 'c1' }]);
  });
  it('gives up without any Dockerfile', () => {
    assert.equal(fillCommandArgs([]), undefined);
    assert.equal(fillCommandArgs([{ uri: '' }]), undefined);
  });
});

describe('openInBrowserTarget', () => {
  const lens = { uri: 'file:///lab/Dockerfile', containerId: 'c1', hostPort: 3000 };
  it('opens wildcard and empty bindings on 127.0.0.1', () => {
    assert.equal(openInBrowserTarget({ ...lens, hostIp: '0.0.0.0' }), 'http://127.0.0.1:3000/');
    assert.equal(openInBrowserTarget({ ...lens, hostIp: '' }), 'http://127.0.0.1:3000/');
    assert.equal(openInBrowserTarget(lens), 'http://127.0.0.1:3000/');
  });
  it('keeps 127.0.0.1 and other addresses', () => {
    assert.equal(openInBrowserTarget({ ...lens, hostIp: '127.0.0.1', hostPort: 3001 }), 'http://127.0.0.1:3001/');
    assert.equal(openInBrowserTarget({ ...lens, hostIp: '::1' }), 'http://[::1]:3000/');
  });
  it('finds nothing without a usable port', () => {
    for (const bad of [undefined, null, 'x', [], {}, { hostPort: 0 }, { hostPort: 'abc' }, { hostIp: '127.0.0.1' }]) {
      assert.equal(openInBrowserTarget(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('command sets', () => {
  it('match the commands the server advertises', () => {
    assert.deepEqual([...DOCKER_COMMANDS].sort(), [
      'dockerlab.build', 'dockerlab.buildAndRun', 'dockerlab.images', 'dockerlab.logs', 'dockerlab.ps',
      'dockerlab.remove', 'dockerlab.run', 'dockerlab.start', 'dockerlab.stopAndRemove',
    ]);
    for (const c of CONTAINER_COMMANDS) {
      assert.ok(DOCKERFILE_COMMANDS.has(c), c);
    }
    for (const c of LIST_COMMANDS) {
      assert.ok(!DOCKERFILE_COMMANDS.has(c), c);
    }
  });
});
