// Language server latency through the protocol, printed (never asserted):
//   node scripts/build.mjs --production && node --import tsx test/bench/lsp-latency.bench.ts
// - keystroke → publishDiagnostics (push) and keystroke → pulled report, on a ~20 KB policy and a
//   5,000-line .tf, beside baselines measured in the same run: jsonc-parser's parseTree of the same
//   text and parseFile + analyze in-process, so the ratio is what the protocol and the server add.
//   "server" is the round trip minus a no-op request's round trip (the pipe and JSON-RPC both ways);
// - a typing burst (30 keystrokes 30 ms apart): last keystroke → diagnostics for the last version,
//   against one in-process analysis (issue 11: within one analysis of it);
// - server start → initialize answered → first diagnostics;
// - bundle sizes of client, server and the .vsix against the goals in issue 4.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseTree } from 'jsonc-parser';
import { parseFile } from '../../server/src/core/parse';
import { analyze } from '../../server/src/core/analyze';
import { loadCatalog } from '../../server/src/node/catalog';
import { LspTestClient, repoRoot } from '../protocol/lspClient';
import { largePolicy, largeTerraform } from './support/documents';

const KEYSTROKES = Number(process.env.KEYLENS_BENCH_KEYSTROKES ?? 60);
/** Node options for the server other than the ones it ships with, to compare (comma-separated), e.g. KEYLENS_BENCH_NODE_ARGS=--max-semi-space-size=4. */
const nodeArgs = process.env.KEYLENS_BENCH_NODE_ARGS !== undefined ? process.env.KEYLENS_BENCH_NODE_ARGS.split(',').filter(Boolean) : undefined;
const serverOptions = nodeArgs ? { nodeArgs } : {};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const pause = (time: number) => new Promise((resolve) => setTimeout(resolve, time));

/** Alternates one character of an action: a real mistake in, then out. */
function keystroke(client: LspTestClient, uri: string, i: number) {
  const [from, to] = i % 2 === 0 ? ['"kms:Encrypt"', '"kms:Encrypx"'] : ['"kms:Encrypx"', '"kms:Encrypt"'];
  return client.type(uri, from, to);
}

/** jsonc-parser's parseTree of the same text: what reading the text costs at all. */
function jsoncParse(text: string): number {
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const start = performance.now();
    parseTree(text, [], { allowTrailingComma: true });
    if (i >= 10) times.push(performance.now() - start);
  }
  return percentile(times, 50);
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

/** Round trip of a request the server answers without work. */
async function pingTime(client: LspTestClient): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    await client.request('keylens/documentInfo', { uri: 'file:///bench/not-open.json' });
    times.push(performance.now() - start);
  }
  return percentile(times, 50);
}

/** Isolated keystrokes (a pause after each) timed to their diagnostics. */
async function keystrokes(client: LspTestClient, uri: string, mode: 'push' | 'pull'): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const start = performance.now();
    const document = keystroke(client, uri, i);
    if (mode === 'push') await client.waitForDiagnostics(uri, () => client.published.get(uri)?.version === document.version);
    else await client.pull(uri);
    times.push(performance.now() - start);
    await pause(60);
  }
  return times;
}

/** 30 keystrokes 30 ms apart: how long after the last one its diagnostics arrive, and how many were published. */
async function burst(client: LspTestClient, uri: string): Promise<{ last: number; published: number }> {
  const before = client.publishCount.get(uri) ?? 0;
  let lastKeystroke = 0;
  let version = 0;
  for (let i = 0; i < 30; i++) {
    version = keystroke(client, uri, i).version;
    lastKeystroke = performance.now();
    if (i < 29) await pause(30);
  }
  await client.waitForDiagnostics(uri, () => client.published.get(uri)?.version === version);
  const last = performance.now() - lastKeystroke;
  return { last, published: (client.publishCount.get(uri) ?? 0) - before };
}

async function measureDocument(label: string, uri: string, languageId: string, text: string): Promise<void> {
  const floor = baseline(uri, languageId, text);
  const parse = jsoncParse(text);
  console.log(`${label}: jsonc-parser parseTree of the same text ${ms(parse)}, in-process parseFile + analyze ${ms(floor)}`);
  for (const mode of ['push', 'pull'] as const) {
    const client = new LspTestClient({ pullDiagnostics: mode === 'pull', ...serverOptions });
    await client.initialize();
    client.open(uri, languageId, text);
    if (mode === 'push') await client.waitForDiagnostics(uri);
    else await client.pull(uri);
    const ping = await pingTime(client);
    const times = await keystrokes(client, uri, mode);
    const median = percentile(times, 50);
    console.log(
      `  ${mode} keystroke → diagnostics  median ${ms(median).padStart(8)}  p95 ${ms(percentile(times, 95)).padStart(8)}  ` +
        `server ≈ ${ms(Math.max(0, median - ping))}  (${(median / Math.max(floor, 0.01)).toFixed(1)}x in-process, ${(median / Math.max(parse, 0.01)).toFixed(1)}x jsonc-parser)`,
    );
    if (mode === 'push') {
      const result = await burst(client, uri);
      console.log(`  push burst, 30 keystrokes 30 ms apart: last version's diagnostics ${ms(result.last)} after the last keystroke; ${result.published} publishes`);
    }
    await client.shutdown();
  }
}

async function measureStartup(): Promise<void> {
  const initialize: number[] = [];
  const firstDiagnostics: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    const client = new LspTestClient(serverOptions);
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
