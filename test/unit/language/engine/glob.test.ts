import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globBase, globToRegExp, isGlob, matchesGlob } from '../../../../src/language/core/glob';

/*
 * The semantics the recognition patterns (azureLinux.languages.*FilePatterns) and azl-lint's globs rely on, now that
 * picomatch does the matching: the hand-written matcher's behaviour where configs depend on it, and VS Code's glob
 * syntax ({a,b}) besides.
 */
describe('globs (picomatch)', () => {
  it('lets * and ** match names that start with a dot, as the old matcher did', () => {
    assert.equal(matchesGlob('.hidden.azl.yaml', '*.azl.yaml'), true);
    assert.equal(matchesGlob('.github/configs/a.azl.yaml', '**/*.azl.yaml'), true);
    assert.equal(matchesGlob('a/.b/c.yaml', 'a/**'), true);
  });

  it('keeps * and ? inside one path segment, and ** inside a segment as *', () => {
    assert.equal(matchesGlob('a/b.yaml', '*.yaml'), false);
    assert.equal(matchesGlob('a/b.yml', 'a?b.yml'), false);
    assert.equal(matchesGlob('axxb', 'a**b'), true);
    assert.equal(matchesGlob('ax/xb', 'a**b'), false);
    assert.equal(matchesGlob('a/b', 'a/**/b'), true, '**/ matches zero segments');
  });

  it('matches classes, negated with ! or ^, and case-insensitively when asked', () => {
    assert.equal(matchesGlob('b1.yaml', '[a-c][0-9].yaml'), true);
    assert.equal(matchesGlob('a.yaml', '[!a].yaml'), false);
    assert.equal(matchesGlob('b.yaml', '[!a].yaml'), true);
    assert.equal(matchesGlob('b.yaml', '[^a].yaml'), true);
    assert.equal(matchesGlob('/', '[!a]'), false, 'a negated class never matches the separator');
    assert.equal(matchesGlob('Image.AZL.yaml', '*.azl.yaml'), false);
    assert.equal(matchesGlob('Image.AZL.yaml', '*.azl.yaml', { caseInsensitive: true }), true);
    assert.equal(globToRegExp('*.AZL.yaml', { caseInsensitive: true }).test('x.azl.YAML'), true);
  });

  it('reads a leading !, parentheses and other regex characters as plain text', () => {
    assert.equal(matchesGlob('!x.yaml', '!x.yaml'), true);
    assert.equal(matchesGlob('y.yaml', '!x.yaml'), false, 'not a negated pattern');
    assert.equal(matchesGlob('a(b).yaml', 'a(b).yaml'), true);
    assert.equal(matchesGlob('a+b$.yaml', 'a+b$.yaml'), true);
    assert.equal(matchesGlob('a[b', 'a[b'), true, 'an unclosed [ is literal');
    assert.equal(matchesGlob('axyaml', 'a.yaml'), false, 'a dot is a dot');
  });

  it('matches {a,b} alternatives, as VS Code globs do', () => {
    assert.equal(matchesGlob('pool.nodepool.json', '*.nodepool.{yaml,json}'), true);
    assert.equal(matchesGlob('pool.nodepool.toml', '*.nodepool.{yaml,json}'), false);
  });

  it('tells globs from paths and finds where a walk for one starts', () => {
    assert.equal(isGlob('configs/a.yaml'), false);
    assert.equal(isGlob('configs/*.yaml'), true);
    assert.equal(isGlob('configs/[ab].yaml'), true);
    assert.equal(isGlob('configs/{a,b}.yaml'), true);
    assert.equal(globBase('/abs/configs/**/*.yaml'), '/abs/configs');
    assert.equal(globBase('/*.yaml'), '/');
    assert.equal(globBase('../up/*.yaml'), '../up');
    assert.equal(globBase('a/b.yaml'), 'a');
  });
});
