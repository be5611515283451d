// Issue 15 item 4: the wildcard rule's fix and the root-delegation rule agree. Generated key policies
// (JSON, jsonencode, heredoc, aws_iam_policy_document) with "*" statements that narrow nothing; after
// every wildcard fix the root-delegation rule is silent on the policy, and the fix is not widening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, caseSeed, formatSeed } from './prng';
import { hcl, policyDocument, type Json } from './generate';
import { runEngine } from './engine';
import { checkWidening, checkWildcardAgreesWithRoot } from './roundtrip';

const OWNER = '111122223333';
const WILDCARDS: readonly Json[] = ['*', { AWS: '*' }, { AWS: ['*'] }];
/** Conditions that do not narrow the caller: the wildcard rule fires with each. */
const LOOSE: readonly (Record<string, Record<string, Json>> | undefined)[] = [
  undefined,
  { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringEqualsIfExists: { 'kms:CallerAccount': OWNER } },
  { StringEqualsIfExists: { 'aws:SourceAccount': OWNER } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'web' } },
  { StringEquals: { 'kms:EncryptionContext:app': 'web' } },
];
const OTHERS: readonly Json[] = [
  { AWS: `arn:aws:iam::${OWNER}:role/KeyAdmin` },
  { AWS: [`arn:aws:iam::${OWNER}:role/app`, `arn:aws:iam::${OWNER}:user/ops`] },
  { Service: 'logs.us-east-1.amazonaws.com' },
];
const ACTIONS: readonly Json[] = ['kms:*', 'kms:Decrypt', ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*']];

function keyPolicy(rng: Rng): Json {
  const statements: Json[] = [];
  for (let i = rng.range(1, 3); i > 0; i--) {
    const condition = rng.pick(LOOSE);
    statements.push({ Sid: `Open${i}`, Effect: 'Allow', Principal: rng.pick(WILDCARDS), Action: rng.pick(ACTIONS), Resource: '*', ...(condition ? { Condition: condition } : {}) });
  }
  // A named role of the account gives the fix its account; a service principal alone gives none.
  for (let i = rng.int(3); i > 0; i--) statements.splice(rng.int(statements.length + 1), 0, { Effect: 'Allow', Principal: rng.pick(OTHERS), Action: rng.pick(ACTIONS), Resource: '*' });
  return { Version: '2012-10-17', Statement: statements };
}

function workspace(rng: Rng): { file: string; texts: Map<string, string> } {
  const value = keyPolicy(rng);
  const form = rng.pick(['json', 'jsonencode', 'heredoc', 'policy-document'] as const);
  if (form === 'json') return { file: 'key-policy.json', texts: new Map([['key-policy.json', JSON.stringify(value, null, rng.pick([0, 2]))]]) };
  const text =
    form === 'jsonencode' ? `resource "aws_kms_key" "p" {\n  policy = jsonencode(${hcl(value, '  ')})\n}\n`
      : form === 'heredoc' ? `resource "aws_kms_key_policy" "p" {\n  policy = <<-EOT\n${JSON.stringify(value, null, 2)}\n  EOT\n}\n`
        : policyDocument(value, 'aws_kms_key');
  return { file: 'main.tf', texts: new Map([['main.tf', text]]) };
}

test('after every wildcard-principal fix, root delegation is not reported for that policy', () => {
  const problems: string[] = [];
  let fixes = 0;
  for (let i = 0; i < 300; i++) {
    const seed = caseSeed(0x61677265, i);
    const ws = workspace(new Rng(seed));
    const result = runEngine(ws);
    problems.push(...result.problems.map((p) => `${formatSeed(seed)}: ${p}`));
    for (const applied of result.applied) {
      if (applied.finding.ruleId !== 'kms-key-policy-wildcard-principal') continue;
      fixes++;
      for (const problem of [checkWildcardAgreesWithRoot(result.files, applied), checkWidening(result.files, applied, true)]) {
        if (problem) problems.push(`${formatSeed(seed)}: ${problem}\n${[...ws.texts.values()][0]}`);
      }
    }
  }
  console.log(`wildcard fixes checked: ${fixes}`);
  assert.ok(fixes >= 100, `only ${fixes} wildcard fixes were generated`);
  assert.deepEqual(problems, []);
});
