// Property: on random key policies and attached identity policies written as Terraform and read by the
// real reader, explain's verdicts (principal × operation: allowed or not) agree with a reference
// evaluator written from the IAM/KMS evaluation logic. 1,000 seeded cases by default;
// KEYLENS_EXPLAIN_CASES=N for more, KEYLENS_EXPLAIN_SEED=0x... to replay one case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../../server/src/core/parse';
import { loadCatalog } from '../../../../server/src/node/catalog';
import { explainKey, snapshotFromWorkspace, type ExplainReport } from '../../../../server/src/core/explain/index';
import { caseSeed, formatSeed, parseSeed } from '../../../fuzz/prng';
import { generateScenario, type Scenario } from './scenario';
import { renderTerraform } from './terraform';
import { Reference } from './reference';
import { shrink } from './shrink';

const catalog = loadCatalog();
const OPERATIONS = catalog.actionsOf('kms').map((name) => `kms:${name}`);
const MASTER = 0x6b6c656e;

function explainScenario(scenario: Scenario): ExplainReport {
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
function firstMismatch(scenario: Scenario): Mismatch | undefined {
  const report = explainScenario(scenario);
  const reference = new Reference(scenario, OPERATIONS);
  for (const subject of reference.subjects()) {
    const expected = reference.verdict(subject.principals, subject.mode);
    const actual = new Set(report.access.filter((e) => e.principal === subject.label).flatMap((e) => e.operations));
    for (const operation of OPERATIONS) {
      if (expected.has(operation) === actual.has(operation)) continue;
      return { label: subject.label, operation, explain: actual.has(operation), why: reference.explainVerdict(subject.principals, operation, subject.mode) };
    }
  }
  return undefined;
}

function describe(seed: number, scenario: Scenario, mismatch: Mismatch): string {
  const reduced = shrink(scenario, (s) => firstMismatch(s) !== undefined);
  const again = firstMismatch(reduced) ?? mismatch;
  const source = renderTerraform(reduced).files.map((f) => `# ---- ${f.name}\n${f.text}`).join('\n');
  const report = explainScenario(reduced);
  const entries = report.access.filter((e) => e.principal === again.label);
  return [
    `seed ${formatSeed(seed)} (replay: KEYLENS_EXPLAIN_SEED=${formatSeed(seed)})`,
    `${again.label} ${again.operation}: explain says ${again.explain ? 'allowed' : 'not allowed'}, the reference ${again.explain ? 'does not' : 'does'} (${again.why})`,
    'minimal reproduction (keylens explain aws_kms_key.k):',
    source,
    `explain's entries for ${again.label}: ${JSON.stringify(entries, null, 1)}`,
    `warnings: ${report.warnings.map((w) => w.message).join(' | ')}`,
  ].join('\n');
}

const replay = process.env.KEYLENS_EXPLAIN_SEED;
const cases = Number(process.env.KEYLENS_EXPLAIN_CASES ?? 1000);

test(`explain agrees with the reference evaluator on ${replay ? `seed ${replay}` : `${cases} seeded Terraform scenarios`}`, () => {
  const seeds = replay ? [parseSeed(replay)] : Array.from({ length: cases }, (_, i) => caseSeed(MASTER, i));
  let verdicts = 0;
  for (const seed of seeds) {
    const scenario = generateScenario(seed);
    const mismatch = firstMismatch(scenario);
    if (mismatch) assert.fail(describe(seed, scenario, mismatch));
    verdicts += new Reference(scenario, OPERATIONS).subjects().length * OPERATIONS.length;
  }
  assert.ok(verdicts >= seeds.length * OPERATIONS.length, 'every case compares verdicts');
});

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
  assert.equal(seen.size, 15, `missing: ${['inline_policy', 'aws_iam_role_policy', 'aws_iam_policy shared', 'managed_policy_arns', 'group policy', 'group attachment', 'membership', 'Deny', 'NotAction', 'NotResource', 'NotPrincipal', 'cross-account principal', 'caller identity', 'policy document', 'condition'].filter((f) => !seen.has(f)).join(', ')}`);
});
