// Relinking a module after an edit reuses what unchanged files produced: the result must equal
// reading the edited module from nothing. Each edit is applied to a linked module and compared
// with the same texts in a fresh folder (nothing cached for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import { parseFile } from '../../../server/src/core/parse';
import type { ParsedFile } from '../../../server/src/core/model';
import { loadCatalog } from '../../../server/src/node/catalog';

const catalog = loadCatalog();

const MODULE: Record<string, string> = {
  'locals.tf': 'locals {\n  keys = "*"\n  everyone = "arn:aws:iam::111122223333:role/app"\n}\n',
  'documents.tf': `data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["kms:Decrypt", "kms:Encrypt"]
    resources = [local.keys]
  }
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`,
  'key.tf': `data "aws_iam_policy_document" "key" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [local.everyone]
    }
  }
}

resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
  'roles.tf': `resource "aws_iam_role_policy" "reader" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.reader.json
}
`,
};

const EDITS: [string, string, string, string][] = [
  ['a policy body (nothing another file uses)', 'documents.tf', '"kms:Decrypt", "kms:Encrypt"', '"kms:Encrypt"'],
  ['a local another file uses', 'locals.tf', 'keys = "*"', 'keys = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"'],
  ['the principal local of the key policy', 'locals.tf', 'everyone = "arn:aws:iam::111122223333:role/app"', 'everyone = "*"'],
  ['a document merged into another file\'s document', 'documents.tf', 'identifiers = ["arn:aws:iam::111122223333:root"]', 'identifiers = ["arn:aws:iam::111122223333:role/admin"]'],
  ['the use of a document (now no identity policy)', 'roles.tf', 'policy = data.aws_iam_policy_document.reader.json', 'policy = "{}"'],
  ['a file emptied', 'key.tf', MODULE['key.tf']!, ''],
];

function answers(files: readonly ParsedFile[], dir: string): string[] {
  return analyze(files, { catalog, guardFixes: false })
    .map((f) => `${f.ruleId} ${f.file.slice(dir.length)} ${f.span.start}-${f.span.end} ${f.severity} ${f.message.en.replaceAll(dir, '')} fixes:${f.fixes.length}`)
    .sort();
}

test('relinking after an edit gives what reading the edited module from nothing gives', () => {
  let round = 0;
  for (const [label, name, from, to] of EDITS) {
    round++;
    const dir = `incremental-${round}/`;
    const linked = Object.entries(MODULE).map(([file, text]) => parseFile(dir + file, text));
    answers(linked, dir); // link and cache the module as it was
    const editedText = MODULE[name]!.replace(from, to);
    assert.notEqual(editedText, MODULE[name], label);
    const edited = linked.map((file) => (file.file === dir + name ? parseFile(file.file, editedText) : file));
    const fresh = `fresh-${round}/`;
    const from0 = Object.entries({ ...MODULE, [name]: editedText }).map(([file, text]) => parseFile(fresh + file, text));
    assert.deepEqual(answers(edited, dir), answers(from0, fresh), label);
    // And back: the first reading is found again.
    const back = edited.map((file) => (file.file === dir + name ? parseFile(file.file, MODULE[name]!) : file));
    assert.deepEqual(answers(back, dir), answers(linked, dir), `${label}, undone`);
  }
});

test('the module the edits are made on has findings that the edits change', () => {
  const dir = 'incremental-base/';
  const files = Object.entries(MODULE).map(([file, text]) => parseFile(dir + file, text));
  const before = answers(files, dir);
  assert.ok(before.some((a) => a.startsWith('kms-decrypt-in-identity-policy documents.tf')), before.join('\n'));
  for (const [label, name, from, to] of EDITS.slice(0, 3)) {
    const edited = files.map((file) => (file.file === dir + name ? parseFile(file.file, MODULE[name]!.replace(from, to)) : file));
    assert.notDeepEqual(answers(edited, dir), before, label);
  }
});
