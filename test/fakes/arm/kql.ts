/*
 * The part of the Kusto Query Language that Azure Resource Graph queries use, evaluated over in-memory rows, so the
 * fake ARM server answers a query the way Resource Graph would and a wrong column, path or join in the extension's
 * query gives wrong rows or an error here too. Written from the Kusto reference (where, extend, project,
 * project-away, mv-expand, join kind=inner|leftouter with the `1` suffix for clashing right columns, order/sort by,
 * limit/take; =~ !~ == != in in~ !in~ and or; tostring tolower toupper isnull isnotnull isempty isnotempty
 * array_length strcat iff coalesce not; dynamic property access `a.b` and `a['b']`, `a[0]`) and from Resource
 * Graph's docs ("Understanding the Azure Resource Graph query language": the `resources` table and its columns,
 * types stored in lower case). Anything else is a query error, as an unknown operator or function is for Resource
 * Graph. Column types are tracked so the server can tell, as Resource Graph does, that a result whose columns are
 * all `dynamic` cannot be paged.
 */

export type KqlType = 'string' | 'bool' | 'long' | 'real' | 'datetime' | 'dynamic';

export interface KqlColumn {
  readonly name: string;
  readonly type: KqlType;
}

export interface KqlTable {
  readonly columns: readonly KqlColumn[];
  readonly rows: readonly Record<string, unknown>[];
}

/** Where the `resources` table comes from: rows, filtered by type before they are built when the query allows. */
export interface KqlSource {
  readonly columns: readonly KqlColumn[];
  /** Rows of the table; `types` (lower case) narrows them when the query starts with `where type =~ '...'`. */
  rows(types: readonly string[] | undefined): Record<string, unknown>[];
}

export interface KqlResult extends KqlTable {
  /** The query ends with `limit`/`take`: Resource Graph then pages nothing (resultTruncated, no $skipToken). */
  readonly limited: boolean;
}

/** A query Resource Graph would refuse: `code` is the detail code it answers with (ParserFailure, UnknownFunction, ...). */
export class KqlError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KqlError';
  }
}

// ---- tokens --------------------------------------------------------------------------------------------------------

type Token =
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; at: number };

const OPERATORS = ['!in~', 'in~', '==', '!=', '=~', '!~', '<=', '>=', '|', '(', ')', ',', '.', '[', ']', '=', '<', '>', '+', '-', '*', '/'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else {
          value += text[j];
          j++;
        }
      }
      if (j >= text.length) throw new KqlError('ParserFailure', `Unterminated string literal at position ${i}.`);
      tokens.push({ kind: 'string', text: value, at: i });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const match = /^\d+(\.\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      // Operator names contain dashes (mv-expand, project-away).
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*(-[A-Za-z]+)?/.exec(text.slice(i))!;
      let word = match[0];
      if (word.includes('-') && !/^(mv-expand|project-away|project-rename|project-keep|mv-apply)$/i.test(word)) word = word.split('-')[0]!;
      tokens.push({ kind: 'ident', text: word, at: i });
      i += word.length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (!op) throw new KqlError('ParserFailure', `Unexpected character '${c}' at position ${i}.`);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

// ---- syntax ------------------------------------------------------------------------------------------------------

type Expr =
  | { kind: 'literal'; value: unknown; type: KqlType }
  | { kind: 'column'; name: string }
  | { kind: 'member'; target: Expr; key: string | number }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'in'; op: string; left: Expr; values: Expr[] };

type Operator =
  | { kind: 'where'; predicate: Expr }
  | { kind: 'extend'; items: { name: string; expr: Expr }[] }
  | { kind: 'project'; items: { name: string; expr: Expr }[] }
  | { kind: 'project-away'; names: string[] }
  | { kind: 'mv-expand'; name: string; expr: Expr }
  | { kind: 'join'; joinKind: 'inner' | 'leftouter'; right: Query; on: string }
  | { kind: 'order'; keys: { name: string; descending: boolean }[] }
  | { kind: 'limit'; count: number };

