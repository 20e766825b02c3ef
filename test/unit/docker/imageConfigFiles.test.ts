import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileNameWhenRegex, mightBeImageConfigByName, mightHoldImageConfig } from '../../../src/environmentFromConfig/configFiles';
import { defaultRecognitionPatterns } from '../../../src/language/core';

interface Manifest {
  contributes: {
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as Manifest;
const settingDefault = manifest.contributes.configuration.properties['azureLinux.languages.imageFilePatterns']!.default as string[];

describe('Open Local Environment from Image Config on files not yet opened', () => {
  it("the explorer and editor title `when` clauses match file names by the setting's default patterns, kept in step with them", () => {
    assert.deepEqual(settingDefault, [...defaultRecognitionPatterns.image], "the setting's default is the engine's");
    const source = fileNameWhenRegex(settingDefault);
    for (const [menu, command] of ['explorer/context', 'editor/title'].flatMap((menu) =>
      ['openFromImageConfig', 'exportDockerfile'].map((command) => [menu, command] as const),
    )) {
      const when = manifest.contributes.menus[menu]!.find((entry) => entry.command === `azureLinux.containers.${command}`)?.when ?? '';
      assert.ok(when.includes(`resourceFilename =~ /${source}/i`), `${menu} ${command}: ${when}`);
      assert.match(
        when,
        /resourcePath in azureLinux\.imageConfigPaths/,
        `${menu} still offers it on configs recognised by content or custom patterns`,
      );
    }
    const regex = new RegExp(source.replace(/\\\//g, '/'), 'i');
    for (const name of ['image.azl.yaml', 'web.AZL.yml', 'imagecustomizer.yaml', 'ImageCustomizer-prod.yml'])
      assert.ok(regex.test(name), name);
    for (const name of ['image.yaml', 'azl.yaml.bak', 'x.nodepool.yaml', 'my-imagecustomizer.yaml']) assert.ok(!regex.test(name), name);
  });

  it('leaves patterns with a folder to the search and escapes what a `when` regex cannot hold', () => {
    assert.equal(fileNameWhenRegex(['configs/*.yaml', 'a?.yml']), '^(?:a[^\\/]\\.yml)$');
  });

  it('the palette search reads only files that might hold a config, and parses only texts that name an image-config key', () => {
    assert.equal(mightBeImageConfigByName('image.yaml'), true);
    assert.equal(mightBeImageConfigByName('config.json'), true);
    for (const name of [
      'package.json',
      'package-lock.json',
      'tsconfig.build.json',
      'docker-compose.yml',
      'pool.nodepool.yaml',
      'README.md',
      'image.yaml.orig',
    ]) {
      assert.equal(mightBeImageConfigByName(name), false, name);
    }
    assert.equal(mightHoldImageConfig('os:\n  hostname: x\n'), true);
    assert.equal(mightHoldImageConfig('---\nstorage:\n  disks: []\n'), true);
    assert.equal(mightHoldImageConfig('{"os":{"hostname":"x"}}'), true, 'minified JSON');
    assert.equal(mightHoldImageConfig('{\n  "scripts": {}\n}'), true);
    assert.equal(mightHoldImageConfig('apiVersion: v1\nkind: Pod\nmetadata:\n  name: os\n'), false);
    assert.equal(mightHoldImageConfig('services:\n  web:\n    image: nginx\n'), false);
  });
});
