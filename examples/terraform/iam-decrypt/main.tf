# Seed 003: an IAM customer managed policy that allows kms:Decrypt and kms:ReEncrypt* (Security Hub
# KMS.1/KMS.2). Decryption rights belong in the key policy, for the role that needs them.
data "aws_caller_identity" "current" {}

resource "aws_iam_policy" "overly_permissive_policy" {
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
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*"
        ],
        Resource = "arn:aws:kms:*:111122223333:key/mrk-1234567890abcdef"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.my_app_role.name
  policy_arn = aws_iam_policy.overly_permissive_policy.arn
}

resource "aws_kms_key" "my_secure_key" {
  description = "KMS key for application data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Enable IAM User Permissions",
        Effect = "Allow",
        Principal = {
          AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
        },
        Action   = "kms:*",
        Resource = "*"
      }
    ]
  })
}

resource "aws_iam_role" "my_app_role" {
  name = "my-app-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "ec2.amazonaws.com" }
        Action    = "sts:AssumeRole"
      }
    ]
  })
}