interface Query {
  table: string;
  operators: Operator[];
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private next(): Token {
    return this.tokens[this.index++]!;
  }
  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }
  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === 'ident' && token.text.toLowerCase() === text;
  }
  private expectOp(text: string): void {
    const token = this.next();
    if (token.kind !== 'op' || token.text !== text) throw this.error(token, `'${text}'`);
  }
  private expectWord(text: string): void {
    const token = this.next();
    if (token.kind !== 'ident' || token.text.toLowerCase() !== text) throw this.error(token, `'${text}'`);
  }
  private ident(): string {
    const token = this.next();
    if (token.kind !== 'ident') throw this.error(token, 'a name');
    return token.text;
  }
  private error(token: Token, expected: string): KqlError {
    const found = token.kind === 'end' ? 'the end of the query' : token.kind === 'number' ? String(token.value) : `'${token.text}'`;
    return new KqlError('ParserFailure', `Query could not be parsed at position ${token.at}: expected ${expected}, found ${found}.`);
  }

  parseQuery(): Query {
    const table = this.ident();
    const operators: Operator[] = [];
    while (this.isOp('|')) {
      this.next();
      operators.push(this.operator());
    }
    return { table, operators };
  }

  parseAll(): Query {
    const query = this.parseQuery();
    if (this.peek().kind !== 'end') throw this.error(this.peek(), "'|' or the end of the query");
    return query;
  }

  private operator(): Operator {
    const token = this.next();
    if (token.kind !== 'ident') throw this.error(token, 'a tabular operator');
    const name = token.text.toLowerCase();
    switch (name) {
      case 'where':
        return { kind: 'where', predicate: this.expr() };
      case 'extend':
        return { kind: 'extend', items: this.assignments(true) };
      case 'project':
        return { kind: 'project', items: this.assignments(false) };
      case 'project-away': {
        const names = [this.ident()];
        while (this.isOp(',')) {
          this.next();
          names.push(this.ident());
        }
        return { kind: 'project-away', names };
      }
      case 'mv-expand': {
        let target: string | undefined;
        if (
          this.peek().kind === 'ident' &&
          this.tokens[this.index + 1]?.kind === 'op' &&
          (this.tokens[this.index + 1] as { text: string }).text === '='
        ) {
          target = this.ident();
          this.next();
        }
        const expr = this.expr();
        const named = target ?? columnNameOf(expr);
        if (!named) throw new KqlError('ParserFailure', 'mv-expand needs a column, or a name for its expression (name = expression).');
        return { kind: 'mv-expand', name: named, expr };
      }
      case 'join': {
        let joinKind = 'innerunique';
        if (this.isWord('kind')) {
          this.next();
          this.expectOp('=');
          joinKind = this.ident().toLowerCase();
        }
        if (joinKind !== 'inner' && joinKind !== 'leftouter') {
          throw new KqlError(
            'UnsupportedJoinFlavor',
            `Join flavor '${joinKind}' is not supported by this fake; use kind=leftouter or kind=inner.`,
          );
        }
        this.expectOp('(');
        const right = this.parseQuery();
        this.expectOp(')');
        this.expectWord('on');
        const on = this.ident();
        return { kind: 'join', joinKind, right, on };
      }
      case 'order':
      case 'sort': {
        this.expectWord('by');
        const keys: { name: string; descending: boolean }[] = [];
        do {
          if (keys.length) this.next();
          const key = this.ident();
          let descending = true; // Kusto's default order is descending.
          if (this.isWord('asc') || this.isWord('desc')) descending = this.ident().toLowerCase() === 'desc';
          keys.push({ name: key, descending });
        } while (this.isOp(','));
        return { kind: 'order', keys };
      }
      case 'limit':
      case 'take': {
        const count = this.next();
        if (count.kind !== 'number') throw this.error(count, 'a row count');
        return { kind: 'limit', count: count.value };
      }
      default:
        throw new KqlError('ParserFailure', `Unknown or unsupported tabular operator '${token.text}'.`);
    }
  }

  private assignments(needsName: boolean): { name: string; expr: Expr }[] {
    const items: { name: string; expr: Expr }[] = [];
    do {
      if (items.length) this.next();
      let name: string | undefined;
      if (
        this.peek().kind === 'ident' &&
        this.tokens[this.index + 1]?.kind === 'op' &&
        (this.tokens[this.index + 1] as { text: string }).text === '='
      ) {
        name = this.ident();
        this.next();
      }
      const expr = this.expr();
      name ??= needsName ? undefined : columnNameOf(expr);
      if (!name) throw new KqlError('ParserFailure', 'An expression needs a column name (name = expression).');
      items.push({ name, expr });
    } while (this.isOp(','));
    return items;
  }

  private expr(): Expr {
    let left = this.andExpr();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'binary', op: 'or', left, right: this.andExpr() };
    }
    return left;
  }

  private andExpr(): Expr {
    let left = this.comparison();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'binary', op: 'and', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.postfix();
    const token = this.peek();
    if (token.kind === 'op' && ['==', '!=', '=~', '!~', '<', '>', '<=', '>='].includes(token.text)) {
      this.next();
      return { kind: 'binary', op: token.text, left, right: this.postfix() };
    }
    if ((token.kind === 'op' && (token.text === 'in~' || token.text === '!in~')) || this.isWord('in')) {
      this.next();
      const op = token.kind === 'op' ? token.text : 'in';
      this.expectOp('(');
      const values = [this.expr()];
      while (this.isOp(',')) {
        this.next();
        values.push(this.expr());
      }
      this.expectOp(')');
      return { kind: 'in', op, left, values };
    }
    if (token.kind === 'ident' && ['contains', 'startswith', 'has'].includes(token.text.toLowerCase())) {
      this.next();
      return { kind: 'binary', op: token.text.toLowerCase(), left, right: this.postfix() };
    }
    return left;
  }

  private postfix(): Expr {
    let expr = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        expr = { kind: 'member', target: expr, key: this.ident() };
      } else if (this.isOp('[')) {
        this.next();
        const key = this.next();
        if (key.kind !== 'string' && key.kind !== 'number') throw this.error(key, 'a property name or index');
        this.expectOp(']');
        expr = { kind: 'member', target: expr, key: key.kind === 'string' ? key.text : key.value };
      } else {
        return expr;
      }
    }
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', value: token.text, type: 'string' };
      case 'number':
        return { kind: 'literal', value: token.value, type: Number.isInteger(token.value) ? 'long' : 'real' };
      case 'op':
        if (token.text === '(') {
          const inner = this.expr();
          this.expectOp(')');
          return inner;
        }
        throw this.error(token, 'an expression');
      case 'ident': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true', type: 'bool' };
        if (this.isOp('(')) {
          this.next();
          const args: Expr[] = [];
          if (word === 'dynamic') {
            // dynamic(null), dynamic([]), dynamic({}) are the forms the queries here need.
            const inner = this.next();
            if (inner.kind === 'ident' && inner.text === 'null') {
              this.expectOp(')');
              return { kind: 'literal', value: null, type: 'dynamic' };
            }
            if (inner.kind === 'op' && inner.text === '[') {
              this.expectOp(']');
              this.expectOp(')');
              return { kind: 'literal', value: [], type: 'dynamic' };
            }
            throw this.error(inner, 'null or []');
          }
          if (!this.isOp(')')) {
            args.push(this.expr());
            while (this.isOp(',')) {
              this.next();
              args.push(this.expr());
            }
          }
          this.expectOp(')');
          if (!(word in FUNCTIONS)) throw new KqlError('UnknownFunction', `Unknown function: '${token.text}'.`);
          return { kind: 'call', name: word, args };
        }
        return { kind: 'column', name: token.text };
      }
      default:
        throw this.error(token, 'an expression');
    }
  }
}

