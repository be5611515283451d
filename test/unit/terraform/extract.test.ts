import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTerraform } from '../../../server/src/core/terraform';
import type { PNode, Policy, PString } from '../../../server/src/core/model';
import { spanOf } from './hcl-helpers';
import { Workspace } from '../../../server/src/core/workspace';

const fixtures = join(import.meta.dirname, 'fixtures');
const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function slice(text: string, node: { span: { start: number; end: number } }): string {
  return text.slice(node.span.start, node.span.end);
}

function values(items: readonly PString[] | undefined): string[] {
  return (items ?? []).map((item) => item.value);
}

function policy(policies: readonly Policy[], label: string): Policy {
  const found = policies.find((p) => p.label === label);
  assert.ok(found, `no policy ${label} in ${policies.map((p) => p.label).join(', ')}`);
  return found;
}

test('jsonencode: identity policy with exact spans on every value', () => {
  const text = read('seed-003.tf');
  const parsed = parseTerraform('seed-003.tf', text);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.language, 'terraform');
  const identity = policy(parsed.policies, 'aws_iam_policy.overly_permissive_policy');
  assert.equal(identity.kind, 'identity');
  assert.equal(identity.syntax, 'jsonencode');
  assert.deepEqual(identity.target, {});
  assert.equal(slice(text, identity.root).slice(0, 30), '{\n    Version = "2012-10-17"\n ');
  assert.equal(identity.statements.length, 1);
  const [statement] = identity.statements;
  assert.equal(statement!.effect, 'Allow');
  assert.equal(statement!.actions!.name, 'Action');
  assert.deepEqual(statement!.actions!.keySpan, spanOf(text, 'Action', 0));
  assert.deepEqual(values(statement!.actions!.items), ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*']);
  // PString spans cover the quoted string, as jsonc-parser's do in JSON.
  assert.deepEqual(statement!.actions!.items[1]!.span, spanOf(text, '"kms:Decrypt"', 0));
  assert.deepEqual(statement!.resources!.items[0]!.span, spanOf(text, '"arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef"'));
  assert.equal(statement!.actions!.items.every((item) => item.known), true);
});

test('jsonencode: references and templates are unknown strings that keep the reference', () => {
  const text = read('seed-003.tf');
  const key = policy(parseTerraform('seed-003.tf', text).policies, 'aws_kms_key.my_secure_key');
  assert.equal(key.kind, 'key');
  assert.deepEqual(key.target, { key: { ref: { type: 'aws_kms_key', name: 'my_secure_key', scope: '' } } });
  const [root, app] = key.statements;
  assert.equal(root!.sid, 'Enable IAM User Permissions');
  const rootPrincipal = root!.principals!.entries[0]!;
  assert.equal(rootPrincipal.type, 'AWS');
  assert.deepEqual(rootPrincipal.value, {
    kind: 'string',
    value: 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root',
    known: false,
    refs: [{ type: 'data.aws_caller_identity', name: 'current', attribute: 'account_id', scope: '' }],
    // The caller-identity account is the configuration's own: the value is that account's root.
    arn: { partition: 'aws', service: 'iam', region: '', ownAccount: true, resource: 'root', resourceKnown: true },
    span: spanOf(text, '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"'),
  });
  const appPrincipal = app!.principals!.entries[0]!.value;
  assert.deepEqual(appPrincipal, {
    kind: 'string',
    value: '${aws_iam_role.my_app_role.arn}',
    known: false,
    ref: { type: 'aws_iam_role', name: 'my_app_role', attribute: 'arn', scope: '' },
    span: spanOf(text, 'aws_iam_role.my_app_role.arn'),
  });
  // The trust policy of aws_iam_role is out of scope.
  assert.equal(parseTerraform('seed-003.tf', text).policies.length, 2);
});

