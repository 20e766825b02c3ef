/*
 * Where a build's output goes and what it is called. Pure: the caller looks at the disk.
 */
import * as path from 'node:path';
import type { DiskImageFormat } from './commandLine';

/** The file name extension of each format (`vhd-fixed` is a VHD file too). */
export function extensionOf(format: DiskImageFormat): string {
  return format === 'vhd-fixed' ? 'vhd' : format;
}

/** `image.azl.yaml` → `image`; `imagecustomizer-web.yml` → `imagecustomizer-web`. */
export function configStem(configPath: string): string {
  const name = path
    .basename(configPath)
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/\.azl$/i, '');
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'image';
}

/**
 * The output file: the config's `output.image.path` when it names one (relative to the config's folder, as upstream
 * resolves it), else `out/<config>.<ext>` beside the config (the quick-start writes to `$HOME/staging/out`).
 */
export function outputPathFor(configPath: string, format: DiskImageFormat, configOutputPath?: string): string {
  const configFolder = path.dirname(configPath);
  if (configOutputPath?.trim()) return path.resolve(configFolder, configOutputPath.trim());
  return path.join(configFolder, 'out', `${configStem(configPath)}.${extensionOf(format)}`);
}

/** The staging folder of one build, beside the output, so the finished file moves into place without a copy. */
export function stagingFolderFor(outputPath: string, buildId: string): string {
  return path.join(path.dirname(outputPath), `.azl-build-${buildId}`);
}

/** A path named by a config (`input.image.path`), resolved as upstream does: relative to the config's folder. */
export function resolveFromConfig(configPath: string, named: string): string {
  return path.resolve(path.dirname(configPath), named);
}
