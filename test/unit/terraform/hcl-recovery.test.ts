import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHcl, attribute, blocks } from '../../../server/src/core/terraform/hcl';
import type { Block, HclParseResult } from '../../../server/src/core/terraform/hcl';
import { assertSpansSane, dump, inventory, spanOf } from './hcl-helpers';

const fixtures = join(import.meta.dirname, 'fixtures');
const seed = readFileSync(join(fixtures, 'seed-003.tf'), 'utf8');
const bucket = readFileSync(join(fixtures, 'bucket.tf'), 'utf8');
const policyDocument = readFileSync(join(fixtures, 'policy-document.tf'), 'utf8');

function replaceOnce(text: string, from: string, to: string): string {
  const index = text.indexOf(from);
  assert.ok(index >= 0, `fixture lacks ${JSON.stringify(from)}`);
  assert.equal(text.indexOf(from, index + 1), -1, `fixture has ${JSON.stringify(from)} more than once`);
  return text.slice(0, index) + to + text.slice(index + from.length);
}

function countOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * Damages `clean` and checks the damaged parse still holds every block, attribute/key name and
 * string literal of the clean one, except those the damage itself removed or rewrote.
 */
function assertKeepsEverythingElse(clean: string, damaged: string, lost: { strings?: string[]; attributes?: string[] } = {}): HclParseResult {
  const result = parseHcl(damaged);
  assertSpansSane(damaged, result.body);
  assert.ok(result.problems.length > 0, 'the damage is reported');
  const before = inventory(parseHcl(clean).body);
  const after = inventory(result.body);
  assert.deepEqual(after.blocks, before.blocks, 'every block survives, in order');
  for (const [kind, expectedLost] of [['strings', lost.strings ?? []], ['attributes', lost.attributes ?? []]] as const) {
    const have = countOf(after[kind]);
    const want = countOf(before[kind]);
    for (const value of expectedLost) want.set(value, (want.get(value) ?? 1) - 1);
    for (const [value, count] of want) {
      assert.ok((have.get(value) ?? 0) >= count, `${kind}: ${JSON.stringify(value)} kept ${have.get(value) ?? 0} of ${count}`);
    }
  }
  return result;
}

function messages(result: HclParseResult): string[] {
  return result.problems.map((problem) => problem.message);
}

test('unterminated string: the string ends at the line break, the list and the file go on', () => {
  const damaged = replaceOnce(seed, '"kms:Decrypt",    # **このアクションを削除**', '"kms:Dec');
  const result = assertKeepsEverythingElse(seed, damaged, { strings: ['kms:Decrypt'] });
  assert.match(messages(result)[0]!, /Unterminated string/);
  assert.deepEqual(result.problems[0]!.span, { start: damaged.indexOf('"kms:Dec'), end: damaged.indexOf('"kms:Dec') + '"kms:Dec'.length });
  const policy = attribute((result.body.items[0] as Block).body, 'policy')!.value;
  assert.match(dump(policy), /Action = \["kms:Encrypt", "kms:Dec"<unterminated>, "kms:ReEncrypt\*", "kms:GenerateDataKey\*"\], Resource = /);
});

test('unterminated string in a block label or attribute keeps the following blocks', () => {
  const damaged = replaceOnce(bucket, 'bucket = "example-data-bucket"', 'bucket = "example-data-bu');
  assertKeepsEverythingElse(bucket, damaged, { strings: ['example-data-bucket'] });
});

test('missing value: the attribute stays with an invalid value and the next one parses', () => {
  const damaged = replaceOnce(seed, 'Resource = "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef"', 'Resource =');
  const result = assertKeepsEverythingElse(seed, damaged, { strings: ['arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef'] });
  assert.deepEqual(messages(result), ['Missing value for "Resource".']);
  assert.match(dump(attribute((result.body.items[0] as Block).body, 'policy')!.value), /Resource = <invalid>\}\]\}\)$/);

  const inBlock = replaceOnce(policyDocument, 'sid     = "AllowUse"', 'sid     =');
  const blockResult = assertKeepsEverythingElse(policyDocument, inBlock, { strings: ['AllowUse'] });
  assert.deepEqual(messages(blockResult), ['Missing value for "sid".']);
});

