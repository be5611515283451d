// A generated corpus: policies with many statements and resources, every shape of principal and
// every condition operator, as JSON and as Terraform (jsonencode, heredoc, aws_iam_policy_document).
import { Rng, caseSeed, formatSeed } from './prng';
import { checkWorkspace, emptySummary, type Summary } from './harness';
import type { Workspace } from './engine';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const OWNER = '111122223333';
const OTHER = '444455556666';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY = `arn:aws:kms:us-east-1:${OWNER}:key/${KEY_ID}`;
const BUCKET = 'example-data';

export const PRINCIPALS: readonly Json[] = [
  '*',
  { AWS: '*' },
  { AWS: `arn:aws:iam::${OWNER}:root` },
  { AWS: OWNER },
  { AWS: OTHER },
  { AWS: `arn:aws:iam::${OTHER}:root` },
  { AWS: [`arn:aws:iam::${OWNER}:role/app`, `arn:aws:iam::${OTHER}:user/ci`, OTHER] },
  { AWS: `arn:aws:sts::${OWNER}:assumed-role/app/session` },
  { Service: 'lambda.amazonaws.com' },
  { Service: ['s3.amazonaws.com', 'logs.us-east-1.amazonaws.com'] },
  { Federated: 'cognito-identity.amazonaws.com' },
  { Federated: `arn:aws:iam::${OWNER}:saml-provider/idp` },
  { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
  { AWS: `arn:aws:iam::${OWNER}:root`, Service: 'lambda.amazonaws.com' },
  { AWS: [] },
  {},
];

const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];

/** Every operator, with `IfExists` and the set qualifiers. */
export const OPERATORS: readonly string[] = BASE_OPERATORS.flatMap((op) => [
  op,
  ...(op === 'Null' ? [] : [`${op}IfExists`, `ForAnyValue:${op}`, `ForAllValues:${op}`]),
]);

const CONDITION_KEYS = [
  'kms:CallerAccount', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:SourceAccount', 'aws:SourceArn', 'kms:ViaService',
  'kms:EncryptionContext:app', 'kms:ResourceAliases', 'kms:RequestAlias', 's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:SecureTransport', 'aws:SourceIp', 'aws:CurrentTime', 'kms:GrantIsForAWSResource',
];

const CONDITION_VALUES: readonly Json[] = [OWNER, OTHER, 'o-abc123', 's3.us-east-1.amazonaws.com', 's3.*.amazonaws.com', 'true', true, 10, '10.0.0.0/8',
  '2030-01-01T00:00:00Z', `arn:aws:s3:::${BUCKET}`, 'alias/app-*', KEY, `arn:aws:kms:us-east-1:${OWNER}:alias/app`, [OWNER, OTHER], []];

const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:*',
  'kms:Create*', 'kms:CreateGrant', 's3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:*', 's3:ListBucket', 'iam:PassRole',
  'ec2:DescribeInstances', 'kms:Decrpyt', 'kms:Get*', '*'];

function resourceFor(rng: Rng, i: number): string {
  switch (rng.int(6)) {
    case 0: return '*';
    case 1: return `arn:aws:s3:::${BUCKET}/prefix-${i}/*`;
    case 2: return `arn:aws:kms:us-east-1:${OWNER}:key/${String(i).padStart(8, '0')}-1111-2222-3333-444455556666`;
    case 3: return `arn:aws:kms:us-east-1:${OWNER}:alias/app-${i}`;
    case 4: return `arn:aws:s3:::${BUCKET}`;
    default: return KEY;
  }
}

function statement(rng: Rng, i: number, withPrincipal: boolean, resources: number): { [key: string]: Json } {
  const s: { [key: string]: Json } = { Sid: `S${i}`, Effect: rng.chance(0.85) ? 'Allow' : 'Deny' };
  if (withPrincipal) s[rng.chance(0.9) ? 'Principal' : 'NotPrincipal'] = rng.pick(PRINCIPALS);
  const actions = Array.from({ length: rng.range(1, 5) }, () => rng.pick(ACTIONS));
  s[rng.chance(0.9) ? 'Action' : 'NotAction'] = actions.length === 1 && rng.chance(0.5) ? actions[0]! : actions;
  const list = Array.from({ length: resources }, (_, j) => resourceFor(rng, i * 1000 + j));
  s[rng.chance(0.95) ? 'Resource' : 'NotResource'] = list.length === 1 ? list[0]! : list;
  if (rng.chance(0.5)) {
    const condition: { [key: string]: Json } = {};
    for (let n = rng.range(1, 3); n > 0; n--) {
      condition[rng.pick(OPERATORS)] = { [rng.pick(CONDITION_KEYS)]: rng.pick(CONDITION_VALUES) };
    }
    s.Condition = condition;
  }
  return s;
}

export function policy(rng: Rng, statements: number, withPrincipal: boolean, resources = 2): Json {
  return { Version: '2012-10-17', Statement: Array.from({ length: statements }, (_, i) => statement(rng, i, withPrincipal, Math.max(1, resources - rng.int(2)))) };
}

