// kms-key-policy-no-root-delegation over Terraform modules: a root statement whose existence or
// merged-in documents KeyLens cannot see is given the benefit of the doubt (issue 15 item 6).
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

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
  ],
};

ruleTable('kms-key-policy-no-root-delegation', table);
