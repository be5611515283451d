// kms-cross-account-access over Terraform modules: bucket policy, encryption and key policy in
// different files of one folder; a key policy KeyLens cannot see in full may allow the partner.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const BUCKET = `resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.reports.arn
    }
  }
}
`;

const POLICY = `resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = «"arn:aws:iam::444455556666:root"» }
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.reports.arn}/*"
    }]
  })
}
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'the key policy merges a document KeyLens cannot see (source_policy_documents = var.extra)',
      file: 'app/policy.tf',
      text: POLICY.replace(/[«»]/g, ''),
      context: {
        'app/bucket.tf': BUCKET,
        'app/kms.tf': `resource "aws_kms_key" "reports" {
  policy = data.aws_iam_policy_document.key.json
}

data "aws_iam_policy_document" "key" {
  source_policy_documents = var.extra
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'bucket policy (policy.tf), bucket and encryption (bucket.tf), key policy (kms.tf): the partner is not in the key policy',
      file: 'app/policy.tf',
      text: POLICY,
      context: {
        'app/bucket.tf': BUCKET,
        'app/kms.tf': `resource "aws_kms_key" "reports" {
  policy = jsonencode({
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}
`,
      },
    },
  ],
};

ruleTable('kms-cross-account-access', table);
