// The Image Customizer stand-in image (test/fakes/imagecustomizer), made in a private engine from busybox: the real
// image cannot be pulled on machines with no internet. See test/fakes/imagecustomizer/README.md for what it follows.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyboxRootfs, engineRequest, importRootfs } from './testImage.mjs';

const standInFolder = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'test', 'fakes', 'imagecustomizer');
/** The name the extension runs with the tag `stand-in` (azureLinux.imageBuilds.imageCustomizerTag). */
export const imageCustomizerStandIn = 'mcr.microsoft.com/azurelinux/imagecustomizer:stand-in';
/** The same image under a test name. */
export const imageCustomizerStandInTestName = 'azl-test/imagecustomizer:stand-in';

/**
 * busybox, the stand-in tool at /usr/local/bin/imagecustomizer with formats.awk, and upstream's ENTRYPOINT path.
 * Made again when the stand-in's files change (their hash is a label).
 */
export async function ensureImageCustomizerStandIn(socket) {
  const files = ['imagecustomizer', 'formats.awk', 'entrypoint.sh'];
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(join(standInFolder, file)));
  const digest = hash.digest('hex').slice(0, 16);
  const label = 'dev.azurelinux.test.stand-in';
  const existing = await engineRequest(socket, 'GET', `/images/${encodeURIComponent(imageCustomizerStandIn)}/json`);
  const current = existing.status === 200 && JSON.parse(existing.body).Config?.Labels?.[label] === digest;
  if (!current) {
    const work = mkdtempSync(join(tmpdir(), 'azl-imagecustomizer-'));
    try {
      const rootfs = join(work, 'rootfs');
      busyboxRootfs(rootfs);
      mkdirSync(join(rootfs, 'usr/local/bin'), { recursive: true });
      mkdirSync(join(rootfs, 'usr/lib/imagecustomizer'), { recursive: true });
      copyFileSync(join(standInFolder, 'imagecustomizer'), join(rootfs, 'usr/local/bin/imagecustomizer'));
      copyFileSync(join(standInFolder, 'formats.awk'), join(rootfs, 'usr/lib/imagecustomizer/formats.awk'));
      copyFileSync(join(standInFolder, 'entrypoint.sh'), join(rootfs, 'usr/lib/imagecustomizer/entrypoint.sh'));
      chmodSync(join(rootfs, 'usr/local/bin/imagecustomizer'), 0o755);
      chmodSync(join(rootfs, 'usr/lib/imagecustomizer/entrypoint.sh'), 0o755);
      await importRootfs(socket, rootfs, imageCustomizerStandIn, [
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'ENTRYPOINT ["/usr/lib/imagecustomizer/entrypoint.sh"]',
        `LABEL ${label}=${digest}`,
      ]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const [repo, tag] = imageCustomizerStandInTestName.split(':');
  const tagged = await engineRequest(
    socket,
    'POST',
    `/images/${encodeURIComponent(imageCustomizerStandIn)}/tag?repo=${encodeURIComponent(repo)}&tag=${tag}`,
  );
  if (tagged.status !== 201) throw new Error(`Tagging ${imageCustomizerStandInTestName} failed (${tagged.status}): ${tagged.body}`);
}
