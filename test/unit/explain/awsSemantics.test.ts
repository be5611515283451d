// Explain agrees with AWS's documented evaluation: cross-account operations, group membership,
// conditions kept per path, and how NotPrincipal reads — each in JSON (live snapshot) and Terraform.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../server/src/core/parse';
import { loadCatalog } from '../../../server/src/node/catalog';
import { explainKey, renderMarkdown, snapshotFromWorkspace, type AccessEntry, type ExplainReport } from '../../../server/src/core/explain/index';
import { CROSS_ACCOUNT_OPERATIONS } from '../../../server/src/core/explain/crossAccount';
import { ACCOUNT, KEY_ARN, identityPolicy, keyPolicy, liveSnapshot } from './fixtures';

const catalog = loadCatalog();
const PARTNER = '444455556666';
const ROOT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

function entry(report: ExplainReport, principal: string, list: 'access' | 'denies' = 'access'): AccessEntry {
  const found = report[list].find((e) => e.principal === principal);
  assert.ok(found, `no ${list} entry for ${principal} in ${JSON.stringify(report[list].map((e) => e.principal))}`);
  return found;
}

function absent(report: ExplainReport, principal: string): void {
  assert.ok(!report.access.some((e) => e.principal === principal), `${principal} should have no access: ${JSON.stringify(report.access.find((e) => e.principal === principal))}`);
}

function warningsText(report: ExplainReport): string {
  return report.warnings.map((w) => w.message).join('\n');
}

function explainTerraform(source: string, key = 'aws_kms_key.k'): ExplainReport {
  const result = snapshotFromWorkspace([parseFile('main.tf', source)], key);
  assert.ok(result.ok, result.ok ? '' : result.error.en);
  return explainKey(result.snapshot, result.identityPolicies, { catalog });
}

/** A Terraform key whose policy is the given statements (HCL object literals). */
function terraformKey(...statements: string[]): string {
  return `resource "aws_kms_key" "k" {
  description = "k"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
${statements.map((s) => `      ${s},`).join('\n')}
    ]
  })
}
`;
}

const TF_ROOT = `{ Sid = "Enable IAM User Permissions", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "kms:*", Resource = "*" }`;
const EXPECTED_CROSS = [...CROSS_ACCOUNT_OPERATIONS].sort();

// ------------------------------------------------------------------ 1. cross-account operations

