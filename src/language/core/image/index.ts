import type { ConfigFormat, MapNode, Schema, SyntaxDocument } from '../types';
import { fileReferences } from './references';
import { imageRules } from './rules';
import { imageDocsUrl, imageSchema, TOP_LEVEL_KEYS } from './schema';

/** Keys that mark a document as an image config; each must hold a value of its own shape. */
const MARKERS: Readonly<Record<string, 'map' | 'seq'>> = {
  os: 'map',
  storage: 'map',
  input: 'map',
  output: 'map',
  scripts: 'map',
  iso: 'map',
  pxe: 'map',
  acl: 'map',
  previewFeatures: 'seq',
};

const LIST_KEYS = new Set(['previewFeatures', 'baseConfigs']);

/**
 * A section's own keys are mostly the format's: at least one known key, and no more unknown keys than known ones.
 * (Helm values and other YAML reuse words like `storage` and `output`, with keys of their own below them.)
 */
function sectionLooksRight(section: MapNode, schema: Schema | undefined): boolean {
  const known = schema?.type === 'object' ? schema.properties : undefined;
  if (!known) return false;
  if (section.entries.length === 0) return true;
  let good = 0;
  let bad = 0;
  for (const entry of section.entries) {
    const key = entry.key.value;
    if (typeof key === 'string' && Object.hasOwn(known, key)) good++;
    else bad++;
  }
  return good > 0 && bad <= good;
}

/**
 * An image config by content: only upstream's top-level keys, at least one section that marks it, and every
 * section of the right shape. Kubernetes manifests, compose files, ARM templates and CI files all have keys of
 * their own (`apiVersion`, `services`, `resources`, `language`...), so they never match.
 */
function recognizes(document: SyntaxDocument): boolean {
  const root = document.root;
  if (root?.kind !== 'map' || root.entries.length === 0) return false;
  let marked = false;
  for (const entry of root.entries) {
    const key = entry.key.value;
    if (typeof key !== 'string' || !TOP_LEVEL_KEYS.has(key)) return false;
    const value = entry.value;
    if (!value || (value.kind === 'scalar' && value.value === null)) continue;
    const expected = LIST_KEYS.has(key) ? 'seq' : 'map';
    if (value.kind !== expected) return false;
    if (value.kind === 'map' && !sectionLooksRight(value, imageSchema.properties[key])) return false;
    if (MARKERS[key] === value.kind) marked = true;
  }
  return marked;
}

export const imageFormat: ConfigFormat = {
  kind: 'image',
  recognizes,
  anchors: (document) => (document.root ? [{ node: document.root, schema: imageSchema }] : []),
  rules: imageRules,
  fileReferences,
  docsUrl: imageDocsUrl,
};

export { imageSchema } from './schema';
export { PREVIEW_FEATURE_DOCS } from './previewFeatures';
