// The manifest, its translations and the client's l10n bundle agree with the code (rules, commands, strings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../server/src/core/rules/index';
import { ruleDescriptors } from '../../server/src/core/ruleIds';
import { ClientCommands } from '../../server/src/lsp/protocol';

const root = join(__dirname, '..', '..');
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const manifest = read('package.json');
const nls = read('package.nls.json') as Record<string, string>;
const nlsJa = read('package.nls.ja.json') as Record<string, string>;

function placeholders(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') for (const match of value.matchAll(/^%([^%]+)%$/g)) found.push(match[1]!);
  else if (Array.isArray(value)) value.forEach((item) => placeholders(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => placeholders(item, found));
  return found;
}

test('every %placeholder% in the manifest has an English and a Japanese string, and none is unused', () => {
  const used = new Set(placeholders(manifest));
  for (const key of used) {
    assert.ok(nls[key], `package.nls.json lacks ${key}`);
    assert.ok(nlsJa[key], `package.nls.ja.json lacks ${key}`);
  }
  assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'unused keys in package.nls.json');
  assert.deepEqual(Object.keys(nlsJa).sort(), Object.keys(nls).sort(), 'package.nls.ja.json has the same keys');
});

test('keylens.rules offers every rule id with the five severities and its default', () => {
  const properties = manifest.contributes.configuration.properties['keylens.rules'].properties as Record<string, { enum: string[]; default: string }>;
  for (const rule of ruleDescriptors()) {
    assert.deepEqual(properties[rule.id]?.enum, ['off', 'hint', 'info', 'warning', 'error'], rule.id);
    assert.equal(properties[rule.id]!.default, rule.defaultSeverity, rule.id);
  }
  assert.deepEqual(Object.keys(properties).sort(), ruleDescriptors().map((r) => r.id).sort(), 'rules, parse-error and invalid-suppression');
  assert.ok(rules.length > 0);
});

test('SPEC §4 settings and commands are contributed; live look-ups are restricted in untrusted workspaces', () => {
  const properties = manifest.contributes.configuration.properties;
  for (const key of ['keylens.rules', 'keylens.aws.profile', 'keylens.aws.region', 'keylens.aws.endpointUrl', 'keylens.live.enabled']) assert.ok(properties[key], key);
  assert.equal(properties['keylens.live.enabled'].default, false);
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.ok(untrusted.restrictedConfigurations.includes('keylens.live.enabled'));
  assert.ok(untrusted.restrictedConfigurations.includes('keylens.aws.endpointUrl'));
  const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
  for (const id of Object.values(ClientCommands)) assert.ok(commands.includes(id), id);
  assert.equal(nls['keylens.explainKeyAccess.title'], 'KeyLens: Explain access for this key');
});

test('the extension contributes language ids for .tf and .tofu without a grammar of its own for them', () => {
  const languages = manifest.contributes.languages as { id: string; extensions?: string[]; filenames?: string[] }[];
  assert.deepEqual(languages.filter((l) => l.extensions).map((l) => [l.id, l.extensions]), [['terraform', ['.tf']], ['opentofu', ['.tofu']]]);
  // .keylens.json may hold comments (as tsconfig.json): VS Code reads it as JSON with comments.
  assert.deepEqual(languages.filter((l) => !l.extensions), [{ id: 'jsonc', filenames: ['.keylens.json'] }]);
  for (const grammar of manifest.contributes.grammars as { language?: string; injectTo?: string[] }[]) {
    assert.equal(grammar.language, undefined, 'only injection grammars');
    assert.ok(grammar.injectTo?.includes('source.json'));
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:terraform'));
  assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.tf'));
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

test('every client string passed to l10n.t has a Japanese translation', () => {
  const bundle = read('l10n/bundle.l10n.ja.json') as Record<string, string>;
  const strings = new Set<string>();
  for (const file of sourceFiles(join(root, 'client', 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:l10n\.t|\bt)\('((?:[^'\\]|\\.)*)'/g)) strings.add(match[1]!.replace(/\\'/g, "'"));
  }
  assert.ok(strings.size > 10, `found ${strings.size} strings`);
  const missing = [...strings].filter((s) => !bundle[s]);
  assert.deepEqual(missing, []);
  for (const [english, japanese] of Object.entries(bundle)) {
    const args = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
    assert.equal(args(japanese), args(english), `placeholders of "${english}"`);
  }
});
