// Long fuzz run (or one replayed case). See docs/fuzzing.md.
//   node test/fuzz/run.mjs --inputs 100000 [--seed 0x...]
//   KEYLENS_FUZZ_SEED=0x... node test/fuzz/run.mjs
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: join(here, '..', '..'),
});
process.exit(result.status ?? 1);
