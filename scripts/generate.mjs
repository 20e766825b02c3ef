// Writes the generated files the package ships:
// - l10n/bundle.l10n.json: the strings @vscode/l10n-dev finds in l10n.t calls under src/, plus the texts the language
//   engine translates as data (schema docs and the like; src/language/core/l10nStrings.ts); and
//   l10n/bundle.l10n.qps-ploc.json, its pseudo-localization (the tests use it; so does `code --locale qps-ploc`);
// - schemas/*.schema.json: the JSON Schemas of image configs and node-pool bodies (src/language/core/jsonSchema.ts),
//   registered through package.json's yamlValidation and jsonValidation.
// Usage: node scripts/generate.mjs [--check]   --check: fail when a file is not up to date (the lint tier runs it).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const check = process.argv.includes('--check');
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'l10n');
const bundlePath = join(out, 'bundle.l10n.json');
const schemasDir = join(root, 'schemas');
const pseudoPath = join(out, 'bundle.l10n.qps-ploc.json');
const temp = mkdtempSync(join(tmpdir(), 'azl-l10n-'));
const cli = join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');

try {
  // l10n-dev reads `l10n.t` calls only in files that import 'vscode' or '@vscode/l10n'. The pure cores take an
  // injected L10n and import neither, so they are exported from a copy that names the import l10n-dev looks for.
  const sources = join(temp, 'src');
  for (const file of readdirSync(join(root, 'src'), { recursive: true })) {
    if (!String(file).endsWith('.ts')) continue;
    const text = readFileSync(join(root, 'src', file), 'utf8');
    const imports = /from '(vscode|@vscode\/l10n)'/.test(text);
    mkdirSync(dirname(join(sources, file)), { recursive: true });
    writeFileSync(join(sources, file), imports ? text : `import * as l10n from '@vscode/l10n';\n${text}`);
  }
  // l10n-dev warns that package.json's l10n folder is not the temporary outDir: expected, so its stderr is kept quiet.
  execFileSync(process.execPath, [cli, 'export', '--outDir', temp, sources], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exported = JSON.parse(readFileSync(join(temp, 'bundle.l10n.json'), 'utf8'));

  const entry = join(temp, 'generated.cjs');
  const source = join(temp, 'entry.ts');
  writeFileSync(
    source,
    [
      `export { dataMessages } from ${JSON.stringify(join(root, 'src/language/core/l10nStrings'))};`,
      `export { imageJsonSchema, nodePoolJsonSchema } from ${JSON.stringify(join(root, 'src/language/core/jsonSchema'))};`,
    ].join('\n'),
  );
  await esbuild.build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: entry,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  const { dataMessages, imageJsonSchema, nodePoolJsonSchema } = createRequire(import.meta.url)(entry);
  const schemas = {
    [join(schemasDir, 'azurelinux-image.schema.json')]: `${JSON.stringify(imageJsonSchema(), null, 2)}\n`,
    [join(schemasDir, 'aks-nodepool.schema.json')]: `${JSON.stringify(nodePoolJsonSchema(), null, 2)}\n`,
  };
  const bundle = { ...exported };
  for (const message of dataMessages()) if (!(message in bundle)) bundle[message] = message;
  const sorted = Object.fromEntries(
    Object.keys(bundle)
      .sort()
      .map((key) => [key, bundle[key]]),
  );
  const text = `${JSON.stringify(sorted, null, 2)}\n`;

  writeFileSync(join(temp, 'bundle.l10n.json'), text);
  execFileSync(process.execPath, [cli, 'generate-pseudo', '--outDir', temp, join(temp, 'bundle.l10n.json')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pseudo = readFileSync(join(temp, 'bundle.l10n.qps-ploc.json'), 'utf8');

  const files = { [bundlePath]: text, [pseudoPath]: pseudo, ...schemas };
  if (check) {
    const stale = Object.entries(files).filter(([path, content]) => !existsSync(path) || readFileSync(path, 'utf8') !== content);
    for (const [path] of stale) console.error(`${relative(root, path)}: out of date (run npm run generate)`);
    if (stale.length) process.exitCode = 1;
    else console.log(`generated files up to date (${Object.keys(sorted).length} l10n strings, ${Object.keys(schemas).length} schemas)`);
  } else {
    mkdirSync(out, { recursive: true });
    mkdirSync(schemasDir, { recursive: true });
    for (const [path, content] of Object.entries(files)) writeFileSync(path, content);
    console.log(
      `wrote ${Object.keys(files)
        .map((path) => relative(root, path))
        .join(', ')} (${Object.keys(sorted).length} l10n strings)`,
    );
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
