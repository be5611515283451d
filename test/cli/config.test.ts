// .keylens.json and "keylens" in package.json (SPEC §5): nearest wins, overrides and --rule on top,
// ignore, and a bad configuration named with its position — never silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DECRYPT_ALL, WILDCARD_KEY_POLICY, keylens, tempTree } from './support';

interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: string;
}

async function findings(dir: string, ...args: string[]): Promise<JsonFinding[]> {
  const r = await keylens(['check', '--format', 'json', ...args], dir);
  assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonFinding[];
}

const severityOf = (list: JsonFinding[], file: string, rule = 'kms-decrypt-in-identity-policy') => list.filter((f) => f.file === file && f.ruleId === rule).map((f) => f.severity);
const DECRYPT = 'kms-decrypt-in-identity-policy';

test('the nearest configuration wins entirely; folders without one use the one above', async () => {
  const dir = tempTree({
    '.git/HEAD': '',
    '.keylens.json': JSON.stringify({ rules: { [DECRYPT]: 'error' } }),
    'app.json': DECRYPT_ALL,
    'team/.keylens.json': JSON.stringify({ rules: { 'iam-unknown-action': 'off' } }),
    'team/app.json': DECRYPT_ALL,
    'team/deep/er/app.json': DECRYPT_ALL,
    'other/app.json': DECRYPT_ALL,
  });
  const list = await findings(dir, '.');
  assert.deepEqual(severityOf(list, 'app.json'), ['error']);
  assert.deepEqual(severityOf(list, join('other', 'app.json')), ['error'], 'a folder without a configuration uses the one above');
  assert.deepEqual(severityOf(list, join('team', 'app.json')), ['warning'], 'the nearer configuration does not inherit "rules" from the one above');
  assert.deepEqual(severityOf(list, join('team', 'deep', 'er', 'app.json')), ['warning']);
  assert.equal((await keylens(['check', '.'], dir)).status, 1, 'an error from the configuration fails the run');
});

test('"keylens" in package.json is a configuration; .keylens.json wins beside it; a package.json without it is none', async () => {
  const dir = tempTree({
    '.git/HEAD': '',
    '.keylens.json': JSON.stringify({ rules: { [DECRYPT]: 'hint' } }),
    'pkg/package.json': JSON.stringify({ name: 'pkg', keylens: { rules: { [DECRYPT]: 'error' } } }, null, 2),
    'pkg/app.json': DECRYPT_ALL,
    'both/package.json': JSON.stringify({ name: 'both', keylens: { rules: { [DECRYPT]: 'error' } } }),
    'both/.keylens.json': JSON.stringify({ rules: { [DECRYPT]: 'info' } }),
    'both/app.json': DECRYPT_ALL,
    'plain/package.json': JSON.stringify({ name: 'keylens', description: 'mentions "keylens" only as a value' }),
    'plain/app.json': DECRYPT_ALL,
  });
  const list = await findings(dir, '.');
  assert.deepEqual(severityOf(list, join('pkg', 'app.json')), ['error']);
  assert.deepEqual(severityOf(list, join('both', 'app.json')), ['info']);
  assert.deepEqual(severityOf(list, join('plain', 'app.json')), ['hint'], 'the search goes on past a package.json without "keylens"');
});

test('overrides apply in order over "rules"; --rule wins over the configuration; "off" removes the finding', async () => {
  const dir = tempTree({
    '.git/HEAD': '',
    '.keylens.json': JSON.stringify({
      rules: { [DECRYPT]: 'error' },
      overrides: [
        { files: ['legacy/**'], rules: { [DECRYPT]: 'info' } },
        { files: ['legacy/exception.json'], rules: { [DECRYPT]: 'off' } },
        { files: ['*.tf.json'], rules: { [DECRYPT]: 'hint' } },
      ],
    }),
    'app.json': DECRYPT_ALL,
    'legacy/app.json': DECRYPT_ALL,
    'legacy/exception.json': DECRYPT_ALL,
    'nested/x/main.tf.json': DECRYPT_ALL,
  });
  const list = await findings(dir, '.');
  assert.deepEqual(severityOf(list, 'app.json'), ['error']);
  assert.deepEqual(severityOf(list, join('legacy', 'app.json')), ['info']);
  assert.deepEqual(severityOf(list, join('legacy', 'exception.json')), []);
  assert.deepEqual(severityOf(list, join('nested', 'x', 'main.tf.json')), ['hint'], 'a pattern without / matches at any depth');
  const cli = await findings(dir, '--rule', `${DECRYPT}=warning`, '.');
  for (const file of ['app.json', join('legacy', 'app.json'), join('legacy', 'exception.json')]) assert.deepEqual(severityOf(cli, file), ['warning'], file);
});

