// On SIGINT, SIGTERM or SIGHUP, stop what this process started (engines, code-server, Chromium, child process
// groups), newest first, then exit as the signal would have (128 + its number). Everything the test bench starts
// registers its own stop here, so `npm test` ended by Ctrl+C, `kill` or a closed terminal leaves nothing running.
import { constants } from 'node:os';

export const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How long all the stops together may take before the process exits anyway. */
const stopAllTimeoutMs = 90_000;

const stops = [];
let installed = false;
let stopping = false;

/** Registers `stop` (may be async) to run on a stop signal; returns a function that unregisters it. */
export function stopOnSignal(stop) {
  if (!installed) {
    installed = true;
    for (const signal of stopSignals) process.on(signal, () => void stopAll(signal));
  }
  const entry = { stop };
  stops.push(entry);
  return () => {
    const index = stops.indexOf(entry);
    if (index >= 0) stops.splice(index, 1);
  };
}

async function stopAll(signal) {
  if (stopping) {
    process.stderr.write(`${signal}: still stopping what this run started\n`);
    return;
  }
  stopping = true;
  process.stderr.write(`\n${signal}: stopping what this run started\n`);
  const timer = setTimeout(() => {
    process.stderr.write(`${signal}: stopping took over ${stopAllTimeoutMs / 1000} s; exiting anyway\n`);
    process.exit(128 + constants.signals[signal]);
  }, stopAllTimeoutMs);
  // Newest first: a child's own processes stop before the engine it was using.
  for (const entry of stops.splice(0).reverse()) {
    try {
      await entry.stop();
    } catch (error) {
      process.stderr.write(`${signal}: a stop failed: ${error?.stack ?? error}\n`);
    }
  }
  clearTimeout(timer);
  process.exit(128 + constants.signals[signal]);
}
