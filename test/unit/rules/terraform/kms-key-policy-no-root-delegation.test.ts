// Terraform cases for kms-key-policy-no-root-delegation: key policies (aws_kms_key, aws_kms_key_policy,
// policy documents) that never allow the account root, and the "Enable IAM User Permissions" fix.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

type Disagreement = ((ValidCase & { expect: 'valid' }) | (InvalidCase & { expect: 'invalid' })) & { actual: string; suspect: string };

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'seed 003 key policy: root through data.aws_caller_identity (jsonencode)',
      file: 'main.tf',
      text: `resource "aws_kms_key" "my_secure_key" {
  description = "KMS key for application data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Enable IAM User Permissions",
        Effect = "Allow",
        Principal = {
          AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"
        },
        Action   = "kms:*",
        Resource = "*"
      },
      {
        Sid    = "Allow application role to decrypt"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.my_app_role.arn
        },
        Action = [
          "kms:Decrypt",
          "kms:ReEncryptFrom"
        ],
        Resource = "*"
      }
    ]
  })
}
`,
    },
    {
      name: 'unknown principals (var.key_admins, local.admin) get the benefit of the doubt',
      file: 'main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { AWS = var.key_admins }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = local.admin }, Action = "kms:Decrypt", Resource = "*" }
    ]
  })
}
`,
    },
    {
      name: 'policy document with the bare account id as principal',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["111122223333"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
    },
    {
      name: 'heredoc key policy (aws_kms_key_policy, <<-EOT) with the root ARN',
      file: 'main.tf',
      text: `resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = <<-EOT
    {
      "Statement": [
        { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }
      ]
    }
  EOT
}
`,
    },
    {
      name: '"*" with kms:CallerAccount = the caller identity\'s account (the wildcard rule\'s fix) lets in the whole account',
      file: 'main.tf',
      text: `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:*"
      Resource  = "*"
      Condition = { StringEquals = { "kms:CallerAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}
`,
    },
    ...[
      '"arn:aws:iam::\${var.account_id}:root"',
      '"arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root"',
      'format("arn:aws:iam::%s:root", local.account_id)',
      'join("", ["arn:aws:iam::", var.account_id, ":root"])',
      '"\${local.root_arn}"',
    ].map((principal) => ({
      name: `root written as ${principal}`,
      file: 'main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = ${principal} }, Action = "kms:*", Resource = "*" },
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/admin" }, Action = "kms:*", Resource = "*" }
    ]
  })
}
`,
    })),
    {
      name: 'policy document: root with a local account id',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${local.account_id}:root", "arn:aws:iam::111122223333:role/admin"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
    },
    {
      name: 'an IAM identity policy is not a key policy',
      file: 'main.tf',
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "kms:DescribeKey", Resource = "*" }]
  })
}
`,
    },
  ],
  invalid: [
    {
      name: 'jsonencode aws_kms_key naming only an admin role: the root statement is appended',
      file: 'main.tf',
      severity: 'info',
      fixCount: 1,
      text: `resource "aws_kms_key" "k" {
  description = "app key"
  policy = jsonencode({
    Version = "2012-10-17"
    «Statement» = [
      {
        Sid       = "KeyAdmins"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/KeyAdmin" }
        Action    = "kms:*"
        Resource  = "*"
      }
    ]
  })
}
`,
      fixes: [{ expected: `resource "aws_kms_key" "k" {
  description = "app key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdmins"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/KeyAdmin" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid    = "Enable IAM User Permissions"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111122223333:root"
        }
        Action   = "kms:*"
        Resource = "*"
      }
    ]
  })
}
` }],
    },
    {
      name: 'heredoc <<EOT in aws_kms_key_policy with a role and a user',
      file: 'main.tf',
      severity: 'info',
      text: `resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  «"Statement"»: [
    {
      "Sid": "Admins",
      "Effect": "Allow",
      "Principal": { "AWS": ["arn:aws:iam::111122223333:role/KeyAdmin", "arn:aws:iam::111122223333:user/alice"] },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}
EOT
}
`,
      fixes: [{ expected: `resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admins",
      "Effect": "Allow",
      "Principal": { "AWS": ["arn:aws:iam::111122223333:role/KeyAdmin", "arn:aws:iam::111122223333:user/alice"] },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}
