import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azlLabels } from '../../../src/docker/core/labels';
import { describePullProgress, PullProgressTracker } from '../../../src/docker/core/pullProgress';
import { validateDatedTag, validateEnvironmentName, validateImageReference } from '../../../src/docker/core/shellSpec';
import { toEngineError, type ContainerSummary } from '../../../src/docker/engine';
import { containerItem, groupEnvironments, layerItem } from '../../../src/views/localEnvironments/core/presentation';
import { english, type L10n } from '../../../src/util/l10n';

/** A pseudo-translation: every string that went through `l10n.t` shows in brackets, so English that bypassed it stands out. */
const l10n: L10n = { t: (message, ...args) => `⟦${english.t(message, ...args)}⟧` };
const translated = (text: string | undefined) => /^⟦.*⟧$/s.test(text ?? '');

describe('Local Environments words go through the translate function the extension passes (vscode.l10n)', () => {
  it('tree tooltips, pending words and per-layer words', () => {
    const shell: ContainerSummary = {
      id: '0123456789abcdef',
      name: 'azl-3.0',
      image: 'img:1',
      imageId: 'sha256:1',
      state: 'running',
      status: 'Up 2 minutes',
      labels: {
        [azlLabels.shell]: '1',
        [azlLabels.image]: 'img:1',
        [azlLabels.workspaceFolder]: '/w',
        [azlLabels.configPath]: '/w/image.azl.yaml',
      },
      created: 0,
    };
    const lines = containerItem(shell, undefined, undefined, l10n).tooltip.split('\n');
    assert.equal(lines[0], 'azl-3.0', 'the name is the name');
    assert.deepEqual(
      lines.slice(1).filter((line) => !translated(line)),
      [],
      'every labelled line of the tooltip is translated',
    );

    const pending = {
      key: 'k',
      name: 'new',
      image: 'img:2',
      phase: 'pulling' as const,
      detail: '40%',
      layers: [{ id: 'aaa', phase: 'downloading' as const, current: 1024 * 1024, total: 4 * 1024 * 1024 }],
    };
    const row = groupEnvironments([], [], { showAllContainers: false, pending: [pending], l10n }).shells[0]!;
    assert.match(row.description ?? '', /^⟦pulling image⟧ · 40%$/);
    assert.deepEqual(
      row.tooltip
        .split('\n')
        .slice(1)
        .filter((line) => !translated(line)),
      [],
    );
    const layer = layerItem('k', pending.layers[0]!, l10n);
    assert.equal(layer.description, '⟦downloading⟧ ▰▱▱▱▱ ⟦1.0 of 4.0 MB⟧');
    assert.ok(translated(layer.tooltip.split('\n')[0]));
    const rebuilding = groupEnvironments([shell], [], {
      showAllContainers: false,
      pending: [{ key: 'mirror', name: 'azl-3.0', image: 'img:3', phase: 'building' as const }],
      l10n,
    }).shells[0]!;
    assert.equal(rebuilding.description, '⟦building⟧');
  });

  it('the pull line of a notification', () => {
    const tracker = new PullProgressTracker();
    assert.ok(translated(describePullProgress(tracker.snapshot(), l10n)), 'waiting for the registry');
    tracker.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 3 * 1024 * 1024, total: 10 * 1024 * 1024 } });
    assert.equal(describePullProgress(tracker.snapshot(), l10n), '⟦⟦0 of 1 layers done⟧, downloading 3.0 MB of 10.0 MB⟧');
  });

  it('input validation messages', () => {
    for (const message of [
      validateDatedTag('3.0', l10n),
      validateEnvironmentName('', [], l10n),
      validateEnvironmentName('x', [], l10n),
      validateEnvironmentName('taken', ['taken'], l10n),
      validateEnvironmentName('-bad', [], l10n),
      validateImageReference('', l10n),
      validateImageReference('a b', l10n),
      validateImageReference('UPPER', l10n),
    ]) {
      assert.ok(translated(message), String(message));
    }
  });

  it('engine errors a person reads', () => {
    const endpoint = { kind: 'unix', socketPath: '/run/x.sock', source: 'default', address: 'unix:///run/x.sock' } as const;
    const unreachable = toEngineError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      endpoint,
      'Listing containers',
      l10n,
    );
    assert.equal(unreachable.message, '⟦Cannot reach Docker at /run/x.sock. Is it running?⟧');
    assert.equal(unreachable.kind, 'unreachable');
    assert.ok(translated(toEngineError(Object.assign(new Error('EACCES'), { code: 'EACCES' }), endpoint, 'x', l10n).message));
    assert.ok(
      translated(
        toEngineError(
          Object.assign(new Error('(HTTP code 404) no such container - No such container: x '), { statusCode: 404 }),
          endpoint,
          'x',
          l10n,
        ).message,
      ),
    );
    assert.equal(
      toEngineError(new Error('boom'), endpoint, 'Listing containers').message,
      'Listing containers failed: boom.',
      'English without a translator',
    );
  });
});
