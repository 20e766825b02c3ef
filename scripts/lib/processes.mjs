// Small helpers for the daemons the test bench starts (dockerd, podman system service): pid files and stopping.
import { readdirSync, readFileSync } from 'node:fs';

export const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid a pid file holds, or undefined when there is none or it is not a number. */
export function readPid(pidFile) {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Sends SIGTERM, waits up to `graceMs` for the process to go, then SIGKILL; resolves once it is gone. */
export async function stopProcess(pid, graceMs = 30_000) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isAlive(pid)) await sleep(50);
  }
}

/**
 * The pids of running `program` processes (matched on the file name of argv[0]) whose arguments mention `text`:
 * how the podman engine finds the conmon monitors of its own storage, and no one else's.
 */
export function processesOf(program, text) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.split('/').pop() === program && argv.some((arg) => arg.includes(text))) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}