test('ignore: ignored files are neither checked nor context; named ones are skipped with a note', async () => {
  const dir = tempTree({
    '.git/HEAD': '',
    '.keylens.json': '{\n  // fixtures are broken on purpose\n  "ignore": ["fixtures", "*.generated.json",],\n}\n',
    'fixtures/broken.json': '{"Statement": [',
    'deep/fixtures/key-policy.json': WILDCARD_KEY_POLICY,
    'out.generated.json': DECRYPT_ALL,
    'app.json': DECRYPT_ALL,
  });
  const r = await keylens(['check', '.'], dir);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /checked 1 file \(1 policy\); 3 paths skipped/, 'app.json only: .keylens.json is no input');
  const named = await keylens(['check', 'fixtures/broken.json'], dir);
  assert.equal(named.status, 0);
  assert.match(named.stderr, /skipped fixtures\/broken\.json: ignored by \.keylens\.json/);
});

test('a bad configuration stops the run with exit 2, naming the file, line and column of each problem', async () => {
  const cases: [string, string, RegExp[]][] = [
    ['.keylens.json', '{\n  "rules": {\n    "kms-decrypt-in-identiy-policy": "error",\n    "iam-unknown-action": "loud"\n  }\n}\n', [/\.keylens\.json:3:5: unknown rule "kms-decrypt-in-identiy-policy" \(did you mean "kms-decrypt-in-identity-policy"\?\)/, /\.keylens\.json:4:27: "loud" is not a severity for "iam-unknown-action" \(off, hint, info, warning, error\)/]],
    ['.keylens.json', '{ "rules": { "iam-unknown-action": "off" }, "ignroe": [] }', [/\.keylens\.json:1:45: unknown setting "ignroe" \(expected rules, ignore, overrides\)/]],
    ['.keylens.json', '{ "overrides": [ { "rules": {} }, { "files": ["!keep.json"] } ] }', [/:1:18: an override needs "files"/, /:1:47: negated patterns/]],
    ['.keylens.json', '{ "rules": { ', [/\.keylens\.json:1:14: invalid JSON/]],
    ['.keylens.json', '', [/\.keylens\.json:1:1: the file is empty/]],
    ['package.json', '{ "name": "x", "keylens": { "rules": [] } }', [/package\.json:1:38: "rules" must be an object/]],
  ];
  for (const [name, text, expected] of cases) {
    const dir = tempTree({ '.git/HEAD': '', [name]: text, 'app.json': DECRYPT_ALL });
    for (const format of ['text', 'sarif']) {
      const r = await keylens(['check', '--format', format, '.'], dir);
      assert.equal(r.status, 2, `${name}: ${text}`);
      for (const pattern of expected) assert.match(r.stderr, pattern, `${name}: ${text}`);
      assert.equal(r.stdout, '', 'nothing is reported as checked');
    }
  }
  const ja = await keylens(['check', '--locale', 'ja', '.'], tempTree({ '.git/HEAD': '', '.keylens.json': '{"rules":{"nope":"off"}}', 'a.json': DECRYPT_ALL }));
  assert.match(ja.stderr, /不明なルール "nope"/);
});

test('the search stops at the repository root: a configuration above the checkout changes nothing', async () => {
  const outer = tempTree({ '.keylens.json': JSON.stringify({ rules: { [DECRYPT]: 'off' } }), 'repo/.git/HEAD': '', 'repo/app.json': DECRYPT_ALL });
  assert.deepEqual(severityOf(await findings(join(outer, 'repo'), '.'), 'app.json'), ['warning']);
  assert.deepEqual(severityOf(await findings(outer, 'repo/app.json'), join('repo', 'app.json')), ['warning'], 'the repository root bounds the search from inside it');
});
