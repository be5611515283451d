// SARIF output validated against the official SARIF 2.1.0 JSON schema (shipped by @microsoft/jest-sarif)
// with ajv, plus what GitHub code scanning reads: rule help, security-severity, fingerprints,
// suppressions with their justification, and helpUri only when a published location is configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ruleDescriptors } from '../../server/src/core/ruleIds';
import { DECRYPT_ALL, WILDCARD_KEY_POLICY, keylens, repoRoot, tempTree } from './support';

const schemaPath = join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

/**
 * The official schema is draft-04; ajv 8 reads draft-07. The only draft-04 keyword this schema uses
 * that draft-07 reads differently is `id` (now `$id`); it uses no boolean exclusiveMinimum/Maximum.
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  assert.ok(!JSON.stringify(schema).includes('exclusiveM'), 'the schema needs no draft-04-only keyword');
  const { id, $schema: _draft, ...rest } = schema;
  // The schema's `language` pattern has a stray "]" that only non-unicode regular expressions accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: id });
}

const validate = sarifValidator();

function assertValid(sarif: unknown, label: string): void {
  assert.ok(validate(sarif), `${label}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}

const SUPPRESSED = [
  '{',
  '  "Statement": [',
  '    // keylens-ignore-next-line kms-decrypt-in-identity-policy -- break-glass role, reviewed in SEC-142',
  '    { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" }',
  '  ]',
  '}',
].join('\n');

function workspace(): string {
  return tempTree({ '.git/HEAD': '', 'p/app.json': DECRYPT_ALL, 'p/key-policy.json': WILDCARD_KEY_POLICY, 'p/reviewed.jsonc': SUPPRESSED, 'p/broken.json': '{"Statement": [ {"Effect": "Allow", ' });
}

async function sarifOf(dir: string, ...args: string[]) {
  const r = await keylens(['check', '--format', 'sarif', ...args], dir);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout);
}

test('SARIF validates against the official 2.1.0 schema: findings, suppressed results, baseline, Japanese, and no results', async () => {
  const dir = workspace();
  assertValid(await sarifOf(dir, 'p'), 'findings');
  assertValid(await sarifOf(dir, '--locale', 'ja', 'p'), 'ja');
  assertValid(await sarifOf(dir, '--docs-url', 'https://docs.example.org/keylens/rules/', 'p'), 'with a docs url');
  await keylens(['check', '--baseline', 'write', 'b.json', 'p'], dir);
  assertValid(await sarifOf(dir, '--baseline', 'b.json', 'p'), 'baseline');
  const clean = tempTree({ 'ok.json': '{"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}' });
  const empty = await sarifOf(clean, '.');
  assertValid(empty, 'no results');
  assert.deepEqual(empty.runs[0].results, []);
  assert.equal(empty.runs[0].tool.driver.rules.length, ruleDescriptors().length, 'every rule is declared even on a clean run');
});

test('GitHub code scanning: each rule has help from its bundled page, security-severity and tags; no helpUri or informationUri by default', async () => {
  const sarif = await sarifOf(workspace(), 'p');
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.informationUri, undefined);
  assert.deepEqual(driver.rules.map((r: { id: string }) => r.id), ruleDescriptors().map((d) => d.id));
  for (const rule of driver.rules) {
    assert.equal(rule.helpUri, undefined, `${rule.id}: no helpUri without a published location`);
    const page = readFileSync(join(repoRoot, 'docs', 'rules', `${rule.id}.md`), 'utf8');
    assert.ok(rule.help.markdown.startsWith(`# ${rule.id}\n`), `${rule.id}: help.markdown is the bundled page`);
    assert.ok(rule.help.markdown.length > page.length * 0.8);
    assert.doesNotMatch(rule.help.markdown, /\]\((?![a-z]+:|#)[^)]*\)/, `${rule.id}: no relative link is left (it would not resolve on GitHub)`);
    assert.ok(rule.help.text.length > 200 && !rule.help.text.includes('**'), `${rule.id}: help.text is plain`);
    assert.ok(rule.shortDescription.text.length > 10);
    if (rule.id === 'parse-error' || rule.id === 'invalid-suppression') {
      assert.equal(rule.properties['security-severity'], undefined);
    } else {
      const score = Number(rule.properties['security-severity']);
      assert.ok(score > 0 && score <= 10, `${rule.id}: security-severity ${rule.properties['security-severity']}`);
      assert.ok(rule.properties.tags.includes('security'), `${rule.id}: GitHub reads security-severity only with the security tag`);
    }
  }
  const byId = new Map(driver.rules.map((r: { id: string; properties: Record<string, string> }) => [r.id, r.properties['security-severity']]));
  assert.ok(Number(byId.get('kms-key-policy-wildcard-principal')) >= 7, 'an error-level rule is high');
  assert.ok(Number(byId.get('kms-key-policy-no-root-delegation')) < 4, 'an info-level rule is low');
  assert.doesNotMatch(JSON.stringify(sarif), /github\.com\/keylens\/keylens/);
});

test('--docs-url / KEYLENS_DOCS_URL: helpUri and links between pages point at the published copy', async () => {
  const dir = workspace();
  for (const [args, env] of [[['--docs-url', 'https://docs.example.org/keylens/rules/'], {}], [[], { KEYLENS_DOCS_URL: 'https://docs.example.org/keylens/rules' }]] as const) {
    const r = await keylens(['check', '--format', 'sarif', ...args, 'p'], dir, env);
    const driver = JSON.parse(r.stdout).runs[0].tool.driver;
    const decrypt = driver.rules.find((x: { id: string }) => x.id === 'kms-decrypt-in-identity-policy');
    assert.equal(decrypt.helpUri, 'https://docs.example.org/keylens/rules/kms-decrypt-in-identity-policy.md');
    const unknown = driver.rules.find((x: { id: string }) => x.id === 'iam-unknown-action');
    assert.match(unknown.help.markdown, /\]\(https:\/\/docs\.example\.org\/keylens\/rules\/kms-decrypt-in-identity-policy\.md\)/);
  }
  const template = JSON.parse((await keylens(['check', '--format', 'sarif', '--docs-url', 'https://example.org/r/{rule}.html', 'p'], dir)).stdout).runs[0].tool.driver;
  assert.equal(template.rules[0].helpUri, `https://example.org/r/${template.rules[0].id}.html`);
  assert.equal((await keylens(['check', '--format', 'sarif', '--docs-url', 'docs/rules', 'p'], dir)).status, 2, 'a relative path is not a published location');
  const ja = JSON.parse((await keylens(['check', '--format', 'sarif', '--locale', 'ja', '--docs-url', 'https://example.org/r/', 'p'], dir)).stdout).runs[0].tool.driver;
  assert.equal(ja.rules[0].helpUri, `https://example.org/r/${ja.rules[0].id}.ja.md`);
  assert.ok(ja.rules[0].help.markdown.includes('##'), 'the Japanese page');
});

test('results: repository-relative uris, 1-based regions, ruleIndex, partialFingerprints, and suppressions with their justification', async () => {
  const dir = workspace();
  const sarif = await sarifOf(join(dir, 'p'), '.');
  const run = sarif.runs[0];
  assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/.*\/$/);
  const rules = run.tool.driver.rules.map((r: { id: string }) => r.id);
  for (const result of run.results) {
    assert.equal(rules[result.ruleIndex], result.ruleId);
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.match(location.artifactLocation.uri, /^p\//, 'relative to the repository root, not the current folder');
    assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
    assert.match(result.partialFingerprints['keylens/v1'], /^[0-9a-f]{32}$/);
  }
  const decrypt = run.results.find((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.ruleId === 'kms-decrypt-in-identity-policy' && r.locations[0].physicalLocation.artifactLocation.uri === 'p/app.json');
  assert.deepEqual(decrypt.locations[0].physicalLocation.region, { startLine: 3, startColumn: 37, endLine: 3, endColumn: 50 });
  const suppressed = run.results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
  assert.equal(suppressed.length, 1);
  assert.equal(suppressed[0].locations[0].physicalLocation.artifactLocation.uri, 'p/reviewed.jsonc');
  assert.deepEqual(suppressed[0].suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'break-glass role, reviewed in SEC-142' }]);
  const text = await keylens(['check', '.'], join(dir, 'p'));
  assert.match(text.stdout, /1 suppressed/);
  assert.doesNotMatch(text.stdout, /reviewed\.jsonc/, 'text output leaves suppressed findings out unless --include-suppressed');
  const json = JSON.parse((await keylens(['check', '--format', 'json', '--include-suppressed', '.'], join(dir, 'p'))).stdout);
  assert.deepEqual(json.find((f: { file: string }) => f.file === 'reviewed.jsonc').suppressed, { kind: 'next-line', justification: 'break-glass role, reviewed in SEC-142' });
});
