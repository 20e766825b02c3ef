import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildLogReader, oneLine, parseLogLine, stageLabel, stageOf, stripAnsi } from '../../../src/imageCustomizer/core/buildLog';
import { english } from '../../../src/util/l10n';

// Lines in the shapes upstream writes: logrus's JSONFormatter (--log-format json) and TextFormatter (the default).
const json = (level: string, msg: string) => JSON.stringify({ level, msg, time: '2025-06-01T12:00:00Z' });

describe('the Image Customizer log', () => {
  it('reads JSON lines, logrus text lines and coloured terminal lines', () => {
    assert.deepEqual(parseLogLine(json('info', 'Installing packages (2): [dnf vim]')), {
      level: 'info',
      message: 'Installing packages (2): [dnf vim]',
      text: '[info] Installing packages (2): [dnf vim]',
    });
    const text = parseLogLine('time="2025-06-01T12:00:00Z" level=fatal msg="image customization failed:\\ninvalid image config"');
    assert.equal(text.level, 'fatal');
    assert.equal(text.message, 'image customization failed:\ninvalid image config');
    const coloured = parseLogLine('\u001b[31mERRO\u001b[0m[0003] failed to mount');
    assert.equal(coloured.level, 'error');
    assert.equal(coloured.message, 'failed to mount');
    assert.equal(coloured.text, 'ERRO[0003] failed to mount', 'colours are stripped from what is shown');
    assert.deepEqual(parseLogLine('mount: permission denied (are you root?)'), {
      level: 'text',
      message: 'mount: permission denied (are you root?)',
      text: 'mount: permission denied (are you root?)',
    });
    assert.equal(parseLogLine('{"not":"a log"}').level, 'text', 'JSON without msg is text');
  });

  it('strips ANSI escapes', () => {
    assert.equal(stripAnsi('\u001b[1;32mok\u001b[0m \u001b[2K'), 'ok ');
  });

  it('knows the stages from upstream messages', () => {
    assert.equal(stageOf('Converting input image to a writeable format'), 'base');
    assert.equal(stageOf('Customizing partitions'), 'partitions');
    assert.equal(stageOf('Refreshing package metadata'), 'packages');
    assert.equal(stageOf('Adding user (test)'), 'os');
    assert.equal(stageOf('Provisioning verity'), 'verity');
    assert.equal(stageOf('Creating UKIs'), 'uki');
    assert.equal(stageOf('Writing: /mnt/staging/out.vhd'), 'output');
    assert.equal(stageOf('Success!'), 'done');
    assert.equal(stageOf('Base OS distro: azurelinux'), undefined);
    assert.equal(stageLabel('packages', english), 'installing and updating packages');
  });

  it('follows a stream split anywhere: lines, stages, success and the fatal error', () => {
    const reader = new BuildLogReader();
    const stream = [
      json('info', 'Converting input image to a writeable format'),
      json('warn', 'disk nearly full'),
      json('info', 'Installing packages (1): [dnf]'),
      json('fatal', 'image customization failed:\nfailed to customize OS:\npackage dnf not found'),
    ].join('\n');
    const entries = [stream.slice(0, 37), stream.slice(37, 150), stream.slice(150)].flatMap((chunk) => reader.push(chunk));
    entries.push(...reader.end());
    assert.deepEqual(
      entries.map((entry) => [entry.level, entry.stage]),
      [
        ['info', 'base'],
        ['warn', undefined],
        ['info', 'packages'],
        ['fatal', undefined],
      ],
    );
    assert.equal(reader.stage, 'packages');
    assert.equal(reader.succeeded, false);
    assert.equal(reader.error, 'image customization failed: failed to customize OS: package dnf not found');
  });

  it('keeps the fatal line over an earlier error as the reason', () => {
    const reader = new BuildLogReader();
    reader.push(`${json('error', 'retrying mount')}\n${json('fatal', 'gave up')}\n`);
    assert.equal(reader.error, 'gave up');
    assert.equal(oneLine('a:\n  b\n'), 'a: b');
  });
});
