// kms-multipart-upload-permissions over Terraform modules: the uploader's policy, the bucket's
// encryption and the key policy in different files of one folder; incomplete policies and
// permissions boundaries never produce a "lacks" finding.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const S3 = `resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads"
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
`;

const KMS = `resource "aws_kms_key" "uploads" {
  policy = jsonencode({
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
    ]
  })
}
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'an uploader policy whose Statement list holds an expression (it may allow the KMS actions)',
      file: 'app/iam.tf',
      text: `resource "aws_iam_role_policy" "uploader" {
  role = aws_iam_role.uploader.id
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "s3:PutObject", Resource = "\${aws_s3_bucket.uploads.arn}/*" },
      var.kms_statement,
    ]
  })
}
`,
      context: { 'app/s3.tf': S3, 'app/kms.tf': KMS },
    },
    {
      name: 'a permissions boundary allowing s3:PutObject grants nothing, so it lacks nothing',
      file: 'app/iam.tf',
      text: `resource "aws_iam_policy" "boundary" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = "*" }]
  })
}

resource "aws_iam_role" "uploader" {
  name                 = "uploader"
  assume_role_policy   = "{}"
  permissions_boundary = aws_iam_policy.boundary.arn
}
`,
      context: { 'app/s3.tf': S3, 'app/kms.tf': KMS },
    },
    {
      name: 'the uploader policy and its KMS statements split over two documents merged in another file',
      file: 'app/iam.tf',
      text: `data "aws_iam_policy_document" "uploader" {
  source_policy_documents = [data.aws_iam_policy_document.kms.json]
  statement {
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.uploads.arn}/*"]
  }
}

resource "aws_iam_role_policy" "uploader" {
  role   = aws_iam_role.uploader.id
  policy = data.aws_iam_policy_document.uploader.json
}
`,
      context: {
        'app/s3.tf': S3,
        'app/kms.tf': KMS,
        'app/kms-use.tf': `data "aws_iam_policy_document" "kms" {
  statement {
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.uploads.arn]
  }
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'uploader document (iam.tf), bucket encryption (s3.tf) and key policy (kms.tf): kms:Decrypt missing',
      file: 'app/iam.tf',
      text: `data "aws_iam_policy_document" "uploader" {
  statement {
    actions   = [«"s3:PutObject"»]
    resources = ["\${aws_s3_bucket.uploads.arn}/*"]
  }
  statement {
    actions   = ["kms:GenerateDataKey"]
    resources = [aws_kms_key.uploads.arn]
  }
}

resource "aws_iam_role_policy" "uploader" {
  role   = aws_iam_role.uploader.id
  policy = data.aws_iam_policy_document.uploader.json
}
`,
      context: { 'app/s3.tf': S3, 'app/kms.tf': KMS },
      fixes: [
        {
          file: 'app/kms.tf',
          expected: `resource "aws_kms_key" "uploads" {
  policy = jsonencode({
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid    = "AllowDecryptForMultipartUpload",
        Effect = "Allow",
        Principal = {
          AWS = aws_iam_role.uploader.arn
        },
        Action   = "kms:Decrypt",
        Resource = "*"
      },
    ]
  })
}
`,
        },
      ],
    },
    {
      name: 'a Deny inside a dynamic statement over an unknown list is no certain Deny: the role lacks only kms:Decrypt',
      file: 'app/iam.tf',
      messageIncludes: 'kms:Decrypt',
      text: `data "aws_iam_policy_document" "uploader" {
  statement {
    actions   = [«"s3:PutObject"», "kms:GenerateDataKey"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.deny_kms ? [1] : []
    content {
      effect    = "Deny"
      actions   = ["kms:GenerateDataKey"]
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "uploader" {
  role   = aws_iam_role.uploader.id
  policy = data.aws_iam_policy_document.uploader.json
}
`,
      context: { 'app/s3.tf': S3, 'app/kms.tf': KMS },
    },
  ],
};

ruleTable('kms-multipart-upload-permissions', table);