test('unclosed [ in jsonencode: the list ends at the next "name =" line', () => {
  const damaged = replaceOnce(seed, '"kms:GenerateDataKey*"\n        ],', '"kms:GenerateDataKey*"\n        ');
  const result = assertKeepsEverythingElse(seed, damaged);
  assert.deepEqual(messages(result), ['Unclosed "[": this list has no matching "]".']);
  const actionOpen = damaged.indexOf('Action = [') + 'Action = '.length;
  assert.deepEqual(result.problems[0]!.span, { start: actionOpen, end: actionOpen + 1 });
  assert.match(dump(attribute((result.body.items[0] as Block).body, 'policy')!.value), /"kms:GenerateDataKey\*"\], Resource = "arn/);
});

test('unclosed [ in a block body: the next attribute survives', () => {
  const damaged = replaceOnce(policyDocument, 'actions = ["kms:Decrypt", "kms:GenerateDataKey*"]', 'actions = ["kms:Decrypt", "kms:GenerateDataKey*"');
  const result = assertKeepsEverythingElse(policyDocument, damaged);
  const statement = blocks(blocks(result.body, 'data')[0]!.body, 'statement')[0]!;
  assert.deepEqual(statement.body.items.map((item) => item.kind === 'attribute' ? item.name : item.type), ['sid', 'effect', 'actions', 'resources', 'principals', 'condition']);
});

test('unclosed { of an object: closed by the enclosing list', () => {
  const damaged = replaceOnce(seed, 'Resource = "*"\n      },\n      {', 'Resource = "*"\n      \n      {');
  const result = assertKeepsEverythingElse(seed, damaged);
  assert.match(messages(result).join('\n'), /Unclosed "\{": this object has no matching "\}"/);
});

test('unclosed { of a block: a column-0 block header closes it', () => {
  const damaged = replaceOnce(seed, '  })\n}\n\n# --- KMS', '  })\n\n# --- KMS');
  const result = assertKeepsEverythingElse(seed, damaged);
  assert.deepEqual(messages(result), ['Unclosed "{": this block "resource" has no matching "}".']);
  assert.deepEqual(result.problems[0]!.span, spanOf(damaged, '{', 0));
  const first = result.body.items[0] as Block;
  assert.equal(first.closeBrace, undefined);
  assert.equal(blocks(result.body, 'resource').length, 3);
});

test('unclosed { of a jsonencode object inside a block: the rest of the file still parses', () => {
  const damaged = replaceOnce(seed, '      }\n    ]\n  })\n}\n\n# --- KMS', '    ]\n  })\n}\n\n# --- KMS');
  assertKeepsEverythingElse(seed, damaged);
});

