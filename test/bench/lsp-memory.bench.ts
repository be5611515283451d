// Language server memory, printed (never asserted):
//   node scripts/build.mjs && node --import tsx --expose-gc test/bench/lsp-memory.bench.ts
// - the server's RSS (from /proc) idle, with a 1,000-file workspace indexed, with both latency bench
//   documents open and after typing in them — the issue 11 goal is ≤ 70 MiB for the last two;
// - where the memory goes: the same pieces loaded in this process, heap measured after a full GC.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { parseFile } from '../../server/src/core/parse';
import { loadCatalog } from '../../server/src/node/catalog';
import { LspTestClient } from '../protocol/lspClient';
import { largePolicy, largeTerraform, writeWorkspace } from './support/documents';

const WORKSPACE_FILES = Number(process.env.KEYLENS_BENCH_WORKSPACE_FILES ?? 1000);
/** Node options for the server other than the ones it ships with, to compare (comma-separated). */
const nodeArgs = process.env.KEYLENS_BENCH_NODE_ARGS !== undefined ? process.env.KEYLENS_BENCH_NODE_ARGS.split(',').filter(Boolean) : undefined;
const MiB = 1024 * 1024;

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serverRss(folder: string): Promise<void> {
  const idle = new LspTestClient({ ...(nodeArgs ? { nodeArgs } : {}) });
  await idle.initialize();
  await settle(1500);
  const idleRss = rssOf(idle.process.pid!);
  await idle.shutdown();

  const client = new LspTestClient({ workspaceFolder: folder, ...(nodeArgs ? { nodeArgs } : {}) });
  await client.initialize();
  const started = Date.now();
  // Indexed, and the workspace's own diagnostics computed (keylens.diagnostics.scope defaults to workspace).
  while (!client.logs.some((line) => line.includes('workspace diagnostics:')) && Date.now() - started < 60_000) await settle(50);
  await settle(1500);
  const indexed = rssOf(client.process.pid!);

  const policy = 'file:///bench/policy.json';
  const terraform = 'file:///bench/main.tf';
  client.open(policy, 'json', largePolicy());
  client.open(terraform, 'terraform', largeTerraform());
  await client.waitForDiagnostics(policy);
  await client.waitForDiagnostics(terraform);
  await settle(1500);
  const opened = rssOf(client.process.pid!);

  for (let i = 0; i < 20; i++) {
    for (const uri of [policy, terraform]) {
      const [from, to] = i % 2 === 0 ? ['"kms:Encrypt"', '"kms:Encrypx"'] : ['"kms:Encrypx"', '"kms:Encrypt"'];
      const document = client.type(uri, from, to);
      await client.waitForDiagnostics(uri, () => client.published.get(uri)?.version === document.version);
    }
    await settle(40);
  }
  await settle(2000);
  const typed = rssOf(client.process.pid!);
  // V8 shrinks the heap after some idle seconds (its memory reducer): what an editor left alone holds.
  await settle(12_000);
  const rested = rssOf(client.process.pid!);
  const indexLine = client.logs.find((line) => line.includes('workspace index:')) ?? '';
  await client.shutdown();

  const row = (label: string, value: number, goal?: number) =>
    console.log(`${label.padEnd(52)} ${value.toFixed(1).padStart(7)} MiB${goal ? `  (goal ≤ ${goal} MiB)` : ''}`);
  console.log(indexLine.replace(/^keylens: /, 'server: '));
  row('server RSS, idle (no folder)', idleRss);
  row(`server RSS, ${WORKSPACE_FILES}-file workspace indexed`, indexed);
  row('  + 20 KB policy and 5,000-line .tf open', opened, 70);
  row('  + 20 edits in each (2 s later)', typed, 70);
  row('  + 12 s idle', rested, 70);
}

/** Heap (after GC) of each piece the server holds, loaded in this process in the same order. */
function breakdown(folder: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('(run with --expose-gc for the heap breakdown)');
    return;
  }
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / MiB;
  };
  const rows: [string, number][] = [];
  let last = heap();
  const step = (label: string) => {
    const now = heap();
    rows.push([label, now - last]);
    last = now;
  };
  const catalog = loadCatalog();
  step('IAM action table (names, resource types)');
  const workspaceFiles: ReturnType<typeof parseFile>[] = [];
  const { readdirSync, statSync } = require('node:fs') as typeof import('node:fs');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else workspaceFiles.push(parseFile(`file://${full}`, readFileSync(full, 'utf8')));
    }
  };
  walk(folder);
  step(`${workspaceFiles.length} workspace files parsed (text + model)`);
  const policy = parseFile('file:///bench/policy.json', largePolicy());
  step('20 KB policy parsed');
  const terraform = parseFile('file:///bench/main.tf', largeTerraform());
  step('5,000-line .tf parsed');
  const findings = analyze([...workspaceFiles, policy, terraform], { catalog, targets: new Set([policy.file, terraform.file]) });
  step(`findings of both documents (${findings.length}, fixes not computed)`);
  for (const [label, mib] of rows) console.log(`heap: ${label.padEnd(46)} ${mib.toFixed(1).padStart(6)} MiB`);
  void catalog;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'keylens-bench-workspace-'));
  try {
    writeWorkspace(folder, WORKSPACE_FILES);
    await serverRss(folder);
    breakdown(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
