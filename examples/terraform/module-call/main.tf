# Keys made through module calls: a registry module (fetched into .terraform/modules by
# `terraform init`) and a local one. KeyLens evaluates each call with its inputs.

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

module "data_key" {
  source  = "example/kms-key/aws"
  version = "2.1.0"

  description           = "application data"
  enable_default_policy = false
  key_users             = [aws_iam_role.app.arn]
}

module "logs_key" {
  source = "./modules/bucket-key"

  account_id = "111122223333"
  writers    = ["*"]
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Encrypt", "kms:GenerateDataKey"], Resource = module.data_key.key_arn }]
  })
}
