// UI smoke test: installs the packaged .vsix into code-server, opens the real workbench in headless Chromium,
// opens the Azure Linux container and checks that both views render, saving screenshots on the way.
// `npm run screenshots` runs it alone and writes the README's pictures to media/screenshots/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { freshRunDir, removeRunDir, startCodeServer } from './lib/codeServer.mjs';
import { codeServerEntry, node24, repoRoot, samplesDir } from './lib/paths.mjs';
import { run } from './lib/run.mjs';

/**
 * @param {{ vsixPath: string, screenshotsDir: string }} options
 * @returns {Promise<{ passed: number, failed: number, note?: string }>}
 */
export async function runUiSmoke({ vsixPath, screenshotsDir }) {
  mkdirSync(screenshotsDir, { recursive: true });
  const runDir = freshRunDir('ui');
  const extensionsDir = join(runDir, 'extensions');
  const results = [];
  const check = async (name, body) => {
    try {
      await body();
      results.push({ name, ok: true });
      console.log(`  ✔ ${name}`);
    } catch (error) {
      results.push({ name, ok: false });
      console.log(`  ✖ ${name}: ${error.message ?? error}`);
    }
  };

  const install = await run(node24, [codeServerEntry, '--install-extension', vsixPath, '--extensions-dir', extensionsDir], {
    env: { XDG_CONFIG_HOME: join(runDir, 'config'), XDG_DATA_HOME: join(runDir, 'data') },
  });
  if (install.code !== 0) return { passed: 0, failed: 1, note: 'installing the .vsix into code-server failed' };

  const server = await startCodeServer({ runDir, extensionsDir, smokeTestDriver: false });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await check('the workbench opens the sample workspace with the extension installed', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(samplesDir)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    });
    const container = page.locator('.activitybar [role="tab"][aria-label^="Azure Linux"], .activitybar a[aria-label^="Azure Linux"]').first();
    await check('the activity bar has the Azure Linux container and it opens', async () => {
      await container.waitFor({ timeout: 30_000 });
      await container.click();
      await page.locator('.sidebar .title-label h2', { hasText: /Azure Linux/i }).waitFor({ timeout: 15_000 });
    });
    for (const [view, welcome] of [
      ['Virtual Machines', /Azure Linux virtual machines|Sign in to Azure/i],
      ['Local Environments', /container|Docker|WSL/i],
    ]) {
      await check(`the ${view} view renders with its content`, async () => {
        const pane = page.locator('.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: view }) }).first();
        const header = pane.locator('.pane-header');
        await header.waitFor({ timeout: 15_000 });
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        await pane.locator('.welcome-view-content, .monaco-list-row').first().waitFor({ timeout: 15_000 });
        const text = await pane.innerText();
        if (!welcome.test(text)) throw new Error(`the ${view} view shows: ${JSON.stringify(text.slice(0, 200))}`);
      });
    }
    await check('screenshots are saved', async () => {
      await page.waitForTimeout(500); // let the last welcome buttons settle into place before the picture
      await page.screenshot({ path: join(screenshotsDir, 'azure-linux-views.png') });
    });
  } finally {
    await browser.close();
    await server.stop();
    removeRunDir(runDir);
  }
  const passed = results.filter((result) => result.ok).length;
  return { passed, failed: results.length - passed, note: `screenshots in ${screenshotsDir}` };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const screenshotsIndex = process.argv.indexOf('--screenshots');
  const screenshotsDir = resolve(screenshotsIndex > 0 ? process.argv[screenshotsIndex + 1] : join(repoRoot, '.cache', 'screenshots'));
  const packageJson = (await import(pathToFileURL(join(repoRoot, 'package.json')).href, { with: { type: 'json' } })).default;
  const vsixPath = join(repoRoot, `${packageJson.name}-${packageJson.version}.vsix`);
  const packaged = await run('npm', ['run', '--silent', 'package', '--', '--out', vsixPath]);
  if (packaged.code !== 0) process.exit(1);
  const result = await runUiSmoke({ vsixPath, screenshotsDir });
  console.log(`ui: ${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed === 0 && result.passed > 0 ? 0 : 1);
}
