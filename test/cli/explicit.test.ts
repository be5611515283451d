// A CLI that is explicit (issue 14) and self-describing (issue 12): help on every command, what was
// checked in every summary, no green result beside an error, --fail-on, --exclude, and broken
// files that are no policy only reported when named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DECRYPT_ALL, WILDCARD_KEY_POLICY, keylens, keylensBin, repoRoot, tempTree } from './support';

const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;

test('--help and -h on every command exit 0 with one Usage block; --version prints the package version', () => {
  const dir = tempTree({});
  for (const args of [['--help'], ['-h'], ['help'], ['check', '--help'], ['check', '-h'], ['help', 'check'], ['explain', '--help'], ['explain', '-h'], ['help', 'explain'], ['check', 'x', '--help']]) {
    const r = keylensBin(args, dir);
    assert.equal(r.status, 0, args.join(' '));
    assert.equal(r.stderr, '', args.join(' '));
    assert.equal(r.stdout.match(/Usage:/g)?.length, 1, `${args.join(' ')} prints one Usage block`);
  }
  assert.match(keylensBin(['check', '--help'], dir).stdout, /^Usage: keylens check /);
  assert.match(keylensBin(['explain', '-h'], dir).stdout, /^Usage: keylens explain /);
  for (const args of [['--version'], ['-v']]) assert.equal(keylensBin(args, dir).stdout, `${version}\n`);
  const server = keylensBin([], dir);
  assert.equal(server.status, 2);
});

