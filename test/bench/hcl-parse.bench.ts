// Parse time of a generated 5,000-line .tf full of policies (jsonencode, aws_iam_policy_document,
// heredoc JSON) with our HCL parser, beside jsonc-parser's parseTree of the same policies written
// as JSON, measured in the same run. Prints numbers and ratios; asserts nothing.
import { parseTree } from 'jsonc-parser';
import { parseHcl } from '../../server/src/core/terraform/hcl';

interface Generated {
  readonly terraform: string;
  readonly json: string;
}

function statement(i: number): { Sid: string; Effect: string; Action: string[]; Resource: string[]; Condition: Record<string, Record<string, string>> } {
  return {
    Sid: `Statement${i}`,
    Effect: i % 7 === 0 ? 'Deny' : 'Allow',
    Action: ['s3:GetObject', 's3:PutObject', i % 5 === 0 ? 'kms:Decrypt' : 'kms:Encrypt', 'kms:GenerateDataKey*'],
    Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:kms:us-east-1:111122223333:key/${String(i).padStart(8, '0')}-1111-2222-3333-444455556666`],
    Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 11}` } },
  };
}

function hclString(value: string): string {
  return JSON.stringify(value);
}

/** Three syntaxes in turn, until the file has `lines` lines. */
export function generate(lines: number): Generated {
  const tf: string[] = [];
  const jsonStatements: string[] = [];
  for (let i = 0; tf.length < lines; i++) {
    const s = statement(i);
    jsonStatements.push(JSON.stringify(s, null, 2));
    switch (i % 3) {
      case 0:
        tf.push(
          `resource "aws_iam_policy" "p${i}" {`,
          `  name = "policy-${i}"`,
          '  policy = jsonencode({',
          '    Version = "2012-10-17"',
          '    Statement = [',
          '      {',
          `        Sid    = ${hclString(s.Sid)}`,
          `        Effect = ${hclString(s.Effect)}`,
          '        Action = [',
          ...s.Action.map((a) => `          ${hclString(a)},`),
          '        ]',
          `        Resource = [${s.Resource.map(hclString).join(', ')}]`,
          '        Condition = {',
          `          StringEquals = { "aws:PrincipalTag/team" = "${s.Condition.StringEquals!['aws:PrincipalTag/team']}" }`,
          '        }',
          '      },',
          '    ]',
          '  })',
          '}',
          '',
        );
        break;
      case 1:
        tf.push(
          `data "aws_iam_policy_document" "d${i}" {`,
          '  statement {',
          `    sid       = ${hclString(s.Sid)}`,
          `    effect    = ${hclString(s.Effect)}`,
          `    actions   = [${s.Action.map(hclString).join(', ')}]`,
          `    resources = [${s.Resource.map(hclString).join(', ')}]`,
          '    condition {',
          '      test     = "StringEquals"',
          '      variable = "aws:PrincipalTag/team"',
          `      values   = ["${s.Condition.StringEquals!['aws:PrincipalTag/team']}"]`,
          '    }',
          '  }',
          '}',
          '',
        );
        break;
      default:
        tf.push(
          `resource "aws_iam_role_policy" "r${i}" {`,
          `  role   = aws_iam_role.role${i}.name`,
          '  policy = <<-EOT',
          ...JSON.stringify({ Version: '2012-10-17', Statement: [s] }, null, 2).split('\n').map((line) => `    ${line}`),
          '  EOT',
          '}',
          '',
        );
    }
  }
  const json = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${jsonStatements.join(',\n')}\n  ]\n}\n`;
  return { terraform: tf.join('\n'), json };
}

/**
 * Median milliseconds per call of each function, sampled in alternation so that load on a shared
 * machine hits every candidate alike and the ratios stay meaningful.
 */
export function compare(candidates: Record<string, () => void>, rounds = 60): Record<string, number> {
  const names = Object.keys(candidates);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) for (let i = 0; i < 30; i++) candidates[name]!();
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const fn = candidates[name]!;
      const start = performance.now();
      fn();
      fn();
      samples[name]!.push((performance.now() - start) / 2);
    }
  }
  const result: Record<string, number> = {};
  for (const name of names) {
    const sorted = samples[name]!.sort((a, b) => a - b);
    result[name] = sorted[Math.floor(sorted.length / 2)]!;
  }
  return result;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { terraform, json } = generate(5000);
  const lineCount = terraform.split('\n').length;
  const problems = parseHcl(terraform).problems.length;
  const { hcl, baseline } = compare({ hcl: () => parseHcl(terraform), baseline: () => parseTree(json) }) as { hcl: number; baseline: number };
  console.log(
    `${lineCount} lines of .tf (median of 60 rounds) (${(terraform.length / 1024).toFixed(0)} KB, ${problems} problems): parseHcl ${hcl.toFixed(2)} ms | ` +
      `jsonc parseTree of the same policies as JSON (${(json.length / 1024).toFixed(0)} KB) ${baseline.toFixed(2)} ms | ratio ${(hcl / baseline).toFixed(2)}×`,
  );
}