test('cross-account (JSON): another account given kms:* gets only the operations KMS allows across accounts; the rest is granted without effect', () => {
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy(
        ROOT,
        { Sid: 'PartnerAll', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARTNER}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'PartnerRole', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARTNER}:role/ops` }, Action: ['kms:ScheduleKeyDeletion', 'kms:Decrypt'], Resource: '*' },
      ),
    }),
    [],
    { catalog },
  );
  const partner = entry(report, PARTNER);
  assert.deepEqual(partner.operations, EXPECTED_CROSS);
  assert.ok(partner.ineffective?.includes('kms:ScheduleKeyDeletion') && partner.ineffective.includes('kms:PutKeyPolicy'));
  assert.equal(partner.operations.length + partner.ineffective!.length, catalog.actionsOf('kms').length);
  assert.equal(partner.crossAccount, true);
  const role = entry(report, `arn:aws:iam::${PARTNER}:role/ops`);
  assert.deepEqual(role.operations, ['kms:Decrypt']);
  assert.deepEqual(role.ineffective, ['kms:ScheduleKeyDeletion']);
  // The key's own account keeps every operation.
  assert.equal(entry(report, ACCOUNT).operations.length, catalog.actionsOf('kms').length);
  assert.match(warningsText(report), /PartnerAll gives 444455556666 \(another account\) kms:PutKeyPolicy, kms:ScheduleKeyDeletion, .* and 30 more; KMS never performs these for another account, so they are granted but have no effect/);
  const markdown = renderMarkdown(report);
  assert.match(markdown, /Granted but without effect from another account: .*kms:ScheduleKeyDeletion/);
});

test('cross-account (JSON): the list KMS documents, GetKeyRotationStatus included', () => {
  for (const operation of ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:DeriveSharedSecret', 'kms:Encrypt', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateMac', 'kms:GetKeyRotationStatus', 'kms:GetPublicKey', 'kms:ListGrants', 'kms:ReEncryptFrom', 'kms:RetireGrant', 'kms:RevokeGrant', 'kms:Sign', 'kms:Verify', 'kms:VerifyMac']) {
    assert.ok(CROSS_ACCOUNT_OPERATIONS.has(operation), operation);
  }
  for (const operation of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:GetKeyPolicy', 'kms:ListKeys', 'kms:CreateAlias', 'kms:EnableKeyRotation', 'kms:TagResource', 'kms:ListKeyRotations']) {
    assert.ok(!CROSS_ACCOUNT_OPERATIONS.has(operation), operation);
  }
  for (const operation of CROSS_ACCOUNT_OPERATIONS) assert.ok(catalog.canonical(operation) === operation, `${operation} is a real action`);
});

test('cross-account (JSON): with the other account\'s IAM policies in the workspace, a named principal gets what both sides allow', () => {
  const partnerRole = `arn:aws:iam::${PARTNER}:role/reader`;
  const otherRole = `arn:aws:iam::${PARTNER}:role/elsewhere`;
  const report = explainKey(
    liveSnapshot({ policy: keyPolicy(ROOT, { Sid: 'Partners', Effect: 'Allow', Principal: { AWS: [partnerRole, otherRole] }, Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy'], Resource: '*' }) }),
    [
      identityPolicy('reader.json', [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:PutKeyPolicy'], Resource: KEY_ARN }], partnerRole),
      identityPolicy('elsewhere.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${PARTNER}:key/*` }], otherRole),
    ],
    { catalog },
  );
  const reader = entry(report, partnerRole);
  assert.deepEqual(reader.operations, ['kms:Decrypt']);
  assert.deepEqual(reader.ineffective, ['kms:PutKeyPolicy']);
  const via = reader.via[0]!;
  assert.ok(via.kind === 'key-policy' && via.policies?.[0]?.policy === 'reader.json');
  assert.deepEqual(report.access.find((e) => e.principal === otherRole)?.operations ?? [], [], 'its IAM policy is about its own keys only');
});

test('cross-account (Terraform): the same, with the key account taken from the "Enable IAM User Permissions" statement', () => {
  const report = explainTerraform(terraformKey(TF_ROOT, `{ Sid = "PartnerAll", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${PARTNER}:root" }, Action = "kms:*", Resource = "*" }`));
  assert.equal(report.key.account, ACCOUNT);
  assert.match(warningsText(report), new RegExp(`taking it to be ${ACCOUNT}`));
  const partner = entry(report, PARTNER);
  assert.deepEqual(partner.operations, EXPECTED_CROSS);
  assert.ok(partner.ineffective?.includes('kms:ScheduleKeyDeletion'));
  assert.equal(entry(report, ACCOUNT).operations.length, catalog.actionsOf('kms').length);
});

test('cross-account (Terraform): a root written through data.aws_caller_identity is the key account; literal accounts are others', () => {
  const report = explainTerraform(
    `data "aws_caller_identity" "current" {}\n` +
      terraformKey(
        `{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" }`,
        `{ Sid = "PartnerAll", Effect = "Allow", Principal = { AWS = "${PARTNER}" }, Action = "kms:*", Resource = "*" }`,
      ),
  );
  assert.deepEqual(entry(report, PARTNER).operations, EXPECTED_CROSS);
  const own = report.access.find((e) => e.principal.includes('aws_caller_identity'));
  assert.equal(own?.operations.length, catalog.actionsOf('kms').length);
  assert.equal(own?.crossAccount, undefined);
  assert.match(warningsText(report), /takes 444455556666 to be other accounts/);
  assert.doesNotMatch(warningsText(report), /never allows the account root/);
});

// ------------------------------------------------------------------ 2. group membership

const GROUP_SETUP = `
resource "aws_iam_user" "alice" { name = "alice" }
resource "aws_iam_user" "bob" { name = "bob" }
resource "aws_iam_group" "crypto_users" { name = "crypto-users" }
`;