test('unknown options and commands keep exit 2, with the reason and a pointer to --help', async () => {
  const dir = tempTree({ 'a.json': DECRYPT_ALL });
  for (const args of [['check', '--frobnicate', 'a.json'], ['check', '-x', 'a.json'], ['explain', '--nope', 'alias/x'], ['explain', '-q', 'alias/x'], ['frobnicate'], ['help', 'frobnicate'], ['check', '--fail-on', 'fatal', 'a.json']]) {
    const r = await keylens(args, dir);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^keylens/, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  assert.match((await keylens(['check', '--frobnicate', 'a.json'], dir)).stderr, /unknown option --frobnicate\nRun "keylens check --help"/);
});

test('every text summary says what was checked: files and policies, also when nothing was found', async () => {
  const dir = tempTree({ 'p/app.json': DECRYPT_ALL, 'p/key-policy.json': WILDCARD_KEY_POLICY, 'p/package.json': '{"name":"x"}', 'clean/ok.json': '{"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}' });
  const findings = await keylens(['check', 'p'], dir);
  assert.match(findings.stdout, /✖ 2 problems \(1 errors, 1 warnings, 0 infos, 0 hints\)\nchecked 3 files \(2 policies\)\n$/);
  const clean = await keylens(['check', 'clean'], dir);
  assert.equal(clean.status, 0);
  assert.equal(clean.stdout, 'No problems found.\nchecked 1 file (1 policy)\n');
  const ja = await keylens(['check', '--locale', 'ja', 'clean'], dir);
  assert.equal(ja.stdout, '問題は見つかりませんでした。\n1 ファイル (1 ポリシー) を検査しました\n');
});

test('no input files: an empty or mistyped folder, a missing file: exit 2, each path named, never "No problems found."', async () => {
  const dir = tempTree({ 'empty/.keep': '', 'docs/readme.md': '# not a policy', 'p/app.json': DECRYPT_ALL });
  for (const [args, names] of [
    [['check', 'empty'], ['empty']],
    [['check', 'docs'], ['docs']],
    [['check', 'nope/'], ['nope/']],
    [['check', 'p', 'missing.json', 'also-missing'], ['missing.json', 'also-missing']],
  ] as const) {
    const r = await keylens(args, dir);
    assert.equal(r.status, 2, args.join(' '));
    for (const name of names) assert.match(r.stderr, new RegExp(`keylens check: (cannot read|no files to check in) ${name.replace('.', '\\.')}`), `${args.join(' ')} names ${name}`);
    assert.doesNotMatch(r.stdout, /No problems found/, args.join(' '));
    assert.match(r.stdout, /checked \d+ files? \(\d+ polic(y|ies)\)/);
  }
  const json = await keylens(['check', '--format', 'json', 'empty'], dir);
  assert.equal(json.status, 2);
  assert.deepEqual(JSON.parse(json.stdout), [], 'json output stays a valid document');
});

test('--fail-on error|warning|info decides exit 1; hints and lower severities never fail the default run', async () => {
  const dir = tempTree({
    'identity.json': DECRYPT_ALL,
    // The account root is never allowed: info.
    'key-policy.json': '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}]}',
  });
  assert.equal((await keylens(['check', 'identity.json'], dir)).status, 0, 'a warning alone passes by default');
  assert.equal((await keylens(['check', '--fail-on', 'warning', 'identity.json'], dir)).status, 1);
  assert.equal((await keylens(['check', '--fail-on=error', 'identity.json'], dir)).status, 0);
  assert.equal((await keylens(['check', '--fail-on', 'warning', 'key-policy.json'], dir)).status, 0, 'an info is below warning');
  assert.equal((await keylens(['check', '--fail-on', 'info', 'key-policy.json'], dir)).status, 1);
  assert.equal((await keylens(['check', '--fail-on', 'info', '--rule', 'kms-key-policy-no-root-delegation=hint', 'key-policy.json'], dir)).status, 0);
});

test('--exclude GLOB (repeatable) leaves out paths found under a folder and named ones, saying so for named ones', async () => {
  const dir = tempTree({
    'policies/app.json': DECRYPT_ALL,
    'policies/key-policy.json': WILDCARD_KEY_POLICY,
    'test/fixtures/broken.json': '{"Statement": [',
    'vendor/x/policy.json': WILDCARD_KEY_POLICY,
  });
  const all = JSON.parse((await keylens(['check', '--format', 'json', '.'], dir)).stdout) as { file: string }[];
  assert.ok(all.some((f) => f.file.startsWith('test')) && all.some((f) => f.file.startsWith('vendor')));
  const r = await keylens(['check', '--format', 'json', '--exclude', 'test/fixtures', '--exclude=vendor/', '.'], dir);
  const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file));
  assert.deepEqual([...files].sort(), [join('policies', 'app.json'), join('policies', 'key-policy.json')]);
  assert.equal(r.stderr, '', 'paths found by walking are skipped quietly');
  const byName = await keylens(['check', '--exclude', '*.json', 'policies/app.json'], dir);
  assert.equal(byName.status, 0);
  assert.match(byName.stderr, /skipped policies\/app\.json: matches --exclude/);
  assert.match(byName.stdout, /checked 0 files \(0 policies\); 1 path skipped/);
  assert.equal((await keylens(['check', '--exclude', '!x', '.'], dir)).status, 2, 'negation is refused, not ignored');
});

test('a broken file that holds no policy is a parse-error only when named or when it looks like a policy', async () => {
  const dir = tempTree({
    'repo/package-lock.json': '{ "name": "x", "lockfileVersion": 3, ',
    'repo/fixtures/data.json': '[1, 2,, ]',
    'repo/policy.json': '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", ',
    'repo/main.tf': 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n',
  });
  const walked = JSON.parse((await keylens(['check', '--format', 'json', 'repo'], dir)).stdout) as { file: string; ruleId: string }[];
  const broken = [...new Set(walked.filter((f) => f.ruleId === 'parse-error').map((f) => f.file))].sort();
  assert.deepEqual(broken, [join('repo', 'main.tf'), join('repo', 'policy.json')]);
  const named = JSON.parse((await keylens(['check', '--format', 'json', 'repo/package-lock.json', 'repo/fixtures/data.json'], dir)).stdout) as { file: string; ruleId: string }[];
  assert.deepEqual(named.map((f) => f.ruleId), ['parse-error', 'parse-error']);
});
