import type { Schema } from './types';

/**
 * A JSON Schema (draft-07) rendering of one of our schemas, for tools that only speak JSON Schema (the benchmark
 * against yaml-language-server, or a user's own YAML extension settings).
 */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  const common: Record<string, unknown> = schema.doc ? { markdownDescription: schema.doc, description: schema.doc } : {};
  switch (schema.type) {
    case 'object':
      return {
        ...common,
        type: 'object',
        properties: Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, toJsonSchema(value)])),
        ...(schema.required?.length ? { required: [...schema.required] } : {}),
        additionalProperties: schema.additionalProperties ? toJsonSchema(schema.additionalProperties) : false,
      };
    case 'array':
      return { ...common, type: 'array', items: toJsonSchema(schema.items) };
    case 'string':
      return {
        ...common,
        type: 'string',
        ...(schema.enum ? { enum: [...schema.enum] } : {}),
        ...(schema.pattern ? { pattern: schema.pattern.source } : {}),
      };
    case 'integer':
    case 'number':
      return {
        ...common,
        type: schema.type,
        ...(schema.minimum !== undefined ? { minimum: schema.minimum } : {}),
        ...(schema.maximum !== undefined ? { maximum: schema.maximum } : {}),
      };
    case 'boolean':
      return { ...common, type: 'boolean' };
    case 'anyOf':
      return { ...common, anyOf: schema.options.map(toJsonSchema) };
    case 'any':
      return common;
  }
}
