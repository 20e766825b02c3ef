// @vscode/test-cli configuration. With AZL_VSCODE=desktop the suite runs on the desktop VS Code that
// @vscode/test-electron downloads (a machine with internet and a display, or xvfb-run -a); otherwise it runs
// unchanged in code-server through the project's `code`-compatible launcher (scripts/vscode-web/code).
import { defineConfig } from '@vscode/test-cli';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const desktop = process.env.AZL_VSCODE === 'desktop';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: './samples',
  mocha: { ui: 'bdd', timeout: 60_000, slow: 5_000 },
  // Every run starts from fresh user data, as code-server's launcher does (first-run behaviour is tested).
  ...(desktop
    ? { launchArgs: [`--user-data-dir=${mkdtempSync(join(tmpdir(), 'azl-vscode-user-'))}`] }
    : { useInstallation: { fromPath: fileURLToPath(new URL('./scripts/vscode-web/code', import.meta.url)) } }),
  env: { AZL_TEST_RUN: '1' },
});
