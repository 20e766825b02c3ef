import { closest } from './editDistance';
import type { ConfigKind, Fix, MapNode, Problem, Range, ScalarNode, Schema, SchemaAnchor, SyntaxNode } from './types';

export interface SchemaCheckOptions {
  /**
   * YAML decoding upstream (Go's yaml.v3) turns any plain scalar into a string field and accepts YAML 1.1 words
   * (`yes`, `off`) for booleans. JSON (encoding/json) does neither.
   */
  readonly lenientScalars: boolean;
}

const yamlTrue = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const yamlFalse = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** Checks one anchored subtree against its schema: unknown keys, types, allowed values, required keys, duplicates. */
export function checkSchema(text: string, anchor: SchemaAnchor, kind: ConfigKind, options: SchemaCheckOptions, report: (problem: Problem) => void): void {
  const checker = new SchemaChecker(text, kind, options, report);
  const node = anchor.node;
  const owner = node.kind === 'map' && node.entries.length ? node.entries[0].key.range : headRange(text, node.range);
  checker.check(node, anchor.schema, anchor.label ?? '', owner);
}

/** The schema that applies at a path of keys and indexes below `schema`, or undefined when the path leaves it. */
export function schemaAtPath(schema: Schema | undefined, path: ReadonlyArray<string | number>): Schema | undefined {
  let current = schema;
  for (const step of path) {
    if (!current) return undefined;
    current = childSchema(current, step);
  }
  return current;
}

