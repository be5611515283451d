// The documents the language-server benchmarks type into and index, shared so latency and memory are
// measured on the same text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A ~20 KB identity + key policy mix: many statements, one of them with a finding to keep rules busy. */
export function largePolicy(): string {
  const statements: unknown[] = [];
  for (let i = 0; statements.length < 90; i++) {
    statements.push({
      Sid: `Statement${i}`,
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 's3:GetObject', 's3:PutObject'],
      Resource: [`arn:aws:kms:ap-northeast-1:111122223333:key/${String(i).padStart(8, '0')}-12ab-34cd-56ef-1234567890ab`, `arn:aws:s3:::bucket-${i}/*`],
      Condition: { StringEquals: { 'kms:ViaService': 's3.ap-northeast-1.amazonaws.com' } },
    });
  }
  statements.push({ Sid: 'Typing', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' });
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
}

/** A 5,000-line Terraform file: policies in jsonencode, heredocs and aws_iam_policy_document blocks. */
export function largeTerraform(): string {
  const blocks: string[] = [];
  let lines = 0;
  for (let i = 0; lines < 5000; i++) {
    const block =
      i % 3 === 0
        ? `resource "aws_iam_policy" "p${i}" {\n  name = "p${i}"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["kms:Encrypt", "kms:GenerateDataKey"]\n      Resource = aws_kms_key.k${i}.arn\n    }]\n  })\n}\n\nresource "aws_kms_key" "k${i}" {\n  description = "key ${i}"\n}\n\n`
        : i % 3 === 1
          ? `data "aws_iam_policy_document" "d${i}" {\n  statement {\n    effect    = "Allow"\n    actions   = ["s3:GetObject", "s3:PutObject"]\n    resources = ["arn:aws:s3:::bucket-${i}/*"]\n  }\n}\n\nresource "aws_iam_role_policy" "r${i}" {\n  role   = "role-${i}"\n  policy = data.aws_iam_policy_document.d${i}.json\n}\n\n`
          : `resource "aws_iam_role_policy" "h${i}" {\n  role   = "role-${i}"\n  policy = <<-EOT\n    {\n      "Version": "2012-10-17",\n      "Statement": [{ "Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "*" }]\n    }\n  EOT\n}\n\n`;
    blocks.push(block);
    lines += block.split('\n').length - 1;
  }
  blocks.push(`resource "aws_iam_policy" "typing" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = ["kms:Encrypt"], Resource = "*" }]\n  })\n}\n`);
  return blocks.join('');
}

/**
 * A workspace of `count` small policy files, as a repository of services might hold: identity
 * policies, key policies, bucket policies and Terraform modules, with a few findings among them.
 */
export function writeWorkspace(folder: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const dir = join(folder, `service-${Math.floor(i / 20)}`);
    mkdirSync(dir, { recursive: true });
    const account = String(111122223333 + (i % 7));
    const key = `arn:aws:kms:eu-west-1:${account}:key/${String(i).padStart(8, '0')}-1111-2222-3333-444455556666`;
    switch (i % 4) {
      case 0:
        writeFileSync(
          join(dir, `app-${i}.json`),
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey', i % 40 === 0 ? 'kms:Decrypt' : 'kms:DescribeKey'], Resource: key }] }, null, 2),
        );
        break;
      case 1:
        writeFileSync(
          join(dir, `key-policy.${String(i).padStart(8, '0')}-1111-2222-3333-444455556666.json`),
          JSON.stringify(
            {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
                { Sid: 'App', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/app-${i}` }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
              ],
            },
            null,
            2,
          ),
        );
        break;
      case 2:
        writeFileSync(
          join(dir, `bucket-policy-${i}.json`),
          JSON.stringify(
            {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/reader-${i}` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` }],
            },
            null,
            2,
          ),
        );
        break;
      default:
        writeFileSync(
          join(dir, `main-${i}.tf`),
          `resource "aws_kms_key" "k${i}" {\n  description = "key ${i}"\n}\n\nresource "aws_iam_role_policy" "p${i}" {\n  role   = "role-${i}"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["kms:Encrypt", "kms:GenerateDataKey"]\n      Resource = aws_kms_key.k${i}.arn\n    }]\n  })\n}\n`,
        );
    }
  }
}
