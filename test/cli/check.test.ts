import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { rules } from '../../server/src/core/rules/index';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'keylens.js');

function keylens(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
before(() => {
  assert.ok(existsSync(cli), 'the CLI is built (npm run build)');
  dir = mkdtempSync(join(tmpdir(), 'keylens-cli-'));
  mkdirSync(join(dir, 'policies'));
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(
    join(dir, 'policies', 'app.json'),
    '{\n  "Statement": [\n    { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" }\n  ]\n}\n',
  );
  writeFileSync(
    join(dir, 'policies', 'key-policy.json'),
    '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}',
  );
  writeFileSync(join(dir, 'policies', 'broken.json'), '{"Statement": [ {"Effect": "Allow", ');
  writeFileSync(join(dir, 'node_modules', 'x', 'policy.json'), '{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}');
  writeFileSync(join(dir, 'clean.json'), '{"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}');
});

test('json output: SPEC shape, 0-based ranges, files as found under the folder, node_modules skipped', () => {
  const { status, stdout } = keylens(['check', '--format', 'json', 'policies'], dir);
  assert.equal(status, 1, 'an error finding (wildcard principal, parse error) exits 1');
  const findings = JSON.parse(stdout) as { file: string; ruleId: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
  const decrypt = findings.find((f) => f.ruleId === 'kms-decrypt-in-identity-policy');
  assert.ok(decrypt);
  assert.deepEqual(Object.keys(decrypt).sort(), ['file', 'message', 'range', 'ruleId', 'severity']);
  assert.equal(decrypt.file, join('policies', 'app.json'));
  assert.equal(decrypt.severity, 'warning');
  assert.deepEqual(decrypt.range, { start: { line: 2, character: 36 }, end: { line: 2, character: 49 } });
  assert.ok(findings.some((f) => f.ruleId === 'parse-error' && f.file === join('policies', 'broken.json') && f.severity === 'error'));
  assert.ok(findings.some((f) => f.ruleId === 'kms-key-policy-wildcard-principal' && f.severity === 'error'));
  assert.ok(!findings.some((f) => f.file.includes('node_modules')));
});

test('exit 0 without error findings; --rule changes severities and can turn a rule off', () => {
  assert.equal(keylens(['check', 'clean.json'], dir).status, 0);
  assert.equal(keylens(['check', 'policies/app.json'], dir).status, 0, 'warnings alone exit 0');
  assert.equal(keylens(['check', '--rule', 'kms-decrypt-in-identity-policy=error', 'policies/app.json'], dir).status, 1);
  const off = keylens(['check', '--format=json', '--rule=kms-decrypt-in-identity-policy=off', 'policies/app.json'], dir);
  assert.deepEqual(JSON.parse(off.stdout), []);
});

test('bad usage and unreadable input exit 2 with a message and no stack trace', () => {
  for (const args of [['check'], ['check', '--format', 'xml', 'x'], ['check', '--rule', 'nope=error', 'x'], ['check', '--rule', 'iam-unknown-action=loud', 'x'], ['frobnicate']]) {
    const r = keylens(args, dir);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /keylens/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const missing = keylens(['check', 'does-not-exist.json'], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read does-not-exist\.json: no such file/);
});

test('text output groups findings by file with 1-based positions and a summary', () => {
  const { stdout } = keylens(['check', 'policies/app.json'], dir);
  assert.match(stdout, /^policies\/app\.json\n {2}3:37 {4}warning {2}This identity policy allows `kms:Decrypt` on all KMS keys/m);
  assert.match(stdout, /1 problem \(0 errors, 1 warnings, 0 infos, 0 hints\)\nchecked 1 file \(1 policy\)\n$/);
  const ja = keylens(['check', '--locale', 'ja', 'policies/app.json'], dir);
  assert.match(ja.stdout, /すべての KMS キー/);
});

test('the bundled examples: every rule fires, exit status 1, fixed/ folders are clean', () => {
  const all = keylens(['check', '--format', 'json', 'examples'], root);
  assert.equal(all.status, 1);
  const fired = new Set((JSON.parse(all.stdout) as { ruleId: string }[]).map((f) => f.ruleId));
  for (const { meta } of rules) assert.ok(fired.has(meta.id), `${meta.id} fires on examples/`);
  // The test name promises clean fixed/ folders: every one of them, in every format.
  const fixed = findFixedFolders(join(root, 'examples'));
  assert.ok(fixed.length >= 12, fixed.join(', '));
  for (const folder of fixed) {
    const run = keylens(['check', '--format', 'json', relative(root, folder)], root);
    assert.deepEqual(JSON.parse(run.stdout), [], `${relative(root, folder)} is clean`);
    assert.equal(run.status, 0);
  }
});

function findFixedFolders(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.terraform') continue;
    const path = join(dir, entry.name);
    if (entry.name === 'fixed') found.push(path);
    else found.push(...findFixedFolders(path));
  }
  return found;
}
