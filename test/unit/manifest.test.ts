import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// Holds package.json's contributions true: every %key% has a text, every file it names exists, and every command
// it contributes has a row in the one command table (read as text: the table's module imports vscode).
const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const contributes = manifest.contributes;

function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collectStrings(item, into));
  return into;
}

describe('package.json', () => {
  it('has a text in package.nls.json for every %key% it uses', () => {
    const keys = collectStrings(manifest).flatMap((text) => [...text.matchAll(/^%([^%]+)%$/g)].map((match) => match[1]));
    assert.ok(keys.length > 0);
    assert.deepEqual(
      keys.filter((key) => !(key in nls)),
      [],
    );
  });

  it('names only files that exist', () => {
    const files = [
      manifest.icon,
      ...contributes.viewsContainers.activitybar.map((container: { icon: string }) => container.icon),
      ...(contributes.languages ?? []).flatMap((language: { configuration?: string; icon?: { light: string; dark: string } }) =>
        [language.configuration, language.icon?.light, language.icon?.dark].filter(Boolean),
      ),
      ...(contributes.grammars ?? []).map((grammar: { path: string }) => grammar.path),
      ...(contributes.snippets ?? []).map((snippet: { path: string }) => snippet.path),
    ];
    assert.deepEqual(
      files.filter((file: string) => !existsSync(join(root, file))),
      [],
    );
  });

  it('gives every command a category and a row in the command table', () => {
    const table = readFileSync(join(root, 'src', 'commands', 'index.ts'), 'utf8');
    for (const command of contributes.commands as { command: string; category?: string }[]) {
      assert.equal(command.category, '%command.category%', `${command.command} has the Azure Linux category`);
      assert.ok(table.includes(`'${command.command}'`), `${command.command} is registered in src/commands/index.ts`);
    }
  });

  it('keeps commands and settings under azureLinux.', () => {
    for (const command of contributes.commands as { command: string }[]) assert.match(command.command, /^azureLinux\./);
    for (const setting of Object.keys(contributes.configuration.properties)) assert.match(setting, /^azureLinux\./);
  });

  it('describes every setting with a scope and markdown', () => {
    for (const [name, setting] of Object.entries(
      contributes.configuration.properties as Record<string, { scope?: string; markdownDescription?: string }>,
    )) {
      assert.ok(setting.scope, `${name} has a scope`);
      assert.ok(setting.markdownDescription, `${name} has a markdownDescription`);
    }
  });

  it('declares workspace trust and activates on nothing it does not need', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(
      manifest.activationEvents.filter((event: string) => event === '*' || event === 'onStartupFinished'),
      [],
    );
  });

  it('contributes a walkthrough whose steps have pictures, alt texts, real completion events and existing commands', () => {
    const [walkthrough] = contributes.walkthroughs as {
      id: string;
      steps: { id: string; description: string; when?: string; media: { image: string; altText: string }; completionEvents: string[] }[];
    }[];
    assert.equal(walkthrough?.id, 'azureLinux.gettingStarted', 'the id src/features/walkthrough.ts opens');
    const declared = new Set((contributes.commands as { command: string }[]).map((entry) => entry.command));
    const sources =
      readFileSync(join(root, 'src', 'features', 'walkthrough.ts'), 'utf8') +
      readFileSync(join(root, 'src', 'azure', 'session.ts'), 'utf8');
    for (const step of walkthrough!.steps) {
      assert.ok(existsSync(join(root, step.media.image)), `${step.id}: ${step.media.image} exists`);
      assert.match(step.media.image, /^media\/walkthrough\/.+\.(svg|png)$/, 'pictures live in media/walkthrough (packaged)');
      assert.ok(nls[step.media.altText.replace(/%/g, '')], `${step.id} has an alt text`);
      assert.ok(step.completionEvents.length > 0, `${step.id} completes on a real event`);
      const description = nls[step.description.replace(/%/g, '')]!;
      const ours = [
        ...step.completionEvents.flatMap((event) => /^onCommand:(azureLinux\..+)$/.exec(event)?.[1] ?? []),
        ...[...description.matchAll(/\(command:(azureLinux\.[\w.]+)/g)].map((match) => match[1]!),
      ];
      for (const command of ours) {
        assert.ok(declared.has(command), `${step.id}: ${command} is contributed`);
      }
      for (const key of step.completionEvents.flatMap((event) => /^onContext:([\w.]+)$/.exec(event)?.[1] ?? [])) {
        assert.ok(sources.includes(`'${key}'`), `${step.id}: the code sets the context key ${key}`);
      }
    }
  });

  it('welcomes a signed-out person according to the sign-in setting, with Create Azure Linux VM', () => {
    const welcome = (contributes.viewsWelcome as { view: string; contents: string; when: string }[]).filter(
      (entry) => entry.view === 'azureLinux.virtualMachines',
    );
    const text = (when: RegExp) => nls[welcome.find((entry) => when.test(entry.when))!.contents.replace(/%/g, '')]!;
    const withAccount = text(/authentication != azureCli/);
    const withCli = text(/authentication == azureCli/);
    assert.match(withAccount, /To sign in with the Azure CLI/);
    assert.doesNotMatch(withCli, /To sign in with the Azure CLI/, 'no offer to switch to what is already set');
    assert.match(withCli, /command:azureLinux\.azure\.runAzLogin/);
    for (const entry of [withAccount, withCli]) assert.match(entry, /command:azureLinux\.azure\.createVm/);
    assert.match(text(/signIn == pending/), /command:azureLinux\.azure\.cancelSignIn/);
  });
});
