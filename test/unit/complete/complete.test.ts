// Completion and hover in the pure core: locators on half-typed text, the wildcard families, condition
// key placeholders, and "never throws" at every offset of the example files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { completeAt, locateCursor } from '../../../server/src/core/complete/complete';
import { hoverAt } from '../../../server/src/core/complete/hover';
import { wildcardFamilies } from '../../../server/src/core/complete/actions';
import { foldNumbered } from '../../../server/src/core/complete/describe';
import { matchKey } from '../../../server/src/core/iam/reference';
import { parseFile } from '../../../server/src/core/parse';
import { loadCatalog } from '../../../server/src/node/catalog';
import { loadIamReference } from '../../../server/src/node/iamReference';
import type { SourceLanguage } from '../../../server/src/core/model';

const catalog = loadCatalog();
const reference = loadIamReference();
const env = { catalog, reference, locale: 'en', files: () => [] };

function at(language: SourceLanguage, marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const cursor = locateCursor(text, language, offset);
  return { text, offset, cursor, list: cursor ? completeAt(cursor, env) : undefined };
}

test('wildcard families cover exactly their members', () => {
  const families = wildcardFamilies(catalog.actionsOf('kms'));
  assert.ok(families.includes('ReEncrypt'), 'kms:ReEncrypt* = ReEncryptFrom, ReEncryptTo');
  assert.ok(families.includes('GenerateDataKey'));
  assert.ok(!families.includes('GenerateData'), 'of prefixes covering the same actions the longest is kept');
  assert.ok(!families.includes('Re'), 'kms:Re* would also match ReplicateKey, RetireGrant, RevokeGrant');
  for (const family of families) {
    const members = catalog.actionsOf('kms').filter((name) => name.startsWith(family));
    assert.deepEqual(catalog.expand(`kms:${family}*`), members.map((m) => `kms:${m}`), family);
    assert.ok(members.length >= 2, family);
  }
});

test('condition keys with placeholders match what authors write', () => {
  const documented = ['aws:PrincipalTag/${TagKey}', 'kms:EncryptionContext:${EncryptionContextKey}', 'kms:EncryptionContextKeys', 's3:ExistingObjectTag/<key>'];
  assert.equal(matchKey('kms:EncryptionContext:Department', documented), 'kms:EncryptionContext:${EncryptionContextKey}');
  assert.equal(matchKey('KMS:ENCRYPTIONCONTEXTKEYS', documented), 'kms:EncryptionContextKeys');
  assert.equal(matchKey('aws:PrincipalTag/team', documented), 'aws:PrincipalTag/${TagKey}');
  assert.equal(matchKey('s3:ExistingObjectTag/owner', documented), 's3:ExistingObjectTag/<key>');
  assert.equal(matchKey('aws:PrincipalTag/', documented), undefined, 'the placeholder needs a value');
  assert.equal(reference.conditionKey('kms:EncryptionContext:Department')?.type, 'String');
  assert.equal(reference.conditionKey('aws:PrincipalOrgID')?.global, true);
  assert.match(String((reference.conditionKey('aws:SecureTransport')?.description as { en: string }).en), /TLS/);
});

test('numbered condition key families fold', () => {
  assert.deepEqual(foldNumbered(['a:PCR0', 'a:PCR1', 'a:PCR10', 'a:PCR2', 'a:Image', 'b:X1']), ['a:PCR0…10', 'a:Image', 'b:X1']);
});

