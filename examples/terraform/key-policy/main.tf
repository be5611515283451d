# A key policy open to every AWS principal, and a grant a Lambda function relies on.
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
