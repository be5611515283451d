// The injection grammar's patterns, checked with JavaScript regexes (the patterns stay within the
// syntax Oniguruma and JavaScript share) against the strings it must and must not highlight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Rule {
  match: string;
  name: string;
  captures?: Record<string, { name: string }>;
}
const grammar = JSON.parse(readFileSync(join(__dirname, '..', '..', 'syntaxes', 'keylens-iam.injection.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: { include: string }[];
  repository: Record<string, Rule>;
};

/** The scope TextMate gives `text` at `offset` in a line: the first pattern (in order) that matches there. */
function scopeAt(line: string, needle: string): string | undefined {
  const offset = line.indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${line}`);
  let position = 0;
  // TextMate scans left to right; at each position the earliest-listed matching pattern wins.
  while (position < line.length) {
    let best: { index: number; end: number; name: string } | undefined;
    for (const { include } of grammar.patterns) {
      const rule = grammar.repository[include.slice(1)]!;
      const regex = new RegExp(rule.match, 'g');
      regex.lastIndex = position;
      const match = regex.exec(line);
      if (match && (!best || match.index < best.index)) best = { index: match.index, end: match.index + match[0].length, name: rule.name };
    }
    if (!best) return undefined;
    if (best.index <= offset && offset < best.end) return best.name;
    position = best.end > best.index ? best.end : best.index + 1;
  }
  return undefined;
}

test('injects into JSON, JSONC and Terraform strings only, not property names', () => {
  assert.equal(grammar.scopeName, 'keylens.iam-strings.injection');
  for (const host of ['source.json', 'source.json.comments', 'source.hcl', 'source.terraform']) assert.ok(grammar.injectionSelector.includes(`L:${host} `), host);
  assert.match(grammar.injectionSelector, /-support\.type\.property-name/);
});

test('alias ARNs and key ARNs get different scopes', () => {
  const alias = scopeAt('"Resource": "arn:aws:kms:us-east-1:111122223333:alias/app"', 'alias/app');
  const key = scopeAt('"Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"', 'key/1234');
  assert.equal(alias, 'keyword.control.kms-alias-arn.keylens');
  assert.equal(key, 'support.type.kms-key-arn.keylens');
  assert.equal(scopeAt('kms_master_key_id = "arn:aws-cn:kms:cn-north-1:111122223333:alias/aws/s3"', 'alias/aws'), 'keyword.control.kms-alias-arn.keylens');
  assert.equal(scopeAt('"KMSMasterKeyID": "alias/aws/s3"', 'alias/aws/s3'), 'keyword.control.kms-alias-name.keylens markup.italic.keylens');
  assert.equal(scopeAt('"Resource": "arn:aws:kms:*:111122223333:key/*"', 'key/*'), 'support.type.kms-key-arn.keylens');
});

test('other ARNs and IAM actions are highlighted; ordinary strings are not', () => {
  assert.equal(scopeAt('"Resource": "arn:aws:s3:::example-bucket/*"', 'example-bucket'), 'variable.other.arn.keylens');
  assert.equal(scopeAt('"Action": ["kms:Decrypt", "s3:Get*"]', 'kms:Decrypt'), 'meta.iam-action.keylens');
  assert.equal(scopeAt('"Action": ["kms:Decrypt", "s3:Get*"]', 's3:Get*'), 'meta.iam-action.keylens');
  assert.equal(scopeAt('actions = ["kms:GenerateDataKey*"]', 'kms:Gen'), 'meta.iam-action.keylens');
  assert.equal(scopeAt('"Version": "2012-10-17"', '2012'), undefined);
  assert.equal(scopeAt('"Description": "see http://example.com:8080/x"', 'http'), undefined);
  // An interpolation ends the ARN: the Terraform grammar colours `${...}` itself.
  const line = 'resources = ["arn:aws:kms:${var.region}:111122223333:alias/app"]';
  assert.equal(scopeAt(line, 'alias/app'), undefined);
});
