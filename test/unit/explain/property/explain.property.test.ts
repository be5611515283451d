// Property: on random key policies and attached identity policies written as Terraform and read by the
// real reader, explain's verdicts (principal × operation: allowed or not) agree with a reference
// evaluator written from the IAM/KMS evaluation logic; the same scenarios as JSON policies (a live
// key policy, identity policies attached to ARNs, some roles in other accounts). 1,000 Terraform and
// 500 JSON seeded cases by default;
// KEYLENS_EXPLAIN_CASES=N for more, KEYLENS_EXPLAIN_SEED=0x... to replay one case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../../server/src/core/parse';
import { loadCatalog } from '../../../../server/src/node/catalog';
import { explainKey, snapshotFromWorkspace, type ExplainReport } from '../../../../server/src/core/explain/index';
import { caseSeed, formatSeed, parseSeed } from '../../../fuzz/prng';
import { generateJsonScenario, generateScenario, type Scenario } from './scenario';
import { renderTerraform } from './terraform';
import { identityUses, keySnapshot } from './json';
import { Reference } from './reference';
import { shrink } from './shrink';

const catalog = loadCatalog();
const OPERATIONS = catalog.actionsOf('kms').map((name) => `kms:${name}`);
const MASTER = 0x6b6c656e;

type Format = 'terraform' | 'json';

function explainScenario(scenario: Scenario, format: Format): ExplainReport {
  if (format === 'json') return explainKey(keySnapshot(scenario), identityUses(scenario), { catalog });
  const files = renderTerraform(scenario).files.map((f) => parseFile(f.name, f.text));
  const result = snapshotFromWorkspace(files, 'aws_kms_key.k');
  if (!result.ok) throw new Error(result.error.en);
  return explainKey(result.snapshot, result.identityPolicies, { catalog });
}

interface Mismatch {
  readonly label: string;
  readonly operation: string;
  readonly explain: boolean;
  readonly why: string;
}

/** The first verdict on which explain and the reference disagree, if any. */
function firstMismatch(scenario: Scenario, format: Format): Mismatch | undefined {
  const report = explainScenario(scenario, format);
  const reference = new Reference(scenario, OPERATIONS);
  for (const subject of reference.subjects(format === 'json' ? 'arn' : 'terraform')) {
    const expected = reference.verdict(subject.principals, subject.mode);
    const actual = new Set(report.access.filter((e) => e.principal === subject.label).flatMap((e) => e.operations));
    for (const operation of OPERATIONS) {
      if (expected.has(operation) === actual.has(operation)) continue;
      return { label: subject.label, operation, explain: actual.has(operation), why: reference.explainVerdict(subject.principals, operation, subject.mode) };
    }
  }
  return undefined;
}

function reproduction(scenario: Scenario, format: Format): string {
  if (format === 'terraform') return renderTerraform(scenario).files.map((f) => `# ---- ${f.name}\n${f.text}`).join('\n');
  const uses = identityUses(scenario).map((use) => ({ file: use.policy.file, principal: use.principal?.arn, group: use.group?.arn }));
  return `key policy: ${(keySnapshot(scenario).keyPolicy as { text: string }).text}\nidentity policies: ${JSON.stringify(uses)}\n${renderTerraform(scenario).files.map((f) => f.text).join('\n')}`;
}

function describe(seed: number, scenario: Scenario, mismatch: Mismatch, format: Format): string {
  const reduced = shrink(scenario, (s) => firstMismatch(s, format) !== undefined);
  const again = firstMismatch(reduced, format) ?? mismatch;
  const source = reproduction(reduced, format);
  const report = explainScenario(reduced, format);
  const entries = report.access.filter((e) => e.principal === again.label);
  return [
    `${format} seed ${formatSeed(seed)} (replay: KEYLENS_EXPLAIN_SEED=${formatSeed(seed)})`,
    `${again.label} ${again.operation}: explain says ${again.explain ? 'allowed' : 'not allowed'}, the reference ${again.explain ? 'does not' : 'does'} (${again.why})`,
    format === 'terraform' ? 'minimal reproduction (keylens explain aws_kms_key.k):' : 'minimal reproduction (live key policy and identity policies; the same as Terraform below):',
    source,
    `explain's entries for ${again.label}: ${JSON.stringify(entries, null, 1)}`,
    `warnings: ${report.warnings.map((w) => w.message).join(' | ')}`,
  ].join('\n');
}

const replay = process.env.KEYLENS_EXPLAIN_SEED;
const cases = Number(process.env.KEYLENS_EXPLAIN_CASES ?? 1000);

for (const [format, generate, count] of [
  ['terraform', generateScenario, cases],
  ['json', generateJsonScenario, Math.ceil(cases / 2)],
] as const) {
  test(`explain agrees with the reference evaluator on ${replay ? `seed ${replay}` : `${count} seeded ${format} scenarios`}`, () => {
    const seeds = replay ? [parseSeed(replay)] : Array.from({ length: count }, (_, i) => caseSeed(MASTER, i));
    let verdicts = 0;
    for (const seed of seeds) {
      const scenario = generate(seed);
      const mismatch = firstMismatch(scenario, format);
      if (mismatch) assert.fail(describe(seed, scenario, mismatch, format));
      verdicts += new Reference(scenario, OPERATIONS).subjects().length * OPERATIONS.length;
    }
    assert.ok(verdicts >= seeds.length * OPERATIONS.length, 'every case compares verdicts');
  });
}

test('the generator covers what the property is about', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const s = generateScenario(caseSeed(MASTER, i));
    const text = renderTerraform(s).files.map((f) => f.text).join('\n');
    for (const [feature, pattern] of [
      ['inline_policy', /inline_policy \{/],
      ['aws_iam_role_policy', /resource "aws_iam_role_policy"/],
      ['aws_iam_policy shared', /resource "aws_iam_policy_attachment"/],
      ['managed_policy_arns', /managed_policy_arns/],
      ['group policy', /resource "aws_iam_group_policy"/],
      ['group attachment', /resource "aws_iam_group_policy_attachment"/],
      ['membership', /aws_iam_group_membership|aws_iam_user_group_membership/],
      ['Deny', /Effect = "Deny"|effect = "Deny"/],
      ['NotAction', /NotAction|not_actions/],
      ['NotResource', /NotResource|not_resources/],
      ['NotPrincipal', /NotPrincipal|not_principals/],
      ['cross-account principal', /444455556666|777788889999/],
      ['caller identity', /aws_caller_identity/],
      ['policy document', /data "aws_iam_policy_document"/],
      ['condition', /Condition = |condition \{/],
    ] as const) {
      if (pattern.test(text)) seen.add(feature);
    }
  }
  const foreign = Array.from({ length: 300 }, (_, i) => generateJsonScenario(caseSeed(MASTER, i))).filter((s) => Object.keys(s.homes).length > 0).length;
  assert.ok(foreign > 30, `JSON scenarios with roles of another account: ${foreign} of 300`);
  assert.equal(seen.size, 15, `missing: ${['inline_policy', 'aws_iam_role_policy', 'aws_iam_policy shared', 'managed_policy_arns', 'group policy', 'group attachment', 'membership', 'Deny', 'NotAction', 'NotResource', 'NotPrincipal', 'cross-account principal', 'caller identity', 'policy document', 'condition'].filter((f) => !seen.has(f)).join(', ')}`);
});