function columnNameOf(expr: Expr): string | undefined {
  if (expr.kind === 'column') return expr.name;
  return undefined;
}

// ---- evaluation --------------------------------------------------------------------------------------------------

const FUNCTIONS: Record<string, { type: KqlType; apply: (args: unknown[]) => unknown }> = {
  tostring: {
    type: 'string',
    apply: ([value]) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)),
  },
  tolower: { type: 'string', apply: ([value]) => (value === null || value === undefined ? '' : String(value).toLowerCase()) },
  toupper: { type: 'string', apply: ([value]) => (value === null || value === undefined ? '' : String(value).toUpperCase()) },
  isnull: { type: 'bool', apply: ([value]) => value === null || value === undefined },
  isnotnull: { type: 'bool', apply: ([value]) => value !== null && value !== undefined },
  isempty: { type: 'bool', apply: ([value]) => value === null || value === undefined || value === '' },
  isnotempty: { type: 'bool', apply: ([value]) => !(value === null || value === undefined || value === '') },
  array_length: { type: 'long', apply: ([value]) => (Array.isArray(value) ? value.length : null) },
  strcat: { type: 'string', apply: (args) => args.map((value) => (value === null || value === undefined ? '' : String(value))).join('') },
  iff: { type: 'dynamic', apply: ([condition, then, otherwise]) => (condition === true ? then : otherwise) },
  coalesce: { type: 'dynamic', apply: (args) => args.find((value) => value !== null && value !== undefined && value !== '') ?? null },
  not: { type: 'bool', apply: ([value]) => value !== true },
};

