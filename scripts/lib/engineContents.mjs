// What every private engine of the test bench (docker-engine.mjs, podman-engine.mjs) holds once started, what the
// tests read beside its socket, and the command line both scripts share.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureImageCustomizerStandIn } from './imageCustomizerStandIn.mjs';
import { ensureLayeredImage } from './localRegistry.mjs';
import { ensureReleaseStandIns } from './releaseStandIns.mjs';
import { engineVersionAt, ensureTestImage, testImage } from './testImage.mjs';

/**
 * Makes sure the engine at `runtime.socket` has the test image, the Image Customizer stand-in, the Azure Linux 3.0
 * and 4.0 stand-ins (their names in stand-ins.json) and, in the local `registry`, the layered image (registry.json).
 * Returns { host, socket, version, dir, runtimeDir, image, registry, layeredImage, reused }.
 */
export async function provisionEngine({ runtime, registry, root, reused }) {
  const { socket, runtimeDir, registryFile } = runtime;
  await ensureTestImage(socket);
  await ensureImageCustomizerStandIn(socket);
  writeFileSync(join(runtimeDir, 'stand-ins.json'), `${JSON.stringify(await ensureReleaseStandIns(socket), null, 2)}\n`);
  const layeredImage = await ensureLayeredImage({ socket, registry: registry.address, baseImage: testImage });
  writeFileSync(registryFile, `${JSON.stringify({ address: registry.address, layeredImage }, null, 2)}\n`);
  return {
    host: `unix://${socket}`,
    socket,
    version: await engineVersionAt(socket),
    dir: root,
    runtimeDir,
    image: testImage,
    registry: registry.address,
    layeredImage,
    reused,
  };
}

/** `node scripts/<script> start|stop|version [DIR]` for an engine script (`name` as the start line says it). */
export async function engineCommandLine(name, script, engine) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const started = await engine.start(dir);
    console.log(`${name} ${started.version} ${started.reused ? 'already running' : 'started'}; image ${started.image}`);
    console.log(`Registry ${started.registry} holds ${started.layeredImage}`);
    console.log(`export DOCKER_HOST=${started.host}`);
  } else if (command === 'stop') {
    await engine.stop(dir);
    console.log('stopped');
  } else if (command === 'version') {
    console.log(await engine.engineVersion(dir));
  } else {
    console.error(`usage: node scripts/${script} start|stop|version [DIR]`);
    process.exit(2);
  }
}
