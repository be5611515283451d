# Root module of the plan example: the key policy principal and the reader's key come from
# variables, so the configuration alone cannot tell what they are; plan.json (terraform show
# -json) has them resolved.

variable "logs_principal" {
  type        = string
  description = "Who may write logs with the key"
}

variable "reader_key_arn" {
  type = string
}

resource "aws_kms_key" "logs" {
  description = "log archive"
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
        Sid       = "LogWriters"
        Effect    = "Allow"
        Principal = { AWS = var.logs_principal }
        Action    = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_iam_role" "reader" {
  name               = "log-reader"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "reader" {
  name = "log-reader"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:DescribeKey"], Resource = var.reader_key_arn }]
  })
}

resource "aws_iam_role_policy_attachment" "reader" {
  role       = aws_iam_role.reader.name
  policy_arn = aws_iam_policy.reader.arn
}

module "data_key" {
  source    = "./modules/key"
  key_users = ["arn:aws:iam::111122223333:role/etl"]
}
