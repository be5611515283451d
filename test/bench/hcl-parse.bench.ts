// A generated 5,000-line .tf full of policies (jsonencode, aws_iam_policy_document, heredoc JSON):
// our HCL parse, the Terraform extraction, and parse + every rule, each beside the same policies
// written as one JSON document (jsonc-parser's parseTree; JSON parse + every rule), measured in
// the same run. Prints numbers and ratios; asserts nothing. Issue goal: parse + analysis ≤ 15 ms.
import { parseTree } from 'jsonc-parser';
import { analyze } from '../../server/src/core/analyze';
import { parseFile } from '../../server/src/core/parse';
import { parseTerraform } from '../../server/src/core/terraform';
import { parseHcl } from '../../server/src/core/terraform/hcl';
import { loadCatalog } from '../../server/src/node/catalog';

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
  const catalog = loadCatalog();
  const { terraform, json } = generate(5000);
  const lineCount = terraform.split('\n').length;
  const parsed = parseTerraform('main.tf', terraform);
  const findings = analyze([parsed], { catalog }).length;
  const jsonFindings = analyze([parseFile('policy.json', json)], { catalog }).length;
  const t = compare({
    hcl: () => parseHcl(terraform),
    baseline: () => parseTree(json),
    extract: () => parseTerraform('main.tf', terraform),
    analysis: () => analyze([parseFile('main.tf', terraform)], { catalog }),
    jsonAnalysis: () => analyze([parseFile('policy.json', json)], { catalog }),
  });
  const ms = (value: number | undefined): string => `${value!.toFixed(2)} ms`;
  const ratio = (a: number | undefined, b: number | undefined): string => `${(a! / b!).toFixed(2)}×`;
  console.log(`${lineCount} lines of .tf (${(terraform.length / 1024).toFixed(0)} KB, ${parsed.policies.length} policies, ${parsed.problems.length} problems); ` +
    `the same statements as one JSON policy (${(json.length / 1024).toFixed(0)} KB). Medians of 60 alternating rounds.`);
  console.log(`  HCL parse            ${ms(t.hcl)} | jsonc parseTree ${ms(t.baseline)} | ratio ${ratio(t.hcl, t.baseline)}`);
  console.log(`  Terraform extraction ${ms(t.extract)} (parse + policies + declarations) | ratio to parseTree ${ratio(t.extract, t.baseline)}`);
  console.log(`  parse + all rules    ${ms(t.analysis)} (${findings} findings; goal ≤ 15 ms) | JSON parse + all rules ${ms(t.jsonAnalysis)} (${jsonFindings} findings) | ratio ${ratio(t.analysis, t.jsonAnalysis)}`);
}
