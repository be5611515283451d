// Runs every benchmark under test/bench/ (files ending in .bench.ts / .bench.mjs), one process each.
// Benchmarks print numbers and ratios; nothing here asserts timings.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
let failed = 0;
for (const name of readdirSync(here).sort()) {
  if (!/\.bench\.(ts|mjs)$/.test(name)) continue;
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n## ${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, name)], { stdio: 'inherit', cwd: join(here, '..', '..') });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
