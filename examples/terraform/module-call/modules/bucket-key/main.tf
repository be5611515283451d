# A local module: a key for a bucket, with the principals that may write to it.

variable "writers" {
  type = list(string)
}

variable "account_id" {
  type = string
}

resource "aws_kms_key" "this" {
  description = "bucket key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      }],
      [for writer in var.writers : {
        Sid       = "Write"
        Effect    = "Allow"
        Principal = { AWS = writer }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
      }],
    )
  })
}

output "key_arn" {
  value = aws_kms_key.this.arn
}
