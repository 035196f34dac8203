import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  containerActions,
  containerItem,
  containersOf,
  firstPortUrl,
  imageItem,
  imageName,
  listTitle,
  readContainerList,
  readImageList,
  splitOurs,
} from '../../src/lists';
import { english, korean } from './translators';
import { COMMANDS } from '../../src/contract';

// The shapes the server sends (server/lab/lists.go).
const images = {
  command: 'docker images',
  images: [
    { repository: 'getting-started', tag: 'latest', id: '1a2b3c4d5e6f', created: '2분 전', size: '180MB' },
    { repository: 'node', tag: 'lts-alpine', id: '9f8e7d6c5b4a', created: '3일 전', size: '130MB' },
  ],
  message: '이미지 2개',
};

const ps = {
  command: 'docker ps -a',
  containers: [
    {
      id: '8fe40f192a79',
      image: 'getting-started',
      created: '2분 전',
      status: 'Up 2 minutes',
      state: 'running',
      ports: '127.0.0.1:3000→3000',
      name: 'getting-started-1',
      ours: true,
      dockerfile: '/work/lab/Dockerfile',
    },
    {
      id: '0123456789ab',
      image: 'getting-started',
      created: '1시간 전',
      status: 'Exited (0) 50 minutes ago',
      state: 'exited',
      ports: '',
      name: 'getting-started-0',
      ours: true,
      dockerfile: '/work/lab/Dockerfile',
    },
    {
      id: 'abcdefabcdef',
      image: 'redis',
      created: '4일 전',
      status: 'Up 4 days',
      state: 'running',
      ports: '0.0.0.0:6379→6379, :::6379→6379',
      name: 'cache',
      ours: false,
    },
  ],
  message: '컨테이너 3개',
};

const junk: unknown[] = [undefined, null, 0, true, 'x', '{', '[]', [], {}, { images: 'x' }, { containers: 7 },
  { images: [null, 1, 'a', [], { repository: 5, tag: {}, id: null }] },
  { containers: [null, 1, 'a', [], { id: 5, ours: 'yes', ports: ['x'], state: null }] }];

describe('readImageList and readContainerList', () => {
  it('read the server result', () => {
    const i = readImageList(images);
    assert.equal(i.command, 'docker images');
    assert.equal(i.images.length, 2);
    assert.deepEqual(i.images[0], images.images[0]);
    const c = readContainerList(ps);
    assert.equal(c.containers.length, 3);
    assert.deepEqual(c.containers[0], ps.containers[0]);
    assert.equal(c.containers[2].dockerfile, undefined);
  });

  it('read a JSON string as an empty list (the server sends objects)', () => {
    assert.deepEqual(readContainerList(JSON.stringify(ps)).containers, []);
  });

  it('never throw, and format every row they return', () => {
    for (const bad of junk) {
      const i = readImageList(bad);
      const c = readContainerList(bad);
      assert.equal(i.command, 'docker images');
      assert.equal(c.command, 'docker ps -a');
      for (const row of i.images) {
        assert.equal(typeof imageItem(row, korean).label, 'string');
      }
      for (const row of c.containers) {
        assert.equal(typeof containerItem(row, korean).label, 'string');
        assert.ok(Array.isArray(containerActions(row, korean)));
      }
    }
  });

  it('drop fields of the wrong type', () => {
    const c = readContainerList({ containers: [{ id: 5, name: '/web', ours: 'yes', state: 'RUNNING', dockerfile: 3 }] });
    assert.deepEqual(c.containers[0], {
      id: '', image: '', created: '', status: '', state: 'running', ports: '', name: 'web', ours: false,
    });
  });
});

describe('listTitle', () => {
  it('shows the CLI command and the count', () => {
    assert.equal(listTitle(readImageList(images)), 'docker images · 이미지 2개');
    assert.equal(listTitle(readContainerList({})), 'docker ps -a');
  });
});

describe('imageItem', () => {
  it('shows the columns of docker images', () => {
    assert.deepEqual(imageItem(readImageList(images).images[0], korean), {
      label: '$(package) getting-started:latest',
      description: '이미지 ID: 1a2b3c4d5e6f',
      detail: '생성: 2분 전 · 크기: 180MB',
    });
    assert.equal(imageItem(readImageList(images).images[1], english).detail, 'Created: 3일 전 · Size: 130MB');
  });

  it('copes with missing columns', () => {
    assert.deepEqual(imageItem({ repository: '', tag: '', id: '', created: '', size: '' }, korean), {
      label: '$(package) <none>',
      description: undefined,
      detail: undefined,
    });
    assert.equal(imageName({ repository: 'app', tag: '<none>', id: '', created: '', size: '' }), 'app');
  });
});

