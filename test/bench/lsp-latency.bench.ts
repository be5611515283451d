// Language server latency through the protocol, printed (never asserted):
//   node scripts/build.mjs --production && node --import tsx test/bench/lsp-latency.bench.ts
// - keystroke → publishDiagnostics (push) and keystroke → pulled report, on a ~20 KB policy and a
//   5,000-line .tf, each against a baseline measured in the same run: parseFile + analyze in-process
//   on the same text, so the ratio is what the protocol and the server add;
// - server start → initialize answered → first diagnostics;
// - bundle sizes of client, server and the .vsix against the goals in issue 4.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFile } from '../../server/src/core/parse';
import { analyze } from '../../server/src/core/analyze';
import { loadCatalog } from '../../server/src/node/catalog';
import { LspTestClient, repoRoot } from '../protocol/lspClient';

const KEYSTROKES = Number(process.env.KEYLENS_BENCH_KEYSTROKES ?? 60);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A ~20 KB identity + key policy mix: many statements, one of them with a finding to keep rules busy. */
function largePolicy(): string {
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
function largeTerraform(): string {
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

/** In-process parse + analyze of the same text: the floor the server cannot beat. */
function baseline(uri: string, languageId: string, text: string): number {
  const catalog = loadCatalog();
  const times: number[] = [];
  // The first rounds warm the JIT (the server is warm too by the time keystrokes are timed).
  for (let i = 0; i < 25; i++) {
    const edited = text.replace('"kms:Encrypt"', i % 2 ? '"kms:Encrypt"' : '"kms:Encrypx"');
    const start = performance.now();
    analyze([parseFile(uri, edited, languageId)], { catalog });
    if (i >= 10) times.push(performance.now() - start);
  }
  return percentile(times, 50);
}

/** Alternates one character of an action (a real mistake in, then out) and times each round trip. */
async function keystrokes(client: LspTestClient, uri: string, mode: 'push' | 'pull'): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const [from, to] = i % 2 === 0 ? ['"kms:Encrypt"', '"kms:Encrypx"'] : ['"kms:Encrypx"', '"kms:Encrypt"'];
    const start = performance.now();
    const document = client.type(uri, from, to);
    if (mode === 'push') await client.waitForDiagnostics(uri, () => client.published.get(uri)?.version === document.version);
    else await client.pull(uri);
    times.push(performance.now() - start);
    // A person types no faster than this; without a pause the push throttle would batch keystrokes.
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
  return times;
}

async function measureDocument(label: string, uri: string, languageId: string, text: string): Promise<void> {
  const floor = baseline(uri, languageId, text);
  for (const mode of ['push', 'pull'] as const) {
    const client = new LspTestClient({ pullDiagnostics: mode === 'pull' });
    await client.initialize();
    client.open(uri, languageId, text);
    if (mode === 'push') await client.waitForDiagnostics(uri);
    else await client.pull(uri);
    const times = await keystrokes(client, uri, mode);
    const median = percentile(times, 50);
    console.log(
      `${label.padEnd(26)} ${mode.padEnd(4)}  median ${ms(median).padStart(9)}  p95 ${ms(percentile(times, 95)).padStart(9)}  ` +
        `(in-process parse+analyze ${ms(floor)}, ratio ${(median / Math.max(floor, 0.01)).toFixed(1)}x; goal ≤ 30 ms median)`,
    );
    await client.shutdown();
  }
}

async function measureStartup(): Promise<void> {
  const initialize: number[] = [];
  const firstDiagnostics: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    const client = new LspTestClient({});
    await client.initialize();
    initialize.push(performance.now() - start);
    const uri = 'file:///bench/startup.json';
    client.open(uri, 'json', largePolicy());
    await client.waitForDiagnostics(uri);
    firstDiagnostics.push(performance.now() - start);
    await client.shutdown();
  }
  const nodeAlone: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const { spawnSync } = await import('node:child_process');
    spawnSync(process.execPath, ['-e', '0']);
    nodeAlone.push(performance.now() - start);
  }
  console.log(
    `server start → initialized      median ${ms(percentile(initialize, 50))}  (node -e 0 alone ${ms(percentile(nodeAlone, 50))}; goal ≤ 150 ms)\n` +
      `server start → first diagnostics median ${ms(percentile(firstDiagnostics, 50))} (20 KB policy, IAM data loaded on first use)`,
  );
}

function bundleSizes(): void {
  const goals: [string, number | undefined][] = [
    ['dist/client/extension.js', 450],
    ['dist/server/server.js', 300],
    ['dist/aws/kms.js', undefined],
    ['dist/data/iam-actions.json', undefined],
    ['keylens.vsix', undefined],
  ];
  for (const [path, goal] of goals) {
    const full = join(repoRoot, path);
    const size = existsSync(full) ? `${(statSync(full).size / 1024).toFixed(1)} KB` : 'missing';
    console.log(`${path.padEnd(28)} ${size.padStart(10)}${goal ? `  (goal ≤ ${goal} KB)` : ''}`);
  }
  const map = join(repoRoot, 'dist/server/server.js.map');
  if (existsSync(map)) console.log('note: dist/ has source maps, i.e. a development build; sizes above are unminified (build with --production)');
}

async function main(): Promise<void> {
  await measureStartup();
  await measureDocument('20 KB policy (JSON)', 'file:///bench/policy.json', 'json', largePolicy());
  await measureDocument('5,000-line main.tf', 'file:///bench/main.tf', 'terraform', largeTerraform());
  bundleSizes();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
