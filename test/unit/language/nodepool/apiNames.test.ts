import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, expectClean, rangeAfter, withLine } from './helpers';

describe('node-pool keys as the AKS API spells them', () => {
  it('accepts enableFIPS, securityProfile.enableVTPM and gpuProfile.driver', () => {
    expectClean(
      check(withLine('', 'enableFIPS: true\nsecurityProfile:\n  enableVTPM: true\ngpuProfile:\n  driver: None\n  driverType: CUDA')),
    );
  });

  it('refuses the old spellings for the pinned API version and offers the API name', () => {
    const text = withLine('', 'enableFips: true');
    const found = check(text).filter((problem) => problem.code === 'nodepool/unknown-key');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.deepEqual(found[0].range, rangeAfter(text, '', 'enableFips'));
    assert.equal(found[0].fixes?.[0].edits[0].newText, 'enableFIPS');
  });

  it('checks gpuProfile.driver values', () => {
    const found = check(withLine('', 'gpuProfile:\n  driver: Skip')).filter((problem) => problem.code === 'nodepool/invalid-value');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.match(found[0].message, /'Install', 'None'/);
  });

  it('knows the preview-API upgrade and customization keys', () => {
    expectClean(
      check(
        withLine(
          '',
          'upgradeStrategy: BlueGreen\nupgradeSettingsBlueGreen:\n  drainBatchSize: 20%\n  drainTimeoutInMinutes: 30\n  batchSoakDurationInMinutes: 5\n  finalSoakDurationInMinutes: 60\nnodeCustomizationProfile:\n  nodeCustomizationId: /subscriptions/x',
        ),
      ),
    );
    const found = check(withLine('', 'upgradeSettingsBlueGreen:\n  drainBatchSize: lots')).filter(
      (problem) => problem.code === 'nodepool/invalid-type',
    );
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^Expected an integer or .*percent.* for upgradeSettingsBlueGreen\.drainBatchSize, found a string\.$/);
  });
});