/** HCL object syntax for a JSON value (what jsonencode takes). */
export function hcl(value: Json, indent = ''): string {
  if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => `${indent}  ${hcl(v, indent + '  ')}`).join(',\n')},\n${indent}]` : '[]';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? `{\n${entries.map(([k, v]) => `${indent}  ${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)} = ${hcl(v, indent + '  ')}`).join('\n')}\n${indent}}` : '{}';
  }
  return JSON.stringify(value);
}

/** The policy as an aws_iam_policy_document data source used by `resource` (its `policy` argument). */
export function policyDocument(value: Json, resource = 'aws_iam_policy'): string {
  const statements = (value as { Statement: { [key: string]: Json }[] }).Statement;
  const list = (v: Json | undefined) => JSON.stringify(v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const blocks = statements.map((s) => {
    const lines = [`  statement {`, `    sid = ${JSON.stringify(s.Sid)}`, `    effect = ${JSON.stringify(s.Effect)}`];
    if (s.Action) lines.push(`    actions = ${list(s.Action)}`);
    if (s.NotAction) lines.push(`    not_actions = ${list(s.NotAction)}`);
    if (s.Resource) lines.push(`    resources = ${list(s.Resource)}`);
    if (s.NotResource) lines.push(`    not_resources = ${list(s.NotResource)}`);
    const principal = (s.Principal ?? s.NotPrincipal) as Json;
    if (principal !== undefined) {
      const block = s.Principal ? 'principals' : 'not_principals';
      const entries = principal === '*' ? [['AWS', '*']] : Object.entries(principal as object);
      for (const [type, identifiers] of entries) lines.push(`    ${block} {`, `      type = ${JSON.stringify(type)}`, `      identifiers = ${list(identifiers as Json)}`, '    }');
    }
    for (const [test, keys] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, Json>>)) {
      for (const [variable, values] of Object.entries(keys)) lines.push('    condition {', `      test = ${JSON.stringify(test)}`, `      variable = ${JSON.stringify(variable)}`, `      values = ${list(values)}`, '    }');
    }
    return [...lines, '  }'].join('\n');
  });
  return `data "aws_iam_policy_document" "doc" {\n${blocks.join('\n')}\n}\n\nresource "${resource}" "p" {\n  policy = data.aws_iam_policy_document.doc.json\n}\n`;
}

/** One workspace of the corpus: the policy as JSON or one of the Terraform forms. */
export function corpusWorkspace(seed: number, sizes: { statements: number; resources: number }): { label: string; workspace: Workspace } {
  const rng = new Rng(seed);
  const kind = rng.pick(['identity', 'key', 'bucket'] as const);
  const value = policy(rng, sizes.statements, kind !== 'identity', sizes.resources);
  const form = rng.pick(['json', 'json', 'jsonencode', 'heredoc', 'policy-document'] as const);
  const resource = kind === 'key' ? 'aws_kms_key_policy' : kind === 'bucket' ? 'aws_s3_bucket_policy' : 'aws_iam_policy';
  const text =
    form === 'json' ? JSON.stringify(value, null, rng.pick([0, 2, 4])) + '\n'
      : form === 'jsonencode' ? `resource "${resource}" "p" {\n  policy = jsonencode(${hcl(value, '  ')})\n}\n`
        : form === 'heredoc' ? `resource "${resource}" "p" {\n  policy = <<-EOT\n${JSON.stringify(value, null, 2)}\n  EOT\n}\n`
          : policyDocument(value, resource);
  const file = form === 'json' ? (kind === 'key' ? `key-policy.${KEY_ID}.json` : `${kind}-policy.json`) : 'main.tf';
  const encryption = JSON.stringify({ Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY } }] } });
  const texts = new Map([[file, text], ['encryption.json', encryption]]);
  return { label: `generated ${kind} ${form}, ${sizes.statements} statements x ${sizes.resources} resources`, workspace: { file, texts } };
}

/** Many small policies (every principal shape and operator turns up), and a few large ones. */
export function runGeneratedCorpus(master: number, summary: Summary = emptySummary(), small = 600, huge = true): Summary {
  const start = performance.now();
  const sizes = [
    ...Array.from({ length: small }, (_, i) => ({ statements: 1 + (i % 8), resources: 1 + (i % 4) })),
    { statements: 200, resources: 5 }, { statements: 5, resources: 5_000 },
    // Thousands of statements: computing every fix is O(size x findings) today (pending regression), minutes per policy.
    ...(huge ? [{ statements: 2_000, resources: 2 }, { statements: 1_000, resources: 20 }] : []),
  ];
  sizes.forEach((size, i) => {
    const seed = caseSeed(master ^ 0x5eed, i);
    const { label, workspace } = corpusWorkspace(seed, size);
    // Round trips re-analyse the workspace once per fix; the large policies are timed only.
    checkWorkspace(summary, `corpus ${formatSeed(seed)}`, label, workspace, [], size.statements * size.resources <= 200);
  });
  summary.elapsedMs += performance.now() - start;
  return summary;
}
