/*
 * Heavy packages load on first use, never during activation. esbuild bundles each module of src/lazyBundles
 * into its own file under dist/lazy/ (see esbuild.mjs), so the extension's own bundle stays small and
 * activation never parses them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
type DockerPackages = typeof import('../lazyBundles/docker');
type AzurePackages = typeof import('../lazyBundles/azure');

let docker: DockerPackages | undefined;
let azure: AzurePackages | undefined;

/** Which heavy packages have been loaded so far (the activation test checks none was during activation). */
export function loadedHeavyPackages(): string[] {
  return [docker && 'docker', azure && 'azure'].filter((name): name is string => Boolean(name));
}

export function dockerPackages(): DockerPackages {
  return (docker ??= require('../lazyBundles/docker') as DockerPackages);
}

export function azurePackages(): AzurePackages {
  return (azure ??= require('../lazyBundles/azure') as AzurePackages);
}
