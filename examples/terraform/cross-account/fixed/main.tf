# Fixed: the bucket encryption names the key ARN, and the key policy allows 444455556666 to decrypt.
resource "aws_s3_bucket" "reports_fixed" {
  bucket = "example-tf-reports-fixed"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.reports_fixed.arn
      }
    }
  }
}

resource "aws_s3_bucket_policy" "reports_fixed" {
  bucket = aws_s3_bucket.reports_fixed.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PartnerRead",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
          "Action": ["s3:GetObject"],
          "Resource": "arn:aws:s3:::example-tf-reports-fixed/*"
        }
      ]
    }
  EOT
}

resource "aws_kms_alias" "reports_fixed" {
  name          = "alias/tf-reports-fixed"
  target_key_id = aws_kms_key.reports_fixed.key_id
}

resource "aws_kms_key" "reports_fixed" {
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
      },
      {
        Sid       = "AllowPartnerDecrypt"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      }
    ]
  })
}
