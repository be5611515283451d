// Meta-test: every rule is wired up the way users and tools rely on (SPEC §2, STYLE "A rule is one file").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { rules } from '../../server/src/core/rules/index';
import type { Rule } from '../../server/src/core/rules/rule';
import { ruleDescriptors } from '../../server/src/core/ruleIds';

const repoRoot = join(__dirname, '..', '..');
const rulesDir = join(repoRoot, 'server', 'src', 'core', 'rules');
const docsDir = join(repoRoot, 'docs', 'rules');
const ruleTestsDir = join(repoRoot, 'test', 'unit', 'rules');

/** The rule ids of SPEC §2. More may be added; none of these may disappear or be renamed. */
const SPEC_RULE_IDS = [
  'kms-decrypt-in-identity-policy',
  'kms-alias-arn-as-key',
  'kms-multipart-upload-permissions',
  'kms-cross-account-access',
  'kms-key-policy-wildcard-principal',
  'kms-key-policy-no-root-delegation',
  'iam-unknown-action',
] as const;

/** Not a rule module, but a ruleId users see (SPEC §3), so it needs its pages too. */
const PARSE_ERROR_ID = 'parse-error';

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
const MIN_PAGE_CHARS = 1200;

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function docPaths(id: string): { en: string; ja: string } {
  return { en: join(docsDir, `${id}.md`), ja: join(docsDir, `${id}.ja.md`) };
}

test('the rule list is not empty and contains every rule id of SPEC §2', () => {
  assert.ok(rules.length > 0, 'server/src/core/rules/index.ts exports no rules');
  const ids = rules.map((rule) => rule.meta.id);
  for (const id of SPEC_RULE_IDS) assert.ok(ids.includes(id), `SPEC rule ${id} is missing from rules/index.ts`);
});

test('rule ids are unique, lower-kebab-case, and not the reserved parse-error id', () => {
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const id = rule.meta.id;
    assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, `rule #${index} has an id that is not kebab-case: ${JSON.stringify(id)}`);
    assert.notEqual(id, PARSE_ERROR_ID, 'parse-error is reserved for unparseable files');
    assert.ok(!seen.has(id), `rule id ${id} is used by rules #${seen.get(id)} and #${index}`);
    seen.set(id, index);
  });
});

for (const rule of rules) {
  const { id } = rule.meta;

  test(`${id}: id equals its file name, and that file exports this rule`, async () => {
    const file = join(rulesDir, `${id}.ts`);
    assert.ok(existsSync(file), `expected the rule in ${relative(repoRoot, file)}`);
    const module = (await import(file)) as Record<string, unknown>;
    const exported = Object.values(module).filter(
      (value): value is Rule => typeof value === 'object' && value !== null && 'meta' in value && 'check' in value,
    );
    assert.ok(
      exported.some((candidate) => candidate.meta.id === id),
      `${relative(repoRoot, file)} does not export a rule whose meta.id is ${id}`,
    );
  });

  test(`${id}: metadata is complete`, () => {
    assert.equal(typeof rule.check, 'function');
    assert.ok(SEVERITIES.has(rule.meta.defaultSeverity), `default severity ${rule.meta.defaultSeverity} is not one of ${[...SEVERITIES].join(', ')}`);
    assert.equal(rule.meta.docs, `docs/rules/${id}.md`);
    const { en, ja } = rule.meta.summary;
    assert.ok(en.trim().length > 0, 'English summary is empty');
    assert.ok(ja.trim().length > 0, 'Japanese summary is empty');
    assert.notEqual(en.trim(), ja.trim(), 'the Japanese summary is a copy of the English one');
    assert.match(ja, JAPANESE, 'the Japanese summary contains no Japanese');
    assert.doesNotMatch(en, JAPANESE, 'the English summary contains Japanese');
    // STYLE: rule ids never go inside messages (diagnostics carry them as `code`).
    assert.ok(!en.includes(id) && !ja.includes(id), 'the summary repeats the rule id');
  });

  test(`${id}: has a table test under test/unit/rules/`, () => {
    const tests = filesUnder(ruleTestsDir).filter((file) => /\.test\.(ts|mjs)$/.test(file));
    const mentioning = tests.filter((file) => read(file).includes(id));
    assert.ok(mentioning.length > 0, `no test under test/unit/rules/ mentions ${id}`);
  });
}

// Rules and the findings KeyLens reports itself (parse-error, invalid-suppression): every id users see.
for (const id of ruleDescriptors().map((d) => d.id)) {
  test(`${id}: has English and Japanese documentation pages`, () => {
    const paths = docPaths(id);
    for (const [language, path] of Object.entries(paths)) {
      assert.ok(existsSync(path), `missing ${relative(repoRoot, path)}`);
      const text = read(path);
      assert.ok(text.length >= MIN_PAGE_CHARS, `${relative(repoRoot, path)} is too short to document a rule (${text.length} chars)`);
      assert.match(text, new RegExp(`^# ${id}\\s*$`, 'm'), `${relative(repoRoot, path)} should start with the heading "# ${id}"`);
      // The page tells users how to change the severity in both places the product offers.
      assert.ok(text.includes('keylens.rules'), `${relative(repoRoot, path)} does not show the keylens.rules setting`);
      assert.ok(text.includes(`--rule ${id}=`), `${relative(repoRoot, path)} does not show \`keylens check --rule ${id}=...\``);
      if (language === 'ja') assert.match(text, JAPANESE, `${relative(repoRoot, path)} contains no Japanese`);
    }
    assert.notEqual(read(paths.en), read(paths.ja), 'the Japanese page is a copy of the English one');
  });
}

for (const rule of rules) {
  test(`${rule.meta.id}: the pages state the default severity`, () => {
    for (const path of Object.values(docPaths(rule.meta.id))) {
      assert.ok(read(path).includes(`\`${rule.meta.defaultSeverity}\``), `${relative(repoRoot, path)} never mentions \`${rule.meta.defaultSeverity}\``);
    }
  });
}

test('relative links between documentation pages resolve', () => {
  const pages = filesUnder(docsDir).filter((file) => file.endsWith('.md'));
  for (const page of pages) {
    for (const match of read(page).matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)) {
      const target = match[1]!;
      if (/^[a-z]+:/i.test(target)) continue;
      assert.ok(existsSync(resolve(dirname(page), target)), `${relative(repoRoot, page)} links to missing ${target}`);
    }
  }
});
