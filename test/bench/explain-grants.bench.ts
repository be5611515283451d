// 10,000 grants over 100 ListGrants pages through the real SDK against the local KMS endpoint, then
// the explain engine and both renderers. Prints time and memory; the goal is ≤ 2 s end to end.
// Run: node --import tsx test/bench/explain-grants.bench.ts
import { performance } from 'node:perf_hooks';
import { loadAwsKms } from '../../server/src/aws/lazy';
import { explainKey, renderMarkdown } from '../../server/src/core/explain/index';
import { loadCatalog } from '../../server/src/node/catalog';
import { startKmsEndpoint, testAwsEnv, withAwsEnv } from '../support/kmsEndpoint';
import { ACCOUNT, KEY_ARN, KEY_ID, SEED_GRANT, SEED_KEY_POLICY } from '../unit/explain/fixtures';

const GRANTS = 10_000;
const grants = Array.from({ length: GRANTS }, (_, i) => ({
  ...SEED_GRANT,
  GrantId: i.toString(16).padStart(64, '0'),
  Name: `fn-${i}/8135ba14-4a6f-495a-8b59-80730abb9fa2`,
  // A mix of principals so entries do not all merge into one.
  GranteePrincipal: `arn:aws:sts::${ACCOUNT}:assumed-role/role-${i % 500}/session`,
}));

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const endpoint = await startKmsEndpoint({ keys: [{ metadata: { KeyId: KEY_ID, Arn: KEY_ARN, AWSAccountId: ACCOUNT }, policy: SEED_KEY_POLICY, grants }] });
  const catalog = loadCatalog();
  const aws = await loadAwsKms();
  try {
    await withAwsEnv(testAwsEnv(), async () => {
      // Baseline in the same run: one small fetch (SDK warm-up, connection set-up), so the ratio shows the per-page cost.
      const baselineStart = performance.now();
      await aws.fetchKeySnapshot({ key: 'alias/none', endpointUrl: endpoint.url, maxAttempts: 1 });
      const baseline = performance.now() - baselineStart;

      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      endpoint.requests.length = 0;
      const fetchStart = performance.now();
      const result = await aws.fetchKeySnapshot({ key: KEY_ARN, endpointUrl: endpoint.url, maxAttempts: 1 });
      const fetchMs = performance.now() - fetchStart;
      if (!result.ok) throw new Error(result.problem.message.en);
      const explainStart = performance.now();
      const report = explainKey(result.snapshot, [], { catalog });
      const explainMs = performance.now() - explainStart;
      const renderStart = performance.now();
      const json = JSON.stringify(report);
      const markdown = renderMarkdown(report, { allOperationsCount: catalog.actionsOf('kms').length });
      const renderMs = performance.now() - renderStart;
      const heapAfter = process.memoryUsage().heapUsed;
      const pages = endpoint.requests.filter((r) => r.operation === 'ListGrants').length;

      console.log(`explain-grants: ${result.snapshot.grants.length} grants in ${pages} ListGrants pages`);
      console.log(`  fetch (real SDK, local endpoint)  ${fetchMs.toFixed(0)} ms  (${(fetchMs / pages).toFixed(1)} ms/page; baseline single call ${baseline.toFixed(0)} ms, ratio ${(fetchMs / baseline).toFixed(1)}x)`);
      console.log(`  explainKey                        ${explainMs.toFixed(0)} ms  (${report.access.length} access entries)`);
      console.log(`  render json + markdown            ${renderMs.toFixed(0)} ms  (${(json.length / 1024).toFixed(0)} KB json, ${(markdown.length / 1024).toFixed(0)} KB markdown)`);
      console.log(`  total                             ${(fetchMs + explainMs + renderMs).toFixed(0)} ms  (goal ≤ 2000 ms)`);
      console.log(`  heap used: ${mb(heapBefore)} → ${mb(heapAfter)} (+${mb(heapAfter - heapBefore)}), rss ${mb(process.memoryUsage().rss)}`);
    });
  } finally {
    await endpoint.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
