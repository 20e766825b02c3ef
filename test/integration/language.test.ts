import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import type { WorkspaceValidationSummary } from '../../src/commands/language/validateWorkspaceConfigs';
import { extensionId } from './helpers';
import { eventually } from '../helpers/eventually';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'language');
const samples = path.join(repoRoot, 'samples');

/** The few parts of vscode-textmate and vscode-oniguruma the grammar test uses (neither is our dependency). */
interface TextMate {
  INITIAL: unknown;
  parseRawGrammar(content: string, filePath: string): unknown;
  Registry: new (options: {
    onigLib: Promise<{ createOnigScanner(patterns: string[]): unknown; createOnigString(text: string): unknown }>;
    loadGrammar(scopeName: string): Promise<unknown>;
  }) => {
    loadGrammar(
      scopeName: string,
    ): Promise<{ tokenizeLine(line: string, stack: unknown): { tokens: { scopes: string[] }[]; ruleStack: unknown } } | null>;
  };
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'azure-linux');
}

function describe_(diagnostics: vscode.Diagnostic[]): string {
  return (
    diagnostics
      .map(
        (d) =>
          `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${d.message}`,
      )
      .join('\n') || '(none)'
  );
}

/** Resolves once our diagnostics for `uri` satisfy `ready`: checks now, then on every diagnostics change. */
function diagnosticsWhen(
  uri: vscode.Uri,
  ready: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<vscode.Diagnostic[]> {
  return eventually(
    what,
    () => {
      const current = ours(uri);
      return ready(current) && current;
    },
    {
      onChange: (listener) => vscode.languages.onDidChangeDiagnostics(listener),
      describe: () => `on ${uri.toString(true)}; diagnostics now:\n${describe_(ours(uri))}`,
    },
  );
}

function hasCode(code: string) {
  return (diagnostics: vscode.Diagnostic[]) => diagnostics.some((diagnostic) => diagnostic.code === code);
}

function rangeOf(document: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = document.getText().indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `'${needle}' is in ${document.uri.toString(true)}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

async function untitledCopy(fixture: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({
    language: 'azurelinux-image',
    content: fs.readFileSync(path.join(fixtures, fixture), 'utf8'),
  });
  await vscode.window.showTextDocument(document);
  return document;
}

async function closeWithoutSaving(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('config language service', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension<AzureLinuxToolsApi>(extensionId);
    assert.ok(extension);
    const api = await extension.activate();
    assert.ok(api.context.language, 'the language features are registered');
  });

  describe('an image config', () => {
    let document: vscode.TextDocument;

    before(async () => {
      document = await vscode.workspace.openTextDocument(path.join(fixtures, 'broken.azl.yaml'));
    });

    it('opens in the Azure Linux Image Config language', () => {
      assert.equal(document.languageId, 'azurelinux-image');
    });

    it('shows each mistake at its place, with code, severity and source', async () => {
      const diagnostics = await diagnosticsWhen(
        document.uri,
        (d) => hasCode('image/unknown-key')(d) && hasCode('image/invalid-value')(d),
        'the unknown key and the invalid value',
      );
      const unknownKey = diagnostics.find((d) => d.code === 'image/unknown-key')!;
      assert.deepEqual(unknownKey.range, rangeOf(document, 'hostnme'));
      assert.equal(unknownKey.severity, vscode.DiagnosticSeverity.Error);
      assert.match(unknownKey.message, /hostname/);
      const invalidValue = diagnostics.find((d) => d.code === 'image/invalid-value')!;
      assert.deepEqual(invalidValue.range, rangeOf(document, 'enforce'));
      assert.equal(invalidValue.severity, vscode.DiagnosticSeverity.Error);
      assert.match(invalidValue.message, /enforcing/);
      assert.equal(diagnostics.length, 2, describe_(diagnostics));
    });

    it('outlines its sections', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      assert.deepEqual(
        symbols.map((symbol) => symbol.name),
        ['os', 'output'],
      );
      const os = symbols[0];
      assert.deepEqual(
        os.children.map((child) => child.name),
        ['hostnme', 'selinux'],
      );
      assert.ok(os.range.contains(os.selectionRange));
    });
  });

  describe('files a config names', () => {
    // Made at test time in a folder inside the workspace (samples/), and removed after.
    let folder: string;
    let outside: string;
    const secret = 'leaked_secret_value';

    before(() => {
      folder = fs.mkdtempSync(path.join(samples, '.hostile-'));
      outside = fs.mkdtempSync(path.join(os.tmpdir(), 'azl-outside-'));
      fs.writeFileSync(path.join(outside, 'secret.yaml'), `os:\n  hostname: ${secret}\n`);
      fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(folder, 'link.base'));
      execFileSync('mkfifo', [path.join(folder, 'pipe.base')]);
      fs.writeFileSync(path.join(folder, 'big.base'), '');
      fs.truncateSync(path.join(folder, 'big.base'), 50 * 1024 * 1024);
      fs.writeFileSync(path.join(folder, 'inside.base'), 'os:\n  hostname: inside_base\n');
    });

    after(() => {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    });

    it('reads no device, pipe, oversized file or file outside the workspace folder: each is a warning that quotes nothing', async () => {
      const up = path.relative(folder, path.join(outside, 'secret.yaml')).split(path.sep).join('/');
      const config = path.join(folder, 'image.azl.yaml');
      fs.writeFileSync(
        config,
        [
          'previewFeatures: [base-configs]',
          'baseConfigs:',
          '  - path: /dev/zero',
          '  - path: pipe.base',
          '  - path: link.base',
          `  - path: ${up}`,
          '  - path: big.base',
          '  - path: inside.base',
          'os:',
          '  hostname: fine',
          '',
        ].join('\n'),
      );
      const document = await vscode.workspace.openTextDocument(config);
      const notRead = (diagnostics: vscode.Diagnostic[]) => diagnostics.filter((d) => d.code === 'image/file-not-read');
      // The base inside the workspace is read and checked: its bad host name shows on its entry, with the refusals.
      const diagnostics = await diagnosticsWhen(
        document.uri,
        (current) => notRead(current).length === 5 && hasCode('image/base-config')(current),
        'the refused references and the checked base',
      );
      const at = (needle: string) => rangeOf(document, needle);
      assert.deepEqual(
        notRead(diagnostics).map((d) => [d.range.start.line, d.severity, d.message]),
        [
          [
            at('/dev/zero').start.line,
            vscode.DiagnosticSeverity.Warning,
            "The file '/dev/zero' is outside the workspace folder; not read.",
          ],
          [
            at('pipe.base').start.line,
            vscode.DiagnosticSeverity.Warning,
            "The file 'pipe.base' is a named pipe, not a regular file; not read.",
          ],
          [
            at('link.base').start.line,
            vscode.DiagnosticSeverity.Warning,
            "The file 'link.base' is outside the workspace folder; not read.",
          ],
          [at(up).start.line, vscode.DiagnosticSeverity.Warning, `The file '${up}' is outside the workspace folder; not read.`],
          [at('big.base').start.line, vscode.DiagnosticSeverity.Warning, "The file 'big.base' is larger than 4 MiB; not read."],
        ],
        describe_(diagnostics),
      );
      assert.match(diagnostics.find((d) => d.code === 'image/base-config')!.message, /inside_base/);
      assert.ok(!diagnostics.some((d) => d.message.includes(secret)), 'nothing from the file outside is quoted');
      await closeWithoutSaving(document);
    });
  });

  describe('the validation setting', () => {
    const settings = () => vscode.workspace.getConfiguration('azureLinux.languages');

    after(async () => {
      await settings().update('validation.enable', undefined, vscode.ConfigurationTarget.Global);
    });

    it('clears the diagnostics when switched off and brings them back when switched on', async () => {
      const document = await vscode.workspace.openTextDocument(path.join(fixtures, 'broken.azl.yaml'));
      await diagnosticsWhen(document.uri, hasCode('image/unknown-key'), 'the diagnostics');
      await settings().update('validation.enable', false, vscode.ConfigurationTarget.Global);
      await diagnosticsWhen(document.uri, (d) => d.length === 0, 'no diagnostics with validation off');
      await settings().update('validation.enable', true, vscode.ConfigurationTarget.Global);
      await diagnosticsWhen(document.uri, hasCode('image/unknown-key'), 'the diagnostics back');
    });
  });

  describe('completion, hover and outline on a sample', () => {
    let document: vscode.TextDocument;

    before(async () => {
      document = await vscode.workspace.openTextDocument(path.join(samples, 'images', 'efi-vm.azl.yaml'));
    });

    it('completes the allowed values of a key', async () => {
      const position = rangeOf(document, 'enforcing').start;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        position,
      );
      const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      for (const mode of ['disabled', 'enforcing', 'permissive', 'force-enforcing'])
        assert.ok(labels.includes(mode), `${mode} in ${labels.join(', ')}`);
    });

    it('completes keys where a key goes, and says which need a preview feature', async () => {
      const untitled = await vscode.workspace.openTextDocument({ language: 'azurelinux-image', content: 'os:\n  \n' });
      try {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          untitled.uri,
          new vscode.Position(1, 2),
        );
        const byLabel = new Map(list.items.map((item) => [typeof item.label === 'string' ? item.label : item.label.label, item]));
        for (const key of ['hostname', 'packages', 'users', 'bootloader']) assert.ok(byLabel.has(key), `${key} offered`);
        const hostname = byLabel.get('hostname')!.documentation;
        assert.ok(hostname instanceof vscode.MarkdownString && /host name/i.test(hostname.value), 'documentation as markdown');
        const uki = byLabel.get('uki');
        assert.ok(uki, 'os.uki is offered');
        assert.match(String(uki.detail), /preview/i);
      } finally {
        await closeWithoutSaving(untitled);
      }
    });

    it('explains a key on hover', async () => {
      const key = rangeOf(document, 'bootType');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        key.start.translate(0, 2),
      );
      assert.ok(hovers.length > 0, 'a hover');
      const text = hovers
        .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
        .join('\n');
      assert.match(text, /efi/);
      assert.ok(
        hovers.some((hover) => hover.range?.contains(key)),
        'the hover covers the key',
      );
    });

    it('outlines the sample with its sections and nested keys', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      assert.deepEqual(
        symbols.map((symbol) => symbol.name),
        ['storage', 'os', 'scripts', 'output'],
      );
      const storage = symbols[0];
      assert.deepEqual(
        storage.children.map((child) => child.name),
        ['bootType', 'disks', 'filesystems'],
      );
    });

    it('links referenced files', async () => {
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
      const targets = links.map((link) => link.target?.fsPath);
      assert.ok(targets.includes(path.join(samples, 'images', 'files', 'motd')), targets.join(', '));
      assert.ok(targets.includes(path.join(samples, 'images', 'scripts', 'harden.sh')), targets.join(', '));
    });
  });

  describe('quick fixes', () => {
    it('replaces an invalid value with the closest allowed one, and the diagnostic goes', async () => {
      const document = await untitledCopy('broken.azl.yaml');
      try {
        await diagnosticsWhen(document.uri, hasCode('image/invalid-value'), 'the invalid value');
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          rangeOf(document, 'enforce'),
          vscode.CodeActionKind.QuickFix.value,
        );
        const fix = actions.find((action) => action.title.includes("'enforcing'"));
        assert.ok(fix?.edit, `a fix among: ${actions.map((action) => action.title).join('; ')}`);
        assert.equal(fix.isPreferred, true);
        assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
        const after = await diagnosticsWhen(document.uri, (d) => !hasCode('image/invalid-value')(d), 'the invalid value to be fixed');
        assert.match(document.getText(), /mode: enforcing #/);
        assert.ok(hasCode('image/unknown-key')(after), 'the other problem stays');
      } finally {
        await closeWithoutSaving(document);
      }
    });

    it("adds 'os.bootloader.resetType' when partitions are customized", async () => {
      const document = await untitledCopy('needs-reset.azl.yaml');
      try {
        const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length > 0, 'the missing reset type');
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          diagnostics[0].range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const fix = actions.find((action) => /resetType/.test(action.title));
        assert.ok(fix?.edit, `a fix among: ${actions.map((action) => action.title).join('; ')}`);
        assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
        await diagnosticsWhen(document.uri, (d) => d.length === 0, 'no problem left');
        assert.match(document.getText(), /bootloader:\s*\n\s+resetType: hard-reset/);
      } finally {
        await closeWithoutSaving(document);
      }
    });
  });

  describe('node-pool configs in other languages', () => {
    it('checks a node-pool JSON file and leaves it JSON', async () => {
      const document = await vscode.workspace.openTextDocument(path.join(fixtures, 'broken.nodepool.json'));
      assert.equal(document.languageId, 'json');
      // No apiVersion names a newer API than the schema's: an unknown SKU is an error.
      const diagnostics = await diagnosticsWhen(document.uri, hasCode('nodepool/invalid-value'), 'the unknown OS SKU');
      const sku = diagnostics.find((d) => d.code === 'nodepool/invalid-value')!;
      assert.deepEqual(sku.range, rangeOf(document, '"AzureLinx"'));
      assert.equal(sku.severity, vscode.DiagnosticSeverity.Error);
      assert.match(sku.message, /^Invalid value 'AzureLinx' for properties\.osSKU\. Allowed values: .*'AzureLinux'/);
      assert.equal(document.languageId, 'json', 'still JSON after the check');
    });

    it('leaves a cloud-init file alone', async () => {
      const document = await vscode.workspace.openTextDocument(path.join(samples, 'cloud-init', 'user-data.yaml'));
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      assert.equal(ours(document.uri).length, 0);
      assert.ok(!symbols?.length, 'no Azure Linux outline for a file that is not a config');
    });
  });

  describe('Validate All Azure Linux Configs in Workspace', () => {
    const scratch = path.join(samples, '.integration-scratch');
    const brokenCopy = path.join(scratch, 'copy.azl.yaml');

    after(() => {
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    it('finds every sample config, and the samples are valid', async () => {
      const summary = await vscode.commands.executeCommand<WorkspaceValidationSummary>('azureLinux.validateWorkspaceConfigs');
      const expected = [
        'images/efi-vm.azl.yaml',
        'images/verity-root.azl.yaml',
        'images/imagecustomizer-live-iso.yaml',
        'images/snapshot-preview.azl.yaml',
        'nodepools/azurelinux.nodepool.json',
        'nodepools/gpu.nodepool.yaml',
        'nodepools/aks-cluster.json',
      ];
      for (const file of expected) {
        const uri = vscode.Uri.file(path.join(samples, file));
        assert.deepEqual(
          ours(uri).map((d) => `${String(d.code)} ${d.message}`),
          [],
          file,
        );
      }
      assert.equal(summary.configs, expected.length, 'every sample config and nothing else (cloud-init is not one)');
      assert.deepEqual([...summary.checked].sort(), [...expected].sort(), 'the summary names the files it checked');
      assert.equal(summary.errors, 0);
      assert.equal(summary.warnings, 0);
    });

    it('fills the Problems panel for files that are not open', async () => {
      fs.mkdirSync(scratch, { recursive: true });
      fs.copyFileSync(path.join(fixtures, 'broken.azl.yaml'), brokenCopy);
      const uri = vscode.Uri.file(brokenCopy);
      assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()), 'the file is not open');
      const summary = await vscode.commands.executeCommand<WorkspaceValidationSummary>('azureLinux.validateWorkspaceConfigs');
      assert.equal(summary.errors, 2);
      assert.equal(summary.filesWithProblems, 1);
      const diagnostics = ours(uri);
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['image/invalid-value', 'image/unknown-key']);
      assert.equal(diagnostics.find((d) => d.code === 'image/unknown-key')!.range.start.line, 2);
    });
  });

  describe('formatting, snippets, deprecated values and outlines', () => {
    const opened: vscode.TextDocument[] = [];
    /** An untitled document of our language, closed (unsaved) after the suite. */
    async function untitled(content: string): Promise<vscode.TextDocument> {
      const document = await vscode.workspace.openTextDocument({ language: 'azurelinux-image', content });
      opened.push(document);
      return document;
    }

    after(async () => {
      for (const document of opened) await closeWithoutSaving(document);
    });

    it('formats an image config with the editor indentation, keeping its comments, and again to the same text', async () => {
      const content = '# base image\nos:\n  hostname: build # name\n  packages:\n    install:\n    - curl\n';
      const document = await untitled(content);
      const format = async () => {
        const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, {
          tabSize: 4,
          insertSpaces: true,
        });
        const edit = new vscode.WorkspaceEdit();
        for (const textEdit of edits ?? []) edit.replace(document.uri, textEdit.range, textEdit.newText);
        await vscode.workspace.applyEdit(edit);
        return edits?.length ?? 0;
      };
      assert.ok((await format()) > 0);
      assert.equal(
        document.getText(),
        '# base image\nos:\n    hostname: build # name\n    packages:\n        install:\n            - curl\n',
      );
      assert.equal(await format(), 0, 'formatting a formatted document changes nothing');
    });

    it('offers the whole-document snippets where a document starts, once, and not inside os:', async () => {
      const empty = await untitled('');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        empty.uri,
        new vscode.Position(0, 0),
      );
      const snippets = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet).map((item) => String(item.label));
      assert.deepEqual(snippets.filter((label) => label.startsWith('azl-')).sort(), [
        'azl-efi-disk',
        'azl-iso',
        'azl-minimal-vm',
        'azl-verity-root',
      ]);
      assert.ok(!snippets.some((label) => label === 'storage-efi' || label === 'vm'), 'no second prefix');
      const inside = await untitled('os:\n  ');
      const nested = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        inside.uri,
        new vscode.Position(1, 2),
      );
      assert.ok(!nested.items.some((item) => String(item.label).startsWith('azl-')), 'no whole-document snippet inside os:');
    });

    it('marks deprecated values deprecated in completion', async () => {
      const content = 'previewFeatures: [output-artifacts]\noutput:\n  artifacts:\n    path: out\n    items:\n    - ';
      const document = await untitled(content);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        document.positionAt(content.length),
      );
      const tagged = (label: string) =>
        list.items.find((item) => item.label === label)?.tags?.includes(vscode.CompletionItemTag.Deprecated);
      assert.equal(tagged('uki-addons'), true);
      assert.equal(tagged('systemd-boot'), true);
      assert.notEqual(tagged('ukis'), true);
    });

    it('gives a JSON node-pool file one outline, not ours beside JSON Language Features', async () => {
      const document = await vscode.workspace.openTextDocument(
        vscode.Uri.file(path.join(samples, 'nodepools', 'azurelinux.nodepool.json')),
      );
      await vscode.window.showTextDocument(document);
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      const names = (symbols ?? []).map((symbol) => symbol.name);
      assert.equal(names.filter((name) => name === 'properties').length, names.length ? 1 : 0, JSON.stringify(names));
      const yaml = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(samples, 'nodepools', 'gpu.nodepool.yaml')));
      const yamlSymbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', yaml.uri);
      assert.equal((yamlSymbols ?? []).filter((symbol) => symbol.name === 'properties').length, 1);
    });
  });

  describe('the grammar in VS Code', () => {
    it('highlights the shell inside script content blocks', async function () {
      // Tokenize with the TextMate engine and the grammars this VS Code ships and loads: ours, YAML and shell.
      const enginePath = path.join(vscode.env.appRoot, 'node_modules', 'vscode-textmate');
      const onigPath = path.join(vscode.env.appRoot, 'node_modules', 'vscode-oniguruma');
      const yamlExtension = vscode.extensions.getExtension('vscode.yaml');
      const shellExtension = vscode.extensions.getExtension('vscode.shellscript');
      if (!fs.existsSync(enginePath) || !fs.existsSync(onigPath) || !yamlExtension || !shellExtension) {
        this.skip(); // a VS Code build that packs its modules differently; the unit test still checks the rules
      }
      /* eslint-disable @typescript-eslint/no-require-imports -- loaded from the running VS Code, not bundled */
      const textmate = require(enginePath) as TextMate;
      const oniguruma = require(onigPath) as Oniguruma;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const grammarFiles = new Map<string, string>();
      for (const extension of [vscode.extensions.getExtension(extensionId)!, yamlExtension!, shellExtension!]) {
        for (const grammar of extension.packageJSON.contributes.grammars as { scopeName: string; path: string }[]) {
          grammarFiles.set(grammar.scopeName, path.join(extension.extensionPath, grammar.path));
        }
      }
      await oniguruma.loadWASM(fs.readFileSync(path.join(onigPath, 'release', 'onig.wasm')).buffer as ArrayBuffer);
      const registry = new textmate.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
          createOnigString: (text) => new oniguruma.OnigString(text),
        }),
        loadGrammar: async (scope) => {
          const file = grammarFiles.get(scope);
          return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
        },
      });
      const grammar = await registry.loadGrammar('source.azurelinux-image');
      assert.ok(grammar);
      const lines = fs.readFileSync(path.join(samples, 'images', 'efi-vm.azl.yaml'), 'utf8').split('\n');
      let stack = textmate.INITIAL;
      const scopesOf = new Map<string, string[]>();
      for (const line of lines) {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        scopesOf.set(
          line.trim(),
          result.tokens.flatMap((token) => token.scopes),
        );
      }
      assert.ok(scopesOf.get('tdnf clean all')?.includes('source.shell'), 'script content is shell');
      assert.ok(
        scopesOf
          .get('if command -v tdnf >/dev/null; then')
          ?.some((scope) => scope.startsWith('keyword.control') && scope.endsWith('.shell')),
        'shell keywords are shell keywords',
      );
      assert.ok(!scopesOf.get('- openssh-server')?.includes('source.shell'), 'the rest stays YAML');
      assert.ok(scopesOf.get('format: vhdx')?.includes('entity.name.tag.yaml'), 'keys after the scripts are YAML keys');
    });
  });
});
