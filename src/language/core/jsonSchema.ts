import { imageSchema } from './image/schema';
import { agentPoolBodySchema, flatAgentPoolSchema, NODEPOOL_API_VERSION } from './nodepool/schema';
import type { Schema } from './types';

export interface JsonSchemaOptions {
  /**
   * Image Customizer decodes configs with yaml.v3, which reads any scalar into a string field (`version: 3.0`,
   * `permissions: 644`): string fields then also accept numbers and booleans; and `key:` with no value (null) is
   * the field's zero value, so every field accepts null.
   */
  readonly lenientScalars?: boolean;
}

/**
 * A JSON Schema (draft-07) rendering of one of our schemas, for tools that only speak JSON Schema: Red Hat's YAML
 * extension and VS Code's JSON support through the published schemas/ (yamlValidation, jsonValidation), CI schema
 * checkers, and the benchmark against yaml-language-server. It says what a schema can: keys, types, allowed values,
 * patterns, ranges and required keys; the cross-field rules stay the engine's.
 */
export function toJsonSchema(schema: Schema, options: JsonSchemaOptions = {}): Record<string, unknown> {
  const rendered = render(schema, options);
  // yaml.v3 decodes `key:` with nothing after it (null) to the field's zero value, for any type.
  if (options.lenientScalars && rendered.type !== undefined) {
    const types = [rendered.type].flat() as string[];
    if (!types.includes('null')) rendered.type = [...types, 'null'];
    if (Array.isArray(rendered.enum)) rendered.enum = [...(rendered.enum as unknown[]), null];
  }
  return rendered;
}

function render(schema: Schema, options: JsonSchemaOptions): Record<string, unknown> {
  const common: Record<string, unknown> = schema.doc ? { markdownDescription: schema.doc, description: schema.doc } : {};
  switch (schema.type) {
    case 'object':
      return {
        ...common,
        type: 'object',
        properties: Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, toJsonSchema(value, options)])),
        ...(schema.required?.length ? { required: [...schema.required] } : {}),
        additionalProperties: schema.additionalProperties ? toJsonSchema(schema.additionalProperties, options) : false,
      };
    case 'array':
      return { ...common, type: 'array', items: toJsonSchema(schema.items, options) };
    case 'string': {
      const values = schema.enum
        ? [...schema.enum, ...Object.keys(schema.deprecated ?? {}).filter((value) => !schema.deprecated![value].severity)]
        : undefined;
      if (values && schema.emptyIsDefault && !values.includes('')) values.push('');
      const pattern = schema.pattern && schema.emptyIsDefault ? `^$|${schema.pattern.source}` : schema.pattern?.source;
      return {
        ...common,
        type: options.lenientScalars && !values ? ['string', 'number', 'boolean'] : 'string',
        ...(values ? { enum: values } : {}),
        ...(pattern ? { pattern } : {}),
      };
    }
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
      return { ...common, anyOf: schema.options.map((option) => toJsonSchema(option, options)) };
    case 'any':
      return common;
  }
}

/** The published schema of Image Customizer configs (schemas/azurelinux-image.schema.json). */
export function imageJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/azure-linux-tools/schemas/azurelinux-image.schema.json',
    title: 'Azure Linux Image Customizer configuration',
    ...toJsonSchema(imageSchema, { lenientScalars: true }),
  };
}

/** The published schema of AKS node-pool bodies, REST form or flat (schemas/aks-nodepool.schema.json). */
export function nodePoolJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/azure-linux-tools/schemas/aks-nodepool.schema.json',
    title: `AKS agent pool (API ${NODEPOOL_API_VERSION})`,
    anyOf: [toJsonSchema(agentPoolBodySchema), toJsonSchema(flatAgentPoolSchema)],
  };
}
