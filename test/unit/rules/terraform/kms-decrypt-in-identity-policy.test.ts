// Terraform cases for kms-decrypt-in-identity-policy: jsonencode, heredoc (<<EOT, <<-EOT) and
// aws_iam_policy_document, with exact spans and the exact text after each fix.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

type Disagreement = ((ValidCase & { expect: 'valid' }) | (InvalidCase & { expect: 'invalid' })) & { actual: string; suspect: string };

const KEY = 'arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Seed 003 (the article's Terraform), before the fix. */
const SEED_003 = `resource "aws_iam_policy" "overly_permissive_policy" {
  name        = "overly-permissive-policy"
  description = "An IAM policy with a wide range of KMS permissions"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow",
        Action = [
          "kms:Encrypt",
          «"kms:Decrypt"»,
          «"kms:ReEncrypt*"»,
          "kms:GenerateDataKey*"
        ],
        Resource = "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef"
      }
    ]
  })
}
`;

/** A key policy in another file, delegating to the account. */
const KMS_TF = `resource "aws_kms_key" "app" {
  description = "app data"
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

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'seed 003 fixed policy (jsonencode): Encrypt and GenerateDataKey* only',
      file: 'main.tf',
      text: `resource "aws_iam_policy" "my_secure_kms_policy" {
  name        = "my-secure-kms-policy"
  description = "A secure IAM policy for KMS actions"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow",
        Action = [
          "kms:Encrypt",
          "kms:GenerateDataKey*"
        ],
        Resource = "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef"
      }
    ]
  })
}
`,
    },
    {
      name: 'aws_kms_key policy allowing a role kms:Decrypt is a key policy, not an identity policy',
      file: 'main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "App", Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn }, Action = ["kms:Decrypt", "kms:ReEncryptFrom"], Resource = "*" }
    ]
  })
}
`,
    },
    {
      name: 'unknown actions (var.actions, local list, "${var.action}") never cause a finding',
      file: 'main.tf',
      text: `resource "aws_iam_policy" "a" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "b" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["kms:Encrypt", "\${var.action}", local.extra_action], Resource = "*" }]
  })
}
`,
    },
    {
      name: 'heredoc with a templated action and a Deny on decryption',
      file: 'main.tf',
      text: `resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["kms:Encrypt", "\${var.extra}"], "Resource": "*" },
    { "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*" }
  ]
}
EOT
}
`,
    },
    {
      name: 'policy document with unknown actions, a Deny and an assume-role trust document',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "app" {
  statement {
    actions   = var.kms_actions
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["kms:Decrypt", "kms:ReEncryptFrom"]
    resources = [aws_kms_key.k.arn]
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}
`,
    },
    {
      name: 'policy document NotAction excluding both decrypt actions',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "ops" {
  statement {
    not_actions = ["kms:Decrypt", "kms:ReEncryptFrom", "iam:*"]
    resources   = ["*"]
  }
}

resource "aws_iam_policy" "ops" {
  policy = data.aws_iam_policy_document.ops.json
}
`,
    },
    {
      name: 'every action on the objects of a referenced bucket ("${aws_s3_bucket.b.arn}/*") and on an alias reference: no KMS key',
      file: 'main.tf',
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "*", Resource = ["\${aws_s3_bucket.data.arn}/*", aws_s3_bucket.data.arn] },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_alias.app.arn }
    ]
  })
}
`,
    },
    {
      name: 'policy document: decrypt only on S3 objects spelled with an interpolated bucket name',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["*"]
    resources = ["arn:aws:s3:::\${var.bucket}/*"]
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
`,
    },
  ],
  invalid: [
    {
      name: 'seed 003: aws_iam_policy jsonencode with kms:Decrypt and kms:ReEncrypt* on one key (info); each line is removed / narrowed',
      file: 'main.tf',
      severity: 'info',
      text: SEED_003,
      fixes: [
        {
          finding: 0,
          expected: `resource "aws_iam_policy" "overly_permissive_policy" {
  name        = "overly-permissive-policy"
  description = "An IAM policy with a wide range of KMS permissions"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow",
        Action = [
          "kms:Encrypt",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*"
        ],
        Resource = "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef"
      }
    ]
  })
}
`,
        },
        {
          finding: 1,
          expected: `resource "aws_iam_policy" "overly_permissive_policy" {
  name        = "overly-permissive-policy"
  description = "An IAM policy with a wide range of KMS permissions"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow",
        Action = [
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncryptTo",
          "kms:GenerateDataKey*"
        ],
        Resource = "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef"
      }
    ]
  })
}
`,
        },
      ],
    },
    {
      name: 'jsonencode on all keys (warning), one-line list, aws_iam_role_policy',
      file: 'main.tf',
      severity: 'warning',
      messageIncludes: 'KMS.1',
      text: `resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:DescribeKey", «"kms:Decrypt"», "kms:Encrypt"], Resource = "*" }]
  })
}
`,
      fixes: [
        {
          expected: `resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:DescribeKey", "kms:Encrypt"], Resource = "*" }]
  })
}
`,
        },
      ],
    },
    {
      name: 'heredoc <<EOT in aws_iam_policy, on key/* of an account (warning)',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        «"kms:Decrypt"»,
        "kms:DescribeKey"
      ],
      "Resource": "arn:aws:kms:ap-northeast-1:111122223333:key/*"
    }
  ]
}
EOT
}
`,
      fixes: [
        {
          expected: `resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:DescribeKey"
      ],
      "Resource": "arn:aws:kms:ap-northeast-1:111122223333:key/*"
    }
  ]
}
EOT
}
`,
        },
      ],
    },
    {
      name: 'indented heredoc <<-EOT, ReEncryptFrom on a specific key (info), layout kept',
      file: 'main.tf',
      severity: 'info',
      text: `resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["kms:Encrypt", «"kms:ReEncryptFrom"»],
          "Resource": "${KEY}"
        }
      ]
    }
  EOT
}
`,
      fixes: [
        {
          expected: `resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["kms:Encrypt"],
          "Resource": "${KEY}"
        }
      ]
    }
  EOT
}
`,
        },
      ],
    },
    {
      name: 'aws_iam_policy_document used by aws_iam_policy: decrypt on "*" (warning), multi-line actions',
      file: 'main.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "app" {
  statement {
    sid = "UseKeys"
    actions = [
      "kms:Encrypt",
      «"kms:Decrypt"»,
      "kms:GenerateDataKey",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.app.json
}
`,
      fixes: [
        {
          expected: `data "aws_iam_policy_document" "app" {
  statement {
    sid = "UseKeys"
    actions = [
      "kms:Encrypt",
      "kms:GenerateDataKey",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.app.json
}
`,
        },
      ],
    },
    {
      name: 'policy document with kms:ReEncrypt* on a referenced key: the wildcard becomes kms:ReEncryptTo',
      file: 'main.tf',
      severity: 'info',
      text: `data "aws_iam_policy_document" "rotate" {
  statement {
    actions   = [«"kms:ReEncrypt*"», "kms:DescribeKey"]
    resources = [aws_kms_key.app.arn]
  }
}

resource "aws_iam_role_policy" "rotate" {
  role   = aws_iam_role.rotate.id
  policy = data.aws_iam_policy_document.rotate.json
}
`,
      fixes: [
        {
          expected: `data "aws_iam_policy_document" "rotate" {
  statement {
    actions   = ["kms:ReEncryptTo", "kms:DescribeKey"]
    resources = [aws_kms_key.app.arn]
  }
}

resource "aws_iam_role_policy" "rotate" {
  role   = aws_iam_role.rotate.id
  policy = data.aws_iam_policy_document.rotate.json
}
`,
        },
      ],
    },
    {
      name: 'policy document not_actions that does not exclude decryption: the exclusions are added',
      file: 'main.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "ops" {
  statement {
    not_actions = «["iam:*"]»
    resources   = ["*"]
  }
}

