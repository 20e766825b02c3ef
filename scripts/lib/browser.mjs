// Headless Debian Chromium through playwright-core (never a downloaded browser: the machines have no internet).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { chromiumPath } from './paths.mjs';

export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}. Run: bash scripts/setup-bench.sh`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
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
}
