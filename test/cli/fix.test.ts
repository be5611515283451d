// keylens check --fix (issue 14): the safe fixes "fix all" applies in the editor, written in place,
// listed, never one that widens access; what is left is reported and decides the exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/finding';
import { chooseFixes } from '../../server/src/core/fixAll';
import { parseFile } from '../../server/src/core/parse';
import { loadCatalog } from '../../server/src/node/catalog';
import { WILDCARD_KEY_POLICY, keylens, tempTree } from './support';

// Removing kms:Decrypt and kms:ReEncryptFrom touch (two passes); correcting the typo in an Allow would
// grant kms:Encrypt, which widens access: that fix is left for the user.
const JSON_POLICY = '{\n  "Statement": [\n    { "Effect": "Allow", "Action": ["kms:Decrypt", "kms:ReEncryptFrom", "kms:Encypt"], "Resource": "*" }\n  ]\n}\n';
const TERRAFORM = 'resource "aws_iam_policy" "app" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:Encrypt"], Resource = "*" }]\n  })\n}\n';
const SUPPRESSED = '{\n  // keylens-ignore-file kms-decrypt-in-identity-policy -- reviewed\n  "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ]\n}\n';

test('--fix applies the safe fixes in place (in passes, so touching fixes both land), lists them, and reports what is left', async () => {
  const dir = tempTree({ 'app.json': JSON_POLICY, 'main.tf': TERRAFORM, 'key-policy.json': WILDCARD_KEY_POLICY, 'reviewed.jsonc': SUPPRESSED });
  const r = await keylens(['check', '--fix', '.'], dir);
  assert.equal(r.status, 1, 'the wildcard key policy error is left');
  assert.match(r.stdout, /^fixed 3 problems in 2 files:\n {2}app\.json:3:37 {2}kms-decrypt-in-identity-policy {2}Remove kms:Decrypt from this statement\n {2}main\.tf:3:48 {2}kms-decrypt-in-identity-policy {2}Remove kms:Decrypt from this statement\n {2}app\.json:3:37 {2}kms-decrypt-in-identity-policy {2}Remove kms:ReEncryptFrom from this statement\n\n/);
  assert.equal(readFileSync(join(dir, 'app.json'), 'utf8'), JSON_POLICY.replace('["kms:Decrypt", "kms:ReEncryptFrom", "kms:Encypt"]', '["kms:Encypt"]'));
  assert.match(readFileSync(join(dir, 'main.tf'), 'utf8'), /Action = \["kms:Encrypt"\]/);
  assert.equal(readFileSync(join(dir, 'reviewed.jsonc'), 'utf8'), SUPPRESSED, 'a suppressed finding is accepted as it is, not fixed');
  // The typo's fix widens access and the wildcard principal has no account to narrow to: both are left.
  assert.match(r.stdout, /app\.json\n.*iam-unknown-action[\s\S]*key-policy\.json\n.*kms-key-policy-wildcard-principal[\s\S]*checked 4 files \(4 policies\); 1 suppressed\n$/);
  const again = await keylens(['check', '--fix', '--format', 'json', '.'], dir);
  assert.equal(again.stderr, '', 'nothing left to fix: no list');
  assert.deepEqual((JSON.parse(again.stdout) as { file: string }[]).map((f) => f.file), ['app.json', 'key-policy.json']);
});

test('--fix with json or sarif keeps stdout machine-readable (the list goes to stderr); a byte order mark stays', async () => {
  const dir = tempTree({ 'app.json': `\ufeff${JSON_POLICY}` });
  const r = await keylens(['check', '--fix', '--format', 'sarif', 'app.json'], dir);
  assert.equal(JSON.parse(r.stdout).runs[0].results.length, 1, 'the typo, whose fix widens access');
  assert.match(r.stderr, /^fixed 2 problems in 1 file:/);
  assert.ok(readFileSync(join(dir, 'app.json'), 'utf8').startsWith('\ufeff{'));
  writeFileSync(join(dir, 'app.json'), JSON_POLICY);
  assert.equal((await keylens(['check', '--fix', '--format', 'json', 'app.json'], dir)).status, 0);
});

test('fix all never takes a fix that widens access, one that edits another file, or one a suppression covers', () => {
  // A typo in a Deny: correcting it narrows access.
  const text = '{ "Statement": [ { "Effect": "Deny", "Action": ["kms:Encypt"], "Resource": "*" } ] }';
  const file = parseFile('a.json', text);
  const [typo] = analyze([file], { catalog: loadCatalog() });
  assert.equal(typo!.ruleId, 'iam-unknown-action');
  const [fix] = typo!.fixes;
  const variant = (changes: Partial<Finding>, fixChanges: object = {}): Finding => ({ ...typo!, fixes: [{ ...fix!, preferred: true, ...fixChanges }], ...changes });
  assert.equal(chooseFixes(file, [variant({})]).chosen.length, 1);
  assert.equal(chooseFixes(file, [variant({}, { widensAccess: true })]).chosen.length, 0, 'widensAccess');
  assert.equal(chooseFixes(file, [variant({}, { edits: [...fix!.edits, { file: 'b.json', edits: [{ start: 0, end: 0, newText: 'x' }] }] })]).chosen.length, 0, 'another file');
  assert.equal(chooseFixes(file, [variant({ suppression: { kind: 'file', span: { start: 0, end: 0 } } })]).chosen.length, 0, 'suppressed');
  assert.equal(chooseFixes(file, [variant({}, { edits: [{ file: 'a.json', edits: [{ start: 1, end: 2, newText: '{{' }] }] })]).chosen.length, 0, 'breaks parsing');
});