type Row = Record<string, unknown>;

function typeOf(expr: Expr, columns: ReadonlyMap<string, KqlType>): KqlType {
  switch (expr.kind) {
    case 'literal':
      return expr.type;
    case 'column':
      return columns.get(expr.name) ?? 'dynamic';
    case 'member':
      return 'dynamic';
    case 'call':
      return FUNCTIONS[expr.name]!.type;
    case 'binary':
    case 'in':
      return 'bool';
  }
}

function checkColumns(expr: Expr, columns: ReadonlyMap<string, KqlType>): void {
  switch (expr.kind) {
    case 'column':
      if (!columns.has(expr.name)) {
        throw new KqlError('FailedToResolveScalarExpression', `Failed to resolve scalar expression named '${expr.name}'.`);
      }
      return;
    case 'member':
      return checkColumns(expr.target, columns);
    case 'call':
      return expr.args.forEach((arg) => checkColumns(arg, columns));
    case 'binary':
      checkColumns(expr.left, columns);
      return checkColumns(expr.right, columns);
    case 'in':
      checkColumns(expr.left, columns);
      return expr.values.forEach((value) => checkColumns(value, columns));
    case 'literal':
      return;
  }
}

function equalsLoose(a: unknown, b: unknown): boolean {
  return String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();
}

function evaluate(expr: Expr, row: Row): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'column':
      return row[expr.name];
    case 'member': {
      const target = evaluate(expr.target, row);
      if (target === null || typeof target !== 'object') return null;
      if (typeof expr.key === 'number') return Array.isArray(target) ? (target[expr.key] ?? null) : null;
      return (target as Record<string, unknown>)[expr.key] ?? null;
    }
    case 'call':
      return FUNCTIONS[expr.name]!.apply(expr.args.map((arg) => evaluate(arg, row)));
    case 'in': {
      const left = evaluate(expr.left, row);
      const values = expr.values.map((value) => evaluate(value, row));
      const found = expr.op === 'in' ? values.some((value) => value === left) : values.some((value) => equalsLoose(value, left));
      return expr.op === '!in~' ? !found : found;
    }
    case 'binary': {
      if (expr.op === 'and') return evaluate(expr.left, row) === true && evaluate(expr.right, row) === true;
      if (expr.op === 'or') return evaluate(expr.left, row) === true || evaluate(expr.right, row) === true;
      const left = evaluate(expr.left, row);
      const right = evaluate(expr.right, row);
      switch (expr.op) {
        case '==':
          return left === right;
        case '!=':
          return left !== right;
        case '=~':
          return equalsLoose(left, right);
        case '!~':
          return !equalsLoose(left, right);
        case 'contains':
          return String(left ?? '')
            .toLowerCase()
            .includes(String(right ?? '').toLowerCase());
        case 'has':
          return new RegExp(`(^|\\W)${String(right ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|\\W)`, 'i').test(String(left ?? ''));
        case 'startswith':
          return String(left ?? '')
            .toLowerCase()
            .startsWith(String(right ?? '').toLowerCase());
        case '<':
          return (left as number) < (right as number);
        case '>':
          return (left as number) > (right as number);
        case '<=':
          return (left as number) <= (right as number);
        case '>=':
          return (left as number) >= (right as number);
      }
      throw new KqlError('ParserFailure', `Unsupported operator '${expr.op}'.`);
    }
  }
}

/** `where type =~ 'a'` (or `in~ ('a', 'b')`) as the first operator: the types to build rows for. */
function leadingTypes(query: Query): string[] | undefined {
  const first = query.operators[0];
  if (first?.kind !== 'where') return undefined;
  const predicate = first.predicate;
  const isType = (expr: Expr) => expr.kind === 'column' && expr.name === 'type';
  if (predicate.kind === 'binary' && predicate.op === '=~' && isType(predicate.left) && predicate.right.kind === 'literal') {
    return [String(predicate.right.value).toLowerCase()];
  }
  if (
    predicate.kind === 'in' &&
    predicate.op === 'in~' &&
    isType(predicate.left) &&
    predicate.values.every((value) => value.kind === 'literal')
  ) {
    return predicate.values.map((value) => String((value as { value: unknown }).value).toLowerCase());
  }
  return undefined;
}

interface Stage {
  columns: Map<string, KqlType>;
  rows: Row[];
  limited: boolean;
}

