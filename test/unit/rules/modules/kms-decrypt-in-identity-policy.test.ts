// kms-decrypt-in-identity-policy over Terraform modules: files of one folder read together, locals,
// variable defaults and tfvars used where literal (and named in the message), unknown values never
// guessed, permissions boundaries that grant nothing.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';
import { KEY_MODULE, POLICY_MODULE } from './module-calls';

const ROLE = `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'an aws_iam_policy used only as a permissions boundary grants nothing: its Allow * is no decrypt grant',
      file: 'app/boundary.tf',
      text: `resource "aws_iam_policy" "boundary" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
`,
      context: {
        'app/roles.tf': `resource "aws_iam_role" "app" {
  name                 = "app"
  assume_role_policy   = "{}"
  permissions_boundary = aws_iam_policy.boundary.arn
}
`,
      },
    },
    {
      name: 'a document used only as a permissions boundary (through aws_iam_policy in another file)',
      file: 'app/documents.tf',
      text: `data "aws_iam_policy_document" "boundary" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
}
`,
      context: {
        'app/iam.tf': `resource "aws_iam_policy" "boundary" {
  policy = data.aws_iam_policy_document.boundary.json
}

resource "aws_iam_user" "dev" {
  name                 = "dev"
  permissions_boundary = aws_iam_policy.boundary.arn
}
`,
      },
    },
    {
      name: 'a Deny on decryption everywhere in another statement of the same policy, split over files only by the document',
      file: 'app/documents.tf',
      text: `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["kms:Decrypt", "kms:ReEncryptFrom"]
    resources = ["*"]
  }
}
`,
      context: { 'app/roles.tf': `resource "aws_iam_role_policy" "app" {\n  role   = aws_iam_role.app.id\n  policy = data.aws_iam_policy_document.app.json\n}\n` },
    },
    {
      name: 'a file in another folder is another module: its document is not this role policy',
      file: 'app/roles.tf',
      text: `resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}
`,
      context: {
        'other/documents.tf': `data "aws_iam_policy_document" "app" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    actions   = ["kms:Decrypt"]
    resources = ["*"]
  }
}
`,
      },
    },
    {
      name: 'a Deny of the merging document takes decryption away from the merged-in statement in another file',
      file: 'app/base.tf',
      text: `data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["kms:Decrypt", "kms:Encrypt"]
    resources = [aws_kms_key.k.arn]
  }
}
`,
      context: {
        'app/app.tf': `data "aws_iam_policy_document" "app" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    effect    = "Deny"
    actions   = ["kms:Decrypt", "kms:ReEncryptFrom"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
`,
      },
    },
    {
      name: 'module call: a policy module given actions without decryption',
      file: 'app/main.tf',
      text: `module "reader" {
  source  = "./modules/policy"
  actions = ["kms:Encrypt", "kms:DescribeKey"]
}
`,
      context: { 'app/modules/policy/main.tf': POLICY_MODULE },
    },
  ],
  invalid: [
    {
      name: 'issue 10: a document in documents.tf used by aws_iam_role_policy in roles.tf, kms:Decrypt on "*" (warning); the fix edits documents.tf',
      file: 'app/documents.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "policy" {
  statement {
    actions   = [«"kms:Decrypt"», "kms:Encrypt"]
    resources = ["*"]
  }
}
`,
      context: {
        'app/roles.tf': ROLE + `
resource "aws_iam_role_policy" "policy" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.policy.json
}
`,
      },
      fixes: [
        {
          expected: `data "aws_iam_policy_document" "policy" {
  statement {
    actions   = ["kms:Encrypt"]
    resources = ["*"]
  }
}
`,
        },
      ],
    },
    {
      name: 'Resource = var.arn: the message says the keys are not known (not "specific keys")',
      file: 'app/main.tf',
      severity: 'info',
      messageIncludes: 'keys that are not known here',
      text: `variable "arn" {
  type = string
}

resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = [«"kms:Decrypt"»], Resource = var.arn }]
  })
}
`,
    },
    {
      name: 'a conditional Resource and an unresolved local are not known either',
      file: 'app/main.tf',
      severity: 'info',
      messageIncludes: 'keys that are not known here',
      text: `resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = «"kms:Decrypt"», Resource = var.all ? "*" : aws_kms_key.k.arn },
      { Effect = "Allow", Action = «"kms:ReEncryptFrom"», Resource = local.somewhere },
    ]
  })
}
`,
    },
    {
      name: 'a literal local "*" in locals.tf is all keys (warning), and the message says where the value came from',
      file: 'app/policy.tf',
      severity: 'warning',
      messageIncludes: 'KeyLens used the value of local.all_keys (locals.tf line 2)',
      text: `data "aws_iam_policy_document" "reader" {
  statement {
    actions   = [«"kms:Decrypt"»]
    resources = [local.all_keys]
  }
}

resource "aws_iam_user_policy" "reader" {
  user   = aws_iam_user.reader.name
  policy = data.aws_iam_policy_document.reader.json
}
`,
      context: { 'app/locals.tf': `locals {\n  all_keys = "*"\n}\n` },
    },
    {
      name: 'terraform.tfvars overrides a variable default: "*" from tfvars is all keys, named in the message',
      file: 'app/main.tf',
      severity: 'warning',
      messageIncludes: 'var.key_arn as set in terraform.tfvars line 1',
      text: `variable "key_arn" {
  default = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = «"kms:Decrypt"», Resource = var.key_arn }]
  })
}
`,
      context: { 'app/terraform.tfvars': `key_arn = "*"\n` },
    },
    {
      name: 'a variable default with no tfvars: the default is used (specific key, info) and named',
      file: 'app/main.tf',
      severity: 'info',
      messageIncludes: 'the default of var.key_arn (variables.tf line 2)',
      text: `resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = «"kms:Decrypt"», Resource = "\${var.key_arn}" }]
  })
}
`,
      context: { 'app/variables.tf': `variable "key_arn" {\n  default = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n}\n` },
    },
    {
      name: 'actions from a local list in another file: reported where the local is used, no fix (the local may serve others)',
      file: 'app/main.tf',
      severity: 'warning',
      messageIncludes: 'local.reader_actions (locals.tf line 2)',
      fixCount: 0,
      text: `resource "aws_iam_policy" "reader" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = «local.reader_actions», Resource = "*" }]
  })
}
`,
      context: { 'app/locals.tf': `locals {\n  reader_actions = ["kms:Decrypt", "kms:DescribeKey"]\n}\n` },
    },
    {
      name: 'a permissions boundary that is also attached to a role grants: its decrypt is reported',
      file: 'app/boundary.tf',
      severity: 'warning',
      text: `resource "aws_iam_policy" "boundary" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = «"kms:*"», Resource = "*" }]
  })
}
`,
      context: {
        'app/roles.tf': `resource "aws_iam_role" "app" {
  name                 = "app"
  assume_role_policy   = "{}"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.boundary.arn
}
`,
      },
    },
    {
      name: 'a document merged in from another file (source_policy_documents) is judged as part of the policy and reported where it is written',
      file: 'app/base.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "base" {
  statement {
    actions   = [«"kms:Decrypt"», "kms:Encrypt"]
    resources = ["*"]
  }
}
`,
      context: {
        'app/app.tf': `data "aws_iam_policy_document" "app" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