describe('containerItem', () => {
  const [running, stopped, foreign] = readContainerList(ps).containers;

  it('shows the columns of docker ps, state in Korean with the engine words', () => {
    assert.deepEqual(containerItem(running, korean, (p) => p.replace('/work/', '')), {
      label: '$(vm-running) getting-started-1',
      description: '8fe40f192a79 · getting-started',
      detail: '상태: 실행 중 (Up 2 minutes) · 생성: 2분 전 · 포트: 127.0.0.1:3000→3000 · Dockerfile: lab/Dockerfile',
    });
    assert.deepEqual(containerItem(stopped, korean).detail, '상태: 중지됨 (Exited (0) 50 minutes ago) · 생성: 1시간 전 · Dockerfile: /work/lab/Dockerfile');
    assert.equal(containerItem(foreign, english).detail, 'Status: Running (Up 4 days) · Created: 4일 전 · Ports: 0.0.0.0:6379→6379, :::6379→6379');
  });

  it('falls back to the ID and to an unknown state as it is', () => {
    const row = { ...stopped, name: '', state: 'weird', status: '' };
    assert.equal(containerItem(row, korean).label, '$(vm-outline) 0123456789ab');
    assert.match(containerItem(row, korean).detail ?? '', /^상태: weird/);
  });

  it('groups dockerlab containers first', () => {
    const { ours, others } = splitOurs(readContainerList(ps));
    assert.deepEqual(ours.map((c) => c.name), ['getting-started-1', 'getting-started-0']);
    assert.deepEqual(others.map((c) => c.name), ['cache']);
  });
});

describe('containerActions', () => {
  const [running, stopped, foreign] = readContainerList(ps).containers;
  const labels = (row: typeof running) => containerActions(row, korean).map((a) => a.label.replace(/^\$\([^)]+\) /, ''));

  it('offers open, logs and stop & remove for a running container of ours', () => {
    assert.deepEqual(labels(running), ['브라우저에서 열기', '로그', '중지 및 삭제', '컨테이너 ID 복사']);
    const [open, logs, stop] = containerActions(running, korean);
    assert.deepEqual(open.run, { kind: 'open', url: 'http://127.0.0.1:3000/' });
    assert.deepEqual(logs.run, { kind: 'command', command: COMMANDS.logs.id, dockerfile: '/work/lab/Dockerfile', containerId: '8fe40f192a79' });
    assert.equal(logs.description, 'docker logs -f 8fe40f192a79');
    assert.deepEqual(stop.run, { kind: 'command', command: COMMANDS.stopAndRemove.id, dockerfile: '/work/lab/Dockerfile', containerId: '8fe40f192a79' });
  });

  it('offers logs, start and remove for a stopped container of ours', () => {
    assert.deepEqual(labels(stopped), ['로그', '시작', '삭제', '컨테이너 ID 복사']);
    assert.deepEqual(containerActions(stopped, korean).map((a) => a.run.kind === 'command' && a.run.command), [
      COMMANDS.logs.id, COMMANDS.start.id, COMMANDS.remove.id, false,
    ]);
  });

  it('never stops or removes a container dockerlab did not start', () => {
    assert.deepEqual(labels(foreign), ['브라우저에서 열기', '컨테이너 ID 복사']);
    assert.equal(containerActions(foreign, korean)[0].description, 'http://127.0.0.1:6379/');
  });
});

describe('firstPortUrl', () => {
  it('reads the ports column', () => {
    const columns: [string, string][] = [
      ['127.0.0.1:3000→3000', 'http://127.0.0.1:3000/'],
      ['0.0.0.0:8080->80/tcp, :::8080->80/tcp', 'http://127.0.0.1:8080/'],
      [':::8080→80', 'http://127.0.0.1:8080/'],
      ['0.0.0.0:53→53/udp, 127.0.0.1:5000→5000', 'http://127.0.0.1:5000/'],
    ];
    for (const [ports, url] of columns) {
      assert.equal(firstPortUrl(ports), url, ports);
    }
  });
  it('finds nothing in empty or odd text', () => {
    for (const s of ['', '3000/tcp', 'x', '127.0.0.1:0→1', '127.0.0.1:99999→1']) {
      assert.equal(firstPortUrl(s), undefined, s);
    }
  });
});

describe('containersOf', () => {
  const list = readContainerList(ps);
  it('keeps the containers of one Dockerfile', () => {
    assert.deepEqual(containersOf(list, '/work/lab/Dockerfile', COMMANDS.logs).map((c) => c.id), ['8fe40f192a79', '0123456789ab']);
    assert.deepEqual(containersOf(list, '/other/Dockerfile', COMMANDS.logs), []);
  });
  it('offers only stopped containers to start', () => {
    assert.deepEqual(containersOf(list, '/work/lab/Dockerfile', COMMANDS.start).map((c) => c.id), ['0123456789ab']);
  });
});
