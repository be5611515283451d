# Seed 003, fixed: the IAM policy keeps kms:Encrypt and kms:GenerateDataKey*; the key policy allows
# the application role kms:Decrypt and kms:ReEncryptFrom.
data "aws_caller_identity" "current" {}

resource "aws_iam_policy" "my_secure_kms_policy" {
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
        Resource = "arn:aws:kms:*:111122223333:key/mrk-0fedcba987654321"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "secure_app" {
  role       = aws_iam_role.my_secure_app_role.name
  policy_arn = aws_iam_policy.my_secure_kms_policy.arn
}

resource "aws_kms_key" "my_fixed_key" {
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
      },
      {
        Sid    = "Allow application role to decrypt"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.my_secure_app_role.arn
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

resource "aws_iam_role" "my_secure_app_role" {
  name = "my-secure-app-role"
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
