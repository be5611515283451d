// kms-key-policy-wildcard-principal over Terraform modules: an unknown condition may narrow the
// caller (issue 15 item 6); wildcards reaching a policy through locals are still wildcards.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';
import { KEY_MODULE } from './module-calls';

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'Condition = var.cond on Principal AWS "*": the unknown condition may narrow the caller',
      file: 'key/main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decrypt", Resource = "*", Condition = var.cond }]
  })
}
`,
    },
    {
      name: 'Condition with an operator whose keys are a variable',
      file: 'key/main.tf',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:Decrypt", Resource = "*", Condition = { StringEquals = var.caller_conditions } }]
  })
}
`,
    },
    {
      name: 'a dynamic "condition" over an unknown list on a "*" statement',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "k" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = var.conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}
`,
      context: { 'key/main.tf': 'resource "aws_kms_key" "k" {\n  policy = data.aws_iam_policy_document.k.json\n}\n' },
    },
    {
      name: 'module call: key users that are roles',
      file: 'app/main.tf',
      text: `module "data_key" {
  source    = "./modules/key"
  key_users = [aws_iam_role.app.arn, "arn:aws:iam::111122223333:role/etl"]
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
    {
      name: 'module call: key users given by an expression the evaluator refuses (file(), jsondecode) are unknown',
      file: 'app/main.tf',
      text: `module "a" {
  source    = "./modules/key"
  key_users = jsondecode(file("\${path.module}/users.json"))
}

module "b" {
  source    = "./modules/key"
  key_users = split(",", var.users_csv)
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
  ],
  invalid: [
    {
      name: 'Principal = { AWS = local.everyone } with local.everyone = "*" in locals.tf, no condition',
      file: 'key/main.tf',
      messageIncludes: 'local.everyone (locals.tf line 2)',
      text: `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = «local.everyone» }, Action = "kms:Decrypt", Resource = "*" }]
  })
}
`,
      context: { 'key/locals.tf': 'locals {\n  everyone = "*"\n}\n' },
    },
    {
      name: 'a dynamic "condition" over a literal list naming no caller key does not narrow',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "k" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [«"*"»]
    }
    dynamic "condition" {
      for_each = [{ test = "StringEquals", variable = "kms:EncryptionContext:app", values = ["reports"] }]
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}
`,
      context: { 'key/main.tf': 'resource "aws_kms_key" "k" {\n  policy = data.aws_iam_policy_document.k.json\n}\n' },
    },
    {
      name: 'module call: key_users = ["*"] lets everyone use the key made by the module: reported at the argument',
      file: 'app/main.tf',
      messageIncludes: '(In module.data_key: modules/key/main.tf line 35.)',
      fixCount: 0,
      text: `module "data_key" {
  source    = "./modules/key"
  «key_users = ["*"]»
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
    {
      name: 'module call: a "*" reaching the module through concat, a conditional and for',
      file: 'app/main.tf',
      text: `variable "public" {
  default = true
}

module "data_key" {
  source    = "./modules/key"
  «key_users = concat([for name in ["etl"] : "arn:aws:iam::111122223333:role/\${name}"], var.public ? ["*"] : [])»
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
    {
      name: 'module call: the module\'s own "*" statement holds for every instance: reported once, in the module file (with its fix)',
      file: 'app/modules/open/main.tf',
      text: `variable "name" {
  type = string
}

resource "aws_kms_key" "this" {
  description = var.name
  policy = jsonencode({
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Everyone", Effect = "Allow", Principal = { AWS = «"*"» }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}
`,
      context: {
        'app/main.tf': 'module "a" {\n  source = "./modules/open"\n  name   = "a"\n}\n\nmodule "b" {\n  source = "./modules/open"\n  name   = "b"\n}\n',
      },
      fixCount: 1,
    },
  ],
};

ruleTable('kms-key-policy-wildcard-principal', table);
