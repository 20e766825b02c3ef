/*
 * azl-lint: checks Image Customizer and AKS node-pool configs from the command line, with the same engine as the
 * editor. Exit codes: 0 no errors, 1 errors found, 2 usage error or input that cannot be read or is not a config.
 * Files a config names are read through the bounded reader (src/util/boundedFiles.ts), confined to a root: `--root`,
 * else the git repository holding the config, else the config's folder.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { analyze, globBase, isGlob, kindFromName, LineIndex, matchesGlob, type Analysis } from '../language/core';
import type { ConfigKind, Problem } from '../language/core/types';
import { boundedFileAccess } from '../language/fileAccess';
import {
  configRoot,
  describeFileType,
  describeRefusal,
  formatBytes,
  maxReadBytes,
  readBoundedText,
  type FileRoot,
} from '../util/boundedFiles';
import { escapeControls, oneOf, parseCommandLine, printable, runCli, UsageError, usageExitCode } from './common';

const usage = `Usage: azl-lint [--kind image|nodepool|auto] [--format human|json] [--root DIR] FILES|FOLDERS|GLOBS...

Checks Azure Linux Image Customizer configs and AKS node-pool configs.

  --kind      image, nodepool, or auto (default): recognise each file by its name, then by its content
  --format    human (default): file:line:col severity code message, then a summary
              json: a JSON array of {file, line, column, endLine, endColumn, severity, code, message}
  --root      the folder the files a config names (base configs, package lists, scripts) must stay inside;
              default: the git repository holding the config, else the config's own folder
  -h, --help  show this help

Folders are searched (skipping node_modules and .git, not following symbolic links) for configs; globs support
*, **, ?, [...] and {a,b}. Files a config names are read only inside the root, only when regular files of at most
${formatBytes(maxReadBytes)}; any other is a warning on the reference and is not read.
Exit status: 0 when no errors, 1 when errors were found, 2 on usage errors, files that cannot be read (a pipe,
a device, a symbolic link in a folder, an unreadable folder) or a named file that is not a config (unless --kind).`;

export interface CliOptions {
  kind: ConfigKind | 'auto';
  format: 'human' | 'json';
  /** The folder referenced files must stay inside; undefined: each config's repository (or folder). */
  root: string | undefined;
  inputs: string[];
}

export { UsageError };

export function parseArguments(args: readonly string[]): CliOptions | 'help' {
  const { values, positionals } = parseCommandLine(args, {
    kind: { type: 'string' },
    format: { type: 'string' },
    root: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const options: CliOptions = {
    kind: oneOf(values.kind, ['image', 'nodepool', 'auto'] as const, '--kind') ?? 'auto',
    format: oneOf(values.format, ['human', 'json'] as const, '--format') ?? 'human',
    root: values.root,
    inputs: positionals,
  };
  if (options.root === '') throw new UsageError('--root needs a folder.');
  if (options.inputs.length === 0) throw new UsageError('No files, folders or globs given.');
  return options;
}

const skippedFolders = new Set(['node_modules', '.git']);
const configExtensions = /\.(ya?ml|jsonc?)$/i;

/**
 * The regular files under `folder`, sorted, skipping node_modules and .git. Symbolic links are not followed, and an
 * unreadable subfolder cannot be searched: each is passed to `report` (a link or a pipe only when `relevant` says its
 * name could be a config), as is any other folder that cannot be read, except a missing `folder` itself (a glob's
 * base that does not exist simply matches nothing).
 */
function* walk(folder: string, relevant: (path: string) => boolean, report: (path: string, problem: string) => void): Generator<string> {
  const pending = [folder];
  while (pending.length) {
    const current = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      if (current !== folder || (error as NodeJS.ErrnoException).code !== 'ENOENT')
        report(current, `cannot be searched (${reasonOf(error)})`);
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) pending.push(path);
      } else if (entry.isFile()) yield path;
      else if (!relevant(path)) continue;
      else if (entry.isSymbolicLink()) report(path, 'is a symbolic link; not followed (name the file it points to instead)');
      else report(path, `is ${describeFileType(entry)}, not a regular file; not read`);
    }
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(error));
}

