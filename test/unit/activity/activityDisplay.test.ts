import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityDisplay, maxTitleLength, type RunningActivity } from '../../../src/features/activity/core/activityDisplay';

const running = (id: number, title: string, more: Partial<RunningActivity> = {}): RunningActivity => ({ id, title, ...more });

describe('the activity status item', () => {
  it('shows nothing while nothing runs', () => {
    assert.equal(activityDisplay([]), undefined);
  });

  it('shows the work with its percent, or its last words when it does not measure itself', () => {
    assert.equal(
      activityDisplay([running(1, 'Pulling mcr.microsoft.com/azurelinux/base/core:3.0', { percent: 41.7, detail: '2 of 5 layers done' })])
        ?.text,
      '$(sync~spin) Pulling mcr.microsoft.com/azurelinux/base/core:3.0: 41%',
    );
    assert.equal(
      activityDisplay([running(1, 'Creating vm1', { detail: 'Creating the network' })])?.text,
      '$(sync~spin) Creating vm1: Creating the network',
    );
    assert.equal(activityDisplay([running(1, 'Starting vm1')])?.text, '$(sync~spin) Starting vm1');
  });

  it('shows the newest of several with how many more run, and lists them all in the tooltip, newest first', () => {
    const display = activityDisplay([
      running(1, 'Starting vm1'),
      running(2, 'Building azl-efi-vm from images/efi-vm.azl.yaml', { percent: 60, detail: 'step 3 of 5' }),
    ]);
    assert.equal(display?.text, '$(sync~spin) Building azl-efi-vm from images/efi-vm.azl.yaml: 60% (+1 more)');
    assert.deepEqual(display?.tooltip.split('\n'), [
      'Building azl-efi-vm from images/efi-vm.azl.yaml: 60% · step 3 of 5',
      'Starting vm1',
      '',
      'Select to show the Azure Linux log.',
    ]);
    assert.match(display!.ariaLabel, /^Building azl-efi-vm .*\. Starting vm1\. Select to show/);
  });

  it('cuts a long title in the bar but never in the tooltip', () => {
    const title = `Building ${'x'.repeat(80)}`;
    const display = activityDisplay([running(1, title)])!;
    assert.equal(display.text.length, '$(sync~spin) '.length + maxTitleLength);
    assert.ok(display.tooltip.startsWith(title));
  });

  it('keeps a percent inside 0 to 100', () => {
    assert.match(activityDisplay([running(1, 'Pull', { percent: 140 })])!.text, /: 100%$/);
    assert.match(activityDisplay([running(1, 'Pull', { percent: -3 })])!.text, /: 0%$/);
  });
});
