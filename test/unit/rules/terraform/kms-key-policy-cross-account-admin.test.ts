// Terraform cases for kms-key-policy-cross-account-admin: another account given key administration in
// aws_kms_key (jsonencode), aws_kms_key_policy and aws_iam_policy_document, and the narrowing fix.
import { ruleTable } from '../table';

const ROOT = `{ Sid = "Enable IAM User Permissions", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }`;

ruleTable('kms-key-policy-cross-account-admin', {
  valid: [
    {
      name: 'a partner with cryptographic operations only',
      file: 'main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      ${ROOT},
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], Resource = "*" }
    ]
  })
}
`,
    },
    {
      name: 'the own account through data.aws_caller_identity, and a role of it by reference',
      file: 'main.tf',
      text: `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = aws_iam_role.admin.arn }, Action = "kms:*", Resource = "*" }
    ]
  })
}
`,
    },
    {
      name: 'unknown principals are not taken to be another account',
      file: 'main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      ${ROOT},
      { Effect = "Allow", Principal = { AWS = var.partner }, Action = "kms:*", Resource = "*" }
    ]
  })
}
`,
    },
  ],
  invalid: [
    {
      name: 'issue 16 in Terraform: PartnerAll with kms:*',
      file: 'main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      ${ROOT},
      { Sid = "PartnerAll", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = «"kms:*"», Resource = "*" }
    ]
  })
}
`,
      fixCount: 1,
    },
    {
      name: 'key policy named through data.aws_caller_identity: a literal account is another',
      file: 'main.tf',
      text: `data "aws_caller_identity" "current" {}
resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "444455556666" }, Action = ["kms:Decrypt", «"kms:Disable*"»], Resource = "*" }
    ]
  })
}
`,
      fixes: [
        {
          expected: `data "aws_caller_identity" "current" {}
resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "444455556666" }, Action = ["kms:Decrypt"], Resource = "*" }
    ]
  })
}
`,
        },
      ],
    },
    {
      name: 'aws_iam_policy_document used as a key policy',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "key" {
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
    sid       = "Partner"
    actions   = ["kms:Encrypt", «"kms:PutKeyPolicy"»]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:role/partner"]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
      fixCount: 1,
    },
  ],
});
