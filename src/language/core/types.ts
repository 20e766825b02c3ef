/*
 * The contract shared by the parser, the generic schema checker, the format rules (image, node pool), the
 * editor adapters and the CLI. Pure: no `vscode` import. Positions are UTF-16 offsets into the document text;
 * `LineIndex` (lineIndex.ts) turns them into lines and columns.
 */
import type { L10n } from '../../util/l10n';

export type { L10n } from '../../util/l10n';

/** Half-open [start, end) offsets into the text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix the editor offers first (VS Code's `isPreferred`). */
  readonly preferred?: boolean;
}

export interface Problem {
  readonly range: Range;
  readonly severity: Severity;
  /** Stable and documented, e.g. `image/unknown-key`, `nodepool/invalid-name`, `syntax/yaml`. */
  readonly code: string;
  /** Says what is wrong and what is allowed. */
  readonly message: string;
  readonly fixes?: readonly Fix[];
}

// ---- Syntax tree: YAML and JSON parse to the same shape ----

export type SyntaxNode = MapNode | SeqNode | ScalarNode;

export interface MapNode {
  readonly kind: 'map';
  readonly range: Range;
  readonly entries: readonly MapEntry[];
}

export interface MapEntry {
  readonly key: ScalarNode;
  /** Undefined for `key:` with nothing after it (YAML null) only when nothing at all follows; `key: ~` is a null scalar. */
  readonly value: SyntaxNode | undefined;
  /** From the key's start to the value's end. */
  readonly range: Range;
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly range: Range;
  readonly items: readonly SyntaxNode[];
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly range: Range;
  /** The resolved value with YAML 1.2 core-schema typing (`true`, `12`, `0o17`, `~`, quoted strings stay strings). */
  readonly value: ScalarValue;
  /** True when written quoted or as a block scalar: `"12"` is a string, `12` is a number. */
  readonly quoted: boolean;
}

export interface SyntaxDocument {
  /** Undefined for an empty document. */
  readonly root: SyntaxNode | undefined;
  readonly range: Range;
}

export interface ParseResult {
  readonly documents: readonly SyntaxDocument[];
  /** Syntax errors and warnings (code `syntax/yaml` or `syntax/json`), with the best range the parser has. */
  readonly problems: readonly Problem[];
}

// ---- Schemas: describe a format's keys for the generic checker, completion and hover ----

export interface SchemaBase {
  /** Markdown shown in hover and completion documentation. */
  readonly doc?: string;
  /** The `previewFeatures` value this key needs (image configs). */
  readonly preview?: string;
}

export interface ObjectSchema extends SchemaBase {
  readonly type: 'object';
  /** The upstream documentation page of this object's keys, linked from hovers. */
  readonly docsUrl?: string;
  readonly properties: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  /** For maps with free keys (environment variables, tags): the schema of each value. Unknown keys are errors otherwise. */
  readonly additionalProperties?: Schema;
}

export interface ArraySchema extends SchemaBase {
  readonly type: 'array';
  readonly items: Schema;
}

export interface StringSchema extends SchemaBase {
  readonly type: 'string';
  readonly enum?: readonly string[];
  /** Allowed values that still work but are deprecated: completion marks them so (struck through). */
  readonly deprecatedValues?: readonly string[];
  /**
   * Values defined outside the API the schema follows (Kubernetes, the Linux kernel): a value outside `enum` is an
   * error whatever API version a file names.
   */
  readonly closed?: boolean;
  /** Markdown per allowed value, for completion and hover. */
  readonly enumDocs?: Readonly<Record<string, string>>;
  readonly pattern?: RegExp;
  /** Says in words what `pattern` allows, used in the message when it does not match. */
  readonly patternDescription?: string;
  /**
   * An explicit `""` is the zero value (the default) and skips `enum` and `pattern`, as upstream's Go enums accept
   * their empty default in `IsValid`.
   */
  readonly emptyIsDefault?: boolean;
  /**
   * Old values: each maps to the message and the value to use instead. A warning while the current release still
   * accepts the value; `severity: 'error'` when it rejects it. Completion marks them deprecated either way.
   */
  readonly deprecated?: Readonly<Record<string, { readonly message: string; readonly replacement?: string; readonly severity?: Severity }>>;
}

