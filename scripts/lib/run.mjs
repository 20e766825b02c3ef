// Runs a program with an argument array, streaming its output and keeping a copy for the caller to parse.
import { spawn } from 'node:child_process';
import { stopOnSignal } from './stopOnSignal.mjs';

/**
 * The program runs in its own process group, and a stop signal to this process (scripts/lib/stopOnSignal.mjs) is
 * passed on to the whole group and waited for, so what it started (code-server, Chromium) stops too.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: Record<string, string | undefined>, cwd?: string, quiet?: boolean }} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const closed = new Promise((resolveClosed) => child.once('close', resolveClosed));
    const unregister = stopOnSignal(async () => {
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 30_000);
      await closed;
      clearTimeout(timer);
    });
    const chunks = [];
    const relay = (stream) => (chunk) => {
      chunks.push(chunk);
      if (!options.quiet) stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.once('error', (error) => {
      unregister();
      resolve({ code: 127, output: `${command}: ${error.message}` });
    });
    child.once('close', (code, signal) => {
      unregister();
      resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString() });
    });
  });
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}
