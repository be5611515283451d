// Terraform cases for kms-cross-account-access: a bucket policy shares an SSE-KMS bucket with another
// account; the bucket's encryption and the key policy may be in the same or another .tf file.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const example = (path: string) => readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'terraform', path), 'utf8');

type Disagreement = ((ValidCase & { expect: 'valid' }) | (InvalidCase & { expect: 'invalid' })) & { actual: string; suspect: string };

/** The example users read is the fixture: examples/terraform/cross-account/main.tf. */
const EXAMPLE = example('cross-account/main.tf');

/** The example users read is the fixture: examples/terraform/cross-account/fixed/main.tf. */
const EXAMPLE_FIXED = example('cross-account/fixed/main.tf');

/** Bucket encryption and a jsonencode key policy that only delegates to the owner, in a second file. */
const KMS_TF = `resource "aws_s3_bucket" "shared" {
  bucket = "example-shared"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = aws_s3_bucket.shared.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.shared.arn
    }
  }
}

resource "aws_kms_key" "shared" {
  description = "shared bucket key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      }
    ]
  })
}
`;

/** The same bucket and key, with the key policy as an aws_iam_policy_document. */
const KMS_DOC_TF = `resource "aws_s3_bucket" "shared" {
  bucket = "example-shared"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = aws_s3_bucket.shared.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.shared.arn
    }
  }
}

resource "aws_kms_key" "shared" {
  policy = data.aws_iam_policy_document.shared_key.json
}

data "aws_iam_policy_document" "shared_key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`;

/** A bucket policy (jsonencode) letting `principal` read objects of example-shared. */
function readPolicy(principal: string): string {
  return `resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "PartnerRead"
        Effect    = "Allow"
        Principal = { AWS = ${principal} }
        Action    = ["s3:GetObject"]
        Resource  = "\${aws_s3_bucket.shared.arn}/*"
      }
    ]
  })
}
`;
}

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'examples/terraform/cross-account/fixed: the key policy allows 444455556666 kms:Decrypt',
      file: 'main.tf',
      text: EXAMPLE_FIXED,
    },
    {
      name: 'unknown principals in the bucket policy (var.partner_arn, "arn:aws:iam::${var.partner}:root")',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: readPolicy('[var.partner_arn, "arn:aws:iam::${var.partner}:root", local.reader]'),
    },
    {
      name: 'unknown bucket key (kms_master_key_id = var.key_arn): nothing to compare with',
      file: 'main.tf',
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = aws_s3_bucket.shared.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.key_arn
    }
  }
}
${readPolicy('"arn:aws:iam::444455556666:root"')}`,
    },
    {
      name: 'the key policy document (kms.tf) allows the partner account Decrypt and GenerateDataKey; bucket policy document writes',
      file: 'main.tf',
      context: {
        'kms.tf': KMS_DOC_TF.replace(
          /\n}\n$/,
          `
  statement {
    sid       = "Partner"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["444455556666"]
    }
  }
}
`,
        ),
      },
      text: `data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.shared.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/uploader"]
    }
  }
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = data.aws_iam_policy_document.bucket.json
}
`,
    },
    {
      name: 'a principal in the owner\'s account is not cross-account',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: readPolicy('"arn:aws:iam::111122223333:role/app"'),
    },
  ],
  invalid: [
    {
      name: 'examples/terraform/cross-account: heredoc bucket policy, legacy inline encryption, jsonencode key policy in the same file',
      file: 'main.tf',
      severity: 'warning',
      text: EXAMPLE.replace('"Principal": { "AWS": "arn:aws:iam::444455556666:root" }', '"Principal": { "AWS": «"arn:aws:iam::444455556666:root"» }'),
      fixCount: 1,
      fixes: [{ expected: `# Account 444455556666 may read objects per the bucket policy but gets AccessDenied: the bucket's
