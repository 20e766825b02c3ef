import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstRunDecision, installedDuringSession } from '../../../src/features/walkthrough/core/firstRun';

describe('the Getting Started walkthrough on the first run', () => {
  it('opens once, on the first run after an install VS Code did not open it for', () => {
    assert.deepEqual(firstRunDecision({ shownBefore: false, openOnInstall: true, installedThisSession: false }), {
      open: true,
      remember: true,
    });
    assert.deepEqual(firstRunDecision({ shownBefore: true, openOnInstall: true, installedThisSession: false }), {
      open: false,
      remember: false,
    });
  });

  it('leaves it to VS Code when the extension was installed in this window (VS Code opens it on install)', () => {
    assert.deepEqual(firstRunDecision({ shownBefore: false, openOnInstall: true, installedThisSession: true }), {
      open: false,
      remember: true,
    });
  });

  it("follows the person's workbench.welcomePage.walkthroughs.openOnInstall", () => {
    assert.deepEqual(firstRunDecision({ shownBefore: false, openOnInstall: false, installedThisSession: false }), {
      open: false,
      remember: true,
    });
  });

  it('counts an extension folder written after the extension host started as installed in this session', () => {
    assert.equal(installedDuringSession(2_000, 1_000), true);
    assert.equal(installedDuringSession(500, 1_000), false);
    assert.equal(installedDuringSession(undefined, 1_000), false, 'no folder to look at (a virtual file system): not known to be new');
  });
});
