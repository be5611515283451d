// Terraform cases for kms-alias-arn-as-key: alias ARNs and `aws_kms_alias.x.arn` references where a key
// is needed, in jsonencode, heredoc and aws_iam_policy_document policies and in bucket encryption.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

type Disagreement = ((ValidCase & { expect: 'valid' }) | (InvalidCase & { expect: 'invalid' })) & { actual: string; suspect: string };

const ACCOUNT = '111122223333';
const ALIAS = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app-data`;

/** An alias and its key, in a second file. */
const KMS_TF = `resource "aws_kms_key" "data" {
  description = "data key"
}

resource "aws_kms_alias" "data" {
  name          = "alias/app-data"
  target_key_id = aws_kms_key.data.key_id
}
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'policy document: alias management and ListAliases on aws_kms_alias.data.arn, kms:* on alias/* beside key/*',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: `data "aws_iam_policy_document" "aliases" {
  statement {
    actions   = ["kms:UpdateAlias", "kms:ListAliases"]
    resources = [aws_kms_alias.data.arn]
  }
  statement {
    actions   = ["kms:*"]
    resources = ["arn:aws:kms:*:${ACCOUNT}:alias/*", "arn:aws:kms:*:${ACCOUNT}:key/*"]
  }
}

resource "aws_iam_policy" "aliases" {
  policy = data.aws_iam_policy_document.aliases.json
}
`,
    },
    {
      name: 'bucket encryption configuration with aws_kms_key.data.arn (key in kms.tf)',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}
`,
    },
    {
      name: 'unknowns: var.kms_key_id in encryption, var/local/"${var.x}" resources and conditions',
      file: 'main.tf',
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = var.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_id
    }
  }
}

resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["kms:Encrypt", "kms:Decrypt"], Resource = [var.key_arn, local.alias_or_key, "\${var.account_key}"] },
      {
        Effect    = "Allow"
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::example/*"
        Condition = { StringEquals = { "s3:x-amz-server-side-encryption-aws-kms-key-id" = var.key_arn } }
      }
    ]
  })
}
`,
    },
    {
      name: 'data.aws_kms_alias target_key_arn and aws_kms_alias.x.target_key_arn already name the key',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: `data "aws_kms_alias" "shared" {
  name = "alias/shared"
}

data "aws_iam_policy_document" "use" {
  statement {
    actions   = ["kms:GenerateDataKey"]
    resources = [data.aws_kms_alias.shared.target_key_arn, aws_kms_alias.data.target_key_arn]
  }
}

resource "aws_iam_policy" "use" {
  policy = data.aws_iam_policy_document.use.json
}
`,
    },
    {
      name: 'alias management actions on aws_kms_alias.data.arn (heredoc template) are what alias ARNs are for',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_policy" "aliases" {
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
          "Resource": ["\${aws_kms_alias.data.arn}", "\${aws_kms_key.data.arn}"]
        }
      ]
    }
  EOT
}
`,
    },
    {
      name: 'policy document on key/* with a kms:ResourceAliases condition naming the alias',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "scoped" {
  statement {
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:us-east-1:${ACCOUNT}:key/*"]
    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = ["alias/app-data"]
    }
  }
}

resource "aws_iam_role_policy" "scoped" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.scoped.json
}
`,
    },
  ],
  invalid: [
    {
      name: 'alias operations and key use on one alias ARN: the key ARN joins the alias instead of replacing it',
      file: 'main.tf',
      severity: 'error',
      fixCount: 1,
      text: `resource "aws_kms_alias" "data" {
  name          = "alias/app-data"
  target_key_id = "arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_iam_policy" "ops" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:UpdateAlias", "kms:DescribeKey"]
      Resource = [«"${ALIAS}"»]
    }]
  })
}
`,
      fixes: [{ expected: `resource "aws_kms_alias" "data" {
  name          = "alias/app-data"
  target_key_id = "arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_iam_policy" "ops" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:UpdateAlias", "kms:DescribeKey"]
      Resource = ["${ALIAS}", "arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    }]
  })
}
` }],
    },
    {
      name: 'aws_s3_bucket_server_side_encryption_configuration with aws_kms_alias.data.arn (alias and key in kms.tf) → aws_kms_key.data.arn',
      file: 'main.tf',
      severity: 'warning',
      messageIncludes: 'requester',
      context: { 'kms.tf': KMS_TF },
      fixCount: 1,
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = «aws_kms_alias.data.arn»
    }
    bucket_key_enabled = true
  }
}
`,
      fixes: [
        {
          expected: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}
`,
        },
      ],
    },
    {
      name: 'legacy inline encryption block of aws_s3_bucket (examples/terraform/cross-account) → aws_kms_key.reports.arn',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_s3_bucket" "reports" {
  bucket = "example-tf-reports"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = «aws_kms_alias.reports.arn»
      }
    }
  }
}

