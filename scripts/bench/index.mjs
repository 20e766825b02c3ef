// `npm run bench`: runs every benchmark in this folder and prints one table. Each module's default export is
// `async function run({ log }) -> rows` with rows `{ name, value, unit, baseline?, ratio? }`; baselines are measured
// in the same run, so ratios compare like with like on this machine.
// Usage: npm run bench [-- language azure docker]
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.mjs') && file !== 'index.mjs')
  .map((file) => file.replace(/\.mjs$/, ''))
  .sort();
const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const selected = requested.length ? requested : available;
const unknown = selected.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

const rows = [];
let failures = 0;
for (const name of selected) {
  console.log(`\n=== ${name} ===`);
  try {
    const module = await import(pathToFileURL(join(here, `${name}.mjs`)).href);
    for (const row of await module.default({ log: (line) => console.log(line) })) rows.push({ suite: name, ...row });
  } catch (error) {
    failures++;
    console.error(`${name} failed: ${error.stack ?? error}`);
  }
}

const format = (value) => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : (value ?? ''));
console.log('\n=== results ===');
console.log(['suite', 'measure', 'value', 'unit', 'baseline', 'ratio'].join('\t'));
for (const row of rows) {
  console.log(
    [row.suite, row.name, format(row.value), row.unit, format(row.baseline), row.ratio === undefined ? '' : `${format(row.ratio)}x`].join(
      '\t',
    ),
  );
}
process.exit(failures ? 1 : 0);
