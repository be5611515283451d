// kms-alias-arn-as-key over Terraform modules: alias, key and bucket encryption in different files
// of one folder; an alias reaching a value through a local is reported where the local is used.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';


const KMS = `resource "aws_kms_key" "data" {
  description = "data"
}
`;
const ALIAS = `resource "aws_kms_alias" "data" {
  name          = "alias/data"
  target_key_id = aws_kms_key.data.key_id
}
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'the encryption names the key through a local holding aws_kms_key.data.arn',
      file: 'app/s3.tf',
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = "example-data"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = local.data_key
    }
  }
}
`,
      context: { 'app/kms.tf': KMS, 'app/locals.tf': 'locals {\n  data_key = aws_kms_key.data.arn\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'alias (alias.tf) and key (kms.tf) resolve across files: the encryption (s3.tf) gets the key ARN',
      file: 'app/s3.tf',
      severity: 'warning',
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = "example-data"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = «aws_kms_alias.data.arn»
    }
  }
}
`,
      context: { 'app/kms.tf': KMS, 'app/alias.tf': ALIAS },
      fixes: [
        {
          expected: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = "example-data"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}
`,
        },
      ],
    },
    {
      name: 'an alias ARN reaching kms_master_key_id through a local: reported at the local, named, no fix there',
      file: 'app/s3.tf',
      severity: 'warning',
      messageIncludes: 'local.data_key (locals.tf line 2)',
      fixCount: 0,
      text: `resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = "example-data"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = «local.data_key»
    }
  }
}
`,
      context: { 'app/kms.tf': KMS, 'app/alias.tf': ALIAS, 'app/locals.tf': 'locals {\n  data_key = aws_kms_alias.data.arn\n}\n' },
    },
    {
      name: 'module call: an alias of the caller passed as a bucket module\'s key id: reported at the argument',
      file: 'app/main.tf',
      severity: 'warning',
      fixCount: 0,
      text: `resource "aws_kms_key" "data" {}

resource "aws_kms_alias" "data" {
  name          = "alias/data"
  target_key_id = aws_kms_key.data.key_id
}

module "bucket" {
  source = "./modules/bucket"
  «key_id = aws_kms_alias.data.arn»
}
`,
      context: {
        'app/modules/bucket/main.tf': `variable "key_id" {}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = "example-data"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.key_id
    }
  }
}
`,
      },
    },
  ],
};

ruleTable('kms-alias-arn-as-key', table);