resource "aws_iam_group_policy" "ops" {
  group  = aws_iam_group.ops.name
  policy = data.aws_iam_policy_document.ops.json
}
`,
      fixes: [
        {
          expected: `data "aws_iam_policy_document" "ops" {
  statement {
    not_actions = ["iam:*", "kms:Decrypt", "kms:ReEncryptFrom"]
    resources   = ["*"]
  }
}

resource "aws_iam_group_policy" "ops" {
  group  = aws_iam_group.ops.name
  policy = data.aws_iam_policy_document.ops.json
}
`,
        },
      ],
    },
    {
      name: 'inline_policy of aws_iam_role (jsonencode), kms:* expands to the other explicit actions',
      file: 'main.tf',
      severity: 'info',
      fixCount: 1,
      text: `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json

  inline_policy {
    name = "kms"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = «"kms:*"», Resource = "${KEY}" }]
    })
  }
}
`,
    },
    {
      name: 'cross-file: aws_iam_policy (not attached) on aws_kms_key.app.arn whose key policy is in kms.tf: only the removal is offered',
      file: 'main.tf',
      severity: 'info',
      context: { 'kms.tf': KMS_TF },
      fixCount: 1,
      text: `resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = [«"kms:Decrypt"», "kms:GenerateDataKey"]
        Resource = [aws_kms_key.app.arn]
      }
    ]
  })
}
`,
      fixes: [
        {
          expected: `resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey"]
        Resource = [aws_kms_key.app.arn]
      }
    ]
  })
}
`,
        },
      ],
    },
    {
      name: 'ABAC in a policy document: key/* with an aws:ResourceTag condition is info, naming the condition',
      file: 'main.tf',
      severity: 'info',
      messageIncludes: '`aws:ResourceTag/Project`',
      text: `data "aws_iam_policy_document" "p" {
  statement {
    actions   = [«"kms:Decrypt"»]
    resources = ["arn:aws:kms:*:111122223333:key/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Project"
      values   = ["Alpha"]
    }
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
`,
    },
    {
      name: 'ABAC in jsonencode with a principal-tag value ($\${aws:PrincipalTag/team})',
      file: 'main.tf',
      severity: 'info',
      messageIncludes: '`aws:ResourceTag/team`',
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = [«"kms:Decrypt"»]
      Resource  = "*"
      Condition = { StringEquals = { "aws:ResourceTag/team" = "$\${aws:PrincipalTag/team}" } }
    }]
  })
}
`,
    },
    {
      name: 'key ARN spelled with interpolated region and account, ending in key/*: all keys of that account',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = [«"kms:Decrypt"»], Resource = "arn:aws:kms:\${var.region}:\${var.account_id}:key/*" }]
  })
}
`,
    },
    {
      name: 'a key id interpolated into a key ARN is one key (info)',
      file: 'main.tf',
      severity: 'info',
      messageIncludes: 'on specific keys',
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = [«"kms:Decrypt"»], Resource = "arn:aws:kms:\${var.region}:\${var.account_id}:key/\${aws_kms_key.app.key_id}" }]
  })
}
`,
    },
    {
      name: 'Resource given by a variable: the message says the resource is not known',
      file: 'main.tf',
      severity: 'info',
      messageIncludes: 'keys that are not known here',
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = [«"kms:Decrypt"»], Resource = var.key_arn }]
  })
}
`,
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
        'Both fixes are offered and their texts are as expected, but the second fix ("Allow kms:Decrypt in the key policy (aws_kms_key.app)") only adds a statement to kms.tf and leaves kms:Decrypt in the identity policy, so the finding is still there after it is applied (round-trip: "did not remove its finding").',
      suspect:
        'server/src/core/rules/kms-decrypt-in-identity-policy.ts keyPolicyFix: the key-policy fix should also carry the removal edit of removalFix (a "move to the key policy" fix editing both files), or not be a fix of this finding.',
      name: 'cross-file: role policy on aws_kms_key.app.arn; second fix adds a decrypt statement to the key policy in kms.tf',
      file: 'main.tf',
      severity: 'info',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["kms:Encrypt", «"kms:Decrypt"»]
        Resource = aws_kms_key.app.arn
      }
    ]
  })
}
`,
      fixCount: 2,
      fixes: [
        {
          expected: `resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["kms:Encrypt"]
        Resource = aws_kms_key.app.arn
      }
    ]
  })
}
`,
        },
        {
          fix: 1,
          file: 'kms.tf',
          expected: `resource "aws_kms_key" "app" {
  description = "app data"
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
        Sid    = "AllowDecryptForApp"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.app.arn
        }
        Action   = "kms:Decrypt"
        Resource = "*"
      }
    ]
  })
}
`,
        },
      ],
    },
];

ruleTable('kms-decrypt-in-identity-policy', table);

// Cases that once disagreed with the contract; the rules were fixed to match.
ruleTable('kms-decrypt-in-identity-policy', {
  valid: disagreements.filter((d) => d.expect === 'valid'),
  invalid: disagreements.filter((d): d is InvalidCase & Disagreement => d.expect === 'invalid'),
});