EOT
}
` }],
    },
    {
      name: 'indented heredoc <<-EOT in aws_kms_key',
      file: 'main.tf',
      severity: 'info',
      text: `resource "aws_kms_key" "k" {
  policy = <<-EOT
    {
      «"Statement"»: [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:role/KeyAdmin" },
          "Action": "kms:*",
          "Resource": "*"
        }
      ]
    }
  EOT
}
`,
      fixes: [{ expected: `resource "aws_kms_key" "k" {
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:role/KeyAdmin" },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Sid": "Enable IAM User Permissions",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::111122223333:root"
          },
          "Action": "kms:*",
          "Resource": "*"
        }
      ]
    }
  EOT
}
` }],
    },
    {
      name: 'aws_iam_policy_document used by aws_kms_key naming two roles: a statement block is added',
      file: 'main.tf',
      severity: 'info',
      text: `data "aws_iam_policy_document" "key" {
  «statement» {
    sid       = "KeyAdmins"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/KeyAdmin", "arn:aws:iam::111122223333:role/Backup"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
      fixes: [{ expected: `data "aws_iam_policy_document" "key" {
  statement {
    sid       = "KeyAdmins"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/KeyAdmin", "arn:aws:iam::111122223333:role/Backup"]
    }
  }

  statement {
    sid       = "Enable IAM User Permissions"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
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
      actual:
        'No finding: the only principal, "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/KeyAdmin", is a role ARN whose account is unknown, but principals.hasUnknown makes delegatesToAccount() return true. Expected: the finding on Statement, and the fix writing "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" (accountValue has a branch for exactly this, unreachable today).',
      suspect:
        'server/src/core/rules/kms-key-policy-no-root-delegation.ts delegatesToAccount: `if (s.principals.hasUnknown) return true;` runs before the per-entry checks, so the entry logic below it ("A reference to a role or user is a specific principal, never the account", the :role/ ARN-template regex) is dead for every Terraform value; hasUnknown should only short-circuit for values with no ref and no recognizable shape (var.x, local.y).',
      name: 'jsonencode with the account taken from data.aws_caller_identity: the fix writes the same expression',
      file: 'main.tf',
      severity: 'info',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    «Statement» = [
      {
        Sid    = "KeyAdmins",
        Effect = "Allow",
        Principal = {
          AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/KeyAdmin"
        },
        Action   = "kms:*",
        Resource = "*"
      }
    ]
  })
}
`,
      fixCount: 1,
    },
    {
      expect: 'invalid',
      actual:
        'No finding: aws_iam_role.admin.arn is a role (SPEC §1: references to workspace resources are resolved), and the other principal is a literal role ARN, so no statement allows the account root; principals.hasUnknown makes delegatesToAccount() return true.',
      suspect:
        'server/src/core/rules/kms-key-policy-no-root-delegation.ts delegatesToAccount: `if (s.principals.hasUnknown) return true;` runs before the per-entry checks, so the entry logic below it ("A reference to a role or user is a specific principal, never the account", the :role/ ARN-template regex) is dead for every Terraform value; hasUnknown should only short-circuit for values with no ref and no recognizable shape (var.x, local.y).',
      name: 'aws_iam_policy_document used by aws_kms_key naming a role by reference and by ARN: a statement block is added',
      file: 'main.tf',
      severity: 'info',
      text: `data "aws_iam_policy_document" "key" {
  «statement» {
    sid       = "KeyAdmins"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.admin.arn, "arn:aws:iam::111122223333:role/Backup"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
      fixCount: 1,
    },
];

ruleTable('kms-key-policy-no-root-delegation', table);

// Cases that once disagreed with the contract; the rules were fixed to match.
ruleTable('kms-key-policy-no-root-delegation', {
  valid: disagreements.filter((d) => d.expect === 'valid'),
  invalid: disagreements.filter((d): d is InvalidCase & Disagreement => d.expect === 'invalid'),
});
