import { asMap, asScalar, asSeq, valueOf } from '../syntax';
import type { MapNode, Rule, Schema, ScalarNode, StringSchema } from '../types';
import { unknownSeverityFor } from './schema';
import { shapeOf } from './shapes';

/** A whole value that is one template parameter: `[parameters('osSku')]`. */
const PARAMETER = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/;

/** The enum schema a value must match (a string with `enum`, or the first such option of an `anyOf`). */
function enumSchemaOf(schema: Schema | undefined): StringSchema | undefined {
  if (!schema) return undefined;
  if (schema.type === 'string') return schema.enum ? schema : undefined;
  if (schema.type === 'anyOf') for (const option of schema.options) if (option.type === 'string' && option.enum) return option;
  return undefined;
}

/** The object schema of a map (looking into `anyOf`). */
function objectSchemaOf(schema: Schema | undefined): Extract<Schema, { type: 'object' }> | undefined {
  if (!schema) return undefined;
  if (schema.type === 'object') return schema;
  if (schema.type === 'anyOf') for (const option of schema.options) if (option.type === 'object') return option;
  return undefined;
}

/**
 * ARM template parameters used as a pool's enum values: each of the parameter's `allowedValues` (and its
 * `defaultValue`) must be a value the field accepts, or the deployment can pick one AKS refuses. Severity as for the
 * value written in place: an error, a warning for a template resource naming a newer API version, and always an
 * error for values Kubernetes or the kernel define.
 */
export const parameterValuesRule: Rule = (context) => {
  const { l10n } = context;
  const parameters = asMap(valueOf(asMap(context.document.root), 'parameters'));
  if (!parameters) return;
  const reported = new Set<ScalarNode>();
  const visit = (map: MapNode, schema: Extract<Schema, { type: 'object' }>, severity: 'error' | 'warning', path: string) => {
    for (const entry of map.entries) {
      const key = entry.key.value;
      if (typeof key !== 'string' || !Object.hasOwn(schema.properties, key)) continue;
      const property = schema.properties[key];
      const child = asMap(entry.value);
      const childSchema = objectSchemaOf(property);
      if (child && childSchema) {
        visit(child, childSchema, severity, `${path}${key}.`);
        continue;
      }
      const expected = enumSchemaOf(property);
      const scalar = asScalar(entry.value);
      const name = typeof scalar?.value === 'string' ? PARAMETER.exec(scalar.value)?.[1] : undefined;
      if (!expected || name === undefined) continue;
      const parameter = asMap(valueOf(parameters, name));
      const candidates = [
        ...(asSeq(valueOf(parameter, 'allowedValues'))?.items ?? []),
        ...(valueOf(parameter, 'defaultValue') ? [valueOf(parameter, 'defaultValue')!] : []),
      ];
      const allowed = expected.enum ?? [];
      for (const candidate of candidates) {
        const value = asScalar(candidate);
        if (!value || typeof value.value !== 'string' || reported.has(value) || allowed.includes(value.value)) continue;
        if (PARAMETER.test(value.value) || value.value.startsWith('[')) continue;
        reported.add(value);
        context.report({
          range: value.range,
          severity: expected.closed ? 'error' : severity,
          code: 'nodepool/parameter-value',
          message: l10n.t(
            "The template parameter '{0}' allows '{1}', which '{2}' does not accept. Allowed values: {3}.",
            name,
            value.value,
            `${path}${key}`,
            allowed.map((item) => `'${item}'`).join(', '),
          ),
        });
      }
    }
  };
  for (const pool of shapeOf(context.document).pools) {
    if (pool.arm) visit(pool.anchor, pool.schema, unknownSeverityFor(pool.apiVersion), '');
  }
};
