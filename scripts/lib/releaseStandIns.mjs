// Stand-ins for the Azure Linux 3.0 and 4.0 core container images, for the engine tier (both engines).
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyboxRootfs, engineRequest, importRootfs } from './testImage.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/*
 * Stand-ins for the Azure Linux 3.0 and 4.0 core container images, written from what the real images are
 * (/work/shared/reference/azure-linux.md), not from the extension's code: 3.0 has tdnf; 4.0 has dnf5, with `dnf` the
 * same program, and no tdnf; neither has useradd or groupadd (shadow-utils) or sudo until the package manager installs
 * them; /etc/os-release says ID=azurelinux and VERSION_ID. In the 4.0 stand-in /etc/os-release is the relative link to
 * ../usr/lib/os-release that os-release(5) recommends (as Fedora ships it). They carry no label: what they are is read
 * from their files. The package manager, useradd, groupadd and sudo stand-ins are test/fakes/images/*, each noting the
 * documentation it follows. Busybox provides the rest of the file system.
 */
const standInFiles = join(repoRoot, 'test', 'fakes', 'images');
const standInReleases = {
  '3.0': {
    osRelease:
      'NAME="Microsoft Azure Linux"\nVERSION="3.0.20250102"\nID=azurelinux\nVERSION_ID="3.0"\nPRETTY_NAME="Microsoft Azure Linux 3.0"\nHOME_URL="https://aka.ms/azurelinux"\n',
    osReleaseLink: false,
    packageManagers: { tdnf: 'package-manager' },
  },
  '4.0': {
    osRelease:
      'NAME="Microsoft Azure Linux"\nVERSION="4.0"\nID=azurelinux\nVERSION_ID="4.0"\nPRETTY_NAME="Microsoft Azure Linux 4.0"\nHOME_URL="https://aka.ms/azurelinux"\n',
    osReleaseLink: true,
    packageManagers: { dnf5: 'package-manager', dnf: 'dnf5' },
  },
};
/** What the stand-in repository offers: package name -> files (path in the image -> stand-in file or inline text). */
const standInRepository = {
  'shadow-utils': { 'usr/sbin/useradd': { file: 'useradd' }, 'usr/sbin/groupadd': { file: 'groupadd' } },
  sudo: { 'usr/bin/sudo': { file: 'sudo' } },
  vim: { 'usr/bin/vim': { text: '#!/bin/sh\necho "vim stand-in"\n' } },
  jq: { 'usr/bin/jq': { text: '#!/bin/sh\necho "jq stand-in"\n' } },
};

/** The stand-ins' names, with a hash of what makes them, so an engine kept from an earlier run never serves old ones. */
function standInRefs() {
  const hash = createHash('sha256');
  for (const name of readdirSync(standInFiles).sort()) hash.update(name).update(readFileSync(join(standInFiles, name)));
  hash.update(JSON.stringify({ standInReleases, standInRepository }));
  const digest = hash.digest('hex').slice(0, 10);
  return Object.fromEntries(Object.keys(standInReleases).map((release) => [release, `azl-test/azurelinux:${release}-${digest}`]));
}

/** Makes the 3.0 and 4.0 stand-ins in the engine on `socket` (unless there already); returns release -> image name. */
export async function ensureReleaseStandIns(socket) {
  const refs = standInRefs();
  for (const [release, ref] of Object.entries(refs)) {
    const existing = await engineRequest(socket, 'GET', `/images/${encodeURIComponent(ref)}/json`);
    if (existing.status === 200) continue;
    const spec = standInReleases[release];
    const work = mkdtempSync(join(tmpdir(), 'azl-standin-'));
    try {
      const rootfs = join(work, 'rootfs');
      busyboxRootfs(rootfs);
      // wheel is in both releases' /etc/group (the setup of a new user's sudo rights depends on it).
      writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nwheel:x:10:\nnobody:x:65534:\n');
      if (spec.osReleaseLink) {
        writeFileSync(join(rootfs, 'usr/lib/os-release'), spec.osRelease);
        symlinkSync('../usr/lib/os-release', join(rootfs, 'etc/os-release'));
      } else {
        writeFileSync(join(rootfs, 'etc/os-release'), spec.osRelease);
      }
      for (const [name, source] of Object.entries(spec.packageManagers)) {
        if (source === 'package-manager') {
          copyFileSync(join(standInFiles, source), join(rootfs, 'usr/bin', name));
          chmodSync(join(rootfs, 'usr/bin', name), 0o755);
        } else {
          symlinkSync(source, join(rootfs, 'usr/bin', name));
        }
      }
      for (const [pkg, files] of Object.entries(standInRepository)) {
        for (const [path, content] of Object.entries(files)) {
          const target = join(rootfs, 'usr/share/azl-test/repo', pkg, path);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, content.file ? readFileSync(join(standInFiles, content.file)) : content.text);
          chmodSync(target, 0o755);
        }
      }
      await importRootfs(socket, rootfs, ref, ['CMD ["/bin/sh"]']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return refs;
}
