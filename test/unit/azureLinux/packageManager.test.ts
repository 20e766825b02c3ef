import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  accountCommands,
  ensureCommands,
  packageCommand,
  packageManagerInOutput,
  type PackageManagerName,
} from '../../../src/azureLinux/packageManager';

/*
 * The package program run for real by /bin/sh, with a PATH holding only stand-ins: each records its arguments (one
 * per line, so an argument with spaces shows as one), and `useradd` appears only once `shadow-utils` is installed, as
 * in the stand-in images of the Docker tier.
 */
describe('the package program', () => {
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'azl-packages-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A folder of stand-ins for an image that has `managers` on its PATH. */
  function image(name: string, managers: readonly PackageManagerName[]): { bin: string; log: string } {
    const bin = join(root, name, 'bin');
    mkdirSync(bin, { recursive: true });
    const log = join(root, name, 'calls.log');
    for (const manager of managers) {
      const path = join(bin, manager);
      writeFileSync(
        path,
        [
          '#!/bin/sh',
          `printf '%s\\n' "${manager}" "$@" "--" >> '${log}'`,
          'for arg in "$@"; do',
          `  if [ "$arg" = shadow-utils ]; then printf '#!/bin/sh\\nexit 0\\n' > '${bin}/useradd'; /bin/chmod 755 '${bin}/useradd'; fi`,
          'done',
          '',
        ].join('\n'),
      );
      chmodSync(path, 0o755);
    }
    return { bin, log };
  }

  function run(bin: string, argv: readonly string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(argv[0], argv.slice(1), {
      env: { PATH: `${bin}:/usr/bin:/bin`.replace(/:\/usr\/bin:\/bin$/, '') },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const calls = (log: string) =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('--\n')
          .filter(Boolean)
          .map((call) => call.split('\n').filter((line, index, all) => index < all.length - 1 || line))
      : [];

  it('uses dnf5 before dnf before tdnf, and says which in its output', () => {
    for (const [name, managers, expected] of [
      ['azl4', ['dnf5', 'dnf'], 'dnf5'],
      ['dnf-only', ['dnf'], 'dnf'],
      ['azl3', ['tdnf'], 'tdnf'],
    ] as const) {
      const { bin, log } = image(name, managers);
      const result = run(bin, packageCommand('install', ['vim', 'jq']));
      assert.equal(result.status, 0, result.stderr);
      assert.equal(packageManagerInOutput(result.stdout), expected, result.stdout);
      assert.deepEqual(calls(log), [[expected, 'install', '-y', 'vim', 'jq']], name);
    }
  });

  it('gives a hostile name to the package manager as one argument, running nothing', () => {
    const { bin, log } = image('hostile', ['tdnf']);
    const pwned = join(root, 'pwned');
    const hostile = `pkg; touch ${pwned} && echo $HOME \`touch ${pwned}\` "q" *`;
    const result = run(bin, packageCommand('install', [hostile]));
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(calls(log), [['tdnf', 'install', '-y', hostile]]);
    assert.equal(existsSync(pwned), false);
  });

  it('upgrades everything with no names (updateExistingPackages)', () => {
    const { bin, log } = image('upgrade', ['dnf5']);
    assert.equal(run(bin, packageCommand('upgrade', [])).status, 0);
    assert.deepEqual(calls(log), [['dnf5', 'upgrade', '-y']]);
  });

  it('installs shadow-utils only when useradd or groupadd is missing, once', () => {
    const { bin, log } = image('accounts', ['dnf5']);
    const first = run(bin, ensureCommands([...accountCommands, { command: 'sudo', package: 'sudo' }]));
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(calls(log), [['dnf5', 'install', '-y', 'shadow-utils', 'sudo']]);
    const present = run(bin, ensureCommands([{ command: 'useradd', package: 'shadow-utils' }]));
    assert.equal(present.status, 0, present.stderr);
    assert.match(present.stdout, /already present: useradd:shadow-utils/);
    assert.equal(calls(log).length, 1, 'nothing is installed when the command is there');
  });

  it('fails with a clear message when the image has no package manager', () => {
    const { bin } = image('none', []);
    const result = run(bin, packageCommand('install', ['vim']));
    assert.equal(result.status, 127);
    assert.match(result.stderr, /no package manager in this image \(looked for dnf5, dnf, tdnf\)/);
  });

  it('is plain POSIX sh (dash parses it)', () => {
    const dash = spawnSync('sh', ['-c', 'command -v dash'], { encoding: 'utf8' }).stdout.trim();
    if (!dash) return;
    execFileSync(dash, ['-n', '-c', packageCommand('install', [])[2]]);
  });
});
