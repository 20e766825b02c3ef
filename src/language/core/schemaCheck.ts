import { closest } from './editDistance';
import { goYamlInt, yaml11Bool } from './parse/scalars';
import type { ConfigKind, Fix, Severity, MapEntry, MapNode, Problem, Range, ScalarNode, Schema, SchemaAnchor, SyntaxNode } from './types';

export interface SchemaCheckOptions {
  /**
   * YAML decoding upstream (Go's yaml.v3) turns any plain scalar into a string field and accepts YAML 1.1 words
   * (`yes`, `off`) for booleans. JSON (encoding/json) does neither.
   */
  readonly lenientScalars: boolean;
  /**
   * How an unknown key is reported. Image configs: an error (upstream decodes with KnownFields). Node pools: a
   * warning, since the AKS API grows with every version and accepts keys newer than this schema.
   */
  readonly unknownKeySeverity?: Severity;
  /**
   * Integer fields read as Go's yaml.v3 reads them (Image Customizer): `1_000`, `0x1F`, `0o17`, `0b101`, `0644`
   * (octal), and floats truncated. Without it, integers are the parser's YAML 1.2 / JSON values.
   */
  readonly goIntegers?: boolean;
  /**
   * How a value outside an enum is reported. Image configs: an error (upstream's enums are closed). Node pools: a
   * warning, since the AKS API's enums are open (new OS SKUs arrive between versions of this schema); a value that
   * differs from a known one only in case is a warning with the API's spelling in both.
   */
  readonly unknownValueSeverity?: Severity;
}

