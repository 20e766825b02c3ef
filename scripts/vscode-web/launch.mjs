// Accepts the arguments @vscode/test-electron passes to `code` (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a folder, and flags it ignores here), starts a fresh code-server, opens the
// workbench in headless Chromium with the smoke-test driver's `payload`, relays the suite's output and exits with
// the suite's exit code. The environment (VSCODE_TEST_OPTIONS and the rest) reaches the extension host through
// code-server, which forks it.
import { format } from 'node:util';
import { launchBrowser } from '../lib/browser.mjs';
import { codeServerVscodeVersion, freshRunDir, removeRunDir, startCodeServer } from '../lib/codeServer.mjs';

const suiteTimeoutMs = Number(process.env.AZL_SUITE_TIMEOUT_MS ?? 15 * 60_000);

function parseArguments(argv) {
  const options = { developmentPaths: [], testsPath: undefined, folder: undefined };
  for (const arg of argv) {
    if (arg.startsWith('--extensionDevelopmentPath=')) options.developmentPaths.push(arg.slice(arg.indexOf('=') + 1));
    else if (arg.startsWith('--extensionTestsPath=')) options.testsPath = arg.slice(arg.indexOf('=') + 1);
    else if (arg === '--version') options.version = true;
    else if (!arg.startsWith('-')) options.folder = arg;
  }
  return options;
}

// The workbench's own chatter (chat, agent host, extension gallery) is not the suite's output.
const workbenchNoise = /^\[(AgentHost|ChatModelSelection|Extension Gallery|ExtensionGallery)\]/;

function formatLogArguments(args) {
  return format(...(Array.isArray(args) ? args : [args]));
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (options.version) {
    console.log(codeServerVscodeVersion());
    return 0;
  }
  if (!options.testsPath || options.developmentPaths.length === 0) {
    console.error('usage: code --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]');
    return 2;
  }
  console.log(`[vscode-web] running the suite in code-server (VS Code ${codeServerVscodeVersion()}) with headless Chromium`);
  const runDir = freshRunDir('integration');
  const server = await startCodeServer({ runDir });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = formatLogArguments(args);
      if (workbenchNoise.test(line) && !process.env.AZL_VERBOSE) return;
      if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
      else process.stdout.write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('pageerror', (error) => process.stderr.write(`[workbench] ${error.message}\n`));

    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ...options.developmentPaths.map((path) => ['extensionDevelopmentPath', remote(path)]),
      ['extensionTestsPath', remote(options.testsPath)],
    ];
    const query = new URLSearchParams({ payload: JSON.stringify(payload) });
    if (options.folder) query.set('folder', options.folder);
    await page.goto(`${server.url}/?${query}`);

    const timedOut = new Promise((resolve) =>
      setTimeout(() => {
        process.stderr.write(`[vscode-web] the suite did not finish within ${suiteTimeoutMs / 1000} s\n`);
        resolve(1);
      }, suiteTimeoutMs).unref(),
    );
    return await Promise.race([finished, timedOut]);
  } finally {
    await browser.close();
    await server.stop();
    removeRunDir(runDir);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[vscode-web] ${error.stack ?? error}`);
    process.exit(1);
  },
);