export interface NumberSchema extends SchemaBase {
  readonly type: 'integer' | 'number';
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanSchema extends SchemaBase {
  readonly type: 'boolean';
}

/** Accepts a value matching any of `options` (e.g. permissions as a string or an integer). */
export interface AnyOfSchema extends SchemaBase {
  readonly type: 'anyOf';
  readonly options: readonly Schema[];
}

/** Accepts anything; rules may still check it. */
export interface AnySchema extends SchemaBase {
  readonly type: 'any';
}

export type Schema = ObjectSchema | ArraySchema | StringSchema | NumberSchema | BooleanSchema | AnyOfSchema | AnySchema;

// ---- Formats ----

export type ConfigKind = 'image' | 'nodepool';

/**
 * Why a path a config names cannot be used: it is missing, or the file reader refused it (outside the root, not a
 * regular file, too large); `reason` completes "The file 'x' …", e.g. "is outside the repository; not read".
 */
export type FileProblem = { readonly missing: true } | { readonly missing: false; readonly reason: string };

/**
 * What a format's rules may read besides the tree: referenced paths and base configs, and the file's name. The
 * adapters give the bounded reader (src/language/fileAccess.ts): nothing outside the root is looked at or read.
 */
export interface FileAccess {
  /** Absolute path of the file being checked, when it has one (CLI, file-backed editor documents). */
  readonly filePath?: string;
  /**
   * Undefined when the path is a file (or a folder, for `kind: 'directory'`) the checks may use; else why not.
   * `read`: the checks will read the file (base configs), so it must also be small enough.
   */
  check(absolutePath: string, kind: 'file' | 'directory', read?: boolean): FileProblem | undefined;
  /** Reads a referenced file (for `baseConfigs`); undefined when `check` finds a problem or the read fails. */
  readText(absolutePath: string): string | undefined;
}

export interface RuleContext {
  readonly text: string;
  /** How messages are worded: `vscode.l10n` in the editor, English elsewhere. */
  readonly l10n: L10n;
  readonly document: SyntaxDocument;
  readonly files: FileAccess | undefined;
  report(problem: Problem): void;
}

/** A cross-field rule: reads the tree, reports problems. Never throws on odd shapes: it checks kinds as it goes. */
export type Rule = (context: RuleContext) => void;

/** Where a schema applies inside a document: the root for image configs; each agent pool in an ARM template. */
export interface SchemaAnchor {
  readonly node: SyntaxNode;
  readonly schema: Schema;
  /** Shown in the outline and in messages, e.g. "agent pool 'np1'". */
  readonly label?: string;
  /**
   * How keys and enum values the schema does not know are reported here, overriding the format's defaults: node
   * pools decide it from the API version the file names.
   */
  readonly unknownSeverity?: Severity;
}

/** A path a config points at, relative to the config's folder unless absolute. */
export interface FileReference {
  readonly node: ScalarNode;
  readonly path: string;
  readonly kind: 'file' | 'directory';
  /** The checks read this file (a base config), so it is also held to the reader's size cap. */
  readonly read?: boolean;
}

/** One config format (image, node pool): the engine in language/core drives it. */
export interface ConfigFormat {
  readonly kind: ConfigKind;
  /** True when a document's content is this format (for files not recognised by name). Must not claim unrelated files. */
  recognizes(document: SyntaxDocument): boolean;
  /** The subtrees the generic schema checker, completion and hover apply to. */
  anchors(document: SyntaxDocument): readonly SchemaAnchor[];
  /** Cross-field rules beyond what the schema says. */
  readonly rules: readonly Rule[];
  /** Severity of an unknown key (default error). */
  readonly unknownKeySeverity?: Severity;
  /** Severity of a value outside an enum (default error, as `invalid-value`; otherwise `unknown-value`). */
  readonly unknownValueSeverity?: Severity;
  /** The documentation page for the keys of an object schema, linked from hovers. */
  docsUrl?(schema: Schema | undefined): string | undefined;
  /** Paths the document refers to (for links, and for rules that check they exist). */
  fileReferences(document: SyntaxDocument): readonly FileReference[];
}
