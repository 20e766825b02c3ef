// UI smoke test: installs the packaged .vsix into code-server, opens the real workbench in headless Chromium,
// opens the Azure Linux container (the first run opens the Getting Started walkthrough) and checks that both views
// render, makes an azl-shell from the palette with the Azure Linux 3.0 image and types into its shell, then opens an
// image config and makes a mistake in it, saving screenshots on the way. `npm run screenshots` runs it alone and
// writes the README's pictures to media/screenshots/.
//
// The pictures are the README's, so they show what a person sees: the Azure Linux 3.0 image by its real name (the
// registry-free test image, tagged mcr.microsoft.com/azurelinux/base/core:3.0 for the run when the engine has no
// such image), the name New azl-shell suggests, and no leftover notification (the shell is exited before its
// container is removed).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { freshRunDir, removeRunDir, startCodeServer } from './lib/codeServer.mjs';
import { codeServerEntry, node24, repoRoot, samplesDir } from './lib/paths.mjs';
import { run } from './lib/run.mjs';
import { stopOnSignal } from './lib/stopOnSignal.mjs';
import { testImage } from './docker-engine.mjs';

/** The Azure Linux 3.0 image as New azl-shell offers it first (azureLinuxImages.azureLinux3 in src/docker/core/shellSpec.ts). */
const azureLinux3 = 'mcr.microsoft.com/azurelinux/base/core:3.0';

