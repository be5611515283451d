# Account 444455556666 may read objects per the bucket policy but gets AccessDenied: the bucket's
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
      }
    ]
  })
}