test('stray ) inside a list: reported and skipped, the list goes on', () => {
  const damaged = replaceOnce(seed, '"kms:Encrypt",', '"kms:Encrypt"),');
  const result = assertKeepsEverythingElse(seed, damaged);
  assert.deepEqual(messages(result), ['Unexpected ")"; expected "," or "]".']);
  assert.deepEqual(result.problems[0]!.span, { start: damaged.indexOf('"),') + 1, end: damaged.indexOf('"),') + 2 });
  assert.match(dump(attribute((result.body.items[0] as Block).body, 'policy')!.value), /Action = \["kms:Encrypt", "kms:Decrypt",/);
});

test('stray ) after an attribute value and in a block body', () => {
  const afterValue = replaceOnce(bucket, 'bucket = "example-data-bucket"', 'bucket = "example-data-bucket")');
  const result = assertKeepsEverythingElse(bucket, afterValue);
  assert.deepEqual(messages(result), ['Unexpected ")"; expected a line break.']);
  const onItsOwn = replaceOnce(bucket, '  bucket_key_enabled = true', '  )\n  bucket_key_enabled = true');
  assertKeepsEverythingElse(bucket, onItsOwn);
});

test('missing = in a block body: the value is kept', () => {
  const damaged = replaceOnce(policyDocument, 'effect  = "Allow"', 'effect  "Allow"');
  const result = assertKeepsEverythingElse(policyDocument, damaged);
  assert.deepEqual(messages(result), ['Expected "=" after "effect".']);
  const statement = blocks(blocks(result.body, 'data')[0]!.body, 'statement')[0]!;
  const effect = attribute(statement.body, 'effect')!;
  assert.equal(effect.equalsSpan, undefined);
  assert.equal(dump(effect.value), '"Allow"');
});

test('missing = in a jsonencode object: the value is kept', () => {
  const damaged = replaceOnce(seed, 'Effect = "Allow",\n        Action', 'Effect "Allow",\n        Action');
  const result = assertKeepsEverythingElse(seed, damaged);
  assert.deepEqual(messages(result), ['Expected "=" after "Effect".']);
  assert.match(dump(attribute((result.body.items[0] as Block).body, 'policy')!.value), /\{Effect <missing> "Allow", Action = /);
});

test('a half-typed reference or key keeps the rest', () => {
  assertKeepsEverythingElse(bucket, replaceOnce(bucket, 'kms_master_key_id = aws_kms_alias.data.arn', 'kms_master_key_id = aws_kms_alias.'));
  assertKeepsEverythingElse(seed, replaceOnce(seed, '  name        = "overly-permissive-policy"\n', '  name        = "overly-permissive-policy"\n  descr\n'));
  assertKeepsEverythingElse(seed, replaceOnce(seed, '        Effect = "Allow",\n        Action', '        Effect = "Allow",\n        Sta\n        Action'));
  assertKeepsEverythingElse(seed, replaceOnce(seed, 'AWS = aws_iam_role.my_app_role.arn', 'AWS = "${aws_iam_role.'));
});

test('unterminated heredoc: ends before the next column-0 block header', () => {
  const damaged = replaceOnce(bucket, '  ]\n}\nEOT\n}\n', '  ]\n}\n');
  const result = parseHcl(damaged);
  assertSpansSane(damaged, result.body);
  assert.deepEqual(messages(result), ['Unclosed "{": this block "resource" has no matching "}".', 'Unterminated heredoc: no line holding only "EOT" closes it.']);
  assert.deepEqual(inventory(result.body).blocks, inventory(parseHcl(bucket).body).blocks);
});

test('unterminated block comment and stray characters are reported, never thrown', () => {
  const comment = parseHcl('a = 1\n/* never closed\nb = 2\n');
  assert.deepEqual(messages(comment), ['Unterminated comment: "/*" has no matching "*/".']);
  assert.equal(dump(attribute(comment.body, 'a')!.value), '1');
  const stray = parseHcl('a = 1 @\nb = 2\n`\nc = 3\n');
  assert.deepEqual(stray.body.items.map((item) => item.kind === 'attribute' && item.name), ['a', 'b', 'c']);
  assert.equal(stray.problems.length, 2);
});

test('stray } at the top level and in a list are skipped', () => {
  const result = parseHcl('}\na = [1, }, 2]\nb = 3\n');
  assert.equal(dump(attribute(result.body, 'a')!.value), '[1, 2]');
  assert.equal(dump(attribute(result.body, 'b')!.value), '3');
  assert.equal(result.problems.length, 2);
});

test('missing commas between list items and object items on one line', () => {
  const result = parseHcl('a = ["x" "y"]\nb = { c = 1 d = 2 }\n');
  assert.equal(dump(attribute(result.body, 'a')!.value), '["x", "y"]');
  assert.equal(dump(attribute(result.body, 'b')!.value), '{c = 1, d = 2}');
  assert.equal(result.problems.length, 2);
});

test('unclosed ( and unclosed interpolation', () => {
  const paren = parseHcl('a = (1 + 2\nb = 3\n');
  assert.equal(dump(attribute(paren.body, 'b')!.value), '3');
  assert.deepEqual(messages(paren), ['Unclosed "(": this parenthesis has no matching ")".']);
  const interpolation = parseHcl('a = "x${var.y z"\nb = "${q"\nc = 3\n');
  assert.equal(dump(attribute(interpolation.body, 'a')!.value), '"x${var.y}"');
  assert.equal(dump(attribute(interpolation.body, 'c')!.value), '3');
});

test('broken for expressions are skipped to their closer', () => {
  const result = parseHcl('a = [for x of y : x]\nb = {for k, v in m : k}\nc = 1\n');
  assert.equal(dump(attribute(result.body, 'c')!.value), '1');
  assert.equal(result.problems.length, 2);
});
