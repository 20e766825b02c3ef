import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processRunner } from '../../../src/util/programRunner';
import { batchArgumentProblem, spawnCommand } from '../../../src/util/spawnCommand';

describe('starting programs: Windows batch files through cmd.exe', () => {
  it('runs az.cmd on Windows as cmd.exe /d /s /c with every part quoted, verbatim (what Node documents for .cmd files)', () => {
    assert.deepEqual(spawnCommand('az.cmd', ['cloud', 'show', '--output', 'json'], 'win32', 'C:\\Windows\\system32\\cmd.exe'), {
      command: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '""az.cmd" "cloud" "show" "--output" "json""'],
      windowsVerbatimArguments: true,
    });
    // Without ComSpec, cmd.exe from the PATH; a path with spaces and parentheses is quoted whole.
    assert.deepEqual(spawnCommand('C:\\Program Files (x86)\\Azure CLI\\wbin\\az.CMD', ['version'], 'win32', undefined), {
      command: 'cmd.exe',
      args: ['/d', '/s', '/c', '""C:\\Program Files (x86)\\Azure CLI\\wbin\\az.CMD" "version""'],
      windowsVerbatimArguments: true,
    });
  });

  it('starts everything else directly, with the arguments as they are', () => {
    assert.deepEqual(spawnCommand('az', ['cloud', 'show'], 'linux'), {
      command: 'az',
      args: ['cloud', 'show'],
      windowsVerbatimArguments: false,
    });
    assert.deepEqual(spawnCommand('wsl.exe', ['--list', '"x" & y'], 'win32'), {
      command: 'wsl.exe',
      args: ['--list', '"x" & y'],
      windowsVerbatimArguments: false,
    });
    assert.deepEqual(spawnCommand('az.cmd', ['a&b'], 'linux').args, ['a&b'], 'a .cmd name on Linux is an ordinary program');
  });

  it('refuses arguments cmd.exe would read as syntax, instead of passing them on', () => {
    for (const bad of ['x" & calc & "', '%PATH%', 'a^b', '!x!', 'a|b', 'a>b', 'a(b)', 'line\nbreak', 'C:\\dir\\']) {
      assert.ok(batchArgumentProblem(bad), `refused: ${JSON.stringify(bad)}`);
      assert.throws(() => spawnCommand('az.cmd', ['account', bad], 'win32'), /Not starting az\.cmd/);
    }
    for (const good of ['--output', 'json', 'https://management.azure.com/', 'C:\\Users\\Jo Doe\\file.json', 'a=b,c']) {
      assert.equal(batchArgumentProblem(good), undefined, good);
    }
    assert.throws(() => spawnCommand('C:\\%TEMP%\\az.cmd', [], 'win32'), /cannot be started through cmd\.exe safely/);
  });

  it('the runner reports a refused argument as a failure, without starting anything', async () => {
    if (process.platform !== 'win32') {
      // On other platforms the runner starts the program directly: a batch file's name is not special.
      await assert.rejects(processRunner.run('no-such-program.cmd', ['%x%']), /was not found/);
      return;
    }
    await assert.rejects(processRunner.run('az.cmd', ['%x%']), /Not starting az\.cmd/);
  });
});
