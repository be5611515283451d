# A small KMS key module: the key policy delegates to the account when asked to, and lets the
# given principals use the key.

variable "key_users" {
  type    = list(string)
  default = []
}

variable "enable_default_policy" {
  type    = bool
  default = true
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.enable_default_policy ? [1] : []
    content {
      sid       = "Default"
      actions   = ["kms:*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.key_users) > 0 ? [1] : []
    content {
      sid       = "KeyUsers"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.key_users
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description = "data key"
  policy      = data.aws_iam_policy_document.this.json
}

output "key_arn" {
  value = aws_kms_key.this.arn
}
