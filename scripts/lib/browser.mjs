// Headless Debian Chromium through playwright-core (never a downloaded browser: the machines have no internet).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { chromiumPath } from './paths.mjs';
import { stopOnSignal } from './stopOnSignal.mjs';

/**
 * Playwright's own signal handlers close the browser but leave this process running (waiting on a suite that will
 * never finish); the bench's handler (scripts/lib/stopOnSignal.mjs) closes it and exits instead.
 */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}. Run: bash scripts/setup-bench.sh`);
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const unregister = stopOnSignal(() => browser.close());
  browser.on('disconnected', unregister);
  return browser;
}
