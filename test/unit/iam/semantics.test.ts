// The policy semantics rules and explain share: which resources can be keys, which conditions narrow
// the keys (ABAC), which admit an account, the root principal in every spelling, and Deny coverage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRootPrincipal, replaceInterpolations } from '../../../server/src/core/arn';
import { conditionNarrowsKeys, conditionsAdmitAccount, deniedOn, mayMatchKmsResource, resourceKeyScope, statementKeyScope, wildcardAllowsWholeAccount } from '../../../server/src/core/iam/semantics';
import { wildcardsOverlap } from '../../../server/src/core/iam/wildcard';
import { parseFile } from '../../../server/src/core/parse';
import type { Policy, Statement } from '../../../server/src/core/model';

function policy(statements: object[], file = 'policy.json'): Policy {
  const parsed = parseFile(file, JSON.stringify({ Statement: statements }));
  assert.equal(parsed.policies.length, 1, 'one policy');
  return parsed.policies[0]!;
}
const statement = (s: object, file?: string): Statement => policy([s], file).statements[0]!;

test('wildcardsOverlap: two patterns that can match one string', () => {
  assert.equal(wildcardsOverlap('key/*', 'key/1234'), true);
  assert.equal(wildcardsOverlap('*', 'alias/x'), true);
  assert.equal(wildcardsOverlap('k?y/*', '*/abc'), true);
  assert.equal(wildcardsOverlap('alias/*', 'key/*'), false);
  assert.equal(wildcardsOverlap('a*b', 'c*'), false);
  assert.equal(wildcardsOverlap('*a*', '*b*'), true);
  assert.equal(wildcardsOverlap('ab', 'a?'), true);
  assert.equal(wildcardsOverlap('a?c', 'a*d'), false);
  // Too large to compare: the caller decides.
  assert.equal(wildcardsOverlap('*x'.repeat(300_000), 'key/*'), undefined);
});

test('mayMatchKmsResource: ARN fields are matched one by one', () => {
  for (const r of ['*', 'arn:aws:kms:*:*:key/*', 'arn:aws:kms:us-east-1:111122223333:*', 'arn:aws:kms:us-east-1:111122223333:key/1234', 'arn:*:*:*:*:*', 'arn:aws:km?:*:*:k*']) {
    assert.ok(mayMatchKmsResource(r, 'key'), r);
  }
  for (const r of ['arn:aws:s3:::b/*', 'arn:aws:kms:us-east-1:111122223333:alias/app', 'arn:aws:iam::111122223333:role/x', 'alias/app', 'key/1234']) {
    assert.ok(!mayMatchKmsResource(r, 'key'), r);
  }
  assert.ok(mayMatchKmsResource('arn:aws:kms:us-east-1:111122223333:alias/*', 'alias'));
});

test('resourceKeyScope: all, some, none and unknown', () => {
  const scope = (s: object) => resourceKeyScope(statement({ Effect: 'Allow', Action: 'kms:Decrypt', ...s }).resources);
  assert.equal(scope({ Resource: '*' }), 'all');
  assert.equal(scope({ Resource: 'arn:aws:kms:eu-west-1:111122223333:key/*' }), 'all');
  assert.equal(scope({ Resource: ['arn:aws:s3:::b/*', 'arn:aws:kms:eu-west-1:111122223333:key/abcd'] }), 'some');
  assert.equal(scope({ Resource: ['arn:aws:s3:::b/*', 'arn:aws:kms:eu-west-1:111122223333:alias/x'] }), 'none');
  assert.equal(scope({ NotResource: 'arn:aws:kms:*:*:key/*' }), 'none');
  assert.equal(scope({ NotResource: 'arn:aws:kms:*:*:key/abcd' }), 'all');
  assert.equal(scope({}), 'none');
});

