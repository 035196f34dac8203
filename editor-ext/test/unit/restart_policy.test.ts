import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartBudget } from '../../src/restart_policy';

describe('RestartBudget', () => {
  it('allows 4 restarts within 3 minutes, then refuses', () => {
    let now = 0;
    const budget = new RestartBudget(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) {
      now += 1_000;
      assert.equal(budget.tryRestart(), true, `restart ${i + 1}`);
    }
    now += 1_000;
    assert.equal(budget.tryRestart(), false);
    assert.equal(budget.tryRestart(), false);
  });

  it('allows restarts again once old crashes leave the window', () => {
    let now = 0;
    const budget = new RestartBudget(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) {
      assert.equal(budget.tryRestart(), true);
    }
    now = 179_999;
    assert.equal(budget.tryRestart(), false);
    now = 180_000;
    assert.equal(budget.tryRestart(), true);
  });

  it('starts afresh after reset', () => {
    const budget = new RestartBudget(1, 180_000, () => 0);
    assert.equal(budget.tryRestart(), true);
    assert.equal(budget.tryRestart(), false);
    budget.reset();
    assert.equal(budget.tryRestart(), true);
  });
});
