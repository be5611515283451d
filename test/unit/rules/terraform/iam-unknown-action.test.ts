// Terraform cases for iam-unknown-action: typos in actions of jsonencode, heredoc and
// aws_iam_policy_document policies, replaced by the closest real action.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

type Disagreement = ((ValidCase & { expect: 'valid' }) | (InvalidCase & { expect: 'invalid' })) & { actual: string; suspect: string };

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'real actions and wildcards in jsonencode, heredoc and a policy document',
      file: 'main.tf',
      text: `resource "aws_iam_policy" "a" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["kms:Encrypt", "KMS:generatedatakey", "s3:Get*Tagging"], Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "b" {
  role   = aws_iam_role.b.id
  policy = <<-EOT
    {
      "Statement": [{ "Effect": "Allow", "Action": ["kms:Describe*", "ec2:Describe?nstances"], "Resource": "*" }]
    }
  EOT
}

data "aws_iam_policy_document" "c" {
  statement {
    not_actions = ["iam:*", "kms:Decrypt"]
    resources   = ["*"]
  }
}

resource "aws_iam_policy" "c" {
  policy = data.aws_iam_policy_document.c.json
}
`,
    },
    {
      name: 'unknown actions: var.actions, local.action, "${var.service}:GetObject", "kms:${local.op}"',
      file: 'main.tf',
      text: `resource "aws_iam_policy" "a" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = var.actions, Resource = "*" },
      { Effect = "Allow", Action = [local.action, "\${var.service}:GetObject", "kms:\${local.op}"], Resource = "*" }
    ]
  })
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = concat(["kms:Encrypt"], var.more_actions)
    resources = ["*"]
  }
}

resource "aws_iam_policy" "d" {
  policy = data.aws_iam_policy_document.d.json
}
`,
    },
    {
      name: 'heredoc <<EOT key policy with kms:* and a templated principal',
      file: 'main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = <<EOT
{
  "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, "Action": "kms:*", "Resource": "*" }
  ]
}
EOT
}
`,
    },
    {
      name: 'a trust policy (assume_role_policy) is out of scope',
      file: 'main.tf',
      text: `resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`,
    },
  ],
  invalid: [
    {
      name: 'jsonencode identity policy, multi-line list: s3:GetObjcet → s3:GetObject',
      file: 'main.tf',
      severity: 'warning',
      messageIncludes: 's3:GetObject',
      text: `resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow",
        Action = [
          «"s3:GetObjcet"»,
          "s3:ListBucket"
        ],
        Resource = ["arn:aws:s3:::example", "arn:aws:s3:::example/*"]
      }
    ]
  })
}
`,
      fixes: [{ expected: `resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow",
        Action = [
          "s3:GetObject",
          "s3:ListBucket"
        ],
        Resource = ["arn:aws:s3:::example", "arn:aws:s3:::example/*"]
      }
    ]
  })
}
` }],
    },
    {
      name: 'jsonencode key policy, Action as a single string: kms:GenerateDataKeys → kms:GenerateDataKey',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn }, Action = «"kms:GenerateDataKeys"», Resource = "*" }
    ]
  })
}
`,
      fixes: [{ expected: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn }, Action = "kms:GenerateDataKey", Resource = "*" }
    ]
  })
}
` }],
    },
    {
      name: 'heredoc <<EOT identity policy: kms:DescribeKeys → kms:DescribeKey',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["kms:ListAliases", «"kms:DescribeKeys"»],
      "Resource": "*"
    }
  ]
}
EOT
}
`,
      fixes: [{ expected: `resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:ListAliases",
        "kms:DescribeKey"
      ],
      "Resource": "*"
    }
  ]
}
EOT
}
` }],
    },
    {
      name: 'indented heredoc <<-EOT key policy (aws_kms_key_policy): kms:Encrpyt → kms:Encrypt',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" },
          "Action": [
            «"kms:Encrpyt"»,
            "kms:DescribeKey"
          ],
          "Resource": "*"
        }
      ]
    }
  EOT
}
`,
      fixes: [{ expected: `resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" },
          "Action": [
            "kms:Encrypt",
            "kms:DescribeKey"
          ],
          "Resource": "*"
        }
      ]
    }
  EOT
}
` }],
    },
    {
      name: 'aws_iam_policy_document used by aws_iam_role_policy: s3:PutObjet → s3:PutObject',
      file: 'main.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "writer" {
  statement {
    actions = [
      «"s3:PutObjet"»,
      "s3:ListBucket",
    ]
    resources = ["arn:aws:s3:::example/*"]
  }
}

resource "aws_iam_role_policy" "writer" {
  role   = aws_iam_role.writer.id
  policy = data.aws_iam_policy_document.writer.json
}
`,
      fixes: [{ expected: `data "aws_iam_policy_document" "writer" {
  statement {
    actions = [
      "s3:PutObject",
      "s3:ListBucket",
    ]
    resources = ["arn:aws:s3:::example/*"]
  }
}

resource "aws_iam_role_policy" "writer" {
  role   = aws_iam_role.writer.id
  policy = data.aws_iam_policy_document.writer.json
}
` }],
    },
    {
      name: 'aws_iam_policy_document key policy (aws_kms_key): kms:Decrpt → kms:Decrypt; not_actions typo in a Deny',
      file: 'main.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    actions   = [«"kms:Decrpt"»]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/app"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["kms:Decrypt", «"kms:DescribeKeys"»]
    resources   = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/auditor"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
      fixes: [{ expected: `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/app"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["kms:Decrypt", "kms:DescribeKeys"]
    resources   = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/auditor"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
` }, { finding: 1, expected: `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    actions   = ["kms:Decrpt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/app"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["kms:Decrypt", "kms:DescribeKey"]
    resources   = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/auditor"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
` }],
    },
    {
      name: 'policy document Deny with a misspelt action: it denies nothing',
      file: 'main.tf',
      messageIncludes: 'so this denies nothing',
      text: `data "aws_iam_policy_document" "p" {
  statement {
    effect    = "Deny"
    actions   = [«"s3:DeleteObjet"»]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
`,
    },
  ],
};

/**
 * Cases where the rule or the Terraform editor disagrees with SPEC §2 / the harness contract. Not run
 * (they fail today); each says what happens and where the bug probably is.
 */
export const disagreements: Disagreement[] = [];

ruleTable('iam-unknown-action', table);
