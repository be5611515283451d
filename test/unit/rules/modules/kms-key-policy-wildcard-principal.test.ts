// kms-key-policy-wildcard-principal over Terraform modules: an unknown condition may narrow the
// caller (issue 15 item 6); wildcards reaching a policy through locals are still wildcards.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

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
  ],
};

ruleTable('kms-key-policy-wildcard-principal', table);