/** Checks one anchored subtree against its schema: unknown keys, types, allowed values, required keys, duplicates. */
export function checkSchema(
  text: string,
  anchor: SchemaAnchor,
  kind: ConfigKind,
  options: SchemaCheckOptions,
  report: (problem: Problem) => void,
): void {
  const checker = new SchemaChecker(text, kind, options, report);
  const node = anchor.node;
  checker.check(node, anchor.schema, anchor.label ?? '', undefined, ownerOf(text, node));
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
      // "an integer or an ARM template expression": a string option that only takes a pattern is named by it.
      return [
        ...new Set(
          schema.options.map(
            (option) => (option.type === 'string' && option.pattern && !option.enum && option.patternDescription) || describeType(option),
          ),
        ),
      ].join(' or ');
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

/**
 * Where a node sits, for messages ("storage.disks[0].partitions[1]"). The checker runs on every keystroke over
 * every node, and almost every node is fine, so the text is built only when a problem is reported: a container
 * passes its children a small link to itself, and a leaf's position is its parent's plus one step.
 */
type Where = string | { readonly parent: Where; readonly step: string | number };

function whereText(parent: Where, step: string | number | undefined): string {
  const base = typeof parent === 'string' ? parent : whereText(parent.parent, parent.step);
  if (step === undefined) return base;
  if (typeof step === 'number') return `${base}[${step}]`;
  return base ? `${base}.${step}` : step;
}

/** The range to underline for problems about a node as a whole: a map's first key, else its first line. */
function ownerOf(text: string, node: SyntaxNode): Range {
  if (node.kind === 'map') return node.entries.length ? node.entries[0].key.range : headRange(text, node.range);
  // Only maps use it (a missing required key); other nodes keep their own range and allocate nothing.
  return node.range;
}

function keyText(entry: MapEntry): string {
  const value = entry.key.value;
  return typeof value === 'string' ? value : value === null ? '' : String(value);
}

/** Maps larger than this index their keys for the duplicate check; smaller ones scan, which allocates nothing. */
const scanLimit = 16;

class SchemaChecker {
  /**
   * Above zero while `anyOf` tries its options: problems are only counted (in `failures`), since all that matters
   * is whether an option fits; the fitting option is then checked again for real.
   */
  private muted = 0;
  private failures = 0;

  constructor(
    private readonly text: string,
    private readonly kind: ConfigKind,
    private readonly options: SchemaCheckOptions,
    private readonly report: (problem: Problem) => void,
  ) {}

  /** True (and counted) when problems are only being counted: the caller skips building the message. */
  private counting(): boolean {
    if (this.muted === 0) return false;
    this.failures++;
    return true;
  }

  private problem(code: string, range: Range, message: string, fixes?: Fix[], severity: Severity = 'error'): void {
    this.report({ range, severity, code: `${this.kind}/${code}`, message, ...(fixes?.length ? { fixes } : {}) });
  }

  /**
   * Checks `node`, the child `step` of the container at `parent`. `owner` is the range to underline for problems
   * about the node as a whole, e.g. a missing required key.
   */
  check(node: SyntaxNode | undefined, schema: Schema, parent: Where, step: string | number | undefined, owner: Range): void {
    if (!node) return; // `key:` with nothing decodes to the zero value upstream
    if (node.kind === 'scalar' && node.value === null && !node.quoted) return; // so does an explicit null
    switch (schema.type) {
      case 'any':
        return;
      case 'anyOf':
        return this.checkAnyOf(node, schema, parent, step, owner);
      case 'object':
        if (node.kind !== 'map') return this.wrongType(node, schema, parent, step);
        return this.checkObject(node, schema, step === undefined ? parent : { parent, step }, owner);
      case 'array': {
        if (node.kind !== 'seq') return this.wrongType(node, schema, parent, step);
        const here: Where = step === undefined ? parent : { parent, step };
        const items = node.items;
        for (let i = 0; i < items.length; i++) this.check(items[i], schema.items, here, i, ownerOf(this.text, items[i]));
        return;
      }
      case 'string':
        return this.checkString(node, schema, parent, step);
      case 'integer':
      case 'number':
        return this.checkNumber(node, schema, parent, step);
      case 'boolean':
        return this.checkBoolean(node, schema, parent, step);
    }
  }

  private where(parent: Where, step: string | number | undefined): string {
    const text = whereText(parent, step);
    return text ? ` for ${text}` : '';
  }

  private wrongType(node: SyntaxNode, schema: Schema, parent: Where, step: string | number | undefined): void {
    if (this.counting()) return;
    this.problem(
      'invalid-type',
      node.kind === 'scalar' ? node.range : headRange(this.text, node.range),
      `Expected ${describeType(schema)}${this.where(parent, step)}, found ${describeNode(node)}.`,
    );
  }

  private checkAnyOf(
    node: SyntaxNode,
    schema: Extract<Schema, { type: 'anyOf' }>,
    parent: Where,
    step: string | number | undefined,
    owner: Range,
  ): void {
    this.muted++;
    const start = this.failures;
    let fits = false;
    try {
      for (const option of schema.options) {
        const before = this.failures;
        this.check(node, option, parent, step, owner);
        if (this.failures === before) {
          fits = true;
          break;
        }
      }
    } finally {
      this.muted--;
    }
    if (fits) {
      // The options tried before the fitting one failed, but the node fits: an enclosing anyOf must not count them.
      this.failures = start;
      return;
    }
    // Report the option whose shape fits the node (its problems are the useful ones), else a type mismatch.
    const fitting = schema.options.findIndex((option) => shapeFits(node, option));
    // A string that fits only a pattern-only option (`"1"` where an integer or an expression goes) is the wrong type.
    const patternOnly = fitting >= 0 && schema.options.length > 1 && isPatternOnly(schema.options[fitting]);
    if (fitting >= 0 && !patternOnly) return this.check(node, schema.options[fitting], parent, step, owner);
    this.wrongType(node, schema, parent, step);
  }

  private checkObject(node: MapNode, schema: Extract<Schema, { type: 'object' }>, here: Where, owner: Range): void {
    const entries = node.entries;
    const properties = schema.properties;
    const index = entries.length > scanLimit ? new Map<string, MapEntry>() : undefined;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const key = keyText(entry);
      // The duplicate check compares with the latest earlier entry of the same key (merged entries come first).
      let previous: MapEntry | undefined;
      if (index) {
        previous = index.get(key);
        index.set(key, entry);
      } else {
        for (let j = i - 1; j >= 0; j--) {
          if (keyText(entries[j]) === key) {
            previous = entries[j];
            break;
          }
        }
      }
      if (previous && previous.key.range.start < entry.key.range.start && !this.counting()) {
        this.problem(
          'duplicate-key',
          entry.key.range,
          `The key '${key}' is already defined${this.where(here, undefined)}; each key may appear once.`,
        );
      }
      const property = Object.hasOwn(properties, key) ? properties[key] : schema.additionalProperties;
      if (property) this.check(entry.value, property, here, key, entry.key.range);
      else if (!this.counting()) this.unknownKey(entries, i, key, schema, here);
    }
    const required = schema.required;
    if (!required) return;
    for (const name of required) {
      if (!entries.some((entry) => keyText(entry) === name) && !this.counting()) {
        this.problem('missing-required', owner, `Missing required key '${name}'${this.where(here, undefined)}.`);
      }
    }
  }

  /** An unknown key at `entries[at]`, with the closest known key not yet used above it as the rename. */
  private unknownKey(
    entries: readonly MapEntry[],
    at: number,
    key: string,
    schema: Extract<Schema, { type: 'object' }>,
    here: Where,
  ): void {
    const known = Object.keys(schema.properties);
    const used = new Set<string>();
    for (let j = 0; j <= at; j++) used.add(keyText(entries[j]));
    const suggestion = closest(
      key,
      known.filter((name) => !used.has(name) || name === key),
    );
    const allowed = known.length ? ` Allowed keys: ${known.join(', ')}.` : '';
    const entry = entries[at];
    const fixes: Fix[] = suggestion
      ? [{ title: `Rename to '${suggestion}'`, edits: [{ range: entry.key.range, newText: suggestion }], preferred: true }]
      : [];
    this.problem(
      'unknown-key',
      entry.key.range,
      `Unknown key '${key}'${this.where(here, undefined)}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}${allowed}`,
      fixes,
      this.options.unknownKeySeverity,
    );
  }

  /** The text upstream decodes into a string field, or undefined when the node cannot be a string. */
  private stringOf(node: ScalarNode): string | undefined {
    if (typeof node.value === 'string') return node.value;
    if (!this.options.lenientScalars) return undefined;
    return this.text.slice(node.range.start, node.range.end);
  }

  private checkString(
    node: SyntaxNode,
    schema: Extract<Schema, { type: 'string' }>,
    parent: Where,
    step: string | number | undefined,
  ): void {
    if (node.kind !== 'scalar') return this.wrongType(node, schema, parent, step);
    const value = this.stringOf(node);
    if (value === undefined) return this.wrongType(node, schema, parent, step);
    if (value === '' && schema.emptyIsDefault) return;
    const deprecated = schema.deprecated && Object.hasOwn(schema.deprecated, value) ? schema.deprecated[value] : undefined;
    if (deprecated) {
      if (this.counting()) return;
      const replacement = deprecated.replacement;
      const fixes: Fix[] = replacement
        ? [
            {
              title: `Replace with '${replacement}'`,
              edits: [{ range: node.range, newText: this.requote(node, replacement) }],
              preferred: true,
            },
          ]
        : [];
      this.problem(
        'deprecated-value',
        node.range,
        `'${value}'${this.where(parent, step)} is deprecated: ${deprecated.message}`,
        fixes,
        'warning',
      );
      return;
    }
    if (schema.enum && !schema.enum.includes(value)) {
      if (this.counting()) return;
      const open = this.options.unknownValueSeverity;
      const spelling = open ? schema.enum.find((allowed) => allowed.toLowerCase() === value.toLowerCase()) : undefined;
      const suggestion = spelling ?? closest(value, schema.enum, true);
      const fixes: Fix[] = suggestion
        ? [
            {
              title: `Replace with '${suggestion}'`,
              edits: [{ range: node.range, newText: this.requote(node, suggestion) }],
              preferred: true,
            },
          ]
        : [];
      if (spelling) {
        this.problem(
          'value-case',
          node.range,
          `'${value}'${this.where(parent, step)} is spelt '${spelling}' in the API; write it that way.`,
          fixes,
          'warning',
        );
      } else if (open) {
        this.problem(
          'unknown-value',
          node.range,
          `Unknown value '${value}'${this.where(parent, step)}. Known values: ${quoteList(schema.enum)}.`,
          fixes,
          open,
        );
      } else {
        this.problem(
          'invalid-value',
          node.range,
          `Invalid value '${value}'${this.where(parent, step)}. Allowed values: ${quoteList(schema.enum)}.`,
          fixes,
        );
      }
      return;
    }
    if (schema.pattern) {
      schema.pattern.lastIndex = 0;
      if (!schema.pattern.test(value) && !this.counting()) {
        this.problem(
          'invalid-value',
          node.range,
          `Invalid value '${value}'${this.where(parent, step)}: ${schema.patternDescription ?? `it must match ${schema.pattern.source}`}.`,
        );
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

  private checkNumber(
    node: SyntaxNode,
    schema: Extract<Schema, { type: 'integer' | 'number' }>,
    parent: Where,
    step: string | number | undefined,
  ): void {
    if (node.kind !== 'scalar') return this.wrongType(node, schema, parent, step);
    const value = this.numberOf(node, schema);
    if (value === undefined) return this.wrongType(node, schema, parent, step);
    if (schema.minimum !== undefined && value < schema.minimum) {
      if (!this.counting())
        this.problem(
          'invalid-value',
          node.range,
          `The value ${this.shown(node, value)}${this.where(parent, step)} is below the minimum ${schema.minimum}.`,
        );
    } else if (schema.maximum !== undefined && value > schema.maximum) {
      if (!this.counting())
        this.problem(
          'invalid-value',
          node.range,
          `The value ${this.shown(node, value)}${this.where(parent, step)} is above the maximum ${schema.maximum}.`,
        );
    }
  }

  /** The number a scalar holds for `schema`, as the consuming tool decodes it; undefined when it is not one. */
  private numberOf(node: ScalarNode, schema: Extract<Schema, { type: 'integer' | 'number' }>): number | undefined {
    if (schema.type === 'integer' && this.options.goIntegers) {
      return node.quoted ? undefined : goYamlInt(this.text.slice(node.range.start, node.range.end));
    }
    if (typeof node.value !== 'number' || (schema.type === 'integer' && !Number.isInteger(node.value))) return undefined;
    return node.value;
  }

  /** A value as written, with what it means when that differs (`0o17 (15)`). */
  private shown(node: ScalarNode, value: number): string {
    const written = this.text.slice(node.range.start, node.range.end);
    return written === String(value) ? written : `${written} (${value})`;
  }

  private checkBoolean(
    node: SyntaxNode,
    schema: Extract<Schema, { type: 'boolean' }>,
    parent: Where,
    step: string | number | undefined,
  ): void {
    if (node.kind === 'scalar') {
      if (typeof node.value === 'boolean') return;
      if (this.options.lenientScalars && typeof node.value === 'string' && yaml11Bool(node.value) !== undefined) return;
    }
    this.wrongType(node, schema, parent, step);
  }
}

function isPatternOnly(schema: Schema): boolean {
  return schema.type === 'string' && schema.pattern !== undefined && !schema.enum;
}

function shapeFits(node: SyntaxNode, schema: Schema): boolean {
  if (node.kind === 'map') return schema.type === 'object';
  if (node.kind === 'seq') return schema.type === 'array';
  if (typeof node.value === 'number') return schema.type === 'integer' || schema.type === 'number';
  if (typeof node.value === 'boolean') return schema.type === 'boolean';
  return schema.type === 'string';
}
