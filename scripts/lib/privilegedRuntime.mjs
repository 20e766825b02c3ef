// Privileged containers on a machine whose capability bounding set is short.
//
// `docker run --privileged` (Image Customizer needs it, and so do the image-build tests) makes Docker 20.10 ask runc
// for every capability the kernel knows (up to /proc/sys/kernel/cap_last_cap). Inside a sandbox whose bounding set
// lacks one of them (CAP_SYS_RESOURCE here), runc fails: "unable to apply caps: operation not permitted". The
// private engine then runs containers through a small runtime wrapper that, on `runc create`, drops from the
// bundle's config.json only the capabilities this machine cannot grant, and hands everything else to runc as it is.
// On a machine with the full bounding set nothing is wrapped.
//
//   node scripts/lib/privilegedRuntime.mjs fix-bundle ARGS...   (what the wrapper runs before `runc create`)
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Linux capability numbers (include/uapi/linux/capability.h). */
const capabilityNames = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** The capabilities the kernel knows that this process's bounding set lacks. */
export function missingCapabilities() {
  const last = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8').trim());
  const bounding = BigInt(`0x${/^CapBnd:\s*([0-9a-f]+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]}`);
  const missing = [];
  for (let cap = 0; cap <= Math.min(last, capabilityNames.length - 1); cap++) {
    if (!(bounding & (1n << BigInt(cap)))) missing.push(capabilityNames[cap]);
  }
  return missing;
}

/**
 * dockerd arguments that make the private engine run containers through the wrapper, written into `dir`; none when
 * this machine can grant every capability.
 */
export function privilegedRuntimeArgs(dir) {
  if (process.platform !== 'linux' || !missingCapabilities().length) return [];
  const runc = execFileSync('sh', ['-c', 'command -v runc']).toString().trim();
  const wrapper = join(resolve(dir), 'runc-bounded');
  const self = fileURLToPath(import.meta.url);
  writeFileSync(
    wrapper,
    `#!/bin/sh\n# Written by scripts/lib/privilegedRuntime.mjs: drops the capabilities this machine cannot grant, then runs runc.\nfor arg in "$@"; do\n  if [ "$arg" = create ]; then\n    '${process.execPath}' '${self}' fix-bundle "$@" || exit 1\n    break\n  fi\ndone\nexec '${runc}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return ['--add-runtime', `azl-bounded=${wrapper}`, '--default-runtime', 'azl-bounded'];
}

/** Edits the bundle's config.json named by `--bundle`/`-b` (default: the working folder). */
function fixBundle(args) {
  let bundle = '.';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--bundle' || args[i] === '-b') bundle = args[i + 1];
    else if (args[i].startsWith('--bundle=')) bundle = args[i].slice('--bundle='.length);
  }
  const file = join(bundle, 'config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  const missing = new Set(missingCapabilities());
  const capabilities = config.process?.capabilities;
  if (!capabilities) return;
  for (const set of Object.keys(capabilities)) {
    if (Array.isArray(capabilities[set])) capabilities[set] = capabilities[set].filter((cap) => !missing.has(cap));
  }
  writeFileSync(file, JSON.stringify(config));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === 'fix-bundle') {
  fixBundle(process.argv.slice(3));
}