test('jsonencode: a wrapped reference, other expressions in lists, literals and computed keys', () => {
  const text = [
    'resource "aws_iam_role_policy" "p" {',
    '  role = aws_iam_role.app.name',
    '  policy = jsonencode({',
    '    Statement = [{',
    '      Effect   = "Allow"',
    '      Action   = ["kms:Decrypt", var.extra_action, local.more]',
    '      Resource = ["${aws_kms_key.k.arn}", "${var.prefix}/*", aws_kms_key.k[0].arn, 42]',
    '      (var.key) = "ignored"',
    '    }]',
    '  })',
    '}',
    '',
  ].join('\n');
  const parsed = parseTerraform('main.tf', text);
  assert.deepEqual(parsed.problems, []);
  const [p] = parsed.policies;
  assert.deepEqual(p!.target, { principal: { ref: { type: 'aws_iam_role', name: 'app', scope: '' } } });
  const statement = p!.statements[0]!;
  assert.equal(statement.actions!.hasUnknown, true);
  const actionNode = statement.actions!.node as { items: readonly PNode[] };
  assert.deepEqual(actionNode.items.map((item) => item.kind), ['string', 'unknown', 'unknown']);
  assert.deepEqual(actionNode.items[1], { kind: 'unknown', text: 'var.extra_action', span: spanOf(text, 'var.extra_action') });
  const resources = (statement.resources!.node as { items: readonly PNode[] }).items;
  assert.deepEqual(resources[0], {
    kind: 'string', value: '${aws_kms_key.k.arn}', known: false,
    ref: { type: 'aws_kms_key', name: 'k', attribute: 'arn', scope: '' }, span: spanOf(text, '"${aws_kms_key.k.arn}"'),
  });
  assert.deepEqual(resources[1], { kind: 'string', value: '${var.prefix}/*', known: false, span: spanOf(text, '"${var.prefix}/*"') });
  assert.deepEqual((resources[2] as PString).ref, { type: 'aws_kms_key', name: 'k', attribute: 'arn', scope: '' });
  assert.deepEqual(resources[3], { kind: 'literal', value: 42, span: spanOf(text, '42') });
  assert.deepEqual(statement.node.entries.map((e) => e.key), ['Effect', 'Action', 'Resource']);
});

test('heredoc JSON: spans map 1:1 into the .tf file; templates are unknown', () => {
  const text = read('bucket.tf');
  const parsed = parseTerraform('bucket.tf', text);
  assert.deepEqual(parsed.problems, []);
  const bucketPolicy = policy(parsed.policies, 'aws_s3_bucket_policy.data');
  assert.equal(bucketPolicy.kind, 'bucket');
  assert.equal(bucketPolicy.syntax, 'heredoc');
  assert.deepEqual(bucketPolicy.target, { bucket: { ref: { type: 'aws_s3_bucket', name: 'data', scope: '' }, name: 'example-data-bucket' } });
  const statement = bucketPolicy.statements[0]!;
  assert.equal(statement.sid, 'CrossAccountRead');
  assert.deepEqual(statement.actions!.items[0]!.span, spanOf(text, '"s3:GetObject"'));
  assert.deepEqual(statement.actions!.keySpan, spanOf(text, '"Action"'));
  assert.deepEqual(statement.principals!.entries[0]!.value.span, spanOf(text, '"arn:aws:iam::111122223333:root"'));
  const resource = statement.resources!.items[0]!;
  assert.equal(resource.known, false);
  assert.equal(resource.ref, undefined);
  assert.equal(resource.value, '${aws_s3_bucket.data.arn}/*');
  assert.deepEqual(resource.span, spanOf(text, '"${aws_s3_bucket.data.arn}/*"'));
});