function run(query: Query, tables: Readonly<Record<string, KqlSource>>): Stage {
  const source = tables[query.table.toLowerCase()];
  if (!source) {
    throw new KqlError('FailedToResolveTableExpression', `Failed to resolve table or column expression named '${query.table}'.`);
  }
  let columns = new Map(source.columns.map((column) => [column.name, column.type]));
  let rows = source.rows(leadingTypes(query));
  let limited = false;
  for (const operator of query.operators) {
    switch (operator.kind) {
      case 'where':
        checkColumns(operator.predicate, columns);
        rows = rows.filter((row) => evaluate(operator.predicate, row) === true);
        break;
      case 'extend':
      case 'project': {
        const next = operator.kind === 'extend' ? new Map(columns) : new Map<string, KqlType>();
        for (const item of operator.items) {
          checkColumns(item.expr, columns);
          next.set(item.name, typeOf(item.expr, columns));
        }
        rows = rows.map((row) => {
          const out: Row = operator.kind === 'extend' ? { ...row } : {};
          for (const item of operator.items) out[item.name] = evaluate(item.expr, row);
          return out;
        });
        columns = next;
        break;
      }
      case 'project-away':
        for (const name of operator.names) {
          if (!columns.has(name)) throw new KqlError('FailedToResolveScalarExpression', `Failed to resolve column named '${name}'.`);
          columns.delete(name);
        }
        rows = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => columns.has(key))));
        break;
      case 'mv-expand': {
        checkColumns(operator.expr, columns);
        const name = operator.name;
        columns.set(name, 'dynamic');
        rows = rows.flatMap((row) => {
          const value = evaluate(operator.expr, row);
          // An empty or missing array keeps the row, with the column empty.
          const values = Array.isArray(value) ? (value.length ? value : [null]) : [value];
          return values.map((element) => ({ ...row, [name]: element ?? null }));
        });
        break;
      }
      case 'join': {
        const right = run(operator.right, tables);
        if (!columns.has(operator.on) || !right.columns.has(operator.on)) {
          throw new KqlError('FailedToResolveScalarExpression', `Failed to resolve join column named '${operator.on}' on both sides.`);
        }
        const renamed = new Map<string, string>();
        for (const [name, type] of right.columns) {
          let target = name;
          if (columns.has(name)) {
            let suffix = 1;
            while (columns.has(`${name}${suffix}`) || right.columns.has(`${name}${suffix}`)) suffix++;
            target = `${name}${suffix}`;
          }
          renamed.set(name, target);
          columns.set(target, type);
        }
        const index = new Map<string, Row[]>();
        for (const row of right.rows) {
          const key = String(row[operator.on] ?? '');
          const list = index.get(key) ?? [];
          list.push(row);
          index.set(key, list);
        }
        rows = rows.flatMap((row) => {
          const matches = index.get(String(row[operator.on] ?? '')) ?? [];
          if (matches.length === 0) {
            if (operator.joinKind === 'inner') return [];
            const empty: Row = { ...row };
            for (const target of renamed.values()) if (!(target in row)) empty[target] = null;
            return [empty];
          }
          return matches.map((match) => {
            const joined: Row = { ...row };
            for (const [name, target] of renamed) joined[target] = match[name] ?? null;
            return joined;
          });
        });
        break;
      }
      case 'order':
        for (const key of operator.keys) {
          if (!columns.has(key.name))
            throw new KqlError('FailedToResolveScalarExpression', `Failed to resolve column named '${key.name}'.`);
        }
        rows = [...rows].sort((a, b) => {
          for (const key of operator.keys) {
            const left = a[key.name] as string | number | null | undefined;
            const right = b[key.name] as string | number | null | undefined;
            if (left === right) continue;
            const order = left === null || left === undefined ? -1 : right === null || right === undefined ? 1 : left < right ? -1 : 1;
            return key.descending ? -order : order;
          }
          return 0;
        });
        break;
      case 'limit':
        rows = rows.slice(0, operator.count);
        limited = true;
        break;
    }
  }
  return { columns, rows, limited };
}

/** Runs `text` over `tables` (keyed by lower-case table name); throws KqlError for what Resource Graph would refuse. */
export function runKql(text: string, tables: Readonly<Record<string, KqlSource>>): KqlResult {
  const query = new Parser(tokenize(text)).parseAll();
  const stage = run(query, tables);
  return {
    columns: [...stage.columns].map(([name, type]) => ({ name, type })),
    rows: stage.rows,
    limited: stage.limited,
  };
}