test('conditionNarrowsKeys: resource tags and aliases with positive operators', () => {
  assert.ok(conditionNarrowsKeys('StringEquals', 'aws:ResourceTag/Project', ['Alpha']));
  assert.ok(conditionNarrowsKeys('StringEquals', 'aws:ResourceTag/team', ['${aws:PrincipalTag/team}']));
  assert.ok(conditionNarrowsKeys('ForAnyValue:StringLike', 'kms:ResourceAliases', ['alias/finance-*']));
  assert.ok(conditionNarrowsKeys('StringEquals', 'KMS:RequestAlias', ['alias/app']));
  assert.ok(conditionNarrowsKeys('StringEquals', 'aws:ResourceTag/Project', [], true), 'a Terraform value still picks keys by the tag');
  assert.ok(!conditionNarrowsKeys('ForAllValues:StringLike', 'kms:ResourceAliases', ['alias/*Test*']), 'true for keys without aliases');
  assert.ok(!conditionNarrowsKeys('StringEqualsIfExists', 'aws:ResourceTag/Project', ['Alpha']));
  assert.ok(!conditionNarrowsKeys('StringNotEquals', 'aws:ResourceTag/env', ['prod']));
  assert.ok(!conditionNarrowsKeys('Null', 'aws:ResourceTag/Project', ['false']));
  assert.ok(!conditionNarrowsKeys('StringLike', 'aws:ResourceTag/Project', ['*']));
  assert.ok(!conditionNarrowsKeys('ForAnyValue:StringLike', 'kms:ResourceAliases', ['alias/*']));
  for (const key of ['kms:ViaService', 'kms:CallerAccount', 'kms:EncryptionContext:app', 'kms:KeySpec', 'kms:KeyOrigin', 'aws:ResourceAccount']) {
    assert.ok(!conditionNarrowsKeys('StringEquals', key, ['x']), key);
  }
  const abac = statementKeyScope(statement({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Project': 'Alpha' } } }));
  assert.equal(abac.scope, 'some');
  assert.deepEqual(abac.narrowedBy.map((c) => c.key), ['aws:ResourceTag/Project']);
});

test('conditionsAdmitAccount and wildcardAllowsWholeAccount', () => {
  const s = (condition?: object) => statement({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*', ...(condition ? { Condition: condition } : {}) }, 'key-policy.json');
  assert.equal(conditionsAdmitAccount(s(), '111122223333'), 'yes');
  assert.equal(conditionsAdmitAccount(s({ StringEquals: { 'kms:CallerAccount': '111122223333' } }), '111122223333'), 'yes');
  assert.equal(conditionsAdmitAccount(s({ StringEquals: { 'kms:CallerAccount': '444455556666' } }), '111122223333'), 'no');
  assert.equal(conditionsAdmitAccount(s({ StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } }), '111122223333'), 'yes');
  assert.equal(conditionsAdmitAccount(s({ StringLike: { 'aws:PrincipalAccount': '1111*' } }), '111122223333'), 'yes');
  assert.equal(conditionsAdmitAccount(s({ StringEquals: { 'kms:CallerAccount': '111122223333' } }), undefined), 'unknown');
  assert.equal(wildcardAllowsWholeAccount(s({ StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }), '111122223333'), 'yes');
  assert.equal(wildcardAllowsWholeAccount(s({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/x' } }), '111122223333'), 'no');
  assert.equal(wildcardAllowsWholeAccount(s({ StringEquals: { 'aws:PrincipalTag/team': 'a' } }), '111122223333'), 'no');
  // IfExists lets in requests without the key: a caller's own call carries no aws:SourceAccount.
  assert.equal(wildcardAllowsWholeAccount(s({ StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' }, StringEquals: { 'kms:CallerAccount': '111122223333' } }), '111122223333'), 'yes');
  assert.equal(wildcardAllowsWholeAccount(s({ ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/x' } }), '111122223333'), 'no');
  assert.equal(wildcardAllowsWholeAccount(s({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }), '111122223333'), 'yes');
  assert.equal(wildcardAllowsWholeAccount(s({ Bool: { 'aws:PrincipalIsAWSService': 'true' } }), '111122223333'), 'no');
});

test('isRootPrincipal: any arn:<partition>:iam::<account>:root', () => {
  for (const v of ['arn:aws:iam::111122223333:root', 'arn:aws:iam::ACCOUNT_ID:root', 'arn:aws:iam::<account-id>:root', 'arn:aws-cn:iam::your-account-id:root', 'arn:aws:iam::${AWS::AccountId}:root', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root', 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root']) {
    assert.ok(isRootPrincipal(v), v);
  }
  for (const v of ['arn:aws:iam::111122223333:user/root', 'arn:aws:sts::111122223333:root', 'arn:aws:iam:::root', 'arn:aws:iam:us-east-1:111122223333:root', '111122223333', '*']) {
    assert.ok(!isRootPrincipal(v), v);
  }
  assert.equal(replaceInterpolations('a${b}c${d', 'X'), 'aXc${d');
});

test('deniedOn: a Deny covers what an Allow reaches', () => {
  const p = policy([
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/*' },
    { Effect: 'Deny', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:111122223333:key/*' },
  ]);
  assert.equal(deniedOn(p, 'kms:Decrypt', p.statements[0]!.resources), false, 'keys of other accounts stay reachable');
  assert.equal(deniedOn(p, 'kms:Decrypt', p.statements[1]!.resources), true);
  assert.equal(deniedOn(p, 'kms:Decrypt', 'arn:aws:kms:eu-west-1:111122223333:key/abcd'), true);
  assert.equal(deniedOn(p, 'kms:Decrypt'), false);
  assert.equal(deniedOn(p, 'kms:ReEncryptFrom', p.statements[1]!.resources), false, 'per action');
});
