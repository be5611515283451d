// Terraform cases for kms-multipart-upload-permissions: uploaders to SSE-KMS buckets (bucket encryption
// and key policy in the same or another .tf file) that lack kms:GenerateDataKey or kms:Decrypt.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const example = (path: string) => readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'terraform', path), 'utf8');

type Disagreement = ((ValidCase & { expect: 'valid' }) | (InvalidCase & { expect: 'invalid' })) & { actual: string; suspect: string };

/** The example users read is the fixture: examples/terraform/multipart-upload/main.tf. */
const EXAMPLE = example('multipart-upload/main.tf');

/** The example users read is the fixture: examples/terraform/multipart-upload/fixed/main.tf. */
const EXAMPLE_FIXED = example('multipart-upload/fixed/main.tf');

/** Bucket, its SSE-KMS encryption and the key with a jsonencode key policy, in a second file. */
const KMS_TF = `resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_kms_key" "data" {
  description = "data key"
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
      name: 'examples/terraform/multipart-upload/fixed: the key policy document allows the role kms:Decrypt',
      file: 'main.tf',
      text: EXAMPLE_FIXED,
    },
    {
      name: 'unknowns: PutObject on "${var.bucket_arn}/*" with KMS actions on var.key_arn and a local bucket',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["\${var.bucket_arn}/*", "\${local.bucket_arn}/*"] },
      { Effect = "Allow", Action = ["kms:GenerateDataKey", "kms:Decrypt"], Resource = var.key_arn }
    ]
  })
}
`,
    },
    {
      name: 'unknown actions: Action = var.actions on the SSE-KMS bucket of kms.tf',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "\${aws_s3_bucket.data.arn}/*" }]
  })
}
`,
    },
    {
      name: 'heredoc uploader with kms:GenerateDataKey and kms:Decrypt on the bucket key',
      file: 'main.tf',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_policy" "uploader" {
  policy = <<-EOT
    {
      "Statement": [
        { "Effect": "Allow", "Action": "s3:PutObject", "Resource": "\${aws_s3_bucket.data.arn}/*" },
        { "Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "\${aws_kms_key.data.arn}" }
      ]
    }
  EOT
}
`,
    },
    {
      name: 'bucket with SSE-S3 (AES256) and an uploader without KMS actions',
      file: 'main.tf',
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "plain" {
  bucket = aws_s3_bucket.plain.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

data "aws_iam_policy_document" "uploader" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.plain.arn}/*"]
  }
}

resource "aws_iam_role_policy" "uploader" {
  role   = aws_iam_role.uploader.id
  policy = data.aws_iam_policy_document.uploader.json
}
`,
    },
  ],
  invalid: [
    {
      name: 'examples/terraform/multipart-upload (policy documents): kms:Decrypt is added to the key policy document',
      file: 'main.tf',
      severity: 'warning',
      text: EXAMPLE.replace('actions   = ["s3:PutObject"]', 'actions   = [«"s3:PutObject"»]'),
      fixCount: 1,
      fixes: [{ expected: `# Small files upload, large ones fail with AccessDenied: a multipart upload to an SSE-KMS bucket
# needs kms:Decrypt as well as kms:GenerateDataKey.
resource "aws_s3_bucket" "uploads" {
  bucket = "example-tf-uploads"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.uploads.arn
    }
  }
}

resource "aws_kms_key" "uploads" {
  description = "uploads bucket key"
  policy      = data.aws_iam_policy_document.uploads_key.json
}

data "aws_iam_policy_document" "uploads_key" {
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
    sid       = "AllowDecryptForMultipartUpload"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.uploader.arn]
    }
  }
}

resource "aws_iam_role_policy" "uploader" {
  role   = aws_iam_role.uploader.name
  policy = data.aws_iam_policy_document.uploader.json
}

data "aws_iam_policy_document" "uploader" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.uploads.arn}/*"]
  }

  statement {
    actions   = ["kms:GenerateDataKey"]
    resources = [aws_kms_key.uploads.arn]
  }
}

resource "aws_iam_role" "uploader" {
  name               = "uploader"
  assume_role_policy = data.aws_iam_policy_document.uploader_trust.json
}

data "aws_iam_policy_document" "uploader_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
` }],
    },
    {
      name: 'cross-file: jsonencode role policy with GenerateDataKey only; kms:Decrypt goes into the key policy in kms.tf',
      file: 'main.tf',
      severity: 'warning',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_role_policy" "uploader" {
  role = aws_iam_role.uploader.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = [«"s3:PutObject"»]
        Resource = "\${aws_s3_bucket.data.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey"]
        Resource = aws_kms_key.data.arn
      }
    ]
  })
}
`,
      fixes: [{ file: 'kms.tf', expected: `resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_kms_key" "data" {
  description = "data key"
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
        Sid    = "AllowDecryptForMultipartUpload"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.uploader.arn
        }
        Action   = "kms:Decrypt"
        Resource = "*"
      }
    ]
  })
}
` }],
    },
    {
      name: 'heredoc <<EOT uploader with kms:Decrypt but no kms:GenerateDataKey: added to its KMS statement',
      file: 'main.tf',
      severity: 'warning',
      context: { 'kms.tf': KMS_TF },
      text: `resource "aws_iam_user_policy" "uploader" {
  user   = aws_iam_user.uploader.name
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [«"s3:PutObject"», "s3:GetObject"],
      "Resource": "arn:aws:s3:::example-data/*"
    },
    {
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "\${aws_kms_key.data.arn}"
    }
  ]
}
EOT
}
`,
      fixes: [{ expected: `resource "aws_iam_user_policy" "uploader" {
  user   = aws_iam_user.uploader.name
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:PutObject", "s3:GetObject"],
      "Resource": "arn:aws:s3:::example-data/*"
    },
    {
      "Effect": "Allow",
      "Action": [
        "kms:Decrypt",
        "kms:GenerateDataKey"
      ],
      "Resource": "\${aws_kms_key.data.arn}"
    }
  ]
}
EOT
}
` }],
    },
    {
      name: 'key policy (aws_kms_key jsonencode): S3 statement with GenerateDataKey* but no Decrypt',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_kms_key" "uploads" {
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
        Sid       = "UploaderViaS3"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/uploader" }
        Action    = «["kms:Encrypt", "kms:GenerateDataKey*"]»
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "s3.ap-northeast-1.amazonaws.com" } }
      }
    ]
  })
}
`,
      fixes: [{ expected: `resource "aws_kms_key" "uploads" {
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
        Sid       = "UploaderViaS3"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/uploader" }
        Action    = ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "s3.ap-northeast-1.amazonaws.com" } }
      }
    ]
  })
}
` }],
    },
    {
      name: 'key policy (aws_kms_key_policy, indented heredoc): S3 statement with GenerateDataKey only (an uploader without Decrypt)',
      file: 'main.tf',
      severity: 'warning',
      text: `resource "aws_kms_key_policy" "uploads" {
  key_id = aws_kms_key.uploads.id
  policy = <<-EOT
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
          "Sid": "UploaderViaS3",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:role/uploader" },
          "Action": «"kms:GenerateDataKey"»,
          "Resource": "*",
          "Condition": { "StringLike": { "kms:ViaService": "s3.*.amazonaws.com" } }
        }
      ]
    }
  EOT
}
`,
      fixes: [{ expected: `resource "aws_kms_key_policy" "uploads" {
  key_id = aws_kms_key.uploads.id
  policy = <<-EOT
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
          "Sid": "UploaderViaS3",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:role/uploader" },
          "Action": [
            "kms:GenerateDataKey",
            "kms:Decrypt"
          ],
          "Resource": "*",
          "Condition": { "StringLike": { "kms:ViaService": "s3.*.amazonaws.com" } }
        }
      ]
    }
  EOT
}
` }],
    },
    {
      name: 'key policy document (aws_iam_policy_document used by aws_kms_key): S3 statement without Decrypt, condition block',
      file: 'main.tf',
      severity: 'warning',
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
    sid       = "UploaderViaS3"
    actions   = «["kms:GenerateDataKey"]»
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.uploader.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.us-east-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "uploads" {
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
    sid       = "UploaderViaS3"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.uploader.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.us-east-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "uploads" {
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
export const disagreements: Disagreement[] = [];

ruleTable('kms-multipart-upload-permissions', table);
