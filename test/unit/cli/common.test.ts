import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeControls, maxMessageLength, oneOf, parseCommandLine, printable, UsageError } from '../../../src/cli/common';

describe('what the command-line tools share', () => {
  it('shows control characters and direction overrides escaped, and leaves other text as it is', () => {
    assert.equal(escapeControls('a\u001b[31mb\u0007'), 'a\\x1b[31mb\\x07');
    assert.equal(escapeControls('name\u202egpj.exe'), 'name\\u202egpj.exe');
    assert.equal(escapeControls('\u0085\u009b'), '\\x85\\x9b', 'C1 controls too');
    assert.equal(escapeControls('héllo ✓ 😀\ttab'), 'héllo ✓ 😀\\x09tab');
  });

  it('cuts a long quoted excerpt and a long message, never inside an escape or a character', () => {
    const message = printable(`Invalid host name '${'x'.repeat(500)}': underscores are not allowed.`);
    assert.equal(message, `Invalid host name '${'x'.repeat(60)}…': underscores are not allowed.`);
    const long = printable(`${'😀'.repeat(150)}\u0001${'y'.repeat(500)}`);
    assert.ok(long.length <= maxMessageLength + '… (cut)'.length, String(long.length));
    assert.ok(long.endsWith('… (cut)'));
    assert.ok(long.includes('\\x01'), 'the escape is whole');
    assert.doesNotMatch(long, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no half of a surrogate pair');
  });

  it('turns parseArgs errors and unknown choices into usage errors', () => {
    const options = { kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
    assert.deepEqual(parseCommandLine(['--kind=image', 'a', '--', '-b'], options).positionals, ['a', '-b']);
    assert.throws(
      () => parseCommandLine(['--nope'], options),
      (error) => error instanceof UsageError && /'--nope'/.test(error.message),
    );
    assert.throws(() => parseCommandLine(['--kind'], options), UsageError);
    assert.throws(() => oneOf('helm', ['image', 'nodepool', 'auto'], '--kind'), /Unknown --kind 'helm': use image, nodepool or auto\./);
    assert.equal(oneOf(undefined, ['a', 'b'], '--x'), undefined);
  });
});
