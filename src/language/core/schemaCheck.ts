import { closest } from './editDistance';
import { english, type L10n } from '../../util/l10n';
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
  /** How messages are worded (default English). */
  readonly l10n?: L10n;
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
export function describeType(schema: Schema, l10n: L10n = english): string {
  switch (schema.type) {
    case 'object':
      return l10n.t('a map');
    case 'array':
      return l10n.t('a list');
    case 'string':
      return l10n.t('a string');
    case 'integer':
      return l10n.t('an integer');
    case 'number':
      return l10n.t('a number');
    case 'boolean':
      return l10n.t('a boolean (true or false)');
    case 'anyOf': {
      // "an integer or an ARM template expression": a string option that only takes a pattern is named by it.
      const names = [
        ...new Set(
          schema.options.map((option) =>
            option.type === 'string' && option.pattern && !option.enum && option.patternDescription
              ? l10n.t(option.patternDescription)
              : describeType(option, l10n),
          ),
        ),
      ];
      return names.reduce((all, name) => l10n.t('{0} or {1}', all, name));
    }
    case 'any':
      return l10n.t('any value');
  }
}

function describeNode(node: SyntaxNode, l10n: L10n): string {
  if (node.kind === 'map') return l10n.t('a map');
  if (node.kind === 'seq') return l10n.t('a list');
  if (node.value === null) return l10n.t('null');
  if (typeof node.value === 'string') return node.quoted ? l10n.t('a quoted string') : l10n.t('a string');
  if (typeof node.value === 'number') return Number.isInteger(node.value) ? l10n.t('an integer') : l10n.t('a number');
  return l10n.t('a boolean');
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
  private readonly l10n: L10n;

  constructor(
    private readonly text: string,
    private readonly kind: ConfigKind,
    private readonly options: SchemaCheckOptions,
    private readonly report: (problem: Problem) => void,
  ) {
    this.l10n = options.l10n ?? english;
  }

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

  /**
   * The message for a node, worded with its place in the document ("for storage.disks[0]") or, at the top level,
   * without one: two whole sentences, so translations need not glue a fragment in.
   */
  private at(parent: Where, step: string | number | undefined, atTop: () => string, atPlace: (where: string) => string): string {
    const where = whereText(parent, step);
    return where ? atPlace(where) : atTop();
  }

  private wrongType(node: SyntaxNode, schema: Schema, parent: Where, step: string | number | undefined): void {
    const l10n = this.l10n;
    if (this.counting()) return;
    this.problem(
      'invalid-type',
      node.kind === 'scalar' ? node.range : headRange(this.text, node.range),
      this.at(
        parent,
        step,
        () => l10n.t('Expected {0}, found {1}.', describeType(schema, l10n), describeNode(node, l10n)),
        (where) => l10n.t('Expected {0} for {1}, found {2}.', describeType(schema, l10n), where, describeNode(node, l10n)),
      ),
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
    const l10n = this.l10n;
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
          this.at(
            here,
            undefined,
            () => l10n.t("The key '{0}' is already defined; each key may appear once.", key),
            (where) => l10n.t("The key '{0}' is already defined for {1}; each key may appear once.", key, where),
          ),
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
        this.problem(
          'missing-required',
          owner,
          this.at(
            here,
            undefined,
            () => l10n.t("Missing required key '{0}'.", name),
            (where) => l10n.t("Missing required key '{0}' for {1}.", name, where),
          ),
        );
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
    const l10n = this.l10n;
    const known = Object.keys(schema.properties);
    const used = new Set<string>();
    for (let j = 0; j <= at; j++) used.add(keyText(entries[j]));
    const suggestion = closest(
      key,
      known.filter((name) => !used.has(name) || name === key),
    );
    const entry = entries[at];
    const fixes: Fix[] = suggestion
      ? [{ title: l10n.t("Rename to '{0}'", suggestion), edits: [{ range: entry.key.range, newText: suggestion }], preferred: true }]
      : [];
    this.problem(
      'unknown-key',
      entry.key.range,
      this.unknownKeyMessage(key, whereText(here, undefined), suggestion, known),
      fixes,
      this.options.unknownKeySeverity,
    );
  }

  /** One whole sentence for each case: with or without a place, a suggestion, a list of allowed keys. */
  private unknownKeyMessage(key: string, where: string, suggestion: string | undefined, known: readonly string[]): string {
    const l10n = this.l10n;
    const allowed = known.join(', ');
    if (!known.length) {
      return where ? l10n.t("Unknown key '{0}' for {1}: it takes no fixed keys here.", key, where) : l10n.t("Unknown key '{0}'.", key);
    }
    if (suggestion) {
      return where
        ? l10n.t("Unknown key '{0}' for {1}. Did you mean '{2}'? Allowed keys: {3}.", key, where, suggestion, allowed)
        : l10n.t("Unknown key '{0}'. Did you mean '{1}'? Allowed keys: {2}.", key, suggestion, allowed);
    }
    return where
      ? l10n.t("Unknown key '{0}' for {1}. Allowed keys: {2}.", key, where, allowed)
      : l10n.t("Unknown key '{0}'. Allowed keys: {1}.", key, allowed);
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
    const l10n = this.l10n;
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
              title: l10n.t("Replace with '{0}'", replacement),
              edits: [{ range: node.range, newText: this.requote(node, replacement) }],
              preferred: true,
            },
          ]
        : [];
      this.problem(
        'deprecated-value',
        node.range,
        this.at(
          parent,
          step,
          () => l10n.t("'{0}' is deprecated: {1}", value, l10n.t(deprecated.message)),
          (where) => l10n.t("'{0}' for {1} is deprecated: {2}", value, where, l10n.t(deprecated.message)),
        ),
        fixes,
        deprecated.severity ?? 'warning',
      );
      return;
    }
    if (schema.enum && !schema.enum.includes(value)) {
      if (this.counting()) return;
      const allowed = schema.enum;
      // Values defined by Kubernetes or the kernel (schema.closed) are refused whatever the API version.
      const open = schema.closed ? undefined : this.options.unknownValueSeverity;
      const spelling =
        this.options.unknownValueSeverity && !schema.closed
          ? schema.enum.find((allowed) => allowed.toLowerCase() === value.toLowerCase())
          : undefined;
      const suggestion = spelling ?? closest(value, schema.enum, true);
      const fixes: Fix[] = suggestion
        ? [
            {
              title: l10n.t("Replace with '{0}'", suggestion),
              edits: [{ range: node.range, newText: this.requote(node, suggestion) }],
              preferred: true,
            },
          ]
        : [];
      if (spelling) {
        this.problem(
          'value-case',
          node.range,
          this.at(
            parent,
            step,
            () => l10n.t("'{0}' is spelt '{1}' in the API; write it that way.", value, spelling),
            (where) => l10n.t("'{0}' for {1} is spelt '{2}' in the API; write it that way.", value, where, spelling),
          ),
          fixes,
          'warning',
        );
      } else if (open && open !== 'error') {
        this.problem(
          'unknown-value',
          node.range,
          this.at(
            parent,
            step,
            () => l10n.t("Unknown value '{0}'. Known values: {1}.", value, quoteList(allowed)),
            (where) => l10n.t("Unknown value '{0}' for {1}. Known values: {2}.", value, where, quoteList(allowed)),
          ),
          fixes,
          open,
        );
      } else {
        this.problem(
          'invalid-value',
          node.range,
          this.at(
            parent,
            step,
            () => l10n.t("Invalid value '{0}'. Allowed values: {1}.", value, quoteList(allowed)),
            (where) => l10n.t("Invalid value '{0}' for {1}. Allowed values: {2}.", value, where, quoteList(allowed)),
          ),
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
          this.patternMessage(value, whereText(parent, step), schema.patternDescription, schema.pattern.source),
        );
      }
    }
  }

  private patternMessage(value: string, where: string, description: string | undefined, source: string): string {
    const l10n = this.l10n;
    if (description) {
      const expected = l10n.t(description);
      return where
        ? l10n.t("Invalid value '{0}' for {1}: expected {2}.", value, where, expected)
        : l10n.t("Invalid value '{0}': expected {1}.", value, expected);
    }
    return where
      ? l10n.t("Invalid value '{0}' for {1}: it must match the pattern {2}.", value, where, source)
      : l10n.t("Invalid value '{0}': it must match the pattern {1}.", value, source);
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
    const l10n = this.l10n;
    if (node.kind !== 'scalar') return this.wrongType(node, schema, parent, step);
    const value = this.numberOf(node, schema);
    if (value === undefined) return this.wrongType(node, schema, parent, step);
    if (schema.minimum !== undefined && value < schema.minimum) {
      if (!this.counting())
        this.problem(
          'invalid-value',
          node.range,
          this.at(
            parent,
            step,
            () => l10n.t('The value {0} is below the minimum {1}.', this.shown(node, value), schema.minimum!),
            (where) => l10n.t('The value {0} for {1} is below the minimum {2}.', this.shown(node, value), where, schema.minimum!),
          ),
        );
    } else if (schema.maximum !== undefined && value > schema.maximum) {
      if (!this.counting())
        this.problem(
          'invalid-value',
          node.range,
          this.at(
            parent,
            step,
            () => l10n.t('The value {0} is above the maximum {1}.', this.shown(node, value), schema.maximum!),
            (where) => l10n.t('The value {0} for {1} is above the maximum {2}.', this.shown(node, value), where, schema.maximum!),
          ),
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
