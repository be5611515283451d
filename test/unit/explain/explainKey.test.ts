import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../server/src/node/catalog';
import { explainKey, renderMarkdown, type AccessEntry, type ExplainReport } from '../../../server/src/core/explain/index';
import { ACCOUNT, FUNCTION_ARN, KEY_ARN, LAMBDA_SESSION, SEED_GRANT, identityPolicy, keyPolicy, liveSnapshot } from './fixtures';

const catalog = loadCatalog();
const KMS_COUNT = catalog.actionsOf('kms').length;

function entry(list: readonly AccessEntry[], principal: string): AccessEntry {
  const found = list.find((e) => e.principal === principal);
  assert.ok(found, `no entry for ${principal} in ${JSON.stringify(list.map((e) => e.principal))}`);
  return found;
}

function warningsText(report: ExplainReport): string {
  return report.warnings.map((w) => w.message).join('\n');
}

test('seed 000: the Lambda role can Decrypt only because of the Lambda-created grant', () => {
  const report = explainKey(liveSnapshot({ grants: [SEED_GRANT] }), [], { catalog });
  const role = entry(report.access, LAMBDA_SESSION);
  assert.deepEqual(role.operations, ['kms:Decrypt', 'kms:RetireGrant']);
  assert.equal(role.grantOnly, true);
  assert.equal(role.via.length, 1);
  const via = role.via[0]!;
  assert.equal(via.kind, 'grant');
  if (via.kind !== 'grant') return;
  assert.equal(via.grantId, SEED_GRANT.GrantId);
  assert.equal(via.name, SEED_GRANT.Name);
  assert.equal(via.retiringPrincipal, 'lambda.ap-northeast-1.amazonaws.com');
  assert.equal(via.createdBy, 'service:lambda.amazonaws.com');
  assert.deepEqual(via.constraints, { EncryptionContextEquals: { 'aws:lambda:FunctionArn': FUNCTION_ARN } });

  const grant = report.grants[0]!;
  assert.equal(grant.service, 'lambda');
  assert.equal(grant.GrantId, SEED_GRANT.GrantId);
  assert.match(grant.explanation, /AWS Lambda/);
  assert.match(grant.retireImpact!, /environment variables/);

  // The administrators' role comes from the key policy, with every KMS operation.
  const admin = entry(report.access, `arn:aws:iam::${ACCOUNT}:role/my-role`);
  assert.equal(admin.operations.length, KMS_COUNT);
  assert.deepEqual(admin.via.map((v) => v.kind === 'key-policy' && v.statement), ['Allow access for Key Administrators']);
  assert.equal(admin.grantOnly, undefined);

  // Lambda itself may retire the grant.
  const lambda = entry(report.access, 'service:lambda.ap-northeast-1.amazonaws.com');
  assert.deepEqual(lambda.operations, ['kms:RetireGrant']);
  assert.equal(lambda.via[0]!.kind === 'grant' && lambda.via[0]!.role, 'retiring-principal');
  assert.match(warningsText(report), /never allows the account root/);
});

test('the JSON report has exactly the SPEC §3 top-level shape', () => {
  const report = explainKey(liveSnapshot({ grants: [SEED_GRANT], aliases: [{ AliasName: 'alias/b' }, { AliasName: 'alias/a' }] }), [], { catalog });
  assert.deepEqual(Object.keys(report).sort(), ['access', 'denies', 'grants', 'key', 'sources', 'warnings']);
  assert.deepEqual(report.key, { arn: KEY_ARN, keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', account: ACCOUNT, region: 'ap-northeast-1', keyManager: 'CUSTOMER', state: 'Enabled', aliases: ['alias/a', 'alias/b'] });
  assert.deepEqual(report.sources, { keyPolicy: 'live', grants: 'live', aliases: 'live' });
  for (const e of report.access) assert.deepEqual(Object.keys(e).filter((k) => ['principal', 'operations', 'conditions', 'via'].includes(k)).sort(), ['conditions', 'operations', 'principal', 'via']);
  assert.ok(report.warnings.every((w) => typeof w.message === 'string'));
  // A grant keeps the fields KMS returns, plus createdBy and explanation.
  const grant = report.grants[0]!;
  for (const field of ['KeyId', 'GrantId', 'Name', 'CreationDate', 'GranteePrincipal', 'RetiringPrincipal', 'IssuingAccount', 'Operations', 'Constraints', 'createdBy', 'explanation']) {
    assert.ok(field in grant, `grant lacks ${field}`);
  }
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(report)));
});