for (const [name, membership] of [
  ['aws_iam_group_membership', `resource "aws_iam_group_membership" "crypto" {\n  name  = "crypto"\n  group = aws_iam_group.crypto_users.name\n  users = [aws_iam_user.alice.name]\n}\n`],
  ['aws_iam_user_group_membership', `resource "aws_iam_user_group_membership" "alice" {\n  user   = aws_iam_user.alice.name\n  groups = [aws_iam_group.crypto_users.name]\n}\n`],
] as const) {
  test(`groups (Terraform, ${name}): a member gets the group's inline policy, and the report says it comes through the group`, () => {
    const report = explainTerraform(
      terraformKey(TF_ROOT) +
        GROUP_SETUP +
        membership +
        `resource "aws_iam_group_policy" "decrypt" {
  group  = aws_iam_group.crypto_users.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }] })
}
`,
    );
    const alice = entry(report, 'aws_iam_user.alice');
    assert.deepEqual(alice.operations, ['kms:Decrypt']);
    const via = alice.via[0]!;
    assert.ok(via.kind === 'iam-delegation');
    assert.equal(via.policies[0]!.group, 'aws_iam_group.crypto_users');
    assert.equal(via.policies[0]!.principal, 'aws_iam_user.alice');
    absent(report, 'aws_iam_user.bob');
    absent(report, 'aws_iam_group.crypto_users');
    assert.match(renderMarkdown(report), /aws\\_iam\\_group\\_policy.decrypt → aws\\_iam\\_user.alice \(through group aws\\_iam\\_group.crypto\\_users\)/);
  });
}

test('groups (Terraform): attached managed policies reach members, and a group Deny removes what it denies', () => {
  const report = explainTerraform(
    terraformKey(TF_ROOT) +
      GROUP_SETUP +
      `resource "aws_iam_group_membership" "crypto" {
  name  = "crypto"
  group = aws_iam_group.crypto_users.name
  users = [aws_iam_user.alice.name, aws_iam_user.bob.name]
}
resource "aws_iam_policy" "use" {
  name   = "use"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:Encrypt", "kms:Decrypt"], Resource = aws_kms_key.k.arn }] })
}
resource "aws_iam_group_policy_attachment" "use" {
  group      = aws_iam_group.crypto_users.name
  policy_arn = aws_iam_policy.use.arn
}
resource "aws_iam_group_policy" "no_decrypt" {
  group  = aws_iam_group.crypto_users.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "kms:Decrypt", Resource = "*" }] })
}
`,
  );
  for (const user of ['aws_iam_user.alice', 'aws_iam_user.bob']) {
    const member = entry(report, user);
    assert.deepEqual(member.operations, ['kms:Encrypt'], user);
    assert.deepEqual(member.denied, ['kms:Decrypt'], user);
    assert.deepEqual(entry(report, user, 'denies').operations, ['kms:Decrypt']);
  }
});