/** The schema of one child (a key of an object, an item of an array), looking through `anyOf`. */
export function childSchema(schema: Schema, step: string | number): Schema | undefined {
  if (schema.type === 'anyOf') {
    for (const option of schema.options) {
      const found = childSchema(option, step);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof step === 'number') return schema.type === 'array' ? schema.items : undefined;
  if (schema.type === 'object') return Object.hasOwn(schema.properties, step) ? schema.properties[step] : schema.additionalProperties;
  return undefined;
}

/** The object schemas a map may match (an object schema, or the object options of an `anyOf`). */
export function objectSchemas(schema: Schema | undefined): Extract<Schema, { type: 'object' }>[] {
  if (!schema) return [];
  if (schema.type === 'object') return [schema];
  if (schema.type === 'anyOf') return schema.options.flatMap(objectSchemas);
  return [];
}

/** Allowed values of a string schema (through `anyOf`), for messages, completion and hover. */
export function enumValues(schema: Schema | undefined): readonly string[] {
  if (!schema) return [];
  if (schema.type === 'string') return schema.enum ?? [];
  if (schema.type === 'boolean') return ['true', 'false'];
  if (schema.type === 'anyOf') return schema.options.flatMap(enumValues);
  return [];
}

/** Describes a schema's type in words: "a string", "an integer", "a list", "a map". */
export function describeType(schema: Schema): string {
  switch (schema.type) {
    case 'object':
      return 'a map';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'anyOf':
      return [...new Set(schema.options.map(describeType))].join(' or ');
    case 'any':
      return 'any value';
  }
}

function describeNode(node: SyntaxNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'null';
  if (typeof node.value === 'string') return node.quoted ? 'a quoted string' : 'a string';
  if (typeof node.value === 'number') return Number.isInteger(node.value) ? 'an integer' : 'a number';
  return 'a boolean';
}

function headRange(text: string, range: Range): Range {
  const newline = text.indexOf('\n', range.start);
  const end = newline < 0 || newline > range.end ? range.end : newline;
  return { start: range.start, end: Math.max(range.start, end) };
}

function quoteList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

class SchemaChecker {
  constructor(
    private readonly text: string,
    private readonly kind: ConfigKind,
    private readonly options: SchemaCheckOptions,
    private readonly report: (problem: Problem) => void,
  ) {}

  private problem(code: string, range: Range, message: string, fixes?: Fix[]): void {
    this.report({ range, severity: 'error', code: `${this.kind}/${code}`, message, ...(fixes?.length ? { fixes } : {}) });
  }

  /** `owner` is the range to underline for problems about the node as a whole, e.g. a missing required key. */
  check(node: SyntaxNode | undefined, schema: Schema, where: string, owner: Range): void {
    if (!node) return; // `key:` with nothing decodes to the zero value upstream
    if (node.kind === 'scalar' && node.value === null && !node.quoted) return; // so does an explicit null
    switch (schema.type) {
      case 'any':
        return;
      case 'anyOf':
        return this.checkAnyOf(node, schema, where, owner);
      case 'object':
        if (node.kind !== 'map') return this.wrongType(node, schema, where);
        return this.checkObject(node, schema, where, owner);
      case 'array':
        if (node.kind !== 'seq') return this.wrongType(node, schema, where);
        for (let i = 0; i < node.items.length; i++) {
          const item = node.items[i];
          const itemOwner = item.kind === 'map' && item.entries.length ? item.entries[0].key.range : headRange(this.text, item.range);
          this.check(item, schema.items, `${where}[${i}]`, itemOwner);
        }
        return;
      case 'string':
        return this.checkString(node, schema, where);
      case 'integer':
      case 'number':
        return this.checkNumber(node, schema, where);
      case 'boolean':
        return this.checkBoolean(node, schema, where);
    }
  }

  private where(where: string): string {
    return where ? ` for ${where}` : '';
  }

  private wrongType(node: SyntaxNode, schema: Schema, where: string): void {
    this.problem('invalid-type', node.kind === 'scalar' ? node.range : headRange(this.text, node.range), `Expected ${describeType(schema)}${this.where(where)}, found ${describeNode(node)}.`);
  }

  private checkAnyOf(node: SyntaxNode, schema: Extract<Schema, { type: 'anyOf' }>, where: string, owner: Range): void {
    const attempts: Problem[][] = [];
    for (const option of schema.options) {
      const collected: Problem[] = [];
      new SchemaChecker(this.text, this.kind, this.options, (problem) => collected.push(problem)).check(node, option, where, owner);
      if (collected.length === 0) return;
      attempts.push(collected);
    }
    // Report the option whose shape fits the node (its problems are the useful ones), else a type mismatch.
    const fitting = schema.options.findIndex((option) => shapeFits(node, option));
    if (fitting >= 0) {
      for (const problem of attempts[fitting]) this.report(problem);
      return;
    }
    this.wrongType(node, schema, where);
  }

  private checkObject(node: MapNode, schema: Extract<Schema, { type: 'object' }>, where: string, owner: Range): void {
    const seen = new Map<string, ScalarNode>();
    const known = Object.keys(schema.properties);
    for (const entry of node.entries) {
      const key = entry.key.value === null ? '' : String(entry.key.value);
      const previous = seen.get(key);
      if (previous && previous.range.start !== entry.key.range.start && previous.range.start < entry.key.range.start) {
        this.problem('duplicate-key', entry.key.range, `The key '${key}' is already defined${this.where(where)}; each key may appear once.`);
      }
      seen.set(key, entry.key);
      const path = where ? `${where}.${key}` : key;
      const property = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (property) {
        this.check(entry.value, property, path, entry.key.range);
      } else if (schema.additionalProperties) {
        this.check(entry.value, schema.additionalProperties, path, entry.key.range);
      } else {
        const suggestion = closest(key, known.filter((name) => !seen.has(name) || name === key));
        const allowed = known.length ? ` Allowed keys: ${known.join(', ')}.` : '';
        const fixes: Fix[] = suggestion
          ? [{ title: `Rename to '${suggestion}'`, edits: [{ range: entry.key.range, newText: suggestion }], preferred: true }]
          : [];
        this.problem('unknown-key', entry.key.range, `Unknown key '${key}'${this.where(where)}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}${allowed}`, fixes);
      }
    }
    for (const required of schema.required ?? []) {
      if (!seen.has(required)) this.problem('missing-required', owner, `Missing required key '${required}'${this.where(where)}.`);
    }
  }

  /** The text upstream decodes into a string field, or undefined when the node cannot be a string. */
  private stringOf(node: ScalarNode): string | undefined {
    if (typeof node.value === 'string') return node.value;
    if (!this.options.lenientScalars) return undefined;
    return this.text.slice(node.range.start, node.range.end);
  }

  private checkString(node: SyntaxNode, schema: Extract<Schema, { type: 'string' }>, where: string): void {
    if (node.kind !== 'scalar') return this.wrongType(node, schema, where);
    const value = this.stringOf(node);
    if (value === undefined) return this.wrongType(node, schema, where);
    if (schema.enum && !schema.enum.includes(value)) {
      const suggestion = closest(value, schema.enum, true);
      const fixes: Fix[] = suggestion ? [{ title: `Replace with '${suggestion}'`, edits: [{ range: node.range, newText: this.requote(node, suggestion) }], preferred: true }] : [];
      this.problem('invalid-value', node.range, `Invalid value '${value}'${this.where(where)}. Allowed values: ${quoteList(schema.enum)}.`, fixes);
      return;
    }
    if (schema.pattern) {
      schema.pattern.lastIndex = 0;
      if (!schema.pattern.test(value)) {
        this.problem('invalid-value', node.range, `Invalid value '${value}'${this.where(where)}: ${schema.patternDescription ?? `it must match ${schema.pattern.source}`}.`);
      }
    }
  }

  /** Writes `value` the way the original scalar was written (double quotes stay double quotes). */
  private requote(node: ScalarNode, value: string): string {
    const first = this.text[node.range.start];
    if (first === '"') return JSON.stringify(value);
    if (first === "'") return `'${value.replace(/'/g, "''")}'`;
    return value;
  }

  private checkNumber(node: SyntaxNode, schema: Extract<Schema, { type: 'integer' | 'number' }>, where: string): void {
    if (node.kind !== 'scalar' || typeof node.value !== 'number' || (schema.type === 'integer' && !Number.isInteger(node.value))) {
      return this.wrongType(node, schema, where);
    }
    const value = node.value;
    if (schema.minimum !== undefined && value < schema.minimum) {
      this.problem('invalid-value', node.range, `The value ${value}${this.where(where)} is below the minimum ${schema.minimum}.`);
    } else if (schema.maximum !== undefined && value > schema.maximum) {
      this.problem('invalid-value', node.range, `The value ${value}${this.where(where)} is above the maximum ${schema.maximum}.`);
    }
  }

  private checkBoolean(node: SyntaxNode, schema: Extract<Schema, { type: 'boolean' }>, where: string): void {
    if (node.kind === 'scalar') {
      if (typeof node.value === 'boolean') return;
      if (this.options.lenientScalars && typeof node.value === 'string' && (yamlTrue.has(node.value) || yamlFalse.has(node.value))) return;
    }
    this.wrongType(node, schema, where);
  }
}

function shapeFits(node: SyntaxNode, schema: Schema): boolean {
  if (node.kind === 'map') return schema.type === 'object';
  if (node.kind === 'seq') return schema.type === 'array';
  if (typeof node.value === 'number') return schema.type === 'integer' || schema.type === 'number';
  if (typeof node.value === 'boolean') return schema.type === 'boolean';
  return schema.type === 'string';
}
