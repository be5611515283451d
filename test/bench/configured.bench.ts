// What configuration and suppressions cost on top of the engine, measured in the same run:
// analyzeConfigured (suppression comments + per-file severities) beside plain analyze for a
// 2,000-statement JSONC policy and a 5,000-line .tf, without and with a suppression comment on
// every statement; nearest-configuration lookups for 1,000 files in 100 folders (cold and warm);
// and `keylens check` end to end on 1,000 policy files with a .keylens.json. Asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { analyzeConfigured } from '../../server/src/core/configured';
import { parseFile } from '../../server/src/core/parse';
import { ConfigLocator } from '../../server/src/node/configFiles';
import { loadCatalog } from '../../server/src/node/catalog';
import { time } from './timing';

const catalog = loadCatalog();
const DECRYPT = 'kms-decrypt-in-identity-policy';

function jsonc(statements: number, comments: boolean): string {
  const items: string[] = [];
  for (let i = 0; i < statements; i++) {
    const comment = comments ? `    // keylens-ignore-next-line ${DECRYPT} -- accepted ${i}\n` : '';
    items.push(`${comment}    { "Sid": "S${i}", "Effect": "Allow", "Action": ["kms:Decrypt", "s3:GetObject"], "Resource": "*" }`);
  }
  return `{\n  "Statement": [\n${items.join(',\n')}\n  ]\n}\n`;
}

function terraform(lines: number, comments: boolean): string {
  const blocks: string[] = [];
  for (let i = 0; blocks.join('\n').split('\n').length < lines; i++) {
    blocks.push(
      [
        `data "aws_iam_policy_document" "p${i}" {`,
        '  statement {',
        ...(comments ? [`    # keylens-ignore-next-line ${DECRYPT} -- accepted ${i}`] : []),
        '    actions   = ["kms:Decrypt", "s3:GetObject"]',
        `    resources = ["arn:aws:s3:::bucket-${i}/*"]`,
        '  }',
        '}',
        `resource "aws_iam_role_policy" "p${i}" {`,
        `  role   = "role-${i}"`,
        `  policy = data.aws_iam_policy_document.p${i}.json`,
        '}',
      ].join('\n'),
    );
  }
  return blocks.join('\n') + '\n';
}

const configured = { catalog, overrides: {}, configured: () => ({ 'iam-unknown-action': 'error' as const }) };
for (const [label, file, make] of [
  ['2,000-statement JSONC', 'policy.jsonc', (c: boolean) => jsonc(2000, c)],
  ['5,000-line .tf', 'main.tf', (c: boolean) => terraform(5000, c)],
] as const) {
  for (const comments of [false, true]) {
    const files = [parseFile(file, make(comments))];
    const plain = time(() => analyze(files, { catalog }));
    const withConfig = time(() => analyzeConfigured(files, configured));
    const suppressed = analyzeConfigured(files, configured).filter((f) => f.suppression).length;
    console.log(
      `${label.padEnd(22)} ${comments ? 'a suppression per statement' : 'no suppression comments  '}: analyze ${plain.toFixed(2)} ms | with configuration and suppressions ${withConfig.toFixed(2)} ms (${(withConfig / plain).toFixed(2)}×, ${suppressed} suppressed)`,
    );
  }
}

// Nearest-configuration lookups: 100 folders of 10 files under a root with a .keylens.json.
const root = mkdtempSync(join(tmpdir(), 'keylens-bench-config-'));
mkdirSync(join(root, '.git'));
writeFileSync(join(root, '.keylens.json'), JSON.stringify({ rules: { [DECRYPT]: 'error' }, ignore: ['fixtures'], overrides: [{ files: ['team-1*/**'], rules: { [DECRYPT]: 'info' } }] }));
const paths: string[] = [];
for (let d = 0; d < 100; d++) {
  const folder = join(root, `team-${d}`, 'policies', 'iam');
  mkdirSync(folder, { recursive: true });
  for (let f = 0; f < 10; f++) {
    const path = join(folder, `p${f}.json`);
    writeFileSync(path, jsonc(2, false));
    paths.push(path);
  }
}
const cold = time(() => {
  const locator = new ConfigLocator();
  for (const path of paths) locator.settingsFor(path);
}, 200);
const warmLocator = new ConfigLocator();
const warm = time(() => {
  for (const path of paths) warmLocator.settingsFor(path);
}, 200);
console.log(`configuration lookup, 1,000 files in 100 folders: cold ${cold.toFixed(2)} ms (${((cold / 1000) * 1000).toFixed(1)} µs/file) | cached ${warm.toFixed(2)} ms`);

// The CLI end to end (the built bundle, a fresh process each time).
const cli = join(__dirname, '..', '..', 'dist', 'cli', 'keylens.js');
const run = (...args: string[]) => {
  const start = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { ms: performance.now() - start, status: r.status };
};
const version = Math.min(...[0, 1, 2].map(() => run('--version').ms));
const check = Math.min(...[0, 1, 2].map(() => run('check', '--format', 'json', '.').ms));
const sarif = Math.min(...[0, 1, 2].map(() => run('check', '--format', 'sarif', '.').ms));
console.log(`keylens --version ${version.toFixed(0)} ms | keylens check on 1,000 files ${check.toFixed(0)} ms (json), ${sarif.toFixed(0)} ms (sarif) — ${((check - version) / 1000).toFixed(2)} ms per file after start-up`);
