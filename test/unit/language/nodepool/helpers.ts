import assert from 'node:assert/strict';
import { analyze } from '../../../../src/language/core/index';
import type { Problem, Range } from '../../../../src/language/core/types';

/** Problems for a node-pool document; the file name picks JSON or YAML parsing and, when it matches, the kind. */
export function check(text: string, fileName = 'pool.nodepool.yaml'): Problem[] {
  return analyze(text, { fileName }).problems;
}

/** The range of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(needle, start + 1);
    assert.ok(start >= 0, `'${needle}' (occurrence ${occurrence}) is not in the test text`);
  }
  return { start, end: start + needle.length };
}

/** Asserts exactly one problem with `code` at `range`, and returns it. */
export function expectOne(problems: readonly Problem[], code: string, range: Range): Problem {
  const matching = problems.filter((problem) => problem.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got: ${JSON.stringify(problems.map((p) => [p.code, p.message]))}`);
  assert.deepEqual(matching[0].range, range, `range of ${code}: ${matching[0].message}`);
  return matching[0];
}

/** Asserts there is no problem at all (a valid config must not be flagged). */
export function expectClean(problems: readonly Problem[]): void {
  assert.deepEqual(
    problems.map((problem) => `${problem.code}: ${problem.message}`),
    [],
  );
}

/** Applies a fix's edits to the text (edits must not overlap). */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  return [...edits]
    .sort((a, b) => b.range.start - a.range.start)
    .reduce((result, edit) => result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end), text);
}

/** A valid Azure Linux user pool in YAML, the base the rule tests change one line of. */
export const validPoolYaml = `name: alpool
count: 3
vmSize: Standard_D4s_v5
osType: Linux
osSKU: AzureLinux
mode: User
orchestratorVersion: "1.33"
maxPods: 110
enableAutoScaling: true
minCount: 1
maxCount: 5
availabilityZones: ["1", "2", "3"]
nodeLabels:
  team: payments
  example.com/tier: backend
nodeTaints:
  - sku=gpu:NoSchedule
  - dedicated:PreferNoSchedule
upgradeSettings:
  maxSurge: 33%
kubeletConfig:
  cpuManagerPolicy: static
  cpuCfsQuota: true
  cpuCfsQuotaPeriod: 200ms
  imageGcHighThreshold: 90
  imageGcLowThreshold: 70
  topologyManagerPolicy: best-effort
  allowedUnsafeSysctls: ["kernel.msg*", "net.*"]
  containerLogMaxFiles: 5
  podMaxPids: -1
linuxOSConfig:
  transparentHugePageEnabled: madvise
  transparentHugePageDefrag: defer+madvise
  swapFileSizeMB: 1500
  sysctls:
    netCoreSomaxconn: 163849
    netIpv4TcpTwReuse: true
    netIpv4IpLocalPortRange: "32000 60000"
    vmMaxMapCount: 262144
`;

/** `validPoolYaml` with one line replaced (the line must exist) or, with `replacement` starting from nothing, appended. */
export function withLine(line: string, replacement: string, base = validPoolYaml): string {
  if (line === '') return base + replacement + '\n';
  assert.ok(base.includes(line), `'${line}' is not in the base config`);
  return base.replace(line, replacement);
}

/** The range of the first `needle` after the first `anchor`, e.g. a value after its key. */
export function rangeAfter(text: string, anchor: string, needle: string): Range {
  const from = text.indexOf(anchor);
  assert.ok(from >= 0, `'${anchor}' is not in the test text`);
  const start = text.indexOf(needle, from + anchor.length);
  assert.ok(start >= 0, `'${needle}' does not follow '${anchor}' in the test text`);
  return { start, end: start + needle.length };
}
