// What a learner is told when a docker command fails: the notification has the server's Korean
// message and the engine's cause cut to its first line; the build channel, written by the server's
// dockerlab/buildOutput notifications, keeps the whole cause verbatim.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendBuildOutput } from '../../src/build_output';
import { MAX_CAUSE_LENGTH, describeFailure, failureNotice, shortenCause } from '../../src/failure';
import { english, korean } from './translators';

const message = 'Docker 엔진이 컨테이너 중지 요청을 처리하지 못했습니다. 아래 원인을 확인한 뒤 다시 시도하십시오.';
const daemon = 'Error response from daemon: cannot stop container: 0123456789ab: permission denied';

/** responseError is what vscode-languageclient throws for the server's JSON-RPC error. */
function responseError(msg: string, data?: unknown): Error {
  return Object.assign(new Error(msg), { code: -32803, data });
}

describe('describeFailure', () => {
  it('keeps the server message of a JSON-RPC error', () => {
    const err = Object.assign(new Error('Docker 엔진에 연결할 수 없습니다.'), { code: -32603 });
    assert.deepEqual(describeFailure(err), { cancelled: false, message: 'Docker 엔진에 연결할 수 없습니다.' });
  });
  it('reads the engine cause from the error data', () => {
    assert.deepEqual(describeFailure(responseError(message, { cause: daemon })), { cancelled: false, message, cause: daemon });
    for (const data of [undefined, null, 'x', [], {}, { cause: 3 }, { cause: '' }, { cause: ' \n ' }]) {
      assert.deepEqual(describeFailure(responseError(message, data)), { cancelled: false, message }, JSON.stringify(data));
    }
  });
  it('recognises cancellation', () => {
    assert.equal(describeFailure(Object.assign(new Error('Canceled'), { name: 'Canceled' })).cancelled, true);
    assert.equal(describeFailure(Object.assign(new Error('x'), { code: -32800 })).cancelled, true);
    assert.equal(describeFailure({ code: -32802, message: 'server cancelled' }).cancelled, true);
  });
  it('copes with odd throw values', () => {
    assert.deepEqual(describeFailure('문자열 오류'), { cancelled: false, message: '문자열 오류' });
    assert.deepEqual(describeFailure(undefined), { cancelled: false, message: undefined });
    assert.deepEqual(describeFailure(new Error('')), { cancelled: false, message: undefined });
  });
});

describe('shortenCause', () => {
  it('keeps a short one-line cause as it is', () => {
    assert.equal(shortenCause(daemon), daemon);
    assert.equal(shortenCause(`  ${daemon}\n`), daemon);
  });
  it('keeps the first non-empty line and marks the rest as left out', () => {
    assert.equal(shortenCause('\n\nfailed to solve: process "/bin/sh -c npm ci" did not complete\nnpm ERR! code E404\r\n'),
      'failed to solve: process "/bin/sh -c npm ci" did not complete…');
  });
  it('cuts a long line to at most 200 characters, keeping its start and its most specific end', () => {
    const long = `Error response from daemon: ${'x'.repeat(400)}: bind: cannot assign requested address`;
    const short = shortenCause(long);
    assert.equal(MAX_CAUSE_LENGTH, 200);
    assert.ok(Array.from(short).length <= 200);
    const [head, tail] = short.split(' … ');
    assert.ok(long.startsWith(head) && head.startsWith('Error response from daemon: '));
    assert.ok(long.endsWith(tail) && tail.endsWith('bind: cannot assign requested address'));
    assert.equal(shortenCause('x'.repeat(200)), 'x'.repeat(200));
  });
  it('keeps the end of a real engine chain that is too long for a notification', () => {
    const real = 'starting container c27eea3b6d64: Error response from daemon: driver failed programming external connectivity on endpoint hopeful_liskov '
      + '(4238c2cd3f76fbfeee044f067c6ed04dcc52ec59d3c2ceaaf779dd53248b8a3c): Error starting userland proxy: listen tcp4 10.255.255.1:3000: bind: cannot assign requested address';
    const short = shortenCause(real);
    assert.ok(Array.from(short).length <= 200, short);
    assert.ok(short.startsWith('starting container c27eea3b6d64: Error response from daemon'), short);
    assert.ok(short.endsWith('listen tcp4 10.255.255.1:3000: bind: cannot assign requested address'), short);
  });
  it('never splits a character', () => {
    const short = shortenCause('😀'.repeat(300), 10);
    assert.equal(short, `${'😀'.repeat(3)} … ${'😀'.repeat(4)}`);
    assert.equal(shortenCause(`${'😀'.repeat(9)}\nmore`, 10), `${'😀'.repeat(9)}…`);
  });
  it('is empty for a cause without words', () => {
    assert.equal(shortenCause(' \n\t\n'), '');
  });
});

describe('failureNotice', () => {
  it('adds the shortened engine cause to the Korean message', () => {
    const failure = describeFailure(responseError(message, { cause: `${daemon}\nsecond line` }));
    assert.equal(failureNotice(failure, korean), `${message} 원인(엔진): ${daemon}…`);
    assert.equal(failureNotice(failure, english), `${message} Cause (engine): ${daemon}…`);
  });
  it('shows the message alone without a cause, or when the message already holds it', () => {
    assert.equal(failureNotice({ cancelled: false, message }, korean), message);
    assert.equal(failureNotice({ cancelled: false, message: `${message} (${daemon})`, cause: daemon }, korean), `${message} (${daemon})`);
  });
  it('says the command failed when the server gave no message, and nothing when cancelled', () => {
    assert.equal(failureNotice({ cancelled: false }, korean), 'dockerlab 명령이 실패했습니다. 자세한 내용은 빌드 출력을 확인하십시오.');
    assert.equal(failureNotice({ cancelled: true }, korean), undefined);
  });
});

describe('a failure in the channel and in the notification', () => {
  // The server's two messages for one refused command: the build output it wrote, then its error.
  const cause = `Error response from daemon: ${'driver failed programming external connectivity '.repeat(6)}\nsecond line of the daemon`;
  const written = { uri: 'file:///lab/Dockerfile', text: `\n오류: ${message}\n원인(엔진): ${cause}\n` };
  const thrown = responseError(message, { cause });

  it('keeps the whole cause verbatim in the channel and only its first line, cut, in the notification', () => {
    let channel = '';
    appendBuildOutput({ append: (text) => (channel += text) }, written);
    const notice = failureNotice(describeFailure(thrown), korean)!;

    assert.ok(channel.includes(`\n원인(엔진): ${cause}\n`), 'the channel has the cause in full, on lines of its own');
    assert.ok(channel.includes('second line of the daemon'));
    assert.ok(channel.includes(message));

    assert.ok(notice.startsWith(`${message} 원인(엔진): Error response from daemon: driver failed`), notice);
    assert.ok(!notice.includes('second line'), notice);
    assert.ok(!notice.includes('\n'), 'a notification is one line');
    assert.ok(notice.includes(' … ') && notice.endsWith('connectivity'), notice);
    assert.ok(Array.from(notice).length <= Array.from(message).length + ' 원인(엔진): '.length + MAX_CAUSE_LENGTH);
  });

  it('ignores build output it cannot read', () => {
    let channel = '';
    for (const bad of [undefined, null, 'text', {}, { text: 3 }]) {
      appendBuildOutput({ append: (text) => (channel += text) }, bad);
    }
    assert.equal(channel, '');
  });
});
