/*
 * What a build needs to know from the config itself: the base it names (`input.image`) and the output it asks for
 * (`output.image`), read as upstream's decoder reads them (docs/imagecustomizer/api/configuration/inputImage.md,
 * outputImage.md). Only the config's own text: a base named in `baseConfigs` is left to Image Customizer.
 */
import { parseConfig } from '../../language/core/parse';
import { field, has, mapAt } from '../../language/core/image/model';
import { isDiskImageFormat, type DiskImageFormat } from './commandLine';

export type ConfigBase =
  /** `input.image.path`: a file, relative to the config's folder. */
  | { readonly kind: 'path'; readonly path: string }
  /** `input.image.oci` or `input.image.azureLinux`: Image Customizer downloads it (preview `input-image-oci`). */
  | { readonly kind: 'download'; readonly description: string };

export interface ConfigBuildInputs {
  readonly base?: ConfigBase;
  /** `output.image.format` when it is a disk-image format a build writes. */
  readonly format?: DiskImageFormat;
  /** `output.image.format` as written, when it names another kind of output (iso, pxe-dir, cosi...). */
  readonly otherFormat?: string;
  /** `output.image.path` as written. */
  readonly outputPath?: string;
}

export function configBuildInputs(text: string, fileName?: string): ConfigBuildInputs {
  const root = parseConfig(text, fileName).documents[0]?.root;
  const context = { text };
  const input = mapAt(root, 'input', 'image');
  const output = mapAt(root, 'output', 'image');
  let base: ConfigBase | undefined;
  const inputPath = field(context, input, 'path');
  if (inputPath) base = { kind: 'path', path: inputPath };
  else if (has(input, 'oci')) base = { kind: 'download', description: `oci:${field(context, mapAt(input, 'oci'), 'uri')}` };
  else if (has(input, 'azureLinux')) {
    const azureLinux = mapAt(input, 'azureLinux');
    base = {
      kind: 'download',
      description: `azurelinux:${field(context, azureLinux, 'variant')}:${field(context, azureLinux, 'version')}`,
    };
  }
  const formatText = field(context, output, 'format');
  const outputPath = field(context, output, 'path') || undefined;
  return {
    base,
    format: isDiskImageFormat(formatText) ? formatText : undefined,
    otherFormat: formatText && !isDiskImageFormat(formatText) ? formatText : undefined,
    outputPath,
  };
}