test('heredoc JSON: <<- indentation, a whole-string reference, $${ escapes, and JSON errors as problems', () => {
  const text = [
    'resource "aws_kms_key_policy" "k" {',
    '  key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
    '  policy = <<-EOT',
    '    {',
    '      "Statement": [{',
    '        "Effect": "Allow",',
    '        "Principal": {"AWS": "${aws_iam_role.r.arn}"},',
    '        "Action": "kms:Decrypt",',
    '        "Resource": "arn:aws:s3:::b/$${aws:username}/*",',
    '      }]',
    '    }',
    '  EOT',
    '}',
    'resource "aws_iam_policy" "broken" {',
    '  policy = <<EOT',
    '{"Statement": [{"Effect": "Allow", "Action": ["kms:Dec}]}',
    'EOT',
    '}',
    '',
  ].join('\n');
  const parsed = parseTerraform('main.tf', text);
  const key = policy(parsed.policies, 'aws_kms_key_policy.k');
  assert.deepEqual(key.target, { key: { arn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' } });
  const statement = key.statements[0]!;
  assert.deepEqual(statement.principals!.entries[0]!.value.ref, { type: 'aws_iam_role', name: 'r', attribute: 'arn', scope: '' });
  assert.deepEqual(statement.actions!.items[0]!.span, spanOf(text, '"kms:Decrypt"'));
  const resource = statement.resources!.items[0]!;
  assert.equal(resource.known, true);
  assert.equal(resource.value, 'arn:aws:s3:::b/${aws:username}/*');
  // The half-typed heredoc JSON yields a problem at its place in the .tf file, and what parsed.
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0]!.message.en, /heredoc cannot be parsed/);
  assert.ok(parsed.problems[0]!.span.start > text.indexOf('"broken"'));
  const broken = policy(parsed.policies, 'aws_iam_policy.broken');
  assert.equal(broken.statements[0]!.effect, 'Allow');
});

test('aws_iam_policy_document: statements, principals, conditions, defaults, and the resource using it', () => {
  const text = read('policy-document.tf');
  const parsed = parseTerraform('policy-document.tf', text);
  assert.deepEqual(parsed.problems, []);
  const document = policy(parsed.policies, 'data.aws_iam_policy_document.key');
  assert.equal(document.kind, 'key');
  assert.equal(document.syntax, 'policy-document');
  assert.deepEqual(document.target, { key: { ref: { type: 'aws_kms_key', name: 'k', scope: '' } } });
  const [allow, deny] = document.statements;
  assert.equal(allow!.sid, 'AllowUse');
  assert.equal(allow!.effect, 'Allow');
  assert.equal(allow!.actions!.name, 'actions');
  assert.deepEqual(allow!.actions!.keySpan, spanOf(text, 'actions'));
  assert.deepEqual(allow!.actions!.items.map((i) => i.span), [spanOf(text, '"kms:Decrypt"'), spanOf(text, '"kms:GenerateDataKey*"')]);
  const firstStatement = text.indexOf('statement {');
  assert.deepEqual(allow!.node.span, { start: firstStatement, end: text.indexOf('\n  }\n', firstStatement) + '\n  }'.length });
  const principals = allow!.principals!;
  assert.equal(principals.negated, false);
  assert.deepEqual(principals.entries.map((e) => [e.type, e.value.value]), [['AWS', '${aws_iam_role.app.arn}'], ['AWS', 'arn:aws:iam::111122223333:root']]);
  assert.deepEqual(principals.entries[1]!.value.span, spanOf(text, '"arn:aws:iam::111122223333:root"'));
  assert.equal(allow!.conditions.length, 1);
  const condition = allow!.conditions[0]!;
  assert.equal(condition.operator, 'StringEquals');
  assert.equal(condition.key, 'kms:CallerAccount');
  assert.equal(condition.hasUnknown, true);
  assert.deepEqual(condition.span, { start: text.indexOf('condition {'), end: text.indexOf('}', text.indexOf('condition {')) + 1 });
  assert.equal(deny!.effect, 'Deny');
  assert.equal(deny!.actions!.negated, true);
  assert.equal(deny!.actions!.name, 'not_actions');
  assert.equal(deny!.resources!.negated, true);
  assert.equal(deny!.resources!.name, 'not_resources');
  assert.deepEqual(values(deny!.resources!.items), ['arn:aws:kms:us-east-1:111122223333:key/abc']);
});

test('aws_iam_policy_document: effect defaults to Allow; an unused document is recognized from its statements', () => {
  const text = [
    'data "aws_iam_policy_document" "app" {',
    '  statement {',
    '    actions   = ["kms:Decrypt"]',
    '    resources = ["*"]',
    '  }',
    '}',
    'data "aws_iam_policy_document" "trust" {',
    '  statement {',
    '    actions = ["sts:AssumeRole"]',
    '    principals {',
    '      type        = "Service"',
    '      identifiers = ["ec2.amazonaws.com"]',
    '    }',
    '  }',
    '}',
    'resource "aws_iam_role" "r" {',
    '  assume_role_policy = data.aws_iam_policy_document.trust.json',
    '}',
    '',
  ].join('\n');
  const parsed = parseTerraform('main.tf', text);
  assert.deepEqual(parsed.policies.map((p) => [p.label, p.kind]), [['data.aws_iam_policy_document.app', 'identity']]);
  assert.equal(parsed.policies[0]!.statements[0]!.effect, 'Allow');
});

test('aws_iam_policy_document: source and override documents in the same file are merged by Sid', () => {
  const text = [
    'data "aws_iam_policy_document" "base" {',
    '  statement {',
    '    sid       = "Root"',
    '    actions   = ["kms:*"]',
    '    resources = ["*"]',
    '    principals {',
    '      type        = "AWS"',
    '      identifiers = ["arn:aws:iam::111122223333:root"]',
    '    }',
    '  }',
    '  statement {',
    '    sid       = "Shared"',
    '    actions   = ["kms:Encrypt"]',
    '    resources = ["*"]',
    '  }',
    '}',
    'data "aws_iam_policy_document" "override" {',
    '  statement {',
    '    sid       = "Extra"',
    '    actions   = ["kms:DescribeKey"]',
    '    resources = ["*"]',
    '  }',
    '}',
    'data "aws_iam_policy_document" "key" {',
    '  source_policy_documents   = [data.aws_iam_policy_document.base.json]',
    '  override_policy_documents = [data.aws_iam_policy_document.override.json]',
    '  statement {',
    '    sid       = "Shared"',
    '    actions   = ["kms:Decrypt"]',
    '    resources = ["*"]',
    '  }',
    '}',
    'resource "aws_kms_key" "k" {',
    '  policy = data.aws_iam_policy_document.key.json',
    '}',
    '',
  ].join('\n');
  const parsed = parseTerraform('main.tf', text);
  const key = policy(parsed.policies, 'data.aws_iam_policy_document.key');
  assert.equal(key.kind, 'key');
  assert.deepEqual(key.statements.map((s) => [s.sid, values(s.actions!.items)]), [
    ['Root', ['kms:*']],
    ['Shared', ['kms:Decrypt']],
    ['Extra', ['kms:DescribeKey']],
  ]);
  // The statement from the source document still points at its own block.
  assert.deepEqual(key.statements[0]!.actions!.items[0]!.span, spanOf(text, '"kms:*"'));
});

test('policy kinds and targets of every policy-holding resource', () => {
  const text = [
    'resource "aws_iam_user_policy" "u" {',
    '  user   = aws_iam_user.dev.name',
    '  policy = data.aws_iam_policy_document.user.json',
    '}',
    'resource "aws_iam_group_policy" "g" {',
    '  group  = "devs"',
    '  policy = local.group_policy',
    '}',
    'resource "aws_iam_role" "r" {',
    '  inline_policy {',
    '    name   = "inline"',
    '    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }] })',
    '  }',
    '}',
    'resource "aws_iam_policy" "managed" {',
    '  policy = jsonencode({ Statement = { Effect = "Allow", Action = "kms:Encrypt", Resource = "*" } })',
    '}',
    'resource "aws_iam_role_policy_attachment" "a" {',
    '  role       = aws_iam_role.worker.name',
    '  policy_arn = aws_iam_policy.managed.arn',
    '}',
    'resource "aws_s3_bucket_policy" "b" {',
    '  bucket = "literal-bucket"',
    '  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::literal-bucket/*" }] })',
    '}',
    'locals {',
    '  group_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*" }] })',
    '}',
    'data "aws_iam_policy_document" "user" {',
    '  statement {',
    '    actions   = ["kms:Decrypt"]',
    '    resources = ["*"]',
    '  }',
    '}',
    '',
  ].join('\n');
  const parsed = parseTerraform('main.tf', text);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.policies.map((p) => [p.label, p.kind, p.syntax, p.target]), [
    ['aws_iam_group_policy.g', 'identity', 'jsonencode', {}],
    ['aws_iam_role.r.inline_policy', 'identity', 'jsonencode', { principal: { ref: { type: 'aws_iam_role', name: 'r', scope: '' } } }],
    ['aws_iam_policy.managed', 'identity', 'jsonencode', {}],
    ['aws_s3_bucket_policy.b', 'bucket', 'jsonencode', { bucket: { name: 'literal-bucket' } }],
    ['data.aws_iam_policy_document.user', 'identity', 'policy-document', { principal: { ref: { type: 'aws_iam_user', name: 'dev', scope: '' } } }],
  ]);
  // A managed policy reaches its principals through attachments, which the workspace joins.
  const managed = policy(parsed.policies, 'aws_iam_policy.managed');
  assert.deepEqual(managed.ref, { type: 'aws_iam_policy', name: 'managed', scope: '' });
  assert.deepEqual(new Workspace([parsed]).principalsOf(managed), [{ ref: { type: 'aws_iam_role', name: 'worker', scope: '' } }]);
  // A single statement object (not a list) is read like JSON's `"Statement": {...}`.
  assert.equal(policy(parsed.policies, 'aws_iam_policy.managed').statements[0]!.actions!.items[0]!.value, 'kms:Encrypt');
});

