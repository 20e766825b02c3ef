import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../../../src/language/core/index';
import type { FileAccess } from '../../../../src/language/core/types';
import { boundedFileAccess } from '../../../../src/language/fileAccess';

/** Upstream's own test configs (see test/fixtures/upstream-imagecustomizer/README.md). */
const FOLDER = resolve('test/fixtures/upstream-imagecustomizer');

/**
 * The configs upstream's Go tests expect to fail because of the file itself (not the base image, the build machine
 * or a network), with the error code that says the same thing. Source: the ErrorIs/ErrorContains assertions in
 * toolkit/tools/pkg/imagecustomizerlib/*_test.go at the pinned commit.
 */
const EXPECTED_ERRORS: Readonly<Record<string, string>> = {
  // baseconfigs_test.go: assert.ErrorIs(t, err, ErrStorageMoreThanOne)
  'storage-more-than-one.yaml': 'image/storage-in-several-configs',
  // createimage_test.go: "failed to unmarshal config file" (yaml.v3 returns EOF for an empty file)
  'empty-config.yaml': 'image/empty-config',
};

/** Not image configs: osmodifier's own format, and package lists. */
const NOT_IMAGE_CONFIGS = /^(osmodifier-.*|create-.*-packages)\.yaml$/;

/** The files the configs name, read as azl-lint reads them, inside upstream's testdata folder. */
function diskFiles(filePath: string): FileAccess {
  return boundedFileAccess(filePath, { path: FOLDER, name: 'the fixtures folder' });
}

function configs(): string[] {
  return readdirSync(FOLDER).filter((name) => name.endsWith('.yaml') && !NOT_IMAGE_CONFIGS.test(name));
}

describe("Image Customizer's own test configs", () => {
  it('has the configs to check', () => {
    assert.ok(configs().length > 150, `${configs().length} configs`);
  });

  it('finds no error in the configs upstream builds, and the expected error in the ones it refuses', () => {
    const wrong: string[] = [];
    for (const name of configs()) {
      const filePath = join(FOLDER, name);
      const text = readFileSync(filePath, 'utf8');
      const { problems } = analyze(text, { kind: 'image', fileName: filePath, files: diskFiles(filePath) });
      const codes = problems.filter((problem) => problem.severity === 'error').map((problem) => problem.code);
      const expected = EXPECTED_ERRORS[name];
      if (expected === undefined && codes.length) wrong.push(`${name}: unexpected ${codes.join(', ')}`);
      if (expected !== undefined && !codes.includes(expected))
        wrong.push(`${name}: expected ${expected}, got ${codes.join(', ') || 'nothing'}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('recognises them as image configs by content, and leaves package lists and osmodifier files alone when unnamed', () => {
    const unclaimed: string[] = [];
    for (const name of configs()) {
      // `os:` with nothing under it says too little to claim a file by content; by name it is checked (above).
      if (name in EXPECTED_ERRORS || name === 'nochange-config.yaml') continue;
      const text = readFileSync(join(FOLDER, name), 'utf8');
      if (analyze(text, { fileName: 'config.yaml' }).kind !== 'image') unclaimed.push(name);
    }
    assert.deepEqual(unclaimed, []);
    for (const name of readdirSync(join(FOLDER, 'lists'))) {
      const text = readFileSync(join(FOLDER, 'lists', name), 'utf8');
      assert.equal(analyze(text, { fileName: 'list.yaml' }).kind, undefined, name);
    }
  });

  it('reports what upstream only logs as information: partition types mounted elsewhere', () => {
    const filePath = join(FOLDER, 'partitions-bad-types.yaml');
    const { problems } = analyze(readFileSync(filePath, 'utf8'), { kind: 'image', fileName: filePath });
    const infos = problems.filter((problem) => problem.code === 'image/partition-type-mount-path');
    assert.equal(infos.length, 3);
    assert.ok(infos.every((problem) => problem.severity === 'info'));
  });
});
