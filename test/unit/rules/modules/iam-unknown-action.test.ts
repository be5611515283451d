// iam-unknown-action over Terraform modules: a permissions boundary is still checked; actions
// from a local are reported where the local is used.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'actions from a local in another file that are all real',
      file: 'app/main.tf',
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = local.actions, Resource = "*" }] })
}
`,
      context: { 'app/locals.tf': 'locals {\n  actions = ["kms:Encrypt", "kms:DescribeKey"]\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'a permissions boundary grants nothing, but a misspelt action in it is still a typo',
      file: 'app/boundary.tf',
      text: `resource "aws_iam_policy" "boundary" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:*", «"kms:Encrpyt"»], Resource = "*" }]
  })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  assume_role_policy   = "{}"
  permissions_boundary = aws_iam_policy.boundary.arn
}
`,
      fixes: [
        {
          expected: `resource "aws_iam_policy" "boundary" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:*", "kms:Encrypt"], Resource = "*" }]
  })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  assume_role_policy   = "{}"
  permissions_boundary = aws_iam_policy.boundary.arn
}
`,
        },
      ],
    },
    {
      name: 'a typo in a local list in locals.tf: reported where the local is used, named, no fix',
      file: 'app/main.tf',
      messageIncludes: 'local.actions (locals.tf line 2)',
      fixCount: 0,
      text: `resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = «local.actions», Resource = "*" }] })
}
`,
      context: { 'app/locals.tf': 'locals {\n  actions = ["kms:Encrypt", "kms:DescribeKeys"]\n}\n' },
    },
  ],
};

ruleTable('iam-unknown-action', table);
