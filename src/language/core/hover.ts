import { parseConfig } from './parse';
import { documentAt, schemaForPath, stepsAt } from './locate';
import { describeType, enumValues } from './schemaCheck';
import type { ConfigFormat, ParseResult, Range, Schema } from './types';

/** Hover on a key: what it means, its type, its allowed values; on an allowed value: what that value means. */
export function hoverFor(
  format: ConfigFormat,
  text: string,
  offset: number,
  parse: ParseResult = parseConfig(text),
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
    if (valueDoc) return { range: last.node.range, markdown: `\`${String(last.node.value)}\`: ${valueDoc}` };
    if (last.node.kind !== 'scalar') return undefined;
  }
  if (!onKey) return undefined;
  return { range: last.entry.key.range, markdown: describeKey(key, schema) };
}

export function describeKey(key: string, schema: Schema): string {
  const parts = [`**${key}**: ${describeType(schema)}`];
  if (schema.doc) parts.push(schema.doc);
  const values = enumValues(schema);
  if (values.length && schema.type !== 'boolean') {
    const docs = schema.type === 'string' ? schema.enumDocs : undefined;
    parts.push(`Allowed values:\n${values.map((value) => `- \`${value}\`${docs?.[value] ? `: ${docs[value]}` : ''}`).join('\n')}`);
  }
  if (schema.type === 'string' && schema.patternDescription) parts.push(`Format: ${schema.patternDescription}`);
  if ((schema.type === 'integer' || schema.type === 'number') && (schema.minimum !== undefined || schema.maximum !== undefined)) {
    parts.push(`Range: ${schema.minimum ?? '-∞'} to ${schema.maximum ?? '∞'}`);
  }
  if (schema.preview) parts.push(`Needs \`previewFeatures: [${schema.preview}]\`.`);
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
