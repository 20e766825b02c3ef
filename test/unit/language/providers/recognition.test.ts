import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultRecognitionPatterns } from '../../../../src/language/core/detect';
import {
  excludeGlob,
  kindFromPatterns,
  matchesAnyPattern,
  patternList,
  requestedKind,
  toWorkspaceGlob,
  workspaceGlobs,
} from '../../../../src/language/providers/core/recognition';

describe('which documents the editor checks', () => {
  it('checks our language as an image config and the host languages by recognition', () => {
    assert.equal(requestedKind('azurelinux-image', 'file'), 'image');
    assert.equal(requestedKind('yaml', 'file'), 'auto');
    assert.equal(requestedKind('json', 'untitled'), 'auto');
    assert.equal(requestedKind('jsonc', 'vscode-vfs'), 'auto');
    assert.equal(requestedKind('arm-template', 'file'), 'auto');
  });

  it('leaves other languages and non-editor documents alone', () => {
    assert.equal(requestedKind('typescript', 'file'), undefined);
    assert.equal(requestedKind('dockercompose', 'file'), undefined);
    assert.equal(requestedKind('yaml', 'git'), undefined);
    assert.equal(requestedKind('json', 'output'), undefined);
  });
});

describe('recognition pattern settings', () => {
  it('keeps trimmed non-empty strings and falls back when the setting is not a list', () => {
    assert.deepEqual(patternList([' *.img.yaml ', '', 3, null, 'a/**/*.yaml'], ['x']), ['*.img.yaml', 'a/**/*.yaml']);
    assert.deepEqual(patternList('*.azl.yaml', ['fallback']), ['fallback']);
    assert.deepEqual(patternList(undefined, defaultRecognitionPatterns.image), defaultRecognitionPatterns.image);
    assert.deepEqual(patternList([], ['fallback']), [], 'an empty list switches name recognition off');
  });

  it('matches bare globs against the file name and globs with a slash against the relative path', () => {
    assert.equal(matchesAnyPattern('images/prod/web.azl.yaml', ['*.azl.yaml']), true);
    assert.equal(matchesAnyPattern('images/prod/Web.AZL.yaml', ['*.azl.yaml']), true, 'case-insensitive like the engine');
    assert.equal(matchesAnyPattern('images/prod/web.yaml', ['*.azl.yaml']), false);
    assert.equal(matchesAnyPattern('images/prod/web.yaml', ['images/**/*.yaml']), true);
    assert.equal(matchesAnyPattern('other/web.yaml', ['images/**/*.yaml']), false);
    assert.equal(matchesAnyPattern('images\\web.yaml', ['./images/*.yaml']), true, 'Windows separators and ./ prefixes');
  });

  it('gives the kind by pattern, image first', () => {
    const patterns = { image: ['*.azl.yaml', 'build/*.yaml'], nodepool: ['*.nodepool.json', 'build/*.yaml'] };
    assert.equal(kindFromPatterns('a/b.azl.yaml', patterns), 'image');
    assert.equal(kindFromPatterns('pools/x.nodepool.json', patterns), 'nodepool');
    assert.equal(kindFromPatterns('build/both.yaml', patterns), 'image');
    assert.equal(kindFromPatterns('k8s/deployment.yaml', patterns), undefined);
    assert.equal(kindFromPatterns(undefined, patterns), undefined);
  });

  it('turns the patterns into workspace globs for findFiles', () => {
    assert.equal(toWorkspaceGlob('*.azl.yaml'), '**/*.azl.yaml');
    assert.equal(toWorkspaceGlob('images/*.yaml'), 'images/*.yaml');
    assert.equal(toWorkspaceGlob('./images/*.yaml'), 'images/*.yaml');
    assert.equal(toWorkspaceGlob('/abs/*.yaml'), 'abs/*.yaml');
    assert.deepEqual(workspaceGlobs(['*.azl.yaml', '**/*.azl.yaml', 'x/*.json']), ['**/*.azl.yaml', 'x/*.json']);
    assert.match(excludeGlob(), /node_modules/);
  });
});

describe('the language settings in package.json', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
  const properties = manifest.contributes.configuration.properties;

  it("default to the engine's recognition patterns, per resource, described in markdown", () => {
    assert.deepEqual(properties['azureLinux.languages.imageFilePatterns'].default, defaultRecognitionPatterns.image);
    assert.deepEqual(properties['azureLinux.languages.nodePoolFilePatterns'].default, defaultRecognitionPatterns.nodepool);
    for (const name of [
      'azureLinux.languages.imageFilePatterns',
      'azureLinux.languages.nodePoolFilePatterns',
      'azureLinux.languages.validation.enable',
    ]) {
      assert.equal(properties[name].scope, 'resource', name);
      const description = /^%(.+)%$/.exec(properties[name].markdownDescription)?.[1];
      assert.ok(description && nls[description], `${name} has a localized markdownDescription`);
    }
    assert.equal(properties['azureLinux.languages.validation.enable'].default, true);
  });

  it('contribute the workspace validation command with a localized title', () => {
    const command = manifest.contributes.commands.find(
      (entry: { command: string }) => entry.command === 'azureLinux.validateWorkspaceConfigs',
    );
    assert.equal(nls[/^%(.+)%$/.exec(command.title)![1]], 'Validate All Azure Linux Configs in Workspace');
    assert.equal(command.category, '%command.category%');
  });

  it('activate on the languages whose documents may hold node-pool configs', () => {
    for (const language of ['yaml', 'json', 'jsonc', 'arm-template'])
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
  });
});
