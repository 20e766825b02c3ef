import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainLogLine } from '../../../src/util/ansi';

describe('plain log lines', () => {
  it('drops colours, cursor moves and window titles', () => {
    assert.equal(plainLogLine('\x1b[1;32mInstalling:\x1b[0m vim'), 'Installing: vim');
    assert.equal(plainLogLine('\x1b]0;build\x07done'), 'done');
    assert.equal(plainLogLine('\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\'), 'link');
    assert.equal(plainLogLine('\x1b[2K\x1b[1Gstep'), 'step');
    assert.equal(plainLogLine('\x9b31mred'), 'red');
  });

  it('keeps the last drawing of a line redrawn with carriage returns (a progress bar)', () => {
    assert.equal(plainLogLine('Downloading  10%\rDownloading  55%\rDownloading 100%\r'), 'Downloading 100%');
  });

  it('drops other control characters but keeps tabs and text', () => {
    assert.equal(plainLogLine('a\x07b\x00c\td'), 'abc\td');
    assert.equal(plainLogLine('Step 2/5 : RUN ["tdnf","-y","install","vim"]'), 'Step 2/5 : RUN ["tdnf","-y","install","vim"]');
  });
});
