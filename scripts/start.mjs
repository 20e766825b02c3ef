// `npm start`: builds the extension and opens it with the sample workspace in a real VS Code: the desktop `code`
// when it is on the PATH, otherwise code-server on 127.0.0.1 (installed by scripts/setup-bench.sh), printing the
// URL to open. esbuild keeps rebuilding on change; "Developer: Reload Window" picks the new build up. Ctrl+C stops.
import { spawn, spawnSync } from 'node:child_process';
import { freshRunDir, startCodeServer } from './lib/codeServer.mjs';
import { repoRoot, samplesDir } from './lib/paths.mjs';
import { run } from './lib/run.mjs';
import { stopOnSignal } from './lib/stopOnSignal.mjs';

const build = await run(process.execPath, ['esbuild.mjs'], { cwd: repoRoot });
if (build.code !== 0) process.exit(build.code);

const desktop = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0 && process.env.AZL_VSCODE !== 'code-server';
if (desktop) {
  const code = spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, samplesDir], { stdio: 'inherit' });
  process.exit(code.status ?? 0);
}

const setup = await run('bash', ['scripts/setup-bench.sh'], { cwd: repoRoot });
if (setup.code !== 0) process.exit(setup.code);

const watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: repoRoot, stdio: 'inherit' });
const runDir = freshRunDir('start');
const port = Number(process.env.PORT ?? 0) || undefined;
const server = await startCodeServer({ runDir, port });
const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]]);
const url = `${server.url}/?${new URLSearchParams({ folder: samplesDir, payload })}`;
console.log(
  `\nAzure Linux Tools is running in code-server. Open this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.`,
);

// Ctrl+C (or SIGTERM, SIGHUP) stops the watcher here, and code-server and its run folder where they were started
// (scripts/lib/stopOnSignal.mjs).
stopOnSignal(() => watcher.kill());
