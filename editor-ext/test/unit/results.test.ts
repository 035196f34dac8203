import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, COMMAND_LIST, SERVER_COMMANDS } from '../../src/contract';
import {
  browserTarget,
  browserUrl,
  fillCommandArgs,
  firstPublishedPort,
  openInBrowserTarget,
  planCommand,
  readResult,
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

describe('readResult', () => {
  it('reads a complete result as it is', () => {
    assert.deepEqual(readResult(full), full);
  });

  it('reads what is not an object as an empty result', () => {
    for (const raw of ['빌드했습니다.', JSON.stringify(full), 42, null]) {
      assert.deepEqual(readResult(raw), { containers: [], message: '' }, JSON.stringify(raw));
    }
  });

  it('never throws on missing or malformed input', () => {
    for (const bad of [undefined, null, 0, true, [], '', '{', {}, { containers: 'x' }, { containers: [null, 1, 'a'] }]) {
      const r = readResult(bad);
      assert.ok(Array.isArray(r.containers), `containers for ${JSON.stringify(bad)}`);
    }
  });

  it('reads fields of the wrong type as empty, and opens no port without a usable host port', () => {
    const r = readResult({
      image: 42,
      message: ['x'],
      containers: [
        {
          id: 7,
          ports: [{ hostPort: 0 }, { hostPort: 70000 }, { hostPort: 'abc' }, { hostPort: 3.5 }, null, { hostPort: '8080', hostIp: 5, protocol: 'TCP' }],
        },
      ],
    });
    assert.equal(r.image, undefined);
    assert.equal(r.message, '');
    assert.equal(r.containers.length, 1);
    assert.equal(r.containers[0].id, '');
    assert.equal(r.containers[0].ports.length, 5, 'null is dropped');
    assert.equal(firstPublishedPort(r), undefined);
    assert.equal(browserTarget(COMMANDS.run.id, r), undefined);
  });

  it('accepts a build result without containers', () => {
    const r = readResult({ image: 'app', imageId: 'sha256:1', message: '빌드했습니다.' });
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
    const r = readResult({
      containers: [
        { ports: [{ hostIp: '::', hostPort: 3000, protocol: 'tcp' }, { hostIp: '0.0.0.0', hostPort: 53, protocol: 'udp' }] },
        { ports: [{ hostIp: '0.0.0.0', hostPort: 3000, protocol: 'tcp' }] },
      ],
    });
    assert.equal(firstPublishedPort(r)?.hostIp, '0.0.0.0');
    assert.equal(browserTarget(COMMANDS.buildAndRun.id, r), 'http://127.0.0.1:3000/');
  });
  it('falls back to an IPv6 binding', () => {
    const r = readResult({ containers: [{ ports: [{ hostIp: '::1', hostPort: 3000 }] }] });
    assert.equal(browserTarget(COMMANDS.run.id, r), 'http://[::1]:3000/');
  });
  it('offers nothing after stopAndRemove, remove or without ports', () => {
    assert.equal(browserTarget(COMMANDS.stopAndRemove.id, readResult(full)), undefined);
    assert.equal(browserTarget(COMMANDS.remove.id, readResult(full)), undefined);
    assert.equal(browserTarget(COMMANDS.build.id, readResult({ image: 'x' })), undefined);
  });
  it('uses the server example result', () => {
    assert.equal(browserTarget(COMMANDS.buildAndRun.id, readResult(full)), 'http://127.0.0.1:3000/');
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

describe('planCommand', () => {
  const uri = 'file:///lab/Dockerfile';

  it('handles every command the server declares', () => {
    assert.ok(SERVER_COMMANDS.length >= 9);
    for (const spec of SERVER_COMMANDS) {
      const plan = planCommand(spec.id, [{ uri, containerId: 'c1' }], uri);
      assert.notEqual(plan.kind, 'pass', spec.id);
      if (spec.args === null) {
        assert.equal(plan.kind, 'list', spec.id);
      } else if (spec.ui === 'volumeStep' || spec.ui === 'login' || spec.ui === 'clusterStep') {
        assert.equal(plan.kind, { login: 'login', volumeStep: 'volume', clusterStep: 'cluster' }[spec.ui], spec.id);
        assert.equal(planCommand(spec.id, []).kind, plan.kind, `${spec.id} needs no Dockerfile`);
      } else {
        assert.equal(plan.kind, 'dockerfile', spec.id);
        const none = spec.ui === 'composeStep' ? 'noComposeFile' : 'noDockerfile';
        assert.equal(planCommand(spec.id, []).kind, none, `${spec.id} without its file`);
      }
    }
  });

  it('passes the extension\'s own commands and unknown ones through', () => {
    for (const spec of COMMAND_LIST.filter((c) => c.runner === 'client')) {
      assert.deepEqual(planCommand(spec.id, [], uri), { kind: 'pass' }, spec.id);
    }
    assert.deepEqual(planCommand('dockerlab.somethingNew', [], uri), { kind: 'pass' });
  });

  it('shows the lists as picks', () => {
    assert.deepEqual(planCommand(COMMANDS.images.id, []), { kind: 'list', spec: COMMANDS.images, pick: 'images' });
    assert.deepEqual(planCommand(COMMANDS.ps.id, []), { kind: 'list', spec: COMMANDS.ps, pick: 'containers' });
    assert.deepEqual(planCommand(COMMANDS.volumes.id, []), { kind: 'list', spec: COMMANDS.volumes, pick: 'volumes' });
  });

  it('passes a cluster name on, and leaves it to the server\'s setting when missing', () => {
    assert.deepEqual(planCommand(COMMANDS.k8sCreateCluster.id, [{ name: 'lab2' }]), { kind: 'cluster', spec: COMMANDS.k8sCreateCluster, name: 'lab2' });
    assert.deepEqual(planCommand(COMMANDS.k8sDeleteCluster.id, []), { kind: 'cluster', spec: COMMANDS.k8sDeleteCluster, name: undefined });
  });

  it('passes a volume name and a registry on, and asks for them when missing', () => {
    assert.deepEqual(planCommand(COMMANDS.removeVolume.id, [{ name: 'todo-db' }]), { kind: 'volume', spec: COMMANDS.removeVolume, name: 'todo-db' });
    assert.deepEqual(planCommand(COMMANDS.removeVolume.id, []), { kind: 'volume', spec: COMMANDS.removeVolume, name: undefined });
    assert.deepEqual(planCommand(COMMANDS.login.id, [{ registry: '127.0.0.1:5000' }]), { kind: 'login', spec: COMMANDS.login, registry: '127.0.0.1:5000' });
    assert.equal(COMMANDS.push.ask, 'pushTarget');
    assert.equal(COMMANDS.runWithVolume.ask, 'volume');
    assert.equal(COMMANDS.build.ask, 'none');
  });

  it('asks for a container only where the command needs one and none was given', () => {
    const ask = (id: string, args: unknown[]) => {
      const plan = planCommand(id, args, uri);
      return plan.kind === 'dockerfile' ? plan.askContainer : undefined;
    };
    for (const id of [COMMANDS.start.id, COMMANDS.remove.id, COMMANDS.logs.id]) {
      assert.equal(ask(id, []), true, id);
      assert.equal(ask(id, [{ uri, containerId: 'c1' }]), false, id);
    }
    for (const id of [COMMANDS.build.id, COMMANDS.buildAndRun.id, COMMANDS.run.id, COMMANDS.stopAndRemove.id]) {
      assert.equal(ask(id, []), false, id);
    }
  });

  it('clears the build channel for a new build and follows logs in the log channel', () => {
    const plan = (id: string) => planCommand(id, [], uri);
    assert.deepEqual(
      [COMMANDS.build.id, COMMANDS.buildAndRun.id, COMMANDS.run.id, COMMANDS.logs.id].map((id) => {
        const p = plan(id);
        return p.kind === 'dockerfile' ? [p.channel, p.fresh] : p.kind;
      }),
      [['build', true], ['build', true], ['build', false], ['logs', false]],
    );
  });
});
