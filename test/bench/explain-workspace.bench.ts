// Explain over a large Terraform workspace: 400 roles and users with inline, attached and group
// policies carrying conditions, a key policy with Denies and NotPrincipal. Prints the time of
// explainKey with conditions and Denies against the same workspace without them (the baseline,
// measured in the same run), so the cost of reasoning about conditions shows as a ratio.
// Run: node --import tsx test/bench/explain-workspace.bench.ts
import { performance } from 'node:perf_hooks';
import { parseFile } from '../../server/src/core/parse';
import { loadCatalog } from '../../server/src/node/catalog';
import { explainKey, snapshotFromWorkspace } from '../../server/src/core/explain/index';

const PRINCIPALS = 400;
const ACCOUNT = '111122223333';

function workspace(withConditions: boolean): string {
  const condition = (i: number) =>
    withConditions
      ? `, Condition = { StringEquals = { "kms:ViaService" = ["s3.us-east-1.amazonaws.com"], "kms:CallerAccount" = "${i % 7 === 0 ? '444455556666' : ACCOUNT}" }, ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::${ACCOUNT}:*" } }`
      : '';
  const denies = withConditions
    ? `,
      { Sid = "NoDeleteOutsideAdmins", Effect = "Deny", NotPrincipal = { AWS = ["arn:aws:iam::${ACCOUNT}:root", aws_iam_role.r0.arn] }, Action = ["kms:ScheduleKeyDeletion", "kms:Put*"], Resource = "*" },
      { Sid = "OnlyThroughS3", Effect = "Deny", Principal = "*", Action = "kms:Decrypt", Resource = "*", Condition = { StringNotLike = { "kms:ViaService" = "s3.*" } } }`
    : '';
  const parts = [
    `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Enable IAM User Permissions", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "kms:*", Resource = "*" }${denies}
    ]
  })
}
resource "aws_iam_group" "g" { name = "g" }
resource "aws_iam_group_policy" "g" {
  group  = aws_iam_group.g.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:Encrypt"], Resource = "*"${condition(1)} }] })
}
resource "aws_iam_policy" "shared" {
  name   = "shared"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:GenerateDataKey*", Resource = aws_kms_key.k.arn${condition(2)} }, { Effect = "Deny", Action = "kms:Decrypt", Resource = "*"${condition(3)} }] })
}
`,
  ];
  for (let i = 0; i < PRINCIPALS; i++) {
    if (i % 2 === 0) {
      parts.push(`resource "aws_iam_role" "r${i}" {
  name = "r${i}"
  inline_policy {
    name   = "use"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:ReEncrypt*"], Resource = "*"${condition(i)} }] })
  }
}
resource "aws_iam_role_policy_attachment" "r${i}" {
  role       = aws_iam_role.r${i}.name
  policy_arn = aws_iam_policy.shared.arn
}
`);
    } else {
      parts.push(`resource "aws_iam_user" "u${i}" { name = "u${i}" }
resource "aws_iam_user_group_membership" "u${i}" {
  user   = aws_iam_user.u${i}.name
  groups = [aws_iam_group.g.name]
}
`);
    }
  }
  return parts.join('\n');
}

function measure(withConditions: boolean): { parseMs: number; explainMs: number; entries: number } {
  const text = workspace(withConditions);
  const parseStart = performance.now();
  const file = parseFile('main.tf', text);
  const parseMs = performance.now() - parseStart;
  const catalog = loadCatalog();
  const result = snapshotFromWorkspace([file], 'aws_kms_key.k');
  if (!result.ok) throw new Error(result.error.en);
  // Warm up, then take the best of five: the machine is shared.
  explainKey(result.snapshot, result.identityPolicies, { catalog });
  let best = Infinity;
  let entries = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const report = explainKey(result.snapshot, result.identityPolicies, { catalog });
    best = Math.min(best, performance.now() - start);
    entries = report.access.length;
  }
  return { parseMs, explainMs: best, entries };
}

const baseline = measure(false);
const full = measure(true);
console.log(`explain-workspace: ${PRINCIPALS} principals (roles with inline + shared managed policies, users in a group)`);
console.log(`  without conditions or Denies  parse ${baseline.parseMs.toFixed(0)} ms, explainKey ${baseline.explainMs.toFixed(1)} ms (${baseline.entries} entries)`);
console.log(`  with conditions and Denies    parse ${full.parseMs.toFixed(0)} ms, explainKey ${full.explainMs.toFixed(1)} ms (${full.entries} entries)`);
console.log(`  ratio (conditions and Denies / baseline): ${(full.explainMs / baseline.explainMs).toFixed(1)}x`);
