// Path globs as .keylens.json (`ignore`, `overrides[].files`) and `keylens check --exclude` read them:
// .gitignore's reading (name at any depth, folders match what is under them, trailing / for folders).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatcher, globProblem } from '../../../server/src/core/glob';
import { parseConfig } from '../../../server/src/core/config/parse';
import { CompiledConfig } from '../../../server/src/core/config/resolve';

function matches(patterns: string[], path: string): boolean {
  return globMatcher(patterns)(path);
}

test('a pattern without / matches a file or folder name at any depth', () => {
  assert.ok(matches(['*.tfvars.json'], 'a.tfvars.json'));
  assert.ok(matches(['*.tfvars.json'], 'env/prod/a.tfvars.json'));
  assert.ok(matches(['fixtures'], 'test/fixtures/broken.json'), 'a folder name ignores what is under it');
  assert.ok(matches(['fixtures'], 'fixtures'));
  assert.ok(!matches(['fixtures'], 'test/fixtures-old/x.json'));
  assert.ok(matches(['.hidden*'], 'a/.hidden-policy.json'), 'dot files are not special');
});

test('a pattern with / is anchored at the base folder; folders match everything under them', () => {
  assert.ok(matches(['test/fixtures'], 'test/fixtures/deep/x.json'));
  assert.ok(!matches(['test/fixtures'], 'other/test/fixtures/x.json'));
  assert.ok(matches(['./legacy/**'], 'legacy/a/b.json'));
  assert.ok(matches(['/legacy'], 'legacy/x.tf'), 'a leading / anchors and changes nothing else');
  assert.ok(matches(['**/generated/*.json'], 'a/b/generated/x.json'));
  assert.ok(!matches(['**/generated/*.json'], 'a/b/generated/sub/x.json'));
  assert.ok(matches(['policies/{prod,stage}/*.json'], 'policies/stage/app.json'));
  assert.ok(matches(['legacy/'], 'legacy/app.json'), 'a trailing / matches the folder');
  assert.ok(!matches(['app.json/'], 'app.json'), 'a trailing / never matches a file');
  assert.ok(matches(['x'], 'x\\y.json'), 'backslashes read as /');
});

test('nothing matches an empty or negated pattern; both are reported as problems', () => {
  assert.ok(!matches(['', '!keep.json'], 'keep.json'));
  assert.match(globProblem('!keep.json')!, /not supported/);
  assert.match(globProblem(' ')!, /empty/);
  assert.equal(globProblem('**/*.json'), undefined);
});

test('overrides apply in order over rules; ignore is separate from severities', () => {
  const { config } = parseConfig(
    JSON.stringify({
      rules: { 'iam-unknown-action': 'error', 'kms-decrypt-in-identity-policy': 'info' },
      ignore: ['vendor'],
      overrides: [
        { files: ['legacy/**'], rules: { 'iam-unknown-action': 'warning' } },
        { files: ['legacy/keep/*.json'], rules: { 'iam-unknown-action': 'off' } },
      ],
    }),
    'keylens.json',
  );
  const compiled = new CompiledConfig(config!);
  assert.deepEqual(compiled.settingsFor('app.json'), { ignored: false, rules: { 'iam-unknown-action': 'error', 'kms-decrypt-in-identity-policy': 'info' } });
  assert.equal(compiled.settingsFor('legacy/x.json').rules['iam-unknown-action'], 'warning');
  assert.equal(compiled.settingsFor('legacy/keep/x.json').rules['iam-unknown-action'], 'off');
  assert.equal(compiled.settingsFor('legacy/keep/x.json').rules['kms-decrypt-in-identity-policy'], 'info');
  assert.equal(compiled.settingsFor('vendor/x/y.json').ignored, true);
});

test('a package.json without "keylens" is no configuration; with one it is read strictly as JSON', () => {
  assert.deepEqual(parseConfig('{ "name": "keylens", "description": "has \\"keylens\\" as a value" }', 'package.json'), { problems: [] });
  assert.deepEqual(parseConfig('{ "name": "x", "keylens": { "ignore": ["out"] } }', 'package.json').config?.ignore, ['out']);
  const comments = parseConfig('{ "name": "x", // no\n "keylens": {} }', 'package.json');
  assert.equal(comments.config, undefined);
  assert.match(comments.problems[0]!.message.en, /invalid JSON/);
  assert.deepEqual(parseConfig('// team settings\n{ "rules": {}, }\n', 'keylens.json').problems, [], '.keylens.json takes comments and trailing commas');
});