test('statements are named by Sid, else by #index; wildcards and NotAction expand to full operation names', () => {
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy(
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reencrypt` }, Action: ['kms:ReEncrypt*', 's3:GetObject'], Resource: '*' },
        { Sid: 'Generate', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/gen` }, Action: 'KMS:generatedatakey*', Resource: '*' },
        { Sid: 'AllButDelete', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/notaction` }, NotAction: ['kms:ScheduleKeyDeletion', 'kms:Put*'], Resource: '*' },
        { Sid: 'Star', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/star` }, Action: '*', Resource: '*' },
        { Sid: 'S3Only', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/s3` }, Action: 's3:*', Resource: '*' },
      ),
    }),
    [],
    { catalog },
  );
  const reencrypt = entry(report.access, `arn:aws:iam::${ACCOUNT}:role/reencrypt`);
  assert.deepEqual(reencrypt.operations, ['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
  assert.equal(reencrypt.via[0]!.kind === 'key-policy' && reencrypt.via[0]!.statement, '#0');
  assert.deepEqual(entry(report.access, `arn:aws:iam::${ACCOUNT}:role/gen`).operations, [
    'kms:GenerateDataKey',
    'kms:GenerateDataKeyPair',
    'kms:GenerateDataKeyPairWithoutPlaintext',
    'kms:GenerateDataKeyWithoutPlaintext',
  ]);
  const notAction = entry(report.access, `arn:aws:iam::${ACCOUNT}:role/notaction`).operations;
  assert.equal(notAction.length, KMS_COUNT - 2);
  assert.ok(!notAction.includes('kms:ScheduleKeyDeletion') && !notAction.includes('kms:PutKeyPolicy'));
  assert.ok(notAction.includes('kms:Decrypt'));
  assert.equal(entry(report.access, `arn:aws:iam::${ACCOUNT}:role/star`).operations.length, KMS_COUNT);
  assert.ok(!report.access.some((e) => e.principal.endsWith('role/s3')), 'a statement without kms actions gives no key access');
});

test('Deny statements go to denies with their conditions', () => {
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy(
        { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'NoDeleteOutsideOrg', Effect: 'Deny', Principal: '*', Action: ['kms:ScheduleKeyDeletion', 'kms:Disable*'], Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
        { Sid: 'DenyAccount', Effect: 'Deny', Principal: { AWS: '444455556666' }, Action: 'kms:Decrypt', Resource: '*' },
      ),
    }),
    [],
    { catalog },
  );
  const star = entry(report.denies, '*');
  assert.deepEqual(star.operations, ['kms:DisableKey', 'kms:DisableKeyRotation', 'kms:ScheduleKeyDeletion']);
  assert.deepEqual(star.conditions, { StringNotEquals: { 'aws:PrincipalOrgID': ['o-abc'] } });
  assert.deepEqual(entry(report.denies, '444455556666').operations, ['kms:Decrypt']);
  assert.ok(!report.access.some((e) => e.principal === '*'), 'a Deny is never listed as access');
});

test('wildcard principal: listed with its conditions; warned about only when nothing narrows the caller', () => {
  const open = explainKey(liveSnapshot({ policy: keyPolicy({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }) }), [], { catalog });
  assert.deepEqual(entry(open.access, '*').operations, ['kms:Decrypt']);
  assert.match(warningsText(open), /Open allows kms:Decrypt to any principal in any AWS account/);

  const narrowed = explainKey(
    liveSnapshot({
      policy: keyPolicy({
        Sid: 'ViaS3',
        Effect: 'Allow',
        Principal: '*',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } },
      }),
    }),
    [],
    { catalog },
  );
  const star = entry(narrowed.access, '*');
  assert.deepEqual(star.conditions, { StringEquals: { 'kms:CallerAccount': [ACCOUNT], 'kms:ViaService': ['s3.ap-northeast-1.amazonaws.com'] } });
  assert.doesNotMatch(warningsText(narrowed), /any principal in any AWS account/);
});

test('root delegation: workspace IAM policies that allow kms actions on this key are listed under iam-delegation', () => {
  const policies = [
    identityPolicy('app-role-policy.json', [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY_ARN }], `arn:aws:iam::${ACCOUNT}:role/app`),
    identityPolicy('all-keys.json', [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` }]),
    identityPolicy('other-key.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/ffffffff-ffff-ffff-ffff-ffffffffffff` }]),
    identityPolicy('alias.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:alias/app` }]),
    identityPolicy('s3.json', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
  ];
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }),
    }),
    policies,
    { catalog },
  );
  const account = entry(report.access, ACCOUNT);
  assert.equal(account.operations.length, KMS_COUNT);
  const via = account.via[0]!;
  assert.equal(via.kind, 'iam-delegation');
  if (via.kind !== 'iam-delegation') return;
  assert.equal(via.account, ACCOUNT);
  assert.equal(via.statement, 'Enable IAM User Permissions');
  assert.equal(via.crossAccount, false);
  assert.deepEqual(via.policies.map((p) => p.policy).sort(), ['all-keys.json', 'app-role-policy.json'], 'only policies on this key (not other keys, aliases or other services)');

  const app = entry(report.access, `arn:aws:iam::${ACCOUNT}:role/app`);
  assert.deepEqual(app.operations, ['kms:Decrypt', 'kms:GenerateDataKey']);
  assert.equal(app.via[0]!.kind, 'iam-delegation');
  assert.doesNotMatch(warningsText(report), /never allows the account root/);
});

