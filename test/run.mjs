// Runs the node:test suites. Usage: node test/run.mjs [unit|protocol|e2e|all]... (default: all that apply here)
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const suites = wanted.length ? wanted : ['unit', 'protocol', 'cli', 'fuzz', 'e2e'];

function findTests(dir) {
  const out = [];
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names.sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.mjs')) out.push(full);
  }
  return out;
}

const files = suites.flatMap((suite) => findTests(join(root, 'test', suite)));
if (files.length === 0) {
  console.error('test/run: no test files found for', suites.join(', '));
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
});
process.exit(result.status ?? 1);
