import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explanation, parseEngineStatus, sourceText, statusView } from '../../src/engine_status';
import { english, korean } from './translators';

const up = { available: true, version: '1.41', host: 'unix:///var/run/docker.sock', source: 'default' };
const down = {
  available: false,
  host: 'tcp://127.0.0.1:1',
  source: 'DOCKER_HOST',
  message: 'Docker 엔진에 연결할 수 없습니다. (시도한 주소: `tcp://127.0.0.1:1`, `DOCKER_HOST` 환경 변수)',
};

describe('parseEngineStatus', () => {
  it('reads the notification', () => {
    assert.deepEqual(parseEngineStatus(up), up);
    assert.deepEqual(parseEngineStatus(down), down);
  });
  it('drops empty optional fields and rejects params without a boolean available', () => {
    assert.deepEqual(parseEngineStatus({ available: true, version: '', message: 3 }), { available: true, host: '', source: '' });
    for (const bad of [undefined, null, 'x', [], {}, { available: 'true' }, { available: 1 }]) {
      assert.equal(parseEngineStatus(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('statusView', () => {
  const view = (raw: unknown, l10n = korean) => statusView({ kind: 'status', status: parseEngineStatus(raw)! }, l10n);

  it('shows the version when the engine answers, and lists containers on click', () => {
    const v = view(up);
    assert.equal(v.text, '$(vm-running) Docker 1.41');
    assert.equal(v.click, 'ps');
    assert.equal(v.warning, false);
    assert.equal(v.tooltip, 'Docker 엔진, API 버전 1.41\n\n주소: `unix:///var/run/docker.sock` (출처: 기본 주소)\n\n누르면 컨테이너 목록을 보여 줍니다(`docker ps -a`).');
    assert.equal(view({ ...up, version: undefined }).text, '$(vm-running) Docker');
  });

  it('says there is no engine, with the server message, and explains on click', () => {
    const v = view(down);
    assert.equal(v.text, '$(vm-outline) Docker 엔진 없음');
    assert.equal(v.click, 'explain');
    assert.equal(v.warning, true);
    assert.equal(v.tooltip, `${down.message}\n\n누르면 해결 방법을 보여 줍니다.`, 'the address only once');
    const plain = view({ ...down, message: 'Docker 엔진에 연결할 수 없습니다.' });
    assert.ok(plain.tooltip.includes('주소: `tcp://127.0.0.1:1` (출처: `DOCKER_HOST` 환경 변수)'), plain.tooltip);
    assert.equal(view(down, english).text, '$(vm-outline) No Docker engine');
    assert.equal(explanation({ kind: 'status', status: parseEngineStatus(down)! }, korean), down.message);
  });

  it('has a general explanation when the server gave none', () => {
    const status = parseEngineStatus({ available: false, host: '', source: '' })!;
    assert.equal(view({ available: false }).tooltip.split('\n\n')[0], 'Docker 엔진이 응답하지 않습니다.');
    assert.match(explanation({ kind: 'status', status }, korean), /sudo dockerd/);
  });

  it('covers the states before and without a status', () => {
    assert.equal(statusView({ kind: 'checking' }, korean).text, '$(loading~spin) Docker');
    assert.equal(statusView({ kind: 'checking' }, korean).click, 'none');
    assert.equal(statusView({ kind: 'untrusted' }, korean).click, 'trust');
    const none = statusView({ kind: 'noCommands' }, korean);
    assert.equal(none.text, '$(vm-outline) Docker 엔진 없음');
    assert.equal(none.click, 'explain');
    assert.equal(explanation({ kind: 'noCommands' }, korean), none.tooltip);
  });
});

describe('sourceText', () => {
  it('says where the address came from', () => {
    assert.equal(sourceText('dockerlab.docker.host', korean), '`dockerlab.docker.host` 설정');
    assert.equal(sourceText('context colima', korean), 'Docker 컨텍스트 `colima`');
    assert.equal(sourceText('context colima', english), 'the Docker context `colima`');
    assert.equal(sourceText('something new', korean), 'something new');
  });
});