resource "aws_kms_alias" "reports" {
  name          = "alias/tf-reports"
  target_key_id = aws_kms_key.reports.key_id
}

resource "aws_kms_key" "reports" {
  description = "reports bucket key"
}
`,
      fixes: [
        {
          expected: `resource "aws_s3_bucket" "reports" {
  bucket = "example-tf-reports"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.reports.arn
      }
    }
  }
}

resource "aws_kms_alias" "reports" {
  name          = "alias/tf-reports"
  target_key_id = aws_kms_key.reports.key_id
}

resource "aws_kms_key" "reports" {
  description = "reports bucket key"
}
`,
        },
      ],
    },
    {
      name: 'bucket encryption naming the key by a literal alias name (no key known: no fix)',
      file: 'main.tf',
      severity: 'warning',
      fixCount: 0,
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = "example-logs"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = «"alias/app-logs"»
    }
  }
}
`,
    },
    {
      name: 'jsonencode identity policy with Resource = aws_kms_alias.data.arn (key-use actions) → aws_kms_key.data.arn',
      file: 'main.tf',
      severity: 'error',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource = «aws_kms_alias.data.arn»
      }
    ]
  })
}
`,
      fixes: [
        {
          expected: `resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.data.arn
      }
    ]
  })
}
`,
        },
      ],
    },
    {
      name: 'heredoc <<EOT with a literal alias ARN as Resource → key/* plus a kms:ResourceAliases condition',
      file: 'main.tf',
      severity: 'error',
      fixCount: 1,
      text: `resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["kms:Encrypt"],
      "Resource": «"${ALIAS}"»
    }
  ]
}
EOT
}
`,
      fixes: [{ expected: `resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["kms:Encrypt"],
      "Resource": "arn:aws:kms:us-east-1:111122223333:key/*",
      "Condition": {
        "ForAnyValue:StringEquals": {
          "kms:ResourceAliases": "alias/app-data"
        }
      }
    }
  ]
}
EOT
}
` }],
    },
    {
      name: 'indented heredoc <<-EOT with "${aws_kms_alias.data.arn}" as Resource → "${aws_kms_key.data.arn}"',
      file: 'main.tf',
      severity: 'error',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "kms:GenerateDataKey",
          "Resource": «"\${aws_kms_alias.data.arn}"»
        }
      ]
    }
  EOT
}
`,
      fixes: [{ expected: `resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "kms:GenerateDataKey",
          "Resource": "\${aws_kms_key.data.arn}"
        }
      ]
    }
  EOT
}
` }],
    },
    {
      name: 'aws_iam_policy_document with a literal alias ARN in resources → key/* and a condition block',
      file: 'main.tf',
      severity: 'error',
      text: `data "aws_iam_policy_document" "app" {
  statement {
    sid       = "UseAppKey"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = [«"${ALIAS}"»]
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
`,
      fixes: [{ expected: `data "aws_iam_policy_document" "app" {
  statement {
    sid       = "UseAppKey"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = ["arn:aws:kms:us-east-1:111122223333:key/*"]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = ["alias/app-data"]
    }
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
` }],
    },
    {
      name: 'aws_iam_policy_document kms:ResourceAliases condition given an alias ARN → the alias name',
      file: 'main.tf',
      severity: 'error',
      text: `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["kms:Encrypt"]
    resources = ["arn:aws:kms:us-east-1:${ACCOUNT}:key/*"]
    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = [«"${ALIAS}"», "alias/legacy"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}
`,
      fixes: [{ expected: `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["kms:Encrypt"]
    resources = ["arn:aws:kms:us-east-1:111122223333:key/*"]
    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = ["alias/app-data", "alias/legacy"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}
` }],
    },
    {
      name: 'bucket policy (jsonencode) S3 key-id condition given aws_kms_alias.data.arn → aws_kms_key.data.arn',
      file: 'main.tf',
      severity: 'error',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RequireDataKey"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::example-data/*"
        Condition = {
          StringNotEquals = {
            "s3:x-amz-server-side-encryption-aws-kms-key-id" = «aws_kms_alias.data.arn»
          }
        }
      }
    ]
  })
}
`,
      fixes: [{ expected: `resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RequireDataKey"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::example-data/*"
        Condition = {
          StringNotEquals = {
            "s3:x-amz-server-side-encryption-aws-kms-key-id" = aws_kms_key.data.arn
          }
        }
      }
    ]
  })
}
` }],
    },
  ],
};

/**
 * Cases where the rule or the Terraform editor disagrees with SPEC §2 / the harness contract. Not run
 * (they fail today); each says what happens and where the bug probably is.
 */
export const disagreements: Disagreement[] = [];

ruleTable('kms-alias-arn-as-key', table);
