/*
 * azl-lint: checks Image Customizer and AKS node-pool configs from the command line, with the same engine as the
 * editor. Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable input.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { analyze, globBase, globToRegExp, isGlob, kindFromName, LineIndex, type Analysis } from '../language/core';
import type { ConfigKind, FileAccess, Problem } from '../language/core/types';

const usage = `Usage: azl-lint [--kind image|nodepool|auto] [--format human|json] FILES|FOLDERS|GLOBS...

Checks Azure Linux Image Customizer configs and AKS node-pool configs.

  --kind      image, nodepool, or auto (default): recognise each file by its name, then by its content
  --format    human (default): file:line:col severity code message, then a summary
              json: a JSON array of {file, line, column, endLine, endColumn, severity, code, message}
  -h, --help  show this help

Folders are searched (skipping node_modules and .git) for configs; globs support *, ** and ?.
Exit status: 0 when no errors, 1 when errors were found, 2 on usage errors or unreadable files.`;

export interface CliOptions {
  kind: ConfigKind | 'auto';
  format: 'human' | 'json';
  inputs: string[];
}

export class UsageError extends Error {}

export function parseArguments(args: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = { kind: 'auto', format: 'human', inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--kind') {
      const kind = value();
      if (kind !== 'image' && kind !== 'nodepool' && kind !== 'auto')
        throw new UsageError(`Unknown --kind '${kind}': use image, nodepool or auto.`);
      options.kind = kind;
    } else if (flag === '--format') {
      const format = value();
      if (format !== 'human' && format !== 'json') throw new UsageError(`Unknown --format '${format}': use human or json.`);
      options.format = format;
    } else if (flag === '--') {
      options.inputs.push(...args.slice(i + 1));
      break;
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`Unknown option '${arg}'.`);
    else options.inputs.push(arg);
  }
  if (options.inputs.length === 0) throw new UsageError('No files, folders or globs given.');
  return options;
}

const skippedFolders = new Set(['node_modules', '.git']);
const configExtensions = /\.(ya?ml|jsonc?)$/i;

function* walk(folder: string): Generator<string> {
  const pending = [folder];
  while (pending.length) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) pending.push(path);
      } else if (entry.isFile()) yield path;
    }
  }
}

interface Target {
  path: string;
  /** Named explicitly: checked even when not recognised (with auto, reported as unrecognised). */
  explicit: boolean;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The files to check for each input; `empty` lists the folders and globs that matched no config file. */
export function collectTargets(inputs: readonly string[], cwd: string, empty: string[] = []): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (path: string, explicit: boolean) => {
    const absolute = resolve(cwd, path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    targets.push({ path: absolute, explicit });
  };
  for (const input of inputs) {
    const before = targets.length;
    if (existsSync(resolve(cwd, input))) {
      const absolute = resolve(cwd, input);
      if (statSync(absolute).isDirectory()) {
        for (const file of walk(absolute)) if (configExtensions.test(file)) add(file, false);
        if (targets.length === before) empty.push(input);
      } else add(absolute, true);
      continue;
    }
    if (isGlob(input)) {
      const pattern = toPosix(input);
      const base = globBase(pattern);
      const matcher = globToRegExp(pattern.startsWith('./') ? pattern.slice(2) : pattern);
      const root = resolve(cwd, base);
      for (const file of walk(root)) {
        const candidate = pattern.startsWith('/') ? toPosix(file) : toPosix(relative(cwd, file));
        if (matcher.test(candidate)) add(file, true);
      }
      if (targets.length === before) empty.push(input);
      continue;
    }
    add(input, true); // reported as unreadable below
  }
  return targets;
}

const nodeFiles: FileAccess = {
  exists: (path) => existsSync(path),
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

interface Reported {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Problem['severity'];
  code: string;
  message: string;
}

export function run(args: readonly string[], cwd: string, write: (text: string) => void, writeError: (text: string) => void): number {
  let options: CliOptions | 'help';
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeError(`azl-lint: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (options === 'help') {
    write(`${usage}\n`);
    return 0;
  }
  const reported: Reported[] = [];
  let unreadable = 0;
  let checked = 0;
  const empty: string[] = [];
  const targets = collectTargets(options.inputs, cwd, empty);
  for (const input of empty) {
    unreadable++;
    writeError(`azl-lint: ${input}: no YAML or JSON files found (check the folder or glob)\n`);
  }
  for (const target of targets) {
    const display = toPosix(relative(cwd, target.path)) || target.path;
    let text: string;
    try {
      text = readFileSync(target.path, 'utf8');
    } catch (error) {
      unreadable++;
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file, folder or matching glob' : (error as Error).message;
      writeError(`azl-lint: cannot read ${display}: ${reason}\n`);
      continue;
    }
    // Folder walks take files recognised as the kind asked for, by name or by content; named files are that kind.
    const files = { ...nodeFiles, filePath: target.path };
    const byName = target.explicit || options.kind === 'auto' || kindFromName(target.path) === options.kind;
    const analysis: Analysis = analyze(text, { kind: byName ? options.kind : 'auto', fileName: target.path, files });
    if (!byName && analysis.kind !== options.kind) continue;
    if (!analysis.kind) {
      if (target.explicit) writeError(`azl-lint: ${display}: not recognised as an image or node-pool config (use --kind to choose)\n`);
      continue;
    }
    checked++;
    const lines = new LineIndex(text);
    for (const problem of analysis.problems) {
      const start = lines.position(problem.range.start);
      const end = lines.position(problem.range.end);
      reported.push({
        file: display,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        severity: problem.severity,
        code: problem.code,
        message: problem.message,
      });
    }
  }
  const errors = reported.filter((problem) => problem.severity === 'error').length;
  const warnings = reported.filter((problem) => problem.severity === 'warning').length;
  if (options.format === 'json') {
    write(`${JSON.stringify(reported, null, 2)}\n`);
  } else {
    for (const problem of reported)
      write(`${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${problem.code} ${problem.message}\n`);
    const files = `${checked} file${checked === 1 ? '' : 's'} checked`;
    write(
      `${files}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${reported.length - errors - warnings} info.\n`,
    );
  }
  if (unreadable > 0) return 2;
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = run(
    process.argv.slice(2),
    process.cwd(),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  );
}