test('an IAM policy without root delegation in the key policy is reported as having no effect', () => {
  const report = explainKey(
    liveSnapshot({ grants: [SEED_GRANT] }),
    [identityPolicy('lambda-role.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }], `arn:aws:iam::${ACCOUNT}:role/test-role-cu5o193j`)],
    { catalog },
  );
  assert.match(warningsText(report), /IAM policy lambda-role\.json .* allows kms:Decrypt on this key, but the key policy does not delegate/);
  assert.ok(!report.access.some((e) => e.principal === `arn:aws:iam::${ACCOUNT}:role/test-role-cu5o193j`));
});

test('root delegation makes grant-only claims impossible for principals of that account', () => {
  const report = explainKey(
    liveSnapshot({ grants: [SEED_GRANT], policy: keyPolicy({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' }) }),
    [],
    { catalog },
  );
  assert.equal(entry(report.access, LAMBDA_SESSION).grantOnly, undefined);
});

test('cross-account: key policy AND the other account IAM policy are both needed, and the report says so', () => {
  const other = '444455556666';
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy(
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'PartnerUse', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${other}:root`, `arn:aws:iam::${other}:role/direct`] }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
      ),
    }),
    [identityPolicy('partner.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN }], `arn:aws:iam::${other}:role/reader`)],
    { catalog },
  );
  const partner = entry(report.access, other);
  assert.equal(partner.crossAccount, true);
  const via = partner.via[0]!;
  assert.ok(via.kind === 'iam-delegation' && via.crossAccount && via.policies.length === 1 && via.policies[0]!.policy === 'partner.json');
  const reader = entry(report.access, `arn:aws:iam::${other}:role/reader`);
  assert.deepEqual(reader.operations, ['kms:Decrypt']);
  assert.equal(entry(report.access, `arn:aws:iam::${other}:role/direct`).crossAccount, true);
  assert.match(warningsText(report), /Account 444455556666 is not the key's account: its principals need both this key policy AND an IAM policy in account 444455556666/);
  // The partner's IAM policy is not listed under the key's own account.
  const own = entry(report.access, ACCOUNT).via[0]!;
  assert.ok(own.kind === 'iam-delegation' && own.policies.length === 0);
});

test('AWS managed key: policy not editable and no cross-account use', () => {
  const report = explainKey(
    liveSnapshot({
      metadata: { arn: KEY_ARN, keyId: 'k', account: ACCOUNT, region: 'ap-northeast-1', keyManager: 'AWS', state: 'Enabled' },
      aliases: [{ AliasName: 'alias/aws/s3' }],
      policy: keyPolicy({
        Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT } },
      }),
    }),
    [],
    { catalog },
  );
  assert.equal(report.key.keyManager, 'AWS');
  assert.match(warningsText(report), /AWS managed key: AWS owns its key policy \(it cannot be edited\) and it can never be used from another account/);
  assert.doesNotMatch(warningsText(report), /never allows the account root/);
  assert.doesNotMatch(warningsText(report), /any principal in any AWS account/);
});

test('a statement whose Resource is another key does not apply; a broken live policy is a warning, not a crash', () => {
  const other = explainKey(
    liveSnapshot({ policy: keyPolicy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/x` }, Action: 'kms:Decrypt', Resource: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/other` }) }),
    [],
    { catalog },
  );
  assert.equal(other.access.length, 0);
  const broken = explainKey(liveSnapshot({ policy: '{"Statement": [' }), [], { catalog });
  assert.match(warningsText(broken), /not valid JSON/);
});

test('states other than Enabled and denied sources are surfaced', () => {
  const report = explainKey(
    liveSnapshot({
      metadata: { arn: KEY_ARN, account: ACCOUNT, state: 'PendingDeletion' },
      keyPolicy: undefined,
      sources: { keyPolicy: 'denied', grants: 'live', aliases: 'live' },
      warnings: [{ en: 'Partial report: access denied for kms:GetKeyPolicy', ja: '部分的' }],
    }),
    [identityPolicy('p.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }])],
    { catalog },
  );
  assert.equal(report.sources.keyPolicy, 'denied');
  const text = warningsText(report);
  assert.match(text, /PendingDeletion/);
  assert.match(text, /kms:GetKeyPolicy/);
  assert.match(text, /takes effect only if the key policy \(not available\) allows the account root/);
});

test('Japanese locale localizes explanations and warnings', () => {
  const report = explainKey(liveSnapshot({ grants: [SEED_GRANT] }), [], { catalog, locale: 'ja' });
  assert.match(report.grants[0]!.explanation, /AWS Lambda が作成したグラント/);
  assert.match(report.grants[0]!.retireImpact!, /環境変数が復号できなく/);
  assert.match(renderMarkdown(report, { locale: 'ja' }), /グラント経由のみ/);
});

test('markdown: the seed report says grant-only and what retiring breaks; policy text is escaped', () => {
  const report = explainKey(
    liveSnapshot({
      grants: [{ ...SEED_GRANT, Name: '[click](javascript:alert(1))' }],
      policy: keyPolicy({ Sid: '<img src=x onerror=alert(1)>', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/my-role` }, Action: 'kms:*', Resource: '*' }),
    }),
    [],
    { catalog },
  );
  const markdown = renderMarkdown(report, { allOperationsCount: KMS_COUNT });
  assert.ok(!markdown.includes('<img'), 'raw HTML from a Sid must not reach the output');
  assert.ok(markdown.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(!markdown.includes('[click](javascript'), 'a grant name cannot form a link');
  assert.match(markdown, /### arn:aws:sts::012345678901:assumed-role\/test-role-cu5o193j\/test\n\n- Operations: kms:Decrypt, kms:RetireGrant/);
  assert.match(markdown, /Only through grants/);
  assert.match(markdown, /\*\*If retired:\*\* Retiring or revoking it breaks the function's environment variables/);
  assert.match(markdown, /all \d+ KMS operations \(kms:\\\*\)/);
});

test('markdown lists the first paths of a principal behind many grants, then a count', () => {
  const grants = Array.from({ length: 40 }, (_, i) => ({ ...SEED_GRANT, GrantId: `g${i}` }));
  const report = explainKey(liveSnapshot({ grants }), [], { catalog });
  assert.equal(entry(report.access, LAMBDA_SESSION).via.length, 40, 'JSON keeps every path');
  const markdown = renderMarkdown(report);
  assert.match(markdown, /… and 15 more \(see Grants below/);
  assert.equal(markdown.match(/^### g\d+ /gm)?.length, 40, 'every grant is still listed');
});
