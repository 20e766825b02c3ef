import { asMap, asSeq, entryOf } from '../syntax';
import type { MapNode, RuleContext, SeqNode, SyntaxNode, TextEdit } from '../types';
import { columnOf, isFlow, lineEnd } from './model';
import { lineStartOf } from '../lineIndex';

/**
 * Text edits that add settings to a config while keeping its style: block YAML gets indented lines matching the
 * neighbours, JSON and flow YAML get JSON syntax. Each returns undefined when the shape is too odd to edit safely.
 */

/** The offset just after the last non-blank character of a node (block scalars and maps may end after newlines). */
function contentEnd(text: string, node: { range: { start: number; end: number } }): number {
  let end = node.range.end;
  while (end > node.range.start && /\s/.test(text[end - 1])) end--;
  return end;
}

function indentOfMap(text: string, map: MapNode): number {
  return map.entries.length ? columnOf(text, map.entries[0].key.range.start) : columnOf(text, map.range.start);
}

/** Inserts `key: value` lines (already indented relative to 0) as the last entries of a block map. */
function appendToBlockMap(text: string, map: MapNode, lines: string[]): TextEdit {
  const indent = ' '.repeat(indentOfMap(text, map));
  const at = lineEnd(text, contentEnd(text, map));
  return { range: { start: at, end: at }, newText: lines.map((line) => `\n${indent}${line}`).join('') };
}

/** Inserts a JSON member as the first member of a flow map `{...}`. */
function prependToFlowMap(map: MapNode, member: string): TextEdit {
  const at = map.range.start + 1;
  return { range: { start: at, end: at }, newText: map.entries.length ? ` ${member},` : ` ${member} ` };
}

/** Adds a top-level key with nested lines (YAML) or a JSON member, to the root map or an empty document. */
function addTopLevel(context: RuleContext, yamlLines: string[], jsonMember: string): TextEdit | undefined {
  const root = context.document.root;
  if (root && root.kind !== 'map') return undefined;
  if (root && isFlow(context.text, root)) return prependToFlowMap(root, jsonMember);
  if (root && root.entries.length) return appendToBlockMap(context.text, root, yamlLines);
  const at = context.document.range.end;
  const lead = at > 0 && context.text[at - 1] !== '\n' ? '\n' : '';
  return { range: { start: at, end: at }, newText: `${lead}${yamlLines.join('\n')}\n` };
}

function appendToSeq(context: RuleContext, seq: SeqNode, value: string): TextEdit | undefined {
  const { text } = context;
  if (isFlow(text, seq)) {
    const quoted = JSON.stringify(value);
    if (!seq.items.length) return { range: { start: seq.range.start + 1, end: seq.range.start + 1 }, newText: quoted };
    const at = seq.items[seq.items.length - 1].range.end;
    return { range: { start: at, end: at }, newText: `, ${quoted}` };
  }
  const last = seq.items[seq.items.length - 1];
  if (!last) return undefined;
  const lineStart = lineStartOf(text, last.range.start);
  const prefix = text.slice(lineStart, last.range.start);
  const dash = /^[ \t]*-[ \t]+$/.test(prefix) ? prefix : `${' '.repeat(Math.max(0, columnOf(text, last.range.start) - 2))}- `;
  const at = lineEnd(text, contentEnd(text, last));
  return { range: { start: at, end: at }, newText: `\n${dash}${value}` };
}

/** Adds `feature` to `previewFeatures`: appended to the existing list, or a new top-level key. */
export function addPreviewFeatureEdit(context: RuleContext, feature: string): TextEdit | undefined {
  const root = asMap(context.document.root);
  const existing = entryOf(root, 'previewFeatures');
  if (!existing) return addTopLevel(context, ['previewFeatures:', `  - ${feature}`], `"previewFeatures": [${JSON.stringify(feature)}]`);
  const value = existing.value;
  const seq = asSeq(value);
  if (seq && seq.items.length) return appendToSeq(context, seq, feature);
  if (seq) return { range: seq.range, newText: `[${JSON.stringify(feature)}]` };
  if (!value || (value.kind === 'scalar' && value.value === null)) {
    // `previewFeatures:` with nothing (or `~`): give it a one-item list.
    const item = isFlow(context.text, root ?? value ?? existing.key) ? JSON.stringify(feature) : feature;
    if (value && value.range.end > value.range.start) return { range: value.range, newText: `[${item}]` };
    const colon = context.text.indexOf(':', existing.key.range.end);
    if (colon < 0) return undefined;
    return { range: { start: colon + 1, end: colon + 1 }, newText: ` [${item}]` };
  }
  return undefined;
}

/** Adds `os.bootloader.resetType: hard-reset` wherever the path stops existing. */
export function addResetTypeEdit(context: RuleContext): TextEdit | undefined {
  const { text } = context;
  const root = asMap(context.document.root);
  const osEntry = entryOf(root, 'os');
  if (!osEntry) {
    return addTopLevel(context, ['os:', '  bootloader:', '    resetType: hard-reset'], '"os": {"bootloader": {"resetType": "hard-reset"}}');
  }
  const os = asMap(osEntry.value);
  if (!os)
    return nullValueEdit(
      context,
      osEntry.value,
      osEntry.key.range.start,
      ['bootloader:', '  resetType: hard-reset'],
      '{"bootloader": {"resetType": "hard-reset"}}',
    );
  const bootloaderEntry = entryOf(os, 'bootloader');
  if (!bootloaderEntry) {
    if (isFlow(text, os)) return prependToFlowMap(os, '"bootloader": {"resetType": "hard-reset"}');
    if (!os.entries.length) return undefined;
    return appendToBlockMap(text, os, ['bootloader:', '  resetType: hard-reset']);
  }
  const bootloader = asMap(bootloaderEntry.value);
  if (!bootloader)
    return nullValueEdit(
      context,
      bootloaderEntry.value,
      bootloaderEntry.key.range.start,
      ['resetType: hard-reset'],
      '{"resetType": "hard-reset"}',
    );
  const resetEntry = entryOf(bootloader, 'resetType');
  if (resetEntry) {
    // `resetType:` present but empty.
    if (resetEntry.value && !(resetEntry.value.kind === 'scalar' && resetEntry.value.value === null)) return undefined;
    if (resetEntry.value) return { range: resetEntry.value.range, newText: isFlow(text, bootloader) ? '"hard-reset"' : 'hard-reset' };
    const at = resetEntry.key.range.end + 1;
    return { range: { start: at, end: at }, newText: ' hard-reset' };
  }
  if (isFlow(text, bootloader)) return prependToFlowMap(bootloader, '"resetType": "hard-reset"');
  if (!bootloader.entries.length) return undefined;
  return appendToBlockMap(text, bootloader, ['resetType: hard-reset']);
}

/** `key:` with nothing (or `~`) after it: put the nested lines below the key, or a flow value in place of `~`. */
function nullValueEdit(
  context: RuleContext,
  value: SyntaxNode | undefined,
  keyStart: number,
  lines: string[],
  flow: string,
): TextEdit | undefined {
  if (value && !(value.kind === 'scalar' && value.value === null)) return undefined;
  if (value && value.range.end > value.range.start) return { range: value.range, newText: flow };
  const indent = ' '.repeat(columnOf(context.text, keyStart) + 2);
  const at = lineEnd(context.text, keyStart);
  return { range: { start: at, end: at }, newText: lines.map((line) => `\n${indent}${line}`).join('') };
}
