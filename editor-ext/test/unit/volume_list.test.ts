import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/contract';
import { readVolumeList, volumeActions, volumeItem } from '../../src/volume_list';
import { english, korean } from './translators';

const todo = { name: 'todo-db', driver: 'local', mountpoint: '/var/lib/docker/volumes/todo-db/_data', created: '2분 전', anonymous: false, usedBy: ['c1'] };

describe('volume list', () => {
  it('reads the answer of dockerlab.volumes and never throws', () => {
    assert.deepEqual(readVolumeList({ command: 'docker volume ls', volumes: [todo], message: '볼륨 1개' }).volumes, [todo]);
    assert.deepEqual(readVolumeList(42), { command: 'docker volume ls', volumes: [], message: '' });
  });

  it('shows where the data lives and who uses it', () => {
    const row = volumeItem(todo, korean);
    assert.equal(row.label, '$(database) todo-db');
    assert.match(row.detail ?? '', /데이터 위치: \/var\/lib\/docker\/volumes\/todo-db\/_data/);
    assert.match(row.detail ?? '', /사용 중인 컨테이너: c1/);
    const anonymous = volumeItem({ ...todo, name: 'a'.repeat(64), anonymous: true, usedBy: [] }, english);
    assert.equal(anonymous.label, `$(database) ${'a'.repeat(12)}`);
    assert.match(anonymous.description ?? '', /^anonymous/);
    assert.match(anonymous.detail ?? '', /Not used by any container/);
  });

  it('offers to copy the mountpoint and to remove through the server command', () => {
    const actions = volumeActions(todo, english);
    assert.deepEqual(actions[0].run, { kind: 'copy', text: todo.mountpoint });
    const remove = actions.find((a) => a.run.kind === 'remove');
    assert.deepEqual(remove?.run, { kind: 'remove', command: COMMANDS.removeVolume.id, name: 'todo-db' });
    assert.equal(remove?.description, 'docker volume rm todo-db');
    assert.match(remove?.detail ?? '', /In use by c1/);
  });
});
