import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogOutput, parseLogOutput } from '../../src/log_output';

function channel() {
  let text = '';
  const out = new LogOutput((chunk) => {
    text += chunk;
  });
  return { out, text: () => text };
}

const uri = 'file:///work/lab/Dockerfile';

describe('parseLogOutput', () => {
  it('reads the notification and rejects params without text', () => {
    assert.deepEqual(parseLogOutput({ uri, containerId: 'c1', text: 'hi\n' }), { uri, containerId: 'c1', text: 'hi\n' });
    assert.deepEqual(parseLogOutput({ text: 'x', containerId: 5 }), { uri: '', containerId: '', text: 'x' });
    for (const bad of [undefined, null, 'text', [], {}, { text: 5 }]) {
      assert.equal(parseLogOutput(bad), undefined);
    }
  });
});

describe('LogOutput', () => {
  it('appends one container as it comes, without headers', () => {
    const c = channel();
    assert.equal(c.out.write({ uri, containerId: 'c1', text: '$ docker logs -f c1    # 컨테이너의 출력을 봅니다\n' }), true);
    c.out.write({ uri, containerId: 'c1', text: 'Listening on port 3000' });
    c.out.write({ uri, containerId: 'c1', text: '\n' });
    assert.equal(c.text(), '$ docker logs -f c1    # 컨테이너의 출력을 봅니다\nListening on port 3000\n');
  });

  it('says whose lines follow when the container changes, on a fresh line', () => {
    const c = channel();
    c.out.write({ uri, containerId: 'aaaaaaaaaaaaaaaa', text: 'a1\n' });
    c.out.write({ uri, containerId: 'bbbbbbbbbbbbbbbb', text: 'b1' });
    c.out.write({ uri, containerId: 'aaaaaaaaaaaaaaaa', text: 'a2\n' });
    assert.equal(c.text(), 'a1\n── bbbbbbbbbbbb ──\nb1\n── aaaaaaaaaaaa ──\na2\n');
  });

  it('ignores unreadable params and starts afresh after reset', () => {
    const c = channel();
    assert.equal(c.out.write({ containerId: 'c1' }), false);
    assert.equal(c.out.write(null), false);
    c.out.write({ uri, containerId: 'c1', text: 'one\n' });
    c.out.reset();
    c.out.write({ uri, containerId: 'c2', text: 'two\n' });
    assert.equal(c.text(), 'one\ntwo\n');
  });
});
