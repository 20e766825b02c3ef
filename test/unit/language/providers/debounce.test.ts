import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { KeyedDebouncer } from '../../../../src/language/providers/core/debounce';

describe('per-document debounce', () => {
  it('runs once after the last request for a key, independently per key', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const debouncer = new KeyedDebouncer<string>(150);
      const runs: string[] = [];
      debouncer.schedule('a', () => runs.push('a1'));
      mock.timers.tick(100);
      debouncer.schedule('a', () => runs.push('a2'));
      debouncer.schedule('b', () => runs.push('b1'));
      mock.timers.tick(149);
      assert.deepEqual(runs, [], 'nothing runs while typing continues');
      mock.timers.tick(1);
      assert.deepEqual(runs.sort(), ['a2', 'b1']);
      assert.equal(debouncer.pending, 0);
    } finally {
      mock.timers.reset();
    }
  });

  it('cancels pending work on cancel and on dispose', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const debouncer = new KeyedDebouncer<string>(150);
      const runs: string[] = [];
      debouncer.schedule('a', () => runs.push('a'));
      debouncer.schedule('b', () => runs.push('b'));
      debouncer.cancel('a');
      assert.equal(debouncer.pending, 1);
      debouncer.dispose();
      mock.timers.tick(1000);
      assert.deepEqual(runs, []);
    } finally {
      mock.timers.reset();
    }
  });
});
