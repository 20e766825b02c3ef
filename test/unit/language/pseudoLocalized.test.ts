import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, completionsAt, dataMessages, hoverAt, kindFromName } from '../../../src/language/core/index';
import type { L10n } from '../../../src/util/l10n';

/**
 * A pseudo-localized run: the engine worded through the qps-ploc bundle that scripts/generate.mjs makes with
 * @vscode/l10n-dev, each translation wrapped in ⟦ ⟧. A message the bundle lacks is recorded (the bundle is out of
 * date, or a text never went through l10n.t); a user-visible text outside the marks escaped l10n; a message made of
 * two marked pieces glued together is a fragment, not a sentence.
 */
const bundle: Record<string, string> = JSON.parse(readFileSync('l10n/bundle.l10n.qps-ploc.json', 'utf8'));
const missing = new Set<string>();

const pseudo: L10n = {
  t(message, ...args) {
    const translated = bundle[message];
    if (translated === undefined) missing.add(message);
    const filled = (translated ?? message).replace(/\{(\d+)\}/g, (whole, index: string) =>
      Number(index) < args.length ? String(args[Number(index)]) : whole,
    );
    return `⟦${filled}⟧`;
  },
};

/** True when the whole text is one marked translation (its first mark closes at its very end). */
function oneSentence(text: string): boolean {
  if (!text.startsWith('⟦') || !text.endsWith('⟧')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '⟦') depth++;
    else if (text[i] === '⟧' && --depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}

/** What is left of a hover or completion text once the marked translations, code, links and key names go. */
function unmarked(text: string, key?: string): string {
  let rest = text;
  for (let previous = ''; previous !== rest;) {
    previous = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, '');
  }
  return rest
    .replace(/`[^`]*`/g, '')
    .replace(/\]\(https?:[^)]*\)/g, '')
    .replace(key ? `**${key}**` : /$^/, '')
    .replace(/[\s[\]·:*]/g, '');
}

function files(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Realistic configs, the sample workspace, and broken ones that set off most rules. */
const corpus = [
  ...files('samples'),
  ...files('test/fixtures/language'),
  ...files('test/fixtures/upstream-imagecustomizer').filter((file) => !file.includes('/lists/')),
]
  .map((file) => ({ file, text: readFileSync(file, 'utf8'), kind: kindFromName(file) ?? ('image' as const) }))
  .filter(({ file }) => !/osmodifier-/.test(file));

const broken: { text: string; kind: 'image' | 'nodepool'; fileName: string }[] = [
  {
    kind: 'image',
    fileName: 'broken.azl.yaml',
    text: 'previewFeatures: [uky, output-artifacts]\nstorage:\n  bootType: efi\n  disks:\n  - partitionTableType: gpt\n    maxSize: 4100K\n    partitions:\n    - id: esp\n      type: esp\n      size: 8M\n    - id: esp\n      size: grow\n    - id: x\n      size: 1G\n  filesystems:\n  - deviceId: nope\n    type: btrfs\n    mountPoint: /a b\nos:\n  hostname: my_host\n  users:\n  - name: test\n    uid: 70000\n    password:\n      type: plain-text\n  modules:\n  - name: a\n  - name: a\n  overlays:\n  - upperDir: /u\n    workDir: /u\n    mountPoint: rel\noutput:\n  artifacts:\n    items: [uki-addons]\n    path: ""\n  image:\n    format: vhdd\n    cosi:\n      compression:\n        level: 30\nscripts:\n  postCustomization:\n  - path: ../x.sh\n    content: echo\n',
  },
  { kind: 'image', fileName: 'bad.azl.yaml', text: 'os:\n\thostname: x\n' },
  { kind: 'image', fileName: 'empty.azl.yaml', text: '# nothing\n' },
  { kind: 'image', fileName: 'bad.azl.json', text: '{"os": {"hostname": }' },
  {
    kind: 'nodepool',
    fileName: 'broken.nodepool.yaml',
    text: 'name: ALnodepool\nproperties:\n  count: 2000\n  osSKU: Mariner\n  osType: Windows\n  mode: System\n  enableAutoScaling: true\n  minCount: 5\n  nodeTaints: [bad]\n  nodeLabels:\n    Bad/Key: v\n  kubeletConfig:\n    cpuManagerPolicy: dynamic\n    imageGcHighThreshold: 50\n    imageGcLowThreshold: 70\n  linuxOSConfig:\n    sysctls:\n      netCoreSomaxconn: 1\n      netIpv4IpLocalPortRange: "1 2"\n  gatewayProfile: {}\n  fancy: true\n',
  },
];

describe('a pseudo-localized run of the language engine', () => {
  it('words every problem and fix through l10n, each one whole sentence', () => {
    const escaped: string[] = [];
    let count = 0;
    for (const { file, text, kind } of corpus) {
      for (const problem of analyze(text, { kind, fileName: file, l10n: pseudo }).problems) {
        count++;
        if (!oneSentence(problem.message)) escaped.push(`${problem.code}: ${problem.message}`);
        for (const fix of problem.fixes ?? []) if (!oneSentence(fix.title)) escaped.push(`${problem.code} fix: ${fix.title}`);
      }
    }
    for (const { text, kind, fileName } of broken) {
      for (const problem of analyze(text, { kind, fileName, l10n: pseudo }).problems) {
        count++;
        if (!oneSentence(problem.message)) escaped.push(`${problem.code}: ${problem.message}`);
        for (const fix of problem.fixes ?? []) if (!oneSentence(fix.title)) escaped.push(`${problem.code} fix: ${fix.title}`);
      }
    }
    assert.ok(count > 60, `${count} problems`);
    assert.deepEqual(escaped, []);
  });

  it('words hovers and completions through l10n', () => {
    const escaped: string[] = [];
    for (const { text, kind } of [...corpus.slice(0, 40), ...broken]) {
      for (let offset = 0; offset < text.length; offset += 7) {
        const hover = hoverAt(text, offset, kind, pseudo);
        if (hover) {
          const key = /^\*\*([^*]+)\*\*/.exec(hover.markdown)?.[1];
          if (unmarked(hover.markdown, key) !== '') escaped.push(`hover: ${hover.markdown}`);
        }
        for (const entry of completionsAt(text, offset, kind, pseudo)) {
          if (entry.detail !== undefined && !oneSentence(entry.detail)) escaped.push(`detail of ${entry.label}: ${entry.detail}`);
          if (entry.documentation !== undefined && !oneSentence(entry.documentation))
            escaped.push(`documentation of ${entry.label}: ${entry.documentation}`);
        }
      }
    }
    // Document snippets, offered in an empty document.
    for (const entry of completionsAt('', 0, 'image', pseudo)) assert.ok(oneSentence(entry.documentation ?? ''), entry.label);
    assert.deepEqual([...new Set(escaped)].slice(0, 20), []);
  });

  it('finds every text it used in the bundle @vscode/l10n-dev made, data texts included', () => {
    for (const message of dataMessages()) if (!(message in bundle)) missing.add(message);
    assert.deepEqual([...missing].sort(), []);
  });
});