`,
      },
      fixes: [
        {
          expected: `data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["kms:Encrypt"]
    resources = ["*"]
  }
}
`,
        },
      ],
    },
    {
      name: 'the same in one file',
      file: 'app/main.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "base" {
  statement {
    actions   = [«"kms:Decrypt"», "kms:Encrypt"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "app" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
`,
    },
    {
      name: 'a dynamic "statement" over a literal list is expanded (the finding is reported once)',
      file: 'app/main.tf',
      severity: 'warning',
      text: `data "aws_iam_policy_document" "app" {
  dynamic "statement" {
    for_each = ["reports", "etl"]
    content {
      sid       = "Use\${statement.value}"
      actions   = [«"kms:Decrypt"»]
      resources = ["*"]
    }
  }
}

resource "aws_iam_policy" "app" {
  policy = data.aws_iam_policy_document.app.json
}
`,
    },
    {
      name: 'module call: a policy module given kms:Decrypt on its default "*": reported at the actions argument (warning)',
      file: 'app/main.tf',
      severity: 'warning',
      messageIncludes: 'In module.reader:',
      text: `module "reader" {
  source  = "./modules/policy"
  «actions = ["kms:Decrypt"]»
}
`,
      context: { 'app/modules/policy/main.tf': POLICY_MODULE },
    },
    {
      name: 'module call: resources passed as the key a sibling module call made (its output): specific key (info)',
      file: 'app/main.tf',
      severity: 'info',
      text: `module "data_key" {
  source    = "./modules/key"
  key_users = [aws_iam_role.app.arn]
}

module "reader" {
  source    = "./modules/policy"
  «actions   = ["kms:Decrypt"]»
  resources = [module.data_key.key_arn]
}
`,
      context: { 'app/modules/policy/main.tf': POLICY_MODULE, 'app/modules/key/main.tf': KEY_MODULE },
    },
  ],
};

ruleTable('kms-decrypt-in-identity-policy', table);
