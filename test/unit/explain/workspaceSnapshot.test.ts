import { emptyParsedFile } from '../../../server/src/core/parsedFile';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../server/src/core/parse';
import type { ParsedFile, PString, ResourceRef } from '../../../server/src/core/model';
import { loadCatalog } from '../../../server/src/node/catalog';
import { explainKey, snapshotFromWorkspace } from '../../../server/src/core/explain/index';
import { ACCOUNT, KEY_ARN, KEY_ID, SEED_GRANT, SEED_KEY_POLICY } from './fixtures';

const catalog = loadCatalog();
const span = { start: 0, end: 0 };
const literal = (value: string): PString => ({ kind: 'string', value, known: true, span });
const reference = (type: string, name: string, attribute: string): PString => ({ kind: 'string', value: `${type}.${name}.${attribute}`, known: false, ref: { type, name, attribute }, span });

function emptyFile(file: string): ParsedFile {
  return emptyParsedFile(file, '', 'terraform');
}

test('a key ARN finds the key policy named by its key id and a list-grants output in the files', () => {
  const files = [
    parseFile(`policies/key-policy-${KEY_ID}.json`, SEED_KEY_POLICY),
    parseFile('policies/other-key-policy-ffffffff-ffff-ffff-ffff-ffffffffffff.json', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] })),
    parseFile('grants.json', JSON.stringify({ Grants: [SEED_GRANT] })),
  ];
  const result = snapshotFromWorkspace(files, KEY_ARN);
  assert.ok(result.ok);
  const { snapshot } = result;
  assert.equal(snapshot.sources.keyPolicy, 'workspace');
  assert.equal(snapshot.sources.grants, 'workspace');
  assert.equal(snapshot.keyPolicy?.kind === 'model' && snapshot.keyPolicy.policy.file, `policies/key-policy-${KEY_ID}.json`);
  assert.equal(snapshot.grants.length, 1);
  assert.deepEqual(snapshot.metadata.account, ACCOUNT);

  const report = explainKey(snapshot, result.identityPolicies, { catalog });
  const role = report.access.find((e) => e.principal === SEED_GRANT.GranteePrincipal);
  assert.ok(role?.grantOnly, 'the seed scenario is explained offline from a saved list-grants output too');
  assert.equal(report.grants[0]!.service, 'lambda');
  assert.ok(!report.access.some((e) => e.principal === '*'), 'the other key policy is not used');
});

test('with no key policy naming the key, the only untargeted key policy is assumed, and said so', () => {
  const files = [parseFile('key-policy.json', SEED_KEY_POLICY)];
  const result = snapshotFromWorkspace(files, KEY_ARN);
  assert.ok(result.ok);
  assert.equal(result.snapshot.sources.keyPolicy, 'workspace');
  assert.match(result.snapshot.warnings.map((w) => w.en).join('\n'), /assuming key-policy\.json/);
  assert.match(result.snapshot.warnings.map((w) => w.en).join('\n'), /use a live look-up/);
});

test('no key policy at all: source missing, with a warning', () => {
  const result = snapshotFromWorkspace([parseFile('role.json', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }))], KEY_ID);
  assert.ok(result.ok);
  assert.equal(result.snapshot.sources.keyPolicy, 'missing');
  assert.equal(result.identityPolicies.length, 1);
});

