import { asMap, asScalar, asSeq, valueOf } from '../../../../src/language/core/syntax';
import type { ConfigFormat, FileReference, ObjectSchema } from '../../../../src/language/core/types';

/** A small format for engine tests, independent of the real image and node-pool formats. */
export const testSchema: ObjectSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', doc: "The thing's name.", pattern: /^[a-z]+$/, patternDescription: 'lowercase letters only' },
    size: { type: 'integer', minimum: 1, maximum: 10, doc: 'How big.' },
    enabled: { type: 'boolean' },
    mode: { type: 'string', enum: ['fast', 'slow', 'careful'], enumDocs: { fast: 'Goes fast.' }, doc: 'How it runs.' },
    permissions: {
      type: 'anyOf',
      options: [
        { type: 'string', pattern: /^[0-7]{3,4}$/ },
        { type: 'integer', maximum: 511 },
      ],
    },
    labels: { type: 'object', properties: {}, additionalProperties: { type: 'string' } },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path'],
        properties: { path: { type: 'string', doc: 'A file.' }, id: { type: 'string' }, mode: { type: 'string', enum: ['ro', 'rw'] } },
      },
    },
    nested: {
      type: 'object',
      properties: { inner: { type: 'object', properties: { leaf: { type: 'string', enum: ['a', 'b'] }, other: { type: 'number' } } } },
    },
    extra: { type: 'any', preview: 'extras' },
  },
};

export const testFormat: ConfigFormat = {
  kind: 'image',
  recognizes: (document) => asMap(document.root)?.entries.some((entry) => entry.key.value === 'name') ?? false,
  anchors: (document) => (document.root ? [{ node: document.root, schema: testSchema }] : []),
  rules: [],
  fileReferences: (document) => {
    const references: FileReference[] = [];
    for (const item of asSeq(valueOf(asMap(document.root), 'files'))?.items ?? []) {
      const path = asScalar(valueOf(asMap(item), 'path'));
      if (path && typeof path.value === 'string') references.push({ node: path, path: path.value, kind: 'file' });
    }
    return references;
  },
};