/** One Engine API call to `dockerHost` (unix://...); resolves with the HTTP status, 0 when the engine did not answer. */
function engineCall(dockerHost, method, path) {
  return new Promise((resolveCall) => {
    const req = request({ socketPath: dockerHost.replace(/^unix:\/\//, ''), method, path, timeout: 15_000 }, (res) => {
      res.resume();
      res.on('end', () => resolveCall(res.statusCode ?? 0));
    });
    req.on('error', () => resolveCall(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Removes a container by name, ignoring one that is not there. */
function removeContainer(dockerHost, name) {
  return engineCall(dockerHost, 'DELETE', `/containers/${encodeURIComponent(name)}?force=1`);
}

/**
 * Gives the test image the Azure Linux 3.0 name for the run, unless the engine has an image of that name already;
 * resolves with a function that takes the name away again (only the tag: the test image stays).
 */
async function nameTestImageAzureLinux3(dockerHost) {
  if ((await engineCall(dockerHost, 'GET', `/images/${encodeURIComponent(azureLinux3)}/json`)) === 200) return async () => undefined;
  const [repo, tag] = [azureLinux3.slice(0, azureLinux3.lastIndexOf(':')), azureLinux3.slice(azureLinux3.lastIndexOf(':') + 1)];
  const status = await engineCall(
    dockerHost,
    'POST',
    `/images/${encodeURIComponent(testImage)}/tag?repo=${encodeURIComponent(repo)}&tag=${tag}`,
  );
  if (status !== 201) throw new Error(`tagging ${testImage} as ${azureLinux3} failed (${status})`);
  return () => engineCall(dockerHost, 'DELETE', `/images/${encodeURIComponent(azureLinux3)}?noprune=1`);
}

/** Runs a command from the palette by its title. */
async function runFromPalette(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

const viewport = { width: 1440, height: 900 };

/**
 * Takes a screenshot into `path` and checks what was written: a PNG (its signature) of the page's size (its IHDR
 * chunk) and of a size a rendered workbench has; a file left from an earlier run is removed first so it cannot pass.
 */
async function saveScreenshot(page, path) {
  rmSync(path, { force: true });
  await page.screenshot({ path });
  if (!existsSync(path)) throw new Error(`no screenshot was written to ${path}`);
  const bytes = readFileSync(path);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error(`${path} is not a PNG file`);
  }
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  if (width !== viewport.width || height !== viewport.height) {
    throw new Error(`${path} is ${width}×${height}, not the page's ${viewport.width}×${viewport.height}`);
  }
  // A blank or single-colour page compresses to a few KiB; a workbench with text and icons does not.
  const size = statSync(path).size;
  if (size < 20 * 1024 || size > 20 * 1024 * 1024) throw new Error(`${path} is ${size} bytes: not a rendered workbench`);
}

/**
 * @param {{ vsixPath: string, screenshotsDir: string, dockerHost: string }} options `dockerHost`: the Docker tier's
 *   private engine, where the test makes an azl-shell
 * @returns {Promise<{ passed: number, failed: number, note?: string }>}
 */
export async function runUiSmoke({ vsixPath, screenshotsDir, dockerHost }) {
  mkdirSync(screenshotsDir, { recursive: true });
  const runDir = freshRunDir('ui');
  const extensionsDir = join(runDir, 'extensions');
  // A copy of the sample workspace: the test types into a file, and code-server may save it.
  const workspace = join(runDir, 'samples');
  cpSync(samplesDir, workspace, { recursive: true });
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

  const untagAzureLinux3 = await nameTestImageAzureLinux3(dockerHost);
  const server = await startCodeServer({ runDir, extensionsDir, smokeTestDriver: false, env: { DOCKER_HOST: dockerHost } });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport });
    await check('the workbench opens the sample workspace with the extension installed', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    });
    const container = page
      .locator('.activitybar [role="tab"][aria-label^="Azure Linux"], .activitybar a[aria-label^="Azure Linux"]')
      .first();
    await check('the activity bar has the Azure Linux container and it opens', async () => {
      await container.waitFor({ timeout: 30_000 });
      await container.click();
      await page.locator('.sidebar .title-label h2', { hasText: /Azure Linux/i }).waitFor({ timeout: 15_000 });
    });
    // The .vsix was installed before the workbench started (as `code --install-extension` does), so VS Code did not
    // open the walkthrough on install: the extension's first run does, once.
    await check('the first run opens the Get Started with Azure Linux Tools walkthrough', async () => {
      await page
        .locator('.gettingStartedContainer', { hasText: 'Get Started with Azure Linux Tools' })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.locator('.gettingStartedContainer', { hasText: 'Sign in and see your VMs' }).first().waitFor({ timeout: 15_000 });
      // The images group lists the bench's test images under their own names: closed for the picture, and the pointer
      // moved off the activity bar (its hover would be in the picture).
      // (The first listing may still be under way when the walkthrough opens: wait for the group's row first.)
      const imagesRow = page.locator('.sidebar .monaco-list-row', { hasText: 'Azure Linux images' }).first();
      await imagesRow.waitFor({ timeout: 15_000 });
      if ((await imagesRow.getAttribute('aria-expanded')) === 'true') await imagesRow.click();
      await page
        .locator('.sidebar .monaco-list-row[aria-expanded="false"]', { hasText: 'Azure Linux images' })
        .first()
        .waitFor({ timeout: 5_000 });
      await page.mouse.move(viewport.width - 10, viewport.height / 2);
      await page.waitForTimeout(500); // the step's picture loads
      await saveScreenshot(page, join(screenshotsDir, 'walkthrough.png'));
      await imagesRow.click(); // open again: the Local Environments check below reads the test image's row
      await runFromPalette(page, 'View: Close All Editors');
      await page.locator('.gettingStartedContainer').first().waitFor({ state: 'detached', timeout: 15_000 });
    });
    // What each view shows when it works, and what it shows when it does not: the Local Environments view lists the
    // engine's Azure Linux images with the test image; the "engine unreachable" welcome (which names Docker too) fails.
    for (const [view, expected, failure] of [
      ['Azure', /Sign in to Azure[\s\S]*Create Azure Linux VM/i, /could not|failed/i],
      [
        'Local Environments',
        new RegExp(`Azure Linux images[\\s\\S]*${testImage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        /Nothing answers|cannot be listed|cannot be used|not allowed|does not answer/i,
      ],
    ]) {
      await check(`the ${view} view renders with its content`, async () => {
        const pane = page
          .locator('.sidebar .pane')
          .filter({ has: page.locator('.pane-header', { hasText: view }) })
          .first();
        const header = pane.locator('.pane-header');
        await header.waitFor({ timeout: 15_000 });
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        await pane.locator('.welcome-view-content, .monaco-list-row').first().waitFor({ timeout: 15_000 });
        const body = pane.locator('.pane-body');
        let text = await body.innerText();
        // The first listing can still be under way when the pane appears: wait for the expected content a while.
        const deadline = Date.now() + 15_000;
        while (!expected.test(text) && !failure.test(text) && Date.now() < deadline) {
          await page.waitForTimeout(200);
          text = await body.innerText();
        }
        if (failure.test(text) || !expected.test(text)) {
          throw new Error(`the ${view} view shows: ${JSON.stringify(text.slice(0, 300))}`);
        }
      });
    }
    const localEnvironments = page
      .locator('.sidebar .pane')
      .filter({ has: page.locator('.pane-header', { hasText: 'Local Environments' }) })
      .first();
    await check('the Azure welcome offers Create Azure Linux VM before sign-in, and a screenshot of the views is saved', async () => {
      await page
        .locator('.sidebar .welcome-view-content a, .sidebar .welcome-view-content .monaco-button', { hasText: 'Create Azure Linux VM' })
        .first()
        .waitFor({ timeout: 15_000 });
      // The images group lists the bench's test images under their own names too: closed for the picture.
      const images = localEnvironments.locator('.monaco-list-row[aria-expanded="true"]', { hasText: 'Azure Linux images' }).first();
      if (await images.count()) await images.click();
      await page.waitForTimeout(500); // let the last welcome buttons settle into place before the picture
      await saveScreenshot(page, join(screenshotsDir, 'azure-linux-views.png'));
    });

    // A local environment as a person makes one: the palette, the Azure Linux 3.0 image, the suggested name.
    let shellName;
    await check('New azl-shell from the palette lists the container and opens its shell', async () => {
      try {
        await runFromPalette(page, 'Azure Linux: New azl-shell');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: azureLinux3 }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.type('Azure Linux 3.0');
        await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: azureLinux3 }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');
        const nameBox = page.locator('.quick-input-widget input');
        await page.locator('.quick-input-widget', { hasText: /A name for the container/ }).waitFor({ timeout: 15_000 });
        shellName = await nameBox.inputValue(); // the name New azl-shell suggests for the image
        if (!/^azl-3\.0(-\d+)?$/.test(shellName)) throw new Error(`unexpected suggested name ${JSON.stringify(shellName)}`);
        await page.keyboard.press('Enter');
        await localEnvironments.locator('.monaco-list-row', { hasText: shellName }).first().waitFor({ timeout: 30_000 });
        await page
          .locator('.terminal-tabs-entry, .panel .single-terminal-tab, .pane-header .title', { hasText: shellName })
          .first()
          .waitFor({ timeout: 30_000 });
        // The shell answers in the terminal and, through the /workspace mount, in the workspace folder on this side
        // (the terminal draws on a canvas, so the file is what the test reads).
        // The test image's shell greets with its BusyBox banner; the picture starts from a clear screen.
        await page.keyboard.type('clear');
        await page.keyboard.press('Enter');
        await page.keyboard.type("grep -E '^(NAME|VERSION_ID)=' /etc/os-release | tee os-release.txt");
        await page.keyboard.press('Enter');
        const proof = join(workspace, 'os-release.txt');
        const deadline = Date.now() + 30_000;
        while (!(existsSync(proof) && readFileSync(proof, 'utf8').includes('VERSION_ID="3.0"'))) {
          if (Date.now() > deadline) throw new Error('the shell did not write os-release.txt into the workspace');
          await page.waitForTimeout(200);
        }
        await page.waitForTimeout(300); // the terminal draws the last line
        await saveScreenshot(page, join(screenshotsDir, 'azl-shell.png'));
        // The shell ends itself, so removing its container below kills no terminal (no "exit code: 137").
        await page.keyboard.type('exit');
        await page.keyboard.press('Enter');
        await page
          .locator('.terminal-tabs-entry, .panel .single-terminal-tab', { hasText: shellName })
          .first()
          .waitFor({ state: 'detached', timeout: 15_000 })
          .catch(() => undefined);
      } finally {
        await page.keyboard.press('Escape');
      }
    });
    if (shellName) await removeContainer(dockerHost, shellName);

    // The language service as a person meets it: open a sample image config, then make a mistake in it.
    const sample = join('images', 'efi-vm.azl.yaml');
    await check('an image config opens in the Azure Linux Image Config language', async () => {
      await page.keyboard.press('Control+P');
      await page.keyboard.type('efi-vm.azl.yaml');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'efi-vm.azl.yaml' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.statusbar-item', { hasText: 'Azure Linux Image Config' }).waitFor({ timeout: 15_000 });
      await page.locator('.monaco-editor .view-line', { hasText: 'bootType' }).first().waitFor({ timeout: 15_000 });
      // Tokenised by the grammar: keys carry a colour class, not the default foreground (mtk1).
      await page
        .locator('.monaco-editor .view-line span[class^="mtk"]:not(.mtk1)', { hasText: 'bootType' })
        .first()
        .waitFor({ timeout: 15_000 });
    });
    await check('a mistake typed into it is underlined as an error, with no notification left on screen', async () => {
      const lines = readFileSync(join(workspace, sample), 'utf8').split('\n');
      const lineNumber = lines.findIndex((line) => line.trim() === 'mode: enforcing') + 1;
      if (lineNumber === 0) throw new Error(`${sample} has no "mode: enforcing" line to edit`);
      await page.keyboard.press('Control+G');
      await page.keyboard.type(String(lineNumber));
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace'); // "enforcing" becomes "enforc"
      const squiggle = page.locator('.monaco-editor .squiggly-error').first();
      await squiggle.waitFor({ timeout: 15_000 });
      // The squiggle is an overlay that takes no pointer events: hover the text under it.
      const box = await squiggle.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page
        .locator('.monaco-hover', { hasText: /enforcing|permissive/ })
        .first()
        .waitFor({ timeout: 15_000 });
      const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
      if (toasts.length) throw new Error(`notifications on screen: ${JSON.stringify(toasts)}`);
      await saveScreenshot(page, join(screenshotsDir, 'image-config-problem.png'));
    });
  } finally {
    await browser.close();
    await server.stop();
    await untagAzureLinux3();
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
  // The smoke test makes an azl-shell: on the engine DOCKER_HOST names, else on the private test engine.
  const engine = process.env.DOCKER_HOST ? undefined : await import(pathToFileURL(join(repoRoot, 'scripts', 'docker-engine.mjs')).href);
  const unregister = engine ? stopOnSignal(() => engine.stop()) : () => undefined;
  const started = await engine?.start();
  if (started?.reused) unregister();
  const result = await runUiSmoke({ vsixPath, screenshotsDir, dockerHost: process.env.DOCKER_HOST ?? started.host }).finally(() =>
    started && !started.reused ? engine.stop() : undefined,
  );
  console.log(`ui: ${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed === 0 && result.passed > 0 ? 0 : 1);
}