interface Target {
  path: string;
  /** Named or matched by a glob: taken as the kind asked for (folder walks keep only files recognised as it). */
  explicit: boolean;
  /** Named on the command line itself: one that is not recognised as a config is an error (exit 2). */
  named: boolean;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export interface Collected {
  readonly targets: Target[];
  /** The folders and globs that matched no config file. */
  readonly empty: string[];
  /** Folders that could not be searched, links not followed, pipes and devices met in a search: each fails the run. */
  readonly problems: { path: string; problem: string }[];
}

/** The files to check for each input. */
export function collectTargets(inputs: readonly string[], cwd: string): Collected {
  const collected: Collected = { targets: [], empty: [], problems: [] };
  const { targets } = collected;
  const seen = new Set<string>();
  const add = (path: string, explicit: boolean, named = false) => {
    const absolute = resolve(cwd, path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    targets.push({ path: absolute, explicit, named });
  };
  const report = (path: string, problem: string) => collected.problems.push({ path, problem });
  for (const input of inputs) {
    const before = targets.length;
    const absolute = resolve(cwd, input);
    let isFolder: boolean | undefined;
    try {
      isFolder = statSync(absolute).isDirectory();
    } catch {
      isFolder = undefined;
    }
    if (isFolder) {
      for (const file of walk(absolute, (path) => configExtensions.test(path), report)) if (configExtensions.test(file)) add(file, false);
      if (targets.length === before) collected.empty.push(input);
      continue;
    }
    if (isFolder === undefined && isGlob(input)) {
      const pattern = toPosix(input);
      const base = globBase(pattern);
      const glob = pattern.startsWith('./') ? pattern.slice(2) : pattern;
      const candidate = (file: string) => (pattern.startsWith('/') ? toPosix(file) : toPosix(relative(cwd, file)));
      const matches = (file: string) => matchesGlob(candidate(file), glob);
      for (const file of walk(resolve(cwd, base), matches, report)) if (matches(file)) add(file, true);
      if (targets.length === before) collected.empty.push(input);
      continue;
    }
    add(absolute, true, true); // a file, or reported as unreadable below
  }
  return collected;
}

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
    if (options !== 'help' && options.root !== undefined && !isFolder(resolve(cwd, options.root)))
      throw new UsageError(`--root ${printable(options.root)} is not a folder.`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeError(`azl-lint: ${error.message}\n\n${usage}\n`);
    return usageExitCode;
  }
  if (options === 'help') {
    write(`${usage}\n`);
    return 0;
  }
  const reported: Reported[] = [];
  // Inputs that could not be checked: any makes the exit status 2.
  let failures = 0;
  let checked = 0;
  const show = (path: string) => escapeControls(toPosix(relative(cwd, path)) || path);
  const { targets, empty, problems } = collectTargets(options.inputs, cwd);
  for (const input of empty) {
    failures++;
    writeError(`azl-lint: ${escapeControls(input)}: no YAML or JSON files found (check the folder or glob)\n`);
  }
  for (const { path, problem } of problems) {
    failures++;
    writeError(`azl-lint: ${show(path)} ${problem}\n`);
  }
  const rootOf = rootsFor(cwd, options.root);
  for (const target of targets) {
    const display = show(target.path);
    // The config itself: named by the person or found in the folder they named, but still only a regular file of
    // bounded size (a pipe or a device named here is refused at once, not waited on or read forever).
    const read = readBoundedText(target.path, { maxBytes: maxReadBytes });
    if (!read.ok) {
      // A large data file met in a search (a package-lock.json) is no config; one named or a pipe met anywhere is a failure.
      if (read.refusal.reason === 'too-large' && !target.named) {
        writeError(`azl-lint: ${display} ${describeRefusal(read.refusal)} (configs are far smaller; skipped)\n`);
        continue;
      }
      failures++;
      writeError(
        read.refusal.reason === 'missing'
          ? `azl-lint: cannot read ${display}: no such file, folder or matching glob\n`
          : `azl-lint: ${display} ${describeRefusal(read.refusal)}\n`,
      );
      continue;
    }
    const text = read.value;
    // Folder walks take files recognised as the kind asked for, by name or by content; named files are that kind.
    const files = boundedFileAccess(target.path, rootOf(target.path));
    const byName = target.explicit || options.kind === 'auto' || kindFromName(target.path) === options.kind;
    const analysis: Analysis = analyze(text, { kind: byName ? options.kind : 'auto', fileName: target.path, files });
    if (!byName && analysis.kind !== options.kind) continue;
    if (!analysis.kind) {
      if (target.named) failures++;
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
        message: printable(problem.message),
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
  if (failures > 0) return usageExitCode;
  return errors > 0 ? 1 : 0;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The root of each config: `--root` when given, else its repository or folder (found once per folder). */
function rootsFor(cwd: string, root: string | undefined): (configPath: string) => FileRoot {
  if (root !== undefined) {
    const fixed = { path: resolve(cwd, root), name: 'the --root folder' };
    return () => fixed;
  }
  const found = new Map<string, FileRoot>();
  return (configPath) => {
    const folder = resolve(configPath, '..');
    let result = found.get(folder);
    if (!result) {
      result = configRoot(configPath);
      found.set(folder, result);
    }
    return result;
  };
}

/** The command itself: dist/azl-lint.js (src/cli/azlLintStart.ts) calls this once Node's compile cache is on. */
export function main(): void {
  runCli((args, io) => run(args, io.cwd, io.write, io.writeError));
}

if (require.main === module) main();
