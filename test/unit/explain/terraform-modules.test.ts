// Explain over Terraform modules split over files: attachments of every kind, one managed policy
// serving many principals (Allow and Deny alike), inline policies, exclusive attachments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../server/src/core/parse';
import { explainKey, snapshotFromWorkspace } from '../../../server/src/core/explain/index';
import { loadCatalog } from '../../../server/src/node/catalog';

const catalog = loadCatalog();

const KMS = `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}
`;

function explain(files: Record<string, string>, key = 'aws_kms_key.k') {
  const parsed = Object.entries(files).map(([file, text]) => parseFile(file, text));
  const result = snapshotFromWorkspace(parsed, key);
  assert.ok(result.ok, result.ok ? '' : result.error.en);
  return explainKey(result.snapshot, result.identityPolicies, { catalog });
}

function operationsOf(report: ReturnType<typeof explain>, principal: string, list: 'access' | 'denies' = 'access'): string[] {
  return report[list].filter((e) => e.principal === principal).flatMap((e) => e.operations).sort();
}

test('a managed policy attached to two roles (two attachments, another file) reaches both, its Deny too', () => {
  const report = explain({
    'm/kms.tf': KMS,
    'm/policies.tf': `resource "aws_iam_policy" "key_user" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["kms:Encrypt", "kms:Decrypt"], Resource = aws_kms_key.k.arn },
      { Effect = "Deny", Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}
`,
    'm/roles.tf': `resource "aws_iam_role_policy_attachment" "reports" {
  role       = aws_iam_role.reports.name
  policy_arn = aws_iam_policy.key_user.arn
}

resource "aws_iam_role_policy_attachment" "etl" {
  role       = aws_iam_role.etl.name
  policy_arn = aws_iam_policy.key_user.arn
}
`,
  });
  for (const role of ['aws_iam_role.reports', 'aws_iam_role.etl']) {
    assert.ok(operationsOf(report, role).includes('kms:Encrypt'), `${role} can encrypt`);
    assert.deepEqual(operationsOf(report, role, 'denies'), ['kms:Decrypt'], `${role} is denied decrypt`);
  }
});

test('managed_policy_arns, aws_iam_policy_attachment lists, *_policy_attachments_exclusive and inline_policy', () => {
  const report = explain({
    'm/kms.tf': KMS,
    'm/policy.tf': `resource "aws_iam_policy" "use" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Encrypt", Resource = "*" }] })
}
`,
    'm/principals.tf': `resource "aws_iam_role" "managed" {
  name                = "managed"
  assume_role_policy  = "{}"
  managed_policy_arns = [aws_iam_policy.use.arn]
}

resource "aws_iam_role" "inline" {
  name               = "inline"
  assume_role_policy = "{}"
  inline_policy {
    name   = "sign"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Sign", Resource = aws_kms_key.k.arn }] })
  }
}

resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  policy_arn = aws_iam_policy.use.arn
  roles      = [aws_iam_role.a.name, aws_iam_role.b.name]
  users      = [aws_iam_user.u.name]
}

resource "aws_iam_role_policy_attachments_exclusive" "x" {
  role_name   = aws_iam_role.x.name
  policy_arns = [aws_iam_policy.use.arn]
}
`,
  });
  for (const principal of ['aws_iam_role.managed', 'aws_iam_role.a', 'aws_iam_role.b', 'aws_iam_user.u', 'aws_iam_role.x']) {
    assert.deepEqual(operationsOf(report, principal), ['kms:Encrypt'], principal);
  }
  assert.deepEqual(operationsOf(report, 'aws_iam_role.inline'), ['kms:Sign']);
});

test('a role named by a literal name is the role the module declares with that name', () => {
  const report = explain({
    'm/kms.tf': KMS,
    'm/iam.tf': `resource "aws_iam_role" "app" {
  name               = "app-role"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "app" {
  role   = "app-role"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.k.arn }] })
}
`,
  });
  assert.deepEqual(operationsOf(report, 'aws_iam_role.app'), ['kms:Decrypt']);
});

test('a permissions boundary is not an identity policy of the role', () => {
  const report = explain({
    'm/kms.tf': KMS,
    'm/iam.tf': `resource "aws_iam_policy" "boundary" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*" }] })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  assume_role_policy   = "{}"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Encrypt", Resource = aws_kms_key.k.arn }] })
}
`,
  });
  assert.deepEqual(operationsOf(report, 'aws_iam_role.app'), ['kms:Encrypt']);
});

test('keys of two folders with the same address are two keys', () => {
  const files = {
    'a/kms.tf': KMS,
    'a/iam.tf': `resource "aws_iam_role_policy" "app" {\n  role   = aws_iam_role.app.id\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Encrypt", Resource = aws_kms_key.k.arn }] })\n}\n`,
    'b/kms.tf': KMS,
    'b/iam.tf': `resource "aws_iam_role_policy" "other" {\n  role   = aws_iam_role.other.id\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Sign", Resource = aws_kms_key.k.arn }] })\n}\n`,
  };
  const report = explain(files);
  // Explaining `aws_kms_key.k` picks one of them; the other folder's role never uses it.
  const roles = report.access.map((e) => e.principal).filter((p) => p.startsWith('aws_iam_role.'));
  assert.equal(roles.length, 1, roles.join(', '));
});