test('groups (JSON): a use with a group shows the group on the path', () => {
  const member = { ...identityPolicy('group.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN }], `arn:aws:iam::${ACCOUNT}:user/alice`), group: { arn: `arn:aws:iam::${ACCOUNT}:group/crypto` } };
  const report = explainKey(liveSnapshot({ policy: keyPolicy(ROOT) }), [member], { catalog });
  const alice = entry(report, `arn:aws:iam::${ACCOUNT}:user/alice`);
  assert.deepEqual(alice.operations, ['kms:Decrypt']);
  assert.ok(alice.via[0]!.kind === 'iam-delegation' && alice.via[0]!.policies[0]!.group === `arn:aws:iam::${ACCOUNT}:group/crypto`);
});

// ------------------------------------------------------------------ 3. conditions kept per path

test('conditions (JSON): two policies requiring different caller accounts give nothing; compatible ones merge into one block', () => {
  const rootWithAccount = { ...ROOT, Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } };
  const report = explainKey(
    liveSnapshot({ policy: keyPolicy(rootWithAccount) }),
    [
      identityPolicy('ci.json', [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': PARTNER } } }], `arn:aws:iam::${ACCOUNT}:role/ci_deployer`),
      identityPolicy('app.json', [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'] } } }], `arn:aws:iam::${ACCOUNT}:role/app`),
    ],
    { catalog },
  );
  absent(report, `arn:aws:iam::${ACCOUNT}:role/ci_deployer`);
  assert.match(warningsText(report), /ci\.json through key policy statement Enable IAM User Permissions: its conditions cannot hold together for arn:aws:iam::\d+:role\/ci_deployer \(kms:CallerAccount\)/);
  const app = entry(report, `arn:aws:iam::${ACCOUNT}:role/app`);
  assert.deepEqual(app.conditions, { StringEquals: { 'kms:CallerAccount': [ACCOUNT], 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'] } });
  assert.equal(app.moreConditions, undefined);
  // Nothing in the report reads "either account".
  assert.ok(!JSON.stringify(report.access).includes(`["${ACCOUNT}","${PARTNER}"]`));
});

test('conditions (JSON): the same operator and key in two policies is intersected where it can be, kept as a second block where not', () => {
  const report = explainKey(
    liveSnapshot({ policy: keyPolicy({ ...ROOT, Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'] }, StringLike: { 'kms:EncryptionContext:app': 'a*' } } }) }),
    [
      identityPolicy(
        'p.json',
        [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:app': '*z' } } }],
        `arn:aws:iam::${ACCOUNT}:role/app`,
      ),
    ],
    { catalog },
  );
  const app = entry(report, `arn:aws:iam::${ACCOUNT}:role/app`);
  assert.deepEqual(app.conditions, { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] }, StringLike: { 'kms:EncryptionContext:app': ['a*'] } });
  assert.deepEqual(app.moreConditions, [{ StringLike: { 'kms:EncryptionContext:app': ['*z'] } }]);
  assert.match(renderMarkdown(report), /StringLike kms:EncryptionContext:app = a\\\* \*\*and also\*\* StringLike kms:EncryptionContext:app = \\\*z/);
});

test('conditions (JSON): aws:PrincipalAccount, aws:PrincipalArn and aws:PrincipalType that cannot hold for the principal drop the path', () => {
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy(
        ROOT,
        { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` }, Action: 'kms:CreateGrant', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': PARTNER } } },
        { Sid: 'RootOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalType': 'Account' } } },
      ),
    }),
    [
      identityPolicy('grant.json', [{ Effect: 'Allow', Action: 'kms:CreateGrant', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': PARTNER } } }], `arn:aws:iam::${ACCOUNT}:role/worker`),
      identityPolicy('arn.json', [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${PARTNER}:role/*` } } }], `arn:aws:iam::${ACCOUNT}:role/worker`),
      identityPolicy('self.json', [{ Effect: 'Allow', Action: 'kms:Sign', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/worker` } } }], `arn:aws:iam::${ACCOUNT}:role/worker`),
    ],
    { catalog },
  );
  absent(report, `arn:aws:iam::${ACCOUNT}:role/ops`);
  const worker = entry(report, `arn:aws:iam::${ACCOUNT}:role/worker`);
  assert.deepEqual(worker.operations, ['kms:Sign'], 'only the statement whose condition holds for the worker gives access');
  // The root-only statement holds for the account principal, not for roles: no role gets kms:Decrypt through it.
  assert.ok(!report.access.some((e) => e.principal.includes(':role/') && e.operations.includes('kms:Decrypt')));
});

test('conditions (Terraform): the issue scenario — kms:CallerAccount in the key policy and in aws_iam_role_policy differ, so ci_deployer has no kms:Encrypt', () => {
  const report = explainTerraform(
    terraformKey(`{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "kms:*", Resource = "*", Condition = { StringEquals = { "kms:CallerAccount" = "${ACCOUNT}" } } }`) +
      `resource "aws_iam_role" "ci_deployer" {
  name               = "ci-deployer"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "ci" {
  role   = aws_iam_role.ci_deployer.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:Encrypt", Resource = "*", Condition = { StringEquals = { "kms:CallerAccount" = "${PARTNER}" } } }] })
}
resource "aws_iam_role" "reports" {
  name               = "reports"
  assume_role_policy = "{}"
  inline_policy {
    name   = "use"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:CreateGrant", Resource = "*", Condition = { StringEquals = { "aws:PrincipalAccount" = "${PARTNER}" } } }, { Effect = "Allow", Action = "kms:Decrypt", Resource = "*", Condition = { ArnEquals = { "aws:PrincipalArn" = aws_iam_role.reports.arn } } }] })
  }
}
`,
  );
  absent(report, 'aws_iam_role.ci_deployer');
  const reports = entry(report, 'aws_iam_role.reports');
  assert.deepEqual(reports.operations, ['kms:Decrypt'], 'no kms:CreateGrant under an aws:PrincipalAccount of another account');
  assert.match(warningsText(report), /cannot hold together for aws_iam_role\.ci_deployer \(kms:CallerAccount\)/);
});

// ------------------------------------------------------------------ 4. NotPrincipal

test('NotPrincipal (JSON): a root reads as the account principal, a role listed there is warned about and its sessions are denied', () => {
  const admin = `arn:aws:iam::${ACCOUNT}:role/admin`;
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy(
        ROOT,
        { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: admin }, Action: 'kms:*', Resource: '*' },
        { Sid: 'OnlyAdminsDelete', Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, admin] }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ),
    }),
    [],
    { catalog },
  );
  const deny = entry(report, '*', 'denies');
  assert.deepEqual(deny.except, [`arn:aws:iam::${ACCOUNT}:root (the account principal, not its roles)`, admin]);
  assert.match(warningsText(report), /lists the role arn:aws:iam::\d+:role\/admin in NotPrincipal: that exempts no session of the role/);
  const adminEntry = entry(report, admin);
  assert.ok(!adminEntry.operations.includes('kms:ScheduleKeyDeletion'));
  assert.deepEqual(adminEntry.denied, ['kms:ScheduleKeyDeletion']);
  assert.match(renderMarkdown(report), /Everyone except: arn:aws:iam::\d+:root \(the account principal, not its roles\)/);
  const ja = explainKey(liveSnapshot({ policy: keyPolicy(ROOT, { Sid: 'D', Effect: 'Deny', NotPrincipal: { AWS: ACCOUNT }, Action: 'kms:Decrypt', Resource: '*' }) }), [], { catalog, locale: 'ja' });
  assert.match(entry(ja, '*', 'denies').except![0]!, /^arn:aws:iam::\d+:root \(アカウントプリンシパルのみ/);
});

test('NotPrincipal (JSON): a user listed with its account is exempt; without its account it is warned about', () => {
  const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const report = explainKey(
    liveSnapshot({
      policy: keyPolicy(
        { Sid: 'Alice', Effect: 'Allow', Principal: { AWS: alice }, Action: 'kms:Decrypt', Resource: '*' },
        { Sid: 'OnlyAlice', Effect: 'Deny', NotPrincipal: { AWS: [alice, `arn:aws:iam::${ACCOUNT}:root`] }, Action: 'kms:Decrypt', Resource: '*' },
        { Sid: 'NoAccount', Effect: 'Deny', NotPrincipal: { AWS: alice }, Action: 'kms:Encrypt', Resource: '*' },
      ),
    }),
    [],
    { catalog },
  );
  assert.deepEqual(entry(report, alice).operations, ['kms:Decrypt']);
  assert.match(warningsText(report), /NoAccount lists arn:aws:iam::\d+:user\/alice in NotPrincipal without its account/);
});

test('NotPrincipal (Terraform): the same through aws_iam_policy_document, with a role reference', () => {
  const report = explainTerraform(
    `resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = "{}"
}
data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${ACCOUNT}:root"]
    }
  }
  statement {
    sid       = "Admin"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.admin.arn]
    }
  }
  statement {
    sid       = "OnlyAdminsDelete"
    effect    = "Deny"
    actions   = ["kms:ScheduleKeyDeletion"]
    resources = ["*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${ACCOUNT}:root", aws_iam_role.admin.arn]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
  );
  const deny = entry(report, '*', 'denies');
  assert.equal(deny.except![0], `arn:aws:iam::${ACCOUNT}:root (the account principal, not its roles)`);
  assert.match(warningsText(report), /lists the role aws_iam_role\.admin in NotPrincipal/);
  const admin = entry(report, 'aws_iam_role.admin');
  assert.deepEqual(admin.denied, ['kms:ScheduleKeyDeletion']);
  assert.equal(admin.operations.length, catalog.actionsOf('kms').length - 1);
});
