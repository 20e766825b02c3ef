// Benchmarks that talk to the local HTTPS fakes measure in a child process: Node reads NODE_EXTRA_CA_CERTS only at
// start-up, so the child is the one that trusts the test certificate.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';
import { ensureTestCertificate } from './testCertificate.mjs';

/**
 * Runs `script` with `args` in a child that trusts the test certificate; its stdout lines go to `log`, except the
 * line `ROWS <json>`, which is the result.
 */
export function runTrustingWorker(script, args, log, name) {
  const { certPath, keyPath } = ensureTestCertificate(join(repoRoot, '.cache', 'test-tls'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, AZL_TEST_TLS_CERT: certPath, AZL_TEST_TLS_KEY: keyPath },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let rows;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ROWS ')) rows = JSON.parse(line.slice(5));
        else log(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && rows ? resolve(rows) : reject(new Error(`${name} bench worker exited with ${code}`))));
  });
}