# default encryption names the key by alias (resolved in the reader's account), and the key policy
# does not allow the other account to decrypt.
resource "aws_s3_bucket" "reports" {
  bucket = "example-tf-reports"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_alias.reports.arn
      }
    }
  }
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PartnerRead",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
          "Action": ["s3:GetObject"],
          "Resource": "arn:aws:s3:::example-tf-reports/*"
        }
      ]
    }
  EOT
}

resource "aws_kms_alias" "reports" {
  name          = "alias/tf-reports"
  target_key_id = aws_kms_key.reports.key_id
}

resource "aws_kms_key" "reports" {
  description = "reports bucket key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid    = "AllowAccount444455556666UseThroughS3"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::444455556666:root"
        }
        Action   = "kms:Decrypt"
        Resource = "*"
        Condition = {
          StringLike = {
            "kms:ViaService" = "s3.*.amazonaws.com"
          }
          StringEquals = {
            "kms:CallerAccount" = "444455556666"
          }
        }
      }
    ]
  })
}
` }],
    },
    {
      name: 'cross-file: jsonencode bucket policy in main.tf, encryption and key policy in kms.tf; the fix edits kms.tf',
      file: 'main.tf',
      severity: 'warning',
      context: { 'kms.tf': KMS_TF },
      text: readPolicy('«"arn:aws:iam::444455556666:root"»'),
      fixes: [{ file: 'kms.tf', expected: `resource "aws_s3_bucket" "shared" {
  bucket = "example-shared"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = aws_s3_bucket.shared.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.shared.arn
    }
  }
}

resource "aws_kms_key" "shared" {
  description = "shared bucket key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid    = "AllowAccount444455556666UseThroughS3"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::444455556666:root"
        }
        Action   = "kms:Decrypt"
        Resource = "*"
        Condition = {
          StringLike = {
            "kms:ViaService" = "s3.*.amazonaws.com"
          }
          StringEquals = {
            "kms:CallerAccount" = "444455556666"
          }
        }
      }
    ]
  })
}
` }],
    },
    {
      name: 'cross-file: bucket policy document writes for another account\'s role; a statement block is added to the key policy document',
      file: 'main.tf',
      severity: 'warning',
      messageIncludes: 'uploads',
      context: { 'kms.tf': KMS_DOC_TF },
      text: `data "aws_iam_policy_document" "bucket" {
  statement {
    sid       = "PartnerWrite"
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.shared.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = [«"arn:aws:iam::444455556666:role/uploader"»]
    }
  }
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = data.aws_iam_policy_document.bucket.json
}
`,
      fixes: [{ file: 'kms.tf', expected: `resource "aws_s3_bucket" "shared" {
  bucket = "example-shared"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = aws_s3_bucket.shared.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.shared.arn
    }
  }
}

resource "aws_kms_key" "shared" {
  policy = data.aws_iam_policy_document.shared_key.json
}