test('declarations: keys, aliases, grants, bucket encryption (legacy inline and the separate resource)', () => {
  const text = read('bucket.tf');
  const parsed = parseTerraform('bucket.tf', text);
  assert.deepEqual(parsed.keys, [{ file: 'bucket.tf', ref: { type: 'aws_kms_key', name: 'data', scope: '' }, address: 'aws_kms_key.data', span: spanOf(text, text.slice(text.indexOf('resource "aws_kms_key"'), text.indexOf('}', text.indexOf('resource "aws_kms_key"')) + 1)), description: 'data key' }]);
  assert.equal(parsed.aliases.length, 1);
  const alias = parsed.aliases[0]!;
  assert.equal(alias.name, 'alias/data');
  assert.deepEqual(alias.ref, { type: 'aws_kms_alias', name: 'data', scope: '' });
  assert.deepEqual(alias.target?.ref, { type: 'aws_kms_key', name: 'data', attribute: 'key_id', scope: '' });
  assert.deepEqual(alias.target?.span, spanOf(text, 'aws_kms_key.data.key_id', 0));

  const [grant] = parsed.grants;
  assert.equal(grant!.name, 'lambda-decrypt');
  assert.deepEqual(grant!.operations, ['Decrypt', 'RetireGrant']);
  assert.deepEqual(grant!.key?.ref, { type: 'aws_kms_key', name: 'data', attribute: 'key_id', scope: '' });
  assert.deepEqual(grant!.grantee?.ref, { type: 'aws_iam_role', name: 'lambda', attribute: 'arn', scope: '' });
  assert.equal(grant!.retiringPrincipal, undefined);
  assert.deepEqual(grant!.constraints, { encryptionContextEquals: { 'aws:lambda:FunctionArn': 'arn:aws:lambda:ap-northeast-1:012345678901:function:test' } });

  assert.equal(parsed.encryption.length, 2);
  const [inline, separate] = parsed.encryption;
  assert.deepEqual(inline!.bucket, { ref: { type: 'aws_s3_bucket', name: 'data', scope: '' }, name: 'example-data-bucket' });
  assert.equal(inline!.algorithm?.value, 'aws:kms');
  assert.deepEqual(inline!.keyId?.ref, { type: 'aws_kms_alias', name: 'data', attribute: 'arn', scope: '' });
  assert.deepEqual(inline!.keyId?.span, spanOf(text, 'aws_kms_alias.data.arn'));
  assert.ok(slice(text, inline!).startsWith('apply_server_side_encryption_by_default {'));
  assert.deepEqual(separate!.bucket, { ref: { type: 'aws_s3_bucket', name: 'logs', scope: '' } });
  assert.deepEqual(separate!.keyId?.ref, { type: 'aws_kms_key', name: 'data', attribute: 'arn', scope: '' });
});