test('Terraform model: alias and aws_kms_key address resolve to the key; its grants and aliases are collected', () => {
  const keyRef: ResourceRef = { type: 'aws_kms_key', name: 'app' };
  const keyPolicyFile = parseFile('key-policy.json', JSON.stringify({ Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }));
  const keyPolicy = { ...keyPolicyFile.policies[0]!, target: { key: { ref: keyRef } } };
  const main: ParsedFile = {
    ...emptyFile('main.tf'),
    policies: [keyPolicy],
    keys: [{ file: 'main.tf', ref: keyRef, span, description: 'app key' }],
    aliases: [{ file: 'main.tf', ref: { type: 'aws_kms_alias', name: 'app' }, name: 'alias/app', target: reference('aws_kms_key', 'app', 'key_id'), span }],
    grants: [
      {
        file: 'main.tf',
        ref: { type: 'aws_kms_grant', name: 'worker' },
        name: 'worker',
        key: reference('aws_kms_key', 'app', 'key_id'),
        grantee: reference('aws_iam_role', 'worker', 'arn'),
        operations: ['Encrypt', 'Decrypt'],
        constraints: { encryptionContextEquals: { Department: 'Finance' } },
        span,
      },
      { file: 'main.tf', ref: { type: 'aws_kms_grant', name: 'other' }, key: literal(KEY_ID), grantee: literal(`arn:aws:iam::${ACCOUNT}:role/x`), operations: ['Decrypt'], span },
    ],
  };
  for (const input of ['alias/app', 'aws_kms_key.app', 'aws_kms_alias.app', `arn:aws:kms:ap-northeast-1:${ACCOUNT}:alias/app`]) {
    const result = snapshotFromWorkspace([main], input);
    assert.ok(result.ok, input);
    const { snapshot } = result;
    assert.equal(snapshot.metadata.terraformAddress, 'aws_kms_key.app', input);
    assert.equal(snapshot.metadata.keyManager, 'CUSTOMER');
    assert.equal(snapshot.metadata.description, 'app key');
    assert.deepEqual(snapshot.grants.map((g) => g.Name), ['worker'], `${input}: only the grant on this key`);
    assert.deepEqual(snapshot.grants[0]!.declaredIn, { file: 'main.tf', label: 'aws_kms_grant.worker' });
    assert.deepEqual(snapshot.aliases.map((a) => a.AliasName), ['alias/app']);
    const report = explainKey(snapshot, [], { catalog });
    const worker = report.access.find((e) => e.principal === 'aws_iam_role.worker');
    assert.deepEqual(worker?.operations, ['kms:Decrypt', 'kms:Encrypt']);
    const via = worker!.via[0]!;
    assert.ok(via.kind === 'grant' && via.createdBy === 'aws_kms_grant.worker' && via.grantId === null);
    assert.deepEqual(via.kind === 'grant' && via.constraints, { EncryptionContextEquals: { Department: 'Finance' } });
  }
});

test('KEY that names nothing in the files is an error with a clear message', () => {
  const missingAlias = snapshotFromWorkspace([emptyFile('main.tf')], 'alias/nope');
  assert.ok(!missingAlias.ok);
  assert.match(missingAlias.error.en, /No aws_kms_alias named alias\/nope/);
  const notAKey = snapshotFromWorkspace([], 'hello');
  assert.ok(!notAKey.ok);
  assert.match(notAKey.error.en, /not a KMS key ARN/);
  const missingResource = snapshotFromWorkspace([emptyFile('main.tf')], 'aws_kms_key.nope');
  assert.ok(!missingResource.ok);
});

test('an AWS managed alias is explained as an AWS managed key', () => {
  const result = snapshotFromWorkspace([], 'alias/aws/s3');
  assert.ok(result.ok);
  assert.equal(result.snapshot.metadata.keyManager, 'AWS');
  const report = explainKey(result.snapshot, [], { catalog });
  assert.deepEqual(report.key.aliases, ['alias/aws/s3']);
  assert.match(report.warnings.map((w) => w.message).join('\n'), /AWS managed key/);
});

const terraformReady = parseFile('probe.tf', 'resource "aws_kms_key" "k" {}\n').keys.length > 0;

test('Terraform files end to end: aws_kms_key policy, alias, aws_kms_grant and a role policy', { todo: terraformReady ? false : 'the Terraform front end has not landed yet' }, () => {
  const tf = `
resource "aws_kms_key" "app" {
  description = "app key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "kms:*", Resource = "*" }]
  })
}
resource "aws_kms_alias" "app" {
  name          = "alias/app"
  target_key_id = aws_kms_key.app.key_id
}
resource "aws_kms_grant" "worker" {
  name              = "worker"
  key_id            = aws_kms_key.app.key_id
  grantee_principal = aws_iam_role.worker.arn
  operations        = ["Encrypt", "Decrypt"]
}
resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:GenerateDataKey", Resource = aws_kms_key.app.arn }] })
}
`;
  const result = snapshotFromWorkspace([parseFile('main.tf', tf)], 'alias/app');
  assert.ok(result.ok);
  const report = explainKey(result.snapshot, result.identityPolicies, { catalog });
  assert.equal(report.sources.keyPolicy, 'workspace');
  assert.ok(report.access.some((e) => e.via.some((v) => v.kind === 'grant' && v.createdBy === 'aws_kms_grant.worker')));
  const account = report.access.find((e) => e.principal === ACCOUNT);
  assert.ok(account?.via.some((v) => v.kind === 'iam-delegation' && v.policies.some((p) => p.operations.includes('kms:GenerateDataKey'))));
});