data "aws_iam_policy_document" "shared_key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  statement {
    sid       = "AllowAccount444455556666UseThroughS3"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }

    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["s3.*.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = ["444455556666"]
    }
  }
}
` }],
    },
    {
      name: 'AWS managed key: sse_algorithm aws:kms without kms_master_key_id, heredoc <<EOT bucket policy (no fix)',
      file: 'main.tf',
      severity: 'warning',
      messageIncludes: 'AWS managed key',
      fixCount: 0,
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = <<EOT
{
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": [«"arn:aws:iam::444455556666:root"», «"777788889999"»] },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-logs/*"
    }
  ]
}
EOT
}
`,
    },
    {
      name: 'AWS managed key named alias/aws/s3 in a legacy inline block; policy document with principals AWS "*" narrowed by aws:PrincipalAccount',
      file: 'main.tf',
      severity: 'warning',
      fixCount: 0,
      text: `resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "alias/aws/s3"
      }
    }
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-logs/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [«"444455556666"»]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
`,
    },
    {
      name: 'key policy in an indented heredoc (aws_kms_key_policy, kms.tf); the fix adds a formatted statement there',
      file: 'main.tf',
      severity: 'warning',
      context: {
        'kms.tf': `resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = aws_s3_bucket.shared.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.shared.arn
    }
  }
}

resource "aws_kms_key" "shared" {}

resource "aws_kms_key_policy" "shared" {
  key_id = aws_kms_key.shared.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Enable IAM User Permissions",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
          "Action": "kms:*",
          "Resource": "*"
        }
      ]
    }
  EOT
}
`,
      },
      text: readPolicy('[«"444455556666"»]'),
      fixes: [{ file: 'kms.tf', expected: `resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = aws_s3_bucket.shared.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.shared.arn
    }
  }
}

resource "aws_kms_key" "shared" {}

resource "aws_kms_key_policy" "shared" {
  key_id = aws_kms_key.shared.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Enable IAM User Permissions",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Sid": "AllowAccount444455556666UseThroughS3",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::444455556666:root"
          },
          "Action": "kms:Decrypt",
          "Resource": "*",
          "Condition": {
            "StringLike": {
              "kms:ViaService": "s3.*.amazonaws.com"
            },
            "StringEquals": {
              "kms:CallerAccount": "444455556666"
            }
          }
        }
      ]
    }
  EOT
}
` }],
    },
  ],
};

/**
 * Cases where the rule or the Terraform editor disagrees with SPEC §2 / the harness contract. Not run
 * (they fail today); each says what happens and where the bug probably is.
 */
export const disagreements: Disagreement[] = [
    {
      expect: 'invalid',
      actual: 'No finding. The policy document principals block `type = "*"`, `identifiers = ["*"]` (Terraform renders it as `"Principal": "*"`) is lowered to Principal {"*": ["*"]}, which the policy reader does not treat as the wildcard principal, so the aws:PrincipalAccount grantee is never considered. The same document with `type = "AWS"` is reported (see the table).',
      suspect: 'server/src/core/terraform/policyDocument.ts (principals lowering, ~line 90-106): a `type = "*"` block with identifiers ["*"] should become Principal "*"; or server/src/core/policy.ts readPrincipals (~line 62-79) should treat a "*" type as the wildcard.',
      name: 'AWS managed key named alias/aws/s3 in a legacy inline block; policy document with Principal "*" narrowed by aws:PrincipalAccount',
      file: 'main.tf',
      severity: 'warning',
      fixCount: 0,
      text: `resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "alias/aws/s3"
      }
    }
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-logs/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [«"444455556666"»]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
`,
    },
    {
      expect: 'valid',
      actual: 'A finding on "arn:aws:iam::444455556666:root" ("... does not allow account 444455556666 `kms:Decrypt`") with a fix adding a statement: the key policy statement whose principal is the unknown "arn:aws:iam::${var.partner_account}:root" is taken as not covering the partner, so an unknown causes a finding (issue 3: unknowns never cause a finding).',
      suspect: 'server/src/core/rules/access.ts statementCoversCaller, line 25: an unknown principal without a resolvable ref returns false ("not covered"); for an Allow it should count as "may cover" (tri-state), so kms-cross-account-access stays silent.',
      name: 'the key policy (jsonencode, kms.tf) allows an unknown principal kms:Decrypt: no guess, no finding',
      file: 'main.tf',
      context: {
        'kms.tf': KMS_TF.replace(
          `        Resource  = "*"
      }
    ]`,
          `        Resource  = "*"
      },
      {
        Sid       = "Partner"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${var.partner_account}:root" }
        Action    = "kms:Decrypt"
        Resource  = "*"
      }
    ]`,
        ),
      },
      text: readPolicy('"arn:aws:iam::444455556666:root"'),
    },
];

ruleTable('kms-cross-account-access', table);

// Cases that once disagreed with the contract; the rules were fixed to match.
ruleTable('kms-cross-account-access', {
  valid: disagreements.filter((d) => d.expect === 'valid'),
  invalid: disagreements.filter((d): d is InvalidCase & Disagreement => d.expect === 'invalid'),
});
