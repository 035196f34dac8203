import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explanation, parseEngineStatus, releaseVersion, sourceText, statusView, walkthroughLink } from '../../src/engine_status';
import { english, korean } from './translators';

const up = { available: true, engineVersion: '20.10.24+dfsg1', apiVersion: '1.41', host: 'unix:///var/run/docker.sock', source: 'default' };
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
    assert.deepEqual(parseEngineStatus({ available: true, engineVersion: '', apiVersion: 1.41, message: 3 }), { available: true, host: '', source: '' });
    for (const bad of [undefined, null, 'x', [], {}, { available: 'true' }, { available: 1 }]) {
      assert.equal(parseEngineStatus(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('statusView', () => {
  const view = (raw: unknown, l10n = korean) => statusView({ kind: 'status', status: parseEngineStatus(raw)! }, l10n);

  it('shows the engine version when the engine answers, the API version in the tooltip, and lists containers on click', () => {
    const v = view(up);
    assert.equal(v.text, '$(vm-running) Docker 20.10.24');
    assert.equal(v.click, 'ps');
    assert.equal(v.warning, false);
    assert.equal(v.tooltip, 'Docker 엔진 20.10.24+dfsg1 (API 1.41)\n\n주소: `unix:///var/run/docker.sock` (출처: 기본 주소)\n\n누르면 컨테이너 목록을 보여 줍니다(`docker ps -a`).');
    assert.equal(view({ ...up, engineVersion: '29.8.0', apiVersion: '1.56' }).text, '$(vm-running) Docker 29.8.0');
    assert.equal(view(up, english).tooltip.split('\n\n')[0], 'Docker engine 20.10.24+dfsg1 (API 1.41)');
  });

  it('never shows a bare API version as if it were the Docker version', () => {
    const apiOnly = view({ ...up, engineVersion: undefined });
    assert.equal(apiOnly.text, '$(vm-running) Docker API 1.41');
    assert.equal(apiOnly.tooltip.split('\n\n')[0], 'Docker 엔진 (API 1.41)');
    const engineOnly = view({ ...up, apiVersion: undefined });
    assert.equal(engineOnly.text, '$(vm-running) Docker 20.10.24');
    assert.equal(engineOnly.tooltip.split('\n\n')[0], 'Docker 엔진 20.10.24+dfsg1');
    const neither = view({ ...up, engineVersion: undefined, apiVersion: undefined });
    assert.equal(neither.text, '$(vm-running) Docker');
    assert.equal(neither.tooltip.split('\n\n')[0], 'Docker 엔진');
    // The notification of a server from before engineVersion: its `version` was the API version.
    assert.equal(view({ available: true, version: '1.41', host: '', source: '' }).text, '$(vm-running) Docker');
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

describe('releaseVersion', () => {
  it('drops build metadata and keeps pre-releases', () => {
    assert.equal(releaseVersion('20.10.24+dfsg1'), '20.10.24');
    assert.equal(releaseVersion('29.8.0'), '29.8.0');
    assert.equal(releaseVersion('29.0.0-rc.1'), '29.0.0-rc.1');
    assert.equal(releaseVersion('+weird'), '+weird');
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

describe('walkthroughLink', () => {
  it('links the tooltip to the lab walkthrough command, in both languages', () => {
    assert.equal(walkthroughLink(korean), '[$(book) 실습 안내 열기](command:dockerlab.openWalkthrough)');
    assert.equal(walkthroughLink(english), '[$(book) Open the lab walkthrough](command:dockerlab.openWalkthrough)');
  });
});