test('JSON: half-typed strings, names outside quotes and unicode keep their ranges', () => {
  let found = at('json', '{ "Statement": [ { "Effect": "Allow", "Action": [ "kms:Enc|');
  assert.equal(found.text.slice(found.cursor!.replace.start, found.cursor!.replace.end), 'kms:Enc');
  assert.ok(found.list!.items.some((i) => i.label === 'kms:Encrypt'));

  // An unterminated string runs to the line's end: only the word is replaced, not the bracket after it.
  found = at('json', '{ "Statement": [{ "Effect": "Allow", "Action": ["kms:Dec|],\n "Resource": "*" }] }');
  assert.equal(found.text.slice(found.cursor!.replace.start, found.cursor!.replace.end), 'kms:Dec');

  found = at('json', '{ "Sid": "日本語のステートメント", "Statement": [{ "Effect": "Allow", "Action": "kms:Dec|rypt" }] }');
  assert.equal(found.text.slice(found.cursor!.replace.start, found.cursor!.replace.end), 'kms:Decrypt');
  assert.equal(found.cursor!.prefix, 'kms:Dec');

  found = at('json', '{ "Statement": [{ "Effect": "Allow", |');
  assert.equal(found.cursor!.slot, 'name');
  assert.ok(found.list!.items.find((i) => i.label === 'Action')!.insertText === '"Action": ');
});

test('Terraform: an unclosed list, a heredoc with interpolation, and places that are not policies', () => {
  let found = at('terraform', 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Action = ["kms:Enc|\n    }]\n  })\n}\n');
  assert.deepEqual(found.cursor!.path, ['Statement', 0, 'Action', 0]);

  found = at('terraform', 'resource "aws_iam_policy" "p" {\n  policy = <<EOT\n{"Statement": [{"Action": "kms:|", "Resource": "${aws_kms_key.k.arn}"}]}\nEOT\n}\n');
  assert.deepEqual(found.cursor!.path, ['Statement', 0, 'Action']);
  assert.equal(found.cursor!.syntax.references, 'template');

  // Inside an interpolation Terraform's own language server answers.
  found = at('terraform', 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Resource = "${aws_kms|}" }]\n  })\n}\n');
  assert.equal(found.cursor, undefined);
  found = at('terraform', 'resource "aws_s3_bucket" "b" {\n  bucket = "|"\n}\n');
  assert.equal(found.cursor, undefined);

  found = at('terraform', 'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "|"\n    }\n  }\n}\n');
  assert.deepEqual(found.list!.items.map((i) => i.label), ['aws:kms', 'aws:kms:dsse', 'AES256']);
});

test('Terraform strings escape ${ in what they insert', () => {
  const found = at('terraform', 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["kms:Decrypt"]\n    condition {\n      test     = "StringEquals"\n      variable = "aws:Principal|"\n    }\n  }\n}\n');
  const tag = found.list!.items.find((i) => i.label === 'aws:PrincipalTag/${TagKey}')!;
  assert.equal(tag.insertText, 'aws:PrincipalTag/', 'the placeholder is not inserted (it would be an interpolation)');
});

/** Every file of examples/ and the e2e fixtures, each prefix of it as if typed, at every few offsets. */
test('completion and hover never throw, at any offset of any example', () => {
  const root = join(__dirname, '..', '..', '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(json|tf)$/.test(name)) files.push(full);
    }
  };
  walk(join(root, 'examples'));
  walk(join(root, 'test', 'e2e', 'fixtures', 'workspace'));
  assert.ok(files.length > 10);
  let located = 0;
  for (const path of files) {
    const full = readFileSync(path, 'utf8');
    const language: SourceLanguage = path.endsWith('.tf') ? 'terraform' : 'json';
    const parsed = [parseFile(path, full, language)];
    const hoverEnv = { ...env, files: () => parsed };
    for (let offset = 0; offset <= full.length; offset += 7) {
      // The whole file, and the file cut at the cursor (as it is while being typed).
      for (const text of [full, full.slice(0, offset)]) {
        const cursor = locateCursor(text, language, Math.min(offset, text.length));
        if (!cursor) continue;
        located++;
        assert.ok(cursor.replace.start <= cursor.replace.end && cursor.replace.end <= text.length, `${path}@${offset}`);
        completeAt(cursor, hoverEnv);
        hoverAt(text, cursor, hoverEnv);
      }
    }
  }
  assert.ok(located > 100, `located ${located} cursors`);
});
