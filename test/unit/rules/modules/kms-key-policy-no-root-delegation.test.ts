// kms-key-policy-no-root-delegation over Terraform modules: a root statement whose existence or
// merged-in documents KeyLens cannot see is given the benefit of the doubt (issue 15 item 6).
import { ruleTable, type InvalidCase, type ValidCase } from '../table';
import { KEY_MODULE, modulesJson } from './module-calls';

const KEY = `resource "aws_kms_key" "this" {
  policy = data.aws_iam_policy_document.this.json
}
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'the root statement inside dynamic "statement" over var.enable_default_policy ? [1] : [] may exist',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "this" {
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
  statement {
    sid       = "KeyAdministration"
    actions   = ["kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/admin"]
    }
  }
}
`,
      context: { 'key/main.tf': KEY },
    },
    {
      name: 'source_policy_documents = var.extra: the merged policy is not known in full',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "this" {
  source_policy_documents = var.extra
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.admin.arn]
    }
  }
}
`,
      context: { 'key/main.tf': KEY },
    },
    {
      name: 'override_policy_documents with an unknown item',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "this" {
  override_policy_documents = [var.override_json]
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.admin.arn]
    }
  }
}
`,
      context: { 'key/main.tf': KEY },
    },
    {
      name: 'the root statement comes from a document in another file (source_policy_documents)',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "this" {
  source_policy_documents = [data.aws_iam_policy_document.root.json]
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn]
    }
  }
}
`,
      context: {
        'key/main.tf': KEY,
        'key/root.tf': `data "aws_iam_policy_document" "root" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`,
      },
    },
    {
      name: 'a jsonencode Statement list with an expression in it may hold the root statement',
      file: 'key/main.tf',
      text: `resource "aws_kms_key" "this" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { AWS = aws_iam_role.admin.arn }, Action = "kms:*", Resource = "*" },
      var.root_statement,
    ]
  })
}
`,
    },
    {
      name: 'a dynamic "principals" over an unknown list may name the account',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    dynamic "principals" {
      for_each = var.principals
      content {
        type        = "AWS"
        identifiers = principals.value
      }
    }
  }
}
`,
      context: { 'key/main.tf': KEY },
    },
    {
      name: 'module call: the key module with its default (root statement on) delegates',
      file: 'app/main.tf',
      text: `module "data_key" {
  source    = "./modules/key"
  key_users = [aws_iam_role.app.arn]
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
    {
      name: 'module call: enable_default_policy from a root variable without a value may be true',
      file: 'app/main.tf',
      text: `variable "enable" {
  type = bool
}

module "data_key" {
  source                = "./modules/key"
  enable_default_policy = var.enable
  key_users             = [aws_iam_role.app.arn]
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
    {
      name: 'module call: a registry module that was not fetched (no .terraform/modules) is not evaluated',
      file: 'app/main.tf',
      text: `module "data_key" {
  source                = "example/kms-key/aws"
  enable_default_policy = false
  key_users             = [aws_iam_role.app.arn]
}
`,
    },
    {
      name: 'module call: count = 0 makes no instance',
      file: 'app/main.tf',
      text: `module "data_key" {
  source                = "./modules/key"
  count                 = 0
  enable_default_policy = false
  key_users             = [aws_iam_role.app.arn]
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
  ],
  invalid: [
    {
      name: 'a key policy document in policy.tf used by aws_kms_key in main.tf names only a role',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "this" {
  «statement» {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.admin.arn]
    }
  }
}
`,
      context: { 'key/main.tf': KEY },
    },
    {
      name: 'a dynamic "statement" over a literal empty list: the root statement is certainly absent',
      file: 'key/policy.tf',
      text: `data "aws_iam_policy_document" "this" {
  «dynamic» "statement" {
    for_each = []
    content {
      actions   = ["kms:*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:root"]
      }
    }
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn]
    }
  }
}
`,
      context: { 'key/main.tf': KEY },
    },
    {
      name: 'the for_each list comes from a literal local that is empty: the root statement is absent',
      file: 'key/policy.tf',
      messageIncludes: 'root',
      text: `data "aws_iam_policy_document" "this" {
  «dynamic» "statement" {
    for_each = local.root_statements
    content {
      actions   = ["kms:*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:root"]
      }
    }
  }
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.admin.arn]
    }
  }
}
`,
      context: { 'key/main.tf': KEY, 'key/locals.tf': 'locals {\n  root_statements = []\n}\n' },
    },
    {
      name: 'module call: enable_default_policy = false removes the root statement: reported at that argument, naming the module line',
      file: 'app/main.tf',
      messageIncludes: '(In module.data_key: modules/key/main.tf line 14.)',
      fixCount: 0,
      text: `module "data_key" {
  source                = "./modules/key"
  «enable_default_policy = false»
  key_users             = [aws_iam_role.app.arn]
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
    {
      name: 'module call: a registry module fetched into .terraform/modules (modules.json)',
      file: 'app/main.tf',
      messageIncludes: '.terraform/modules/data_key/main.tf',
      text: `module "data_key" {
  source                = "example/kms-key/aws"
  version               = "1.0.0"
  «enable_default_policy = false»
  key_users             = ["arn:aws:iam::111122223333:role/app"]
}
`,
      context: {
        'app/.terraform/modules/modules.json': modulesJson('data_key', '.terraform/modules/data_key'),
        'app/.terraform/modules/data_key/main.tf': KEY_MODULE,
      },
    },
    {
      name: 'module call: the input comes from a local of the caller (false), named in the message',
      file: 'app/main.tf',
      messageIncludes: 'local.default_policy',
      text: `locals {
  default_policy = false
}

module "data_key" {
  source                = "./modules/key"
  «enable_default_policy = local.default_policy»
  key_users             = [aws_iam_role.app.arn]
}
`,
      context: { 'app/modules/key/main.tf': KEY_MODULE },
    },
  ],
};

ruleTable('kms-key-policy-no-root-delegation', table);
