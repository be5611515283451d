// The main job: build, check the bundled examples (findings there are expected and printed), package the .vsix.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status;

if (run(process.execPath, ['scripts/build.mjs', '--production']) !== 0) process.exit(1);
const check = run(process.execPath, ['dist/cli/keylens.js', 'check', 'examples/']);
// 0 = no error findings, 1 = error findings (the examples contain deliberate mistakes), 2 = broken input.
if (check !== 0 && check !== 1) {
  console.error(`main: keylens check failed with exit status ${check}`);
  process.exit(1);
}
if (run(process.execPath, ['scripts/package-vsix.mjs', 'keylens.vsix']) !== 0) process.exit(1);
console.log('main: examples checked, keylens.vsix built');
