import { asMap, asScalar, valueOf } from '../syntax';
import type { FileReference, MapNode, ScalarNode, SyntaxDocument, SyntaxNode } from '../types';
import { mapAt, mapItems, scalarItems } from './model';

function reference(node: SyntaxNode | undefined, kind: FileReference['kind'], read = false): FileReference[] {
  const scalar = asScalar(node);
  if (!scalar || typeof scalar.value !== 'string' || scalar.value.trim() === '') return [];
  return [{ node: scalar as ScalarNode, path: scalar.value, kind, ...(read ? { read } : {}) }];
}

function listReferences(node: SyntaxNode | undefined, kind: FileReference['kind']): FileReference[] {
  return scalarItems(node).flatMap((item) => reference(item, kind));
}

/** Inputs the build reads: each must exist (relative paths from the config's folder). */
export function inputFileReferences(document: SyntaxDocument): FileReference[] {
  const root = asMap(document.root);
  if (!root) return [];
  const result: FileReference[] = [];
  const os = mapAt(root, 'os');
  const packages = mapAt(os, 'packages');

  result.push(...reference(valueOf(mapAt(root, 'input', 'image'), 'path'), 'file'));
  for (const { map } of mapItems(valueOf(root, 'baseConfigs'))) result.push(...reference(valueOf(map, 'path'), 'file', true));
  for (const section of [os, mapAt(root, 'iso'), mapAt(root, 'pxe')]) {
    for (const { map } of mapItems(valueOf(section, 'additionalFiles'))) result.push(...reference(valueOf(map, 'source'), 'file'));
  }
  for (const { map } of mapItems(valueOf(os, 'additionalDirs'))) result.push(...reference(valueOf(map, 'source'), 'directory'));
  for (const key of ['installLists', 'removeLists', 'updateLists']) result.push(...listReferences(valueOf(packages, key), 'file'));
  for (const { map } of mapItems(valueOf(os, 'users'))) {
    result.push(...listReferences(valueOf(map, 'sshPublicKeyPaths'), 'file'));
    result.push(...passwordFile(mapAt(map, 'password')));
  }
  const scripts = mapAt(root, 'scripts');
  for (const phase of ['postCustomization', 'finalizeCustomization']) {
    for (const { map } of mapItems(valueOf(scripts, phase))) result.push(...reference(valueOf(map, 'path'), 'file'));
  }
  return result;
}

function passwordFile(password: MapNode | undefined): FileReference[] {
  const type = asScalar(valueOf(password, 'type'))?.value;
  return type === 'plain-text-file' || type === 'hashed-file' ? reference(valueOf(password, 'value'), 'file') : [];
}

/** The package list files (`installLists`, `removeLists`, `updateLists`): read on every run, validate-config too. */
export function packageListReferences(document: SyntaxDocument): FileReference[] {
  const packages = mapAt(asMap(document.root), 'os', 'packages');
  return ['installLists', 'removeLists', 'updateLists'].flatMap((key) => listReferences(valueOf(packages, key), 'file'));
}

/** Every path the config names, for links: the inputs, and where the build writes its outputs. */
export function fileReferences(document: SyntaxDocument): FileReference[] {
  const root = asMap(document.root);
  if (!root) return [];
  const output = mapAt(root, 'output');
  return [
    ...inputFileReferences(document),
    ...reference(valueOf(mapAt(output, 'image'), 'path'), 'file'),
    ...reference(valueOf(mapAt(output, 'artifacts'), 'path'), 'directory'),
    ...reference(valueOf(output, 'selinuxPolicyPath'), 'directory'),
  ];
}
