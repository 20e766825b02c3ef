import type { Rule } from '../../types';
import { baseConfigsRule, removePackageManagerFormat, storageInOneConfig } from './baseConfigs';
import { bootloaderResetRequired, ukiModeIncompatible } from './bootloader';
import { fileSystemEntries } from './filesystems';
import { additionalFileSource, missingFile, permissionDigits, scriptSource } from './files';
import { hostname, kernelModules, overlays, passwordValue } from './os';
import { diskLayout, partitionFields } from './partitions';
import {
  btrfsSettings,
  debugPasswordTypes,
  diskSizeAlignment,
  ociReference,
  partitionTypeMountPath,
  verityHashSignaturePath,
} from './pinned';
import { previewFeatureRequired, unknownPreviewFeature } from './preview';
import { inputImageSource, outputArtifacts, pxeBootstrap, snapshotTime } from './sections';
import { bootPartitions, deviceTree, storageSections, verityItems, verityMounts } from './storage';

/** The rules that check one config (with its base-config chain in view). */
const configRules: readonly Rule[] = [
  storageSections,
  partitionFields,
  diskLayout,
  deviceTree,
  bootPartitions,
  fileSystemEntries,
  verityItems,
  verityMounts,
  bootloaderResetRequired,
  ukiModeIncompatible,
  previewFeatureRequired,
  unknownPreviewFeature,
  inputImageSource,
  hostname,
  passwordValue,
  kernelModules,
  overlays,
  additionalFileSource,
  scriptSource,
  permissionDigits,
  pxeBootstrap,
  outputArtifacts,
  snapshotTime,
  missingFile,
  diskSizeAlignment,
  btrfsSettings,
  verityHashSignaturePath,
  ociReference,
  debugPasswordTypes,
  partitionTypeMountPath,
  storageInOneConfig,
  removePackageManagerFormat,
];

export const imageRules: readonly Rule[] = [...configRules, baseConfigsRule(configRules)];
