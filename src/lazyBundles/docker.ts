// Bundled on its own as dist/lazy/docker.js and loaded on first use (see util/lazyPackages.ts).
import Dockerode from 'dockerode';

export { Dockerode };
