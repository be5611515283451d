// Fix-all takes every safe preferred fix of a document, never one that widens access, and says what it changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Fix } from '../../../server/src/core/finding';
import { applyTextEdits } from '../../../server/src/core/text';
import { codeActions, fixAllEdit, fixSummary } from '../../../server/src/lsp/codeActions';
import { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';

const uri = 'file:///w/policy.json';
const text = '{ "Statement": [{ "Effect": "Allow", "Action": ["kms:Decrpt", "kms:Encrypt", "kms:Decrypt"], "Resource": "*" }] }';

function finding(ruleId: string, needle: string, fix: Omit<Fix, 'edits'> & { newText: string }): Finding {
  const start = text.indexOf(needle);
  return {
    ruleId,
    severity: 'warning',
    message: { en: ruleId, ja: ruleId },
    file: uri,
    span: { start, end: start + needle.length },
    fixes: [{ ...fix, edits: [{ file: uri, edits: [{ start, end: start + needle.length, newText: fix.newText }] }] }],
  };
}

test('fix-all leaves out fixes that widen access, and its summary lists what it applied', () => {
  const index = new WorkspaceIndex();
  index.setOpen(uri, 3, 'json', text);
  const env = { index, locale: 'en', documentChanges: false, clientShowsDocumentation: false, clientShowsFixSummary: true };
  const findings = [
    finding('iam-unknown-action', '"kms:Decrpt"', { title: { en: 'Replace with kms:Decrypt', ja: 'kms:Decrypt に置き換える' }, preferred: true, newText: '"kms:DescribeKey"' }),
    finding('kms-cross-account-access', '"kms:Encrypt"', { title: { en: 'Allow account 444455556666', ja: 'x' }, preferred: true, widensAccess: true, newText: '"kms:*"' }),
    finding('kms-decrypt-in-identity-policy', '"kms:Decrypt"', { title: { en: 'Remove kms:Decrypt', ja: 'kms:Decrypt を削除' }, preferred: true, newText: '"kms:GenerateDataKey"' }),
  ];
  const all = fixAllEdit(uri, findings, env)!;
  assert.equal(all.count, 2);
  assert.equal(all.widening, 1);
  assert.deepEqual(all.titles, ['Replace with kms:Decrypt', 'Remove kms:Decrypt']);
  const edits = all.edit.changes![uri]!;
  assert.equal(edits.length, 2);
  assert.ok(!edits.some((e) => e.newText === '"kms:*"'), 'the widening fix is not applied');
  assert.equal(
    fixSummary(all, 'en'),
    'KeyLens fixed 2 problems: Replace with kms:Decrypt; Remove kms:Decrypt. 1 fix that widens access was left for you to review as quick fixes.',
  );
  const japanese = fixAllEdit(uri, findings, { ...env, locale: 'ja' })!;
  assert.match(fixSummary(japanese, 'ja'), /^KeyLens が 2 件の問題を修正しました: kms:Decrypt に置き換える; kms:Decrypt を削除。アクセスを広げる修正 1 件/);

  // The fix-all code action runs the client's summary command after its edit.
  const [action] = codeActions({ uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics: [], only: ['source.fixAll'] }, findings, 3, env);
  assert.equal(action!.command?.command, 'keylens.showFixSummary');
  assert.deepEqual(action!.command?.arguments, [fixSummary(all, 'en')]);
  // ...and the quick fix of the widening finding is still offered on its own.
  const start = text.indexOf('"kms:Encrypt"');
  const quick = codeActions({ uri, range: { start: { line: 0, character: start }, end: { line: 0, character: start } }, diagnostics: [], only: ['quickfix'] }, findings, 3, env);
  assert.ok(quick.some((a) => a.title === 'Allow account 444455556666'));
});

test('repeated fixes are counted in the summary; nothing to fix gives no fix-all', () => {
  assert.equal(fixSummary({ count: 3, titles: ['Remove kms:Decrypt', 'Remove kms:Decrypt', 'Add kms:GenerateDataKey'], widening: 0 }, 'en'), 'KeyLens fixed 3 problems: Remove kms:Decrypt (×2); Add kms:GenerateDataKey.');
  const index = new WorkspaceIndex();
  index.setOpen(uri, 1, 'json', text);
  const env = { index, locale: 'en', documentChanges: false, clientShowsDocumentation: false };
  const only = [finding('kms-cross-account-access', '"kms:Encrypt"', { title: { en: 'x', ja: 'x' }, preferred: true, widensAccess: true, newText: '"kms:*"' })];
  assert.equal(fixAllEdit(uri, only, env), undefined);
  assert.equal(applyTextEdits(text, []), text);
});
