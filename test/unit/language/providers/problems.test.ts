import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../../src/language/core/lineIndex';
import {
  countProblems,
  diagnosticSeverity,
  isUsefulTrigger,
  rangesTouch,
  toLineRange,
} from '../../../../src/language/providers/core/problems';

describe('problems for the editor', () => {
  it('maps severities to VS Code numbers (Error 0, Warning 1, Information 2)', () => {
    assert.equal(diagnosticSeverity('error'), 0);
    assert.equal(diagnosticSeverity('warning'), 1);
    assert.equal(diagnosticSeverity('info'), 2);
  });

  it('turns offsets into lines and characters, across CRLF line ends', () => {
    const text = 'os:\r\n  hostnme: x\r\n';
    const index = new LineIndex(text);
    const start = text.indexOf('hostnme');
    assert.deepEqual(toLineRange(index, { start, end: start + 7 }), { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } });
    assert.deepEqual(
      toLineRange(index, { start: 5, end: 2 }),
      { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      'an inverted range collapses to its start',
    );
  });

  it('counts problems by severity', () => {
    assert.deepEqual(countProblems([{ severity: 'error' }, { severity: 'warning' }, { severity: 'error' }, { severity: 'info' }]), {
      errors: 2,
      warnings: 1,
      infos: 1,
    });
  });

  it('finds the problems under a cursor or selection', () => {
    assert.equal(rangesTouch({ start: 10, end: 15 }, { start: 12, end: 12 }), true);
    assert.equal(rangesTouch({ start: 10, end: 15 }, { start: 15, end: 15 }), true, 'a cursor at the end of a word');
    assert.equal(rangesTouch({ start: 10, end: 15 }, { start: 16, end: 20 }), false);
  });

  it('asks for completion after a typed space only where a key or value can start', () => {
    assert.equal(isUsefulTrigger(' ', '  bootType: '), true);
    assert.equal(isUsefulTrigger(' ', '    - '), true);
    assert.equal(isUsefulTrigger(' ', '      echo hello '), false);
    assert.equal(isUsefulTrigger(' ', '# note: '), false);
    assert.equal(isUsefulTrigger(':', '  bootType:'), true);
    assert.equal(isUsefulTrigger(':', '      echo http:'), false);
    assert.equal(isUsefulTrigger(undefined, 'anything'), true, 'invoked by hand: always');
  });
});
