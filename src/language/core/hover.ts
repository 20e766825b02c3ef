import { english, type L10n } from '../../util/l10n';
import { parseConfig } from './parse';
import { documentAt, schemaForPath, stepsAt } from './locate';
import { describeType, enumValues } from './schemaCheck';
import type { ConfigFormat, ParseResult, Range, Schema } from './types';

/**
 * Hover on a key: a short first line (the key and its type), what it is for, its allowed values by name, the facts
 * a person checks (format, range, preview feature), and a link to the upstream documentation; on an allowed value:
 * what that value means. Value descriptions live in completion and value hovers, which keeps a key's hover short
 * even where the values are many (osSKU).
 */
export function hoverFor(
  format: ConfigFormat,
  text: string,
  offset: number,
  parse: ParseResult = parseConfig(text),
  l10n: L10n = english,
): { range: Range; markdown: string } | undefined {
  const document = documentAt(parse.documents, offset);
  if (!document) return undefined;
  const steps = stepsAt(document.root, offset);
  const last = steps.at(-1);
  if (!last?.entry) return undefined;
  const onKey = last.node === last.entry.key;
  const found = schemaForPath(format, document, last.path);
  const schema = found?.schema;
  if (!schema) return undefined;
  const key = String(last.entry.key.value);
  if (!onKey && last.node.kind === 'scalar') {
    const valueDoc = enumDoc(schema, String(last.node.value));
    if (valueDoc) return { range: last.node.range, markdown: `\`${String(last.node.value)}\`: ${l10n.t(valueDoc)}` };
    return undefined;
  }
  if (!onKey) return undefined;
  const owner = schemaForPath(format, document, last.path.slice(0, -1))?.schema;
  return { range: last.entry.key.range, markdown: describeKey(key, schema, l10n, format.docsUrl?.(owner)) };
}

export function describeKey(key: string, schema: Schema, l10n: L10n = english, docsUrl?: string): string {
  const parts = [`**${key}** · ${describeType(schema, l10n)}`];
  if (schema.doc) parts.push(l10n.t(schema.doc));
  const values = enumValues(schema);
  if (values.length && schema.type !== 'boolean') {
    parts.push(l10n.t('Allowed values: {0}', values.map((value) => `\`${value}\``).join(', ')));
  }
  if (schema.type === 'string' && schema.patternDescription) parts.push(l10n.t('Format: {0}', l10n.t(schema.patternDescription)));
  if ((schema.type === 'integer' || schema.type === 'number') && (schema.minimum !== undefined || schema.maximum !== undefined)) {
    parts.push(l10n.t('Range: {0} to {1}', schema.minimum ?? '-∞', schema.maximum ?? '∞'));
  }
  if (schema.preview) parts.push(l10n.t('Needs `previewFeatures: [{0}]`.', schema.preview));
  if (docsUrl) parts.push(`[${l10n.t('Documentation')}](${docsUrl})`);
  return parts.join('\n\n');
}

function enumDoc(schema: Schema, value: string): string | undefined {
  if (schema.type === 'string') return schema.enumDocs?.[value];
  if (schema.type === 'anyOf') {
    for (const option of schema.options) {
      const doc = enumDoc(option, value);
      if (doc) return doc;
    }
  }
  return undefined;
}
