import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

/*
 * vscode-textmate is not a dependency, so this checks the grammar's structure, that every regex compiles
 * in JavaScript (ours use no Oniguruma-only syntax), and replays the begin/while/end rules for the script
 * blocks line by line the way TextMate applies them. The integration test checks real tokens in VS Code.
 */

type Rule = {
  begin?: string;
  end?: string;
  while?: string;
  match?: string;
  name?: string;
  contentName?: string;
  patterns?: { include: string }[];
};
interface Grammar {
  scopeName: string;
  patterns: { include: string }[];
  injections: Record<string, { patterns: { include: string }[] }>;
  repository: Record<string, Rule>;
}

const grammar: Grammar = JSON.parse(readFileSync('syntaxes/azurelinux-image.tmLanguage.json', 'utf8'));
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

function regex(source: string | undefined, backreferences: string[] = []): RegExp {
  assert.ok(source, 'rule has the regex');
  // TextMate substitutes the begin captures into \1..\9 of an end/while pattern, escaped.
  const substituted = source.replace(/\\(\d)/g, (_, n: string) => (backreferences[Number(n)] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(substituted);
}

/** Which lines end up as embedded shell, applying the scripts region and the two content rules like TextMate. */
function shellLines(text: string): number[] {
  const rules = grammar.repository;
  const lines = text.split('\n');
  const shell: number[] = [];
  let inScripts = false;
  let block: { end: RegExp } | undefined;
  lines.forEach((line, number) => {
    if (inScripts && !regex(rules['scripts-section'].while).test(line)) {
      inScripts = false;
      block = undefined;
    }
    if (block) {
      if (block.end.test(line)) block = undefined;
      else {
        shell.push(number);
        return;
      }
    }
    if (!inScripts) {
      inScripts = regex(rules['scripts-section'].begin).test(line);
      return;
    }
    for (const name of ['script-content-first-in-item', 'script-content']) {
      const match = regex(rules[name].begin).exec(line);
      if (match) {
        block = { end: regex(rules[name].end, [...match]) };
        break;
      }
    }
  });
  return shell;
}

describe('the azurelinux-image grammar', () => {
  it('is YAML with injected rules, and every regex compiles', () => {
    assert.equal(grammar.scopeName, 'source.azurelinux-image');
    assert.deepEqual(grammar.patterns, [{ include: 'source.yaml' }]);
    for (const injection of Object.values(grammar.injections)) {
      for (const { include } of injection.patterns) assert.ok(grammar.repository[include.slice(1)], `${include} exists`);
    }
    for (const [name, rule] of Object.entries(grammar.repository)) {
      for (const key of ['begin', 'end', 'while', 'match'] as const) {
        if (rule[key]) assert.doesNotThrow(() => new RegExp(rule[key]!.replace(/\\\d/g, 'x')), `${name}.${key}`);
      }
    }
    assert.equal(grammar.repository['script-content'].contentName, 'meta.embedded.block.shellscript source.shell');
  });

  it('is contributed with the language, its icon and configuration; snippets come from completion, not a snippets file', () => {
    const language = manifest.contributes.languages.find((entry: { id: string }) => entry.id === 'azurelinux-image');
    assert.ok(language);
    assert.deepEqual(language.filenamePatterns, ['*.azl.yaml', '*.azl.yml', 'imagecustomizer*.yaml', 'imagecustomizer*.yml']);
    assert.ok(language.aliases.includes('Azure Linux Image Config'));
    for (const file of [language.configuration, language.icon.light, language.icon.dark]) assert.ok(existsSync(file), file);
    const configuration = JSON.parse(readFileSync(language.configuration, 'utf8'));
    assert.equal(configuration.comments.lineComment, '#');
    assert.equal(configuration.folding.offSide, true, 'folds by indentation like YAML');
    const contributed = manifest.contributes.grammars.find((entry: { language?: string }) => entry.language === 'azurelinux-image');
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.equal(contributed.path.replace(/^\.\//, ''), 'syntaxes/azurelinux-image.tmLanguage.json');
    assert.equal(contributed.embeddedLanguages['meta.embedded.block.shellscript'], 'shellscript');
    // A snippets file is offered everywhere (inside os:, at values); completion offers them where a document starts.
    assert.equal(manifest.contributes.snippets, undefined);
  });

  it('highlights script content blocks under scripts as shell, and nothing else', () => {
    const text = [
      'os:', //                                   0
      '  additionalFiles:', //                    1
      '    - content: |', //                      2
      '        not a script', //                  3
      '      destination: /etc/x', //             4
      'scripts:', //                              5
      '  postCustomization:', //                  6
      '    - content: |', //                      7
      '        echo "hello $USER"', //            8
      '', //                                      9
      '        rm -f /tmp/x', //                  10
      '      name: first', //                     11
      '    - name: second', //                    12
      '      content: |-', //                     13
      '        systemctl enable sshd', //         14
      '      interpreter: /bin/bash', //          15
      '  finalizeCustomization:', //              16
      '  - content: |', //                        17
      '      echo done', //                       18
      '  - path: scripts/x.sh', //                19
      'output:', //                               20
      '  image:', //                              21
      '    content: |', //                        22
      '      not a script either', //             23
    ].join('\n');
    assert.deepEqual(shellLines(text), [8, 9, 10, 14, 18]);
  });
});
