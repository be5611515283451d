// Baselines (SPEC §5): --baseline write records today's findings, --baseline reports only new ones;
// fingerprints survive line moves and match SARIF partialFingerprints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WILDCARD_KEY_POLICY, keylens, tempTree } from './support';

const IDENTITY = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    { "Sid": "App", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encypt"], "Resource": "*" }',
  '  ]',
  '}',
  '',
].join('\n');

const TERRAFORM = [
  'resource "aws_iam_policy" "app" {',
  '  policy = jsonencode({',
  '    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = "*" }]',
  '  })',
  '}',
  '',
].join('\n');

function repo(): string {
  return tempTree({ '.git/HEAD': '', 'policies/app.json': IDENTITY, 'policies/key-policy.json': WILDCARD_KEY_POLICY, 'infra/main.tf': TERRAFORM });
}

test('round trip: write records every finding, compare then reports none and exits 0', async () => {
  const dir = repo();
  const before = await keylens(['check', '.'], dir);
  assert.equal(before.status, 1);
  const write = await keylens(['check', '--baseline', 'write', '.keylens-baseline.json', '.'], dir);
  assert.equal(write.status, 0, write.stderr);
  assert.match(write.stdout, /^recorded 4 findings in \.keylens-baseline\.json\nchecked 3 files \(3 policies\)\n$/);
  const baseline = JSON.parse(readFileSync(join(dir, '.keylens-baseline.json'), 'utf8'));
  assert.equal(baseline.version, 1);
  assert.equal(baseline.findings.length, 4);
  for (const entry of baseline.findings) {
    assert.match(entry.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(['policies/app.json', 'policies/key-policy.json', 'infra/main.tf'].includes(entry.file), entry.file);
  }
  const files = baseline.findings.map((e: { file: string }) => e.file);
  assert.deepEqual(files, [...files].sort(), 'entries are sorted for reviewable diffs');
  const compare = await keylens(['check', '--baseline', '.keylens-baseline.json', '.'], dir);
  assert.equal(compare.status, 0);
  assert.equal(compare.stdout, 'No problems found.\nchecked 3 files (3 policies); 4 in the baseline\n');
});

test('fingerprints survive line moves, reformatting and new statements; a new finding is reported alone', async () => {
  const dir = repo();
  await keylens(['check', '--baseline', 'write', 'baseline.json', '.'], dir);
  const moved = [
    '{',
    '',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    { "Sid": "New", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*" },',
    '    {',
    '      "Sid": "App",',
    '      "Effect": "Allow",',
    '      "Action": [',
    '        "kms:Encypt",',
    '        "kms:Decrypt"',
    '      ],',
    '      "Resource": "*"',
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'policies', 'app.json'), moved);
  writeFileSync(join(dir, 'infra', 'main.tf'), `# a comment moves everything down\n\n${TERRAFORM}`);
  const same = await keylens(['check', '--format', 'json', '--baseline', 'baseline.json', '.'], dir);
  assert.deepEqual(JSON.parse(same.stdout), [], 'nothing new');
  writeFileSync(join(dir, 'policies', 'app.json'), moved.replace('"Action": "kms:Encrypt"', '"Action": "kms:Decrypt"'));
  const fresh = await keylens(['check', '--format', 'json', '--baseline', 'baseline.json', '.'], dir);
  const list = JSON.parse(fresh.stdout) as { file: string; ruleId: string; range: { start: { line: number } } }[];
  assert.deepEqual(list.map((f) => [f.file, f.ruleId, f.range.start.line]), [[join('policies', 'app.json'), 'kms-decrypt-in-identity-policy', 4]]);
  assert.equal(fresh.status, 0, 'a new warning does not fail the default --fail-on error');
  assert.equal((await keylens(['check', '--fail-on', 'warning', '--baseline', 'baseline.json', '.'], dir)).status, 1);
});

test('the same fingerprints from a subfolder, with other path spellings, and in SARIF partialFingerprints', async () => {
  const dir = repo();
  await keylens(['check', '--baseline', 'write', 'baseline.json', '.'], dir);
  const fromSub = await keylens(['check', '--format', 'json', '--baseline', '../baseline.json', '.', '../infra/main.tf'], join(dir, 'policies'));
  assert.deepEqual(JSON.parse(fromSub.stdout), []);
  const recorded = (JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).findings as { fingerprint: string }[]).map((e) => e.fingerprint).sort();
  const sarif = JSON.parse((await keylens(['check', '--format', 'sarif', './policies/', 'infra'], dir)).stdout);
  const sarifPrints = (sarif.runs[0].results as { partialFingerprints: Record<string, string> }[]).map((r) => r.partialFingerprints['keylens/v1']!).sort();
  assert.deepEqual(sarifPrints, recorded);
});

test('duplicates count: a baseline accepts as many identical findings as it recorded', async () => {
  const dir = tempTree({ '.git/HEAD': '', 'a.json': '{"Statement":[{"Effect":"Allow","Action":["kms:Encypt","kms:Encypt"],"Resource":"*"}]}' });
  await keylens(['check', '--baseline', 'write', 'b.json', '.'], dir);
  writeFileSync(join(dir, 'a.json'), '{"Statement":[{"Effect":"Allow","Action":["kms:Encypt","kms:Encypt","kms:Encypt"],"Resource":"*"}]}');
  const r = await keylens(['check', '--format', 'json', '--baseline', 'b.json', '.'], dir);
  assert.equal((JSON.parse(r.stdout) as unknown[]).length, 1);
});

test('a missing or broken baseline is an error with its position, never "no baseline"; write is refused on incomplete input', async () => {
  const dir = repo();
  const missing = await keylens(['check', '--baseline', 'nope.json', '.'], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope\.json: no such file \(create it with --baseline write FILE\)/);
  writeFileSync(join(dir, 'broken.json.baseline'), '{ "version": 1, "findings": [ ');
  const broken = await keylens(['check', '--baseline', 'broken.json.baseline', '.'], dir);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /broken\.json\.baseline:1:31: invalid JSON/);
  writeFileSync(join(dir, 'other.baseline'), '{ "findings": [] }');
  assert.match((await keylens(['check', '--baseline', 'other.baseline', '.'], dir)).stderr, /not a KeyLens baseline/);
  const incomplete = await keylens(['check', '--baseline', 'write', 'x.json', '.', 'missing.json'], dir);
  assert.equal(incomplete.status, 2);
  assert.match(incomplete.stderr, /the baseline was not written/);
  assert.equal((await keylens(['check', '--baseline', 'write'], dir)).status, 2, '--baseline write needs FILE');
});
