import { DOCUMENT_SNIPPETS } from './image/snippets';
import { imageSchema } from './image/schema';
import { agentPoolBodySchema, agentPoolProfileSchema, flatAgentPoolSchema } from './nodepool/schema';
import { JSON_PARSE_MESSAGES } from './parse/jsonParser';
import type { Schema } from './types';

/**
 * The texts the engine passes to `l10n.t` that are data rather than literals at the call: schema docs, value docs,
 * format descriptions, deprecation notes, snippet descriptions and the JSON parser's details. The l10n bundle
 * script (scripts/l10n.mjs) adds them to what @vscode/l10n-dev finds in the sources, and a unit test checks the
 * bundle holds them all.
 */
export function dataMessages(): string[] {
  const found = new Set<string>();
  const seen = new Set<Schema>();
  const visit = (schema: Schema | undefined) => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    if (schema.doc) found.add(schema.doc);
    switch (schema.type) {
      case 'object':
        Object.values(schema.properties).forEach(visit);
        visit(schema.additionalProperties);
        break;
      case 'array':
        visit(schema.items);
        break;
      case 'anyOf':
        schema.options.forEach(visit);
        break;
      case 'string':
        for (const doc of Object.values(schema.enumDocs ?? {})) found.add(doc);
        if (schema.patternDescription) found.add(schema.patternDescription);
        for (const old of Object.values(schema.deprecated ?? {})) found.add(old.message);
        break;
    }
  };
  for (const schema of [imageSchema, agentPoolBodySchema, agentPoolProfileSchema, flatAgentPoolSchema]) visit(schema);
  for (const snippet of DOCUMENT_SNIPPETS) found.add(snippet.description);
  for (const message of Object.values(JSON_PARSE_MESSAGES)) found.add(message);
  found.add('Invalid JSON.');
  return [...found].sort();
}
