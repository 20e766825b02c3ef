/*
 * azl-mirror: writes the Dockerfile and build context the extension builds for "Open Local Environment from Image
 * Config", so CI and people without the editor build the same local environment with `docker build DIR`.
 * Exit codes: 0 written, 1 the config has errors, 2 usage error or unreadable input (or an unusable output folder).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, LineIndex } from '../language/core';
import { boundedFileAccess } from '../language/fileAccess';
import { configRoot, describeRefusal, readBoundedText, type FileRoot } from '../util/boundedFiles';
import { ContextFolderError, writeContextFolder } from '../environmentFromConfig/contextFolder';
import { isValidImageReference } from '../environmentFromConfig/dockerfile';
import { nodeFileAccess } from '../environmentFromConfig/nodeFiles';
import { planMirror, type MirrorPlan } from '../environmentFromConfig/plan';

const usage = `Usage: azl-mirror CONFIG --out DIR [--base IMAGE] [--root DIR] [--run-scripts]

Writes DIR/Dockerfile and the build context (the files CONFIG references) that mirror an Azure Linux Image
Customizer config in a container, as the Azure Linux Tools extension builds it. Build it with: docker build DIR

  --out DIR       the folder to write: new, empty, or holding an earlier azl-mirror export (which is replaced)
  --base IMAGE    start from IMAGE instead of the Azure Linux release the config names (for a config that names
                  none, Azure Linux 3.0 is used unless --base is given)
  --root DIR      the folder the files CONFIG names must be in (default: the git repository holding CONFIG, else
                  its folder); anything outside it, a link out of it, or a file that is not regular is not copied
  --run-scripts   run the config's scripts.postCustomization in the build (as root in the image being built)
  -h, --help      show this help

What a container cannot mirror (disks, bootloader, SELinux, services...) is listed on stderr.
Exit status: 0 when written, 1 when the config has errors, 2 on usage errors or unreadable input.`;

interface Options {
  readonly config: string;
  readonly out: string;
  readonly base?: string;
  readonly root?: string;
  readonly runScripts: boolean;
}

class UsageError extends Error {}

function parseArguments(args: readonly string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        base: { type: 'string' },
        root: { type: 'string' },
        'run-scripts': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'Give one config file.' : 'No config file given.');
  if (!values.out) throw new UsageError('--out DIR is required.');
  if (values.base !== undefined && !isValidImageReference(values.base)) {
    throw new UsageError(`--base "${values.base}" is not an image reference (like mcr.microsoft.com/azurelinux/base/core:3.0).`);
  }
  return {
    config: positionals[0],
    out: values.out,
    ...(values.base ? { base: values.base } : {}),
    ...(values.root ? { root: values.root } : {}),
    runScripts: values['run-scripts'] ?? false,
  };
}

export async function run(
  args: readonly string[],
  cwd: string,
  write: (text: string) => void,
  writeError: (text: string) => void,
): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeError(`azl-mirror: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (options === 'help') {
    write(`${usage}\n`);
    return 0;
  }
  const configPath = resolve(cwd, options.config);
  // Read as azl-lint reads: a regular file of bounded size; the files it names only inside the root.
  const read = readBoundedText(configPath);
  if (!read.ok) {
    writeError(`azl-mirror: cannot read ${options.config}: it ${describeRefusal(read.refusal)}\n`);
    return 2;
  }
  const configText = read.value;
  const root: FileRoot = options.root ? { path: resolve(cwd, options.root), name: 'the --root folder' } : configRoot(configPath);

  // The config is checked as the editor checks it: a config with errors is not mirrored.
  const analysis = analyze(configText, { kind: 'image', fileName: configPath, files: boundedFileAccess(configPath, root) });
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  if (errors.length) {
    const lines = new LineIndex(configText);
    for (const problem of errors) {
      const start = lines.position(problem.range.start);
      writeError(`${options.config}:${start.line + 1}:${start.character + 1} error ${problem.code} ${problem.message}\n`);
    }
    writeError(`azl-mirror: ${options.config} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written.\n`);
    return 1;
  }

  let plan: MirrorPlan;
  try {
    plan = planMirror({
      configPath,
      configText,
      files: nodeFileAccess(root),
      runPostCustomization: options.runScripts,
      ...(options.base ? { baseImage: options.base } : {}),
    });
  } catch (error) {
    writeError(`azl-mirror: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }

  const out = resolve(cwd, options.out);
  let written;
  try {
    written = await writeContextFolder(plan, out);
  } catch (error) {
    const message = error instanceof ContextFolderError || error instanceof Error ? error.message : String(error);
    writeError(`azl-mirror: cannot write ${options.out}: ${message}\n`);
    return 2;
  }

  writeError(`Base image: ${plan.baseImageReason}.\n`);
  if (plan.releaseUnnamed && !options.base) {
    writeError('The config names no Azure Linux release: give --base IMAGE to start from another (for example the 4.0 preview).\n');
  }
  if (plan.notMirrored.length) {
    writeError(`Not mirrored in a container (${plan.notMirrored.length}):\n`);
    for (const item of plan.notMirrored) writeError(`  ${item.key}: ${item.reason}\n`);
  }
  write(
    `Wrote ${written.dockerfile} and ${written.payloadFiles} file${written.payloadFiles === 1 ? '' : 's'} of build context. Build it with: docker build ${options.out}\n`,
  );
  return 0;
}

// Run as the program (dist/azl-mirror.js, or its bin link), not when a test bundles `run` into itself.
if (require.main === module && /azl-mirror(?:\.js)?$/.test(process.argv[1] ?? '')) {
  void run(
    process.argv.slice(2),
    process.cwd(),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`azl-mirror: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
