// Terraform cases for kms-key-policy-wildcard-principal: "*" / { AWS = "*" } in key policies written
// as jsonencode, heredoc JSON and aws_iam_policy_document, and the kms:CallerAccount condition fix.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const example = (path: string) => readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'terraform', path), 'utf8');

type Disagreement = ((ValidCase & { expect: 'valid' }) | (InvalidCase & { expect: 'invalid' })) & { actual: string; suspect: string };

/** The example users read is the fixture: examples/terraform/key-policy/main.tf. */
const EXAMPLE = example('key-policy/main.tf');

/** The example users read is the fixture: examples/terraform/key-policy/fixed/main.tf. */
const EXAMPLE_FIXED = example('key-policy/fixed/main.tf');

/** A jsonencode key policy: the root statement, then `statement`. */
function jsonencodeKey(statement: string): string {
  return `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
${statement}
    ]
  })
}
`;
}

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'a policy document used by aws_vpc_endpoint (and a jsonencode endpoint policy) is not a key policy',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "vpce" {
  statement {
    actions   = ["kms:Decrypt", "kms:Encrypt"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_vpc_endpoint" "kms" {
  vpc_id       = var.vpc_id
  service_name = "com.amazonaws.us-east-1.kms"
  policy       = data.aws_iam_policy_document.vpce.json
}

resource "aws_vpc_endpoint" "kms_b" {
  vpc_id       = var.vpc_id
  service_name = "com.amazonaws.us-west-2.kms"
  policy       = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }] })
}
`,
    },
    {
      name: 'examples/terraform/key-policy/fixed: kms:CallerAccount condition',
      file: 'main.tf',
      text: EXAMPLE_FIXED,
    },
    {
      name: 'narrowing conditions with unknown values (data.aws_caller_identity, var.org_id) still narrow',
      file: 'main.tf',
      text: jsonencodeKey(`      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "kms:CallerAccount" = data.aws_caller_identity.current.account_id } }
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "kms:Encrypt"
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = var.org_id } }
      }`),
    },
    {
      name: 'unknown principals (var.principals, "${local.role_arn}") are not "*"',
      file: 'main.tf',
      text: jsonencodeKey(`      {
        Effect    = "Allow"
        Principal = { AWS = var.principals }
        Action    = "kms:Decrypt"
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = ["\${local.role_arn}"] }
        Action    = "kms:Decrypt"
        Resource  = "*"
      }`),
    },
    {
      name: 'policy document with a kms:CallerAccount condition block',
      file: 'main.tf',
      text: `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = ["111122223333"]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
    },
    {
      name: 'Principal "*" in a bucket policy (aws_s3_bucket_policy) is not a key policy',
      file: 'main.tf',
      text: `resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = <<-EOT
    {
      "Statement": [
        { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-public/*" }
      ]
    }
  EOT
}
`,
    },
  ],
  invalid: [
    {
      name: 'examples/terraform/key-policy: Principal = { AWS = "*" } in jsonencode → the fixed example\'s Condition',
      file: 'main.tf',
      severity: 'error',
      fixCount: 1,
      text: EXAMPLE.replace('Principal = { AWS = "*" }', 'Principal = { AWS = «"*"» }'),
      fixes: [{ expected: `# A key policy open to every AWS principal, and a grant a Lambda function relies on.
resource "aws_kms_key" "open" {
  description = "shared key"
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
        Sid       = "AllowUseEverywhere"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = "111122223333"
          }
        }
      }
    ]
  })
}

resource "aws_kms_grant" "lambda" {
  name              = "lambda-env"
  key_id            = aws_kms_key.open.key_id
  grantee_principal = "arn:aws:iam::111122223333:role/test-role"
  retiring_principal = "lambda.ap-northeast-1.amazonaws.com"
  operations        = ["Decrypt", "RetireGrant"]

  constraints {
    encryption_context_equals = {
      "aws:lambda:FunctionArn" = "arn:aws:lambda:ap-northeast-1:111122223333:function:test"
    }
  }
}
` }],
    },
    {
      name: 'jsonencode Principal = "*" with a kms:ViaService condition that does not narrow the caller',
      file: 'main.tf',
      severity: 'error',
      text: jsonencodeKey(`      {
        Effect    = "Allow"
        Principal = «"*"»
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService" = "s3.us-east-1.amazonaws.com"
          }
        }
      }`),
      fixes: [{ expected: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "s3.us-east-1.amazonaws.com"
            "kms:CallerAccount" = "111122223333"
          }
        }
      }
    ]
  })
}
` }],
    },
    {
      name: 'heredoc <<EOT in aws_kms_key: {"AWS": "*"}',
      file: 'main.tf',
      severity: 'error',
      text: `resource "aws_kms_key" "k" {
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Root",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Everyone",
      "Effect": "Allow",
      "Principal": { "AWS": «"*"» },
      "Action": "kms:Encrypt",
      "Resource": "*"
    }
  ]
}
EOT
}
`,
      fixes: [{ expected: `resource "aws_kms_key" "k" {
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Root",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Everyone",
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": "kms:Encrypt",
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "kms:CallerAccount": "111122223333"
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
      name: 'indented heredoc <<-EOT in aws_kms_key_policy: Principal "*"',
      file: 'main.tf',
      severity: 'error',
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
          "Principal": «"*"»,
          "Action": ["kms:Decrypt", "kms:DescribeKey"],
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
          "Principal": "*",
          "Action": ["kms:Decrypt", "kms:DescribeKey"],
          "Resource": "*",
          "Condition": {
            "StringEquals": {
              "kms:CallerAccount": "111122223333"
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
      name: 'aws_iam_policy_document used by aws_kms_key: principals AWS ["*"] → a condition block is added',
      file: 'main.tf',
      severity: 'error',
      text: `data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  statement {
    sid       = "Everyone"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [«"*"»]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
      fixes: [{ expected: `data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  statement {
    sid       = "Everyone"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = ["111122223333"]
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
      'No finding. `principals { type = "*", identifiers = ["*"] }` is how aws_iam_policy_document writes `"Principal": "*"`, but it is lowered to Principal {"*": ["*"]}, which the policy reader does not treat as the wildcard principal.',
    suspect:
      'server/src/core/terraform/policyDocument.ts (principals lowering, ~line 90-106) should produce Principal "*" for type "*"; or server/src/core/policy.ts (~line 62-79) should treat a "*" principal type as the wildcard.',
    name: 'aws_iam_policy_document principals type "*" (renders as Principal "*")',
    file: 'main.tf',
    severity: 'error',
    text: `data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  statement {
    sid       = "Anyone"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = [«"*"»]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
  },
];

ruleTable('kms-key-policy-wildcard-principal', table);

// Cases that once disagreed with the contract; the rules were fixed to match.
ruleTable('kms-key-policy-wildcard-principal', {
  valid: disagreements.filter((d) => d.expect === 'valid'),
  invalid: disagreements.filter((d): d is InvalidCase & Disagreement => d.expect === 'invalid'),
});

const CALLER_KEY = (everyone: string, extra = '') => `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Everyone"
        Effect    = "Allow"
        Principal = { AWS = ${everyone} }
        Action    = ["kms:Decrypt"]
        Resource  = "*"${extra}
      }
    ]
  })
}
`;

ruleTable('kms-key-policy-wildcard-principal', {
  valid: [],
  invalid: [
    {
      name: 'the account known only as data.aws_caller_identity: the fix writes that expression',
      file: 'main.tf',
      severity: 'error',
      text: CALLER_KEY('«"*"»'),
      fixes: [
        {
          expected: CALLER_KEY(
            '"*"',
            `
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
          }
        }`,
          ),
        },
      ],
    },
  ],
});