test('an unknown kms_master_key_id stays an unknown string (never taken as the AWS managed key)', () => {
  const text = [
    'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {',
    '  bucket = var.bucket',
    '  rule {',
    '    apply_server_side_encryption_by_default {',
    '      sse_algorithm     = "aws:kms"',
    '      kms_master_key_id = var.key_arn',
    '    }',
    '  }',
    '}',
    'data "aws_kms_alias" "s3" {',
    '  name = "alias/aws/s3"',
    '}',
    '',
  ].join('\n');
  const parsed = parseTerraform('main.tf', text);
  const [encryption] = parsed.encryption;
  assert.equal(encryption!.bucket, undefined);
  assert.deepEqual(encryption!.keyId, { kind: 'string', value: '${var.key_arn}', known: false, span: spanOf(text, 'var.key_arn') });
  assert.deepEqual(parsed.aliases.map((a) => [a.ref, a.name]), [[{ type: 'data.aws_kms_alias', name: 's3', scope: '' }, 'alias/aws/s3']]);
});

test('HCL problems become parse problems in both languages; a broken file still yields its policies', () => {
  const text = read('seed-003.tf').replace('"kms:Decrypt",    # **このアクションを削除**', '"kms:Dec');
  const parsed = parseTerraform('seed-003.tf', text);
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0]!.message.en, /Unterminated string/);
  assert.match(parsed.problems[0]!.message.ja, /文字列/);
  assert.equal(parsed.policies.length, 2);
  const actions = parsed.policies[0]!.statements[0]!.actions!;
  assert.deepEqual(values(actions.items), ['kms:Encrypt', 'kms:Dec', 'kms:ReEncrypt*', 'kms:GenerateDataKey*']);
});

test('every prefix of the fixtures extracts without an exception', () => {
  for (const name of ['seed-003.tf', 'bucket.tf', 'policy-document.tf']) {
    const text = read(name);
    for (let end = 0; end <= text.length; end += 3) parseTerraform(name, text.slice(0, end));
  }
});
