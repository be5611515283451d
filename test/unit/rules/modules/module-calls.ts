// Module folders the module-call table cases share (imported by the rule tables of this folder).

/** A key module in the shape of the public ones: the root statement and the key users are dynamic over inputs. */
export const KEY_MODULE = `variable "key_users" {
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
        identifiers = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.key_users) > 0 ? [1] : []
    content {
      sid       = "KeyUsers"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.key_users
      }
    }
  }
}

resource "aws_kms_key" "this" {
  policy = data.aws_iam_policy_document.this.json
}

output "key_arn" {
  value = aws_kms_key.this.arn
}
`;

/** A module making a managed policy from its inputs. */
export const POLICY_MODULE = `variable "actions" {
  type = list(string)
}

variable "resources" {
  type    = list(string)
  default = ["*"]
}

resource "aws_iam_policy" "this" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = var.resources }]
  })
}

output "arn" {
  value = aws_iam_policy.this.arn
}
`;

/** `.terraform/modules/modules.json` as `terraform init` writes it for one registry module. */
export function modulesJson(key: string, dir: string): string {
  return JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: key, Source: 'registry.terraform.io/example/kms-key/aws', Version: '1.0.0', Dir: dir }] });
}
