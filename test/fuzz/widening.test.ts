// Issue 14: fix-all is as careful as single fixes. Every fix of every rule over every fixture is
// compared with an access oracle that knows no rule (test/fuzz/access.ts): a fix that gives access
// without a narrowing condition must be flagged `widensAccess` (fix-all leaves it out), and a flagged
// fix must really give access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixtures } from './fixtures';
import { runEngine, type AppliedFix } from './engine';
import type { ParsedFile } from '../../server/src/core/model';
import { checkWidening } from './roundtrip';

type Sample = AppliedFix & { files: ParsedFile[] };

// One pass over the fixtures (each workspace's results are dropped before the next), keeping counts
// and one example of each kind for the control below.
const problems: string[] = [];
const flagged = new Map<string, number>();
const unflagged = new Map<string, number>();
let widening: Sample | undefined;
let narrowing: Sample | undefined;
for (const fixture of loadFixtures()) {
  const result = runEngine({ file: fixture.file, texts: new Map([...fixture.context, [fixture.file, fixture.text]]) });
  if (!result.files.every((f) => f.problems.length === 0)) continue;
  for (const applied of result.applied) {
    const problem = checkWidening(result.files, applied, true);
    if (problem) problems.push(`${fixture.name}: ${problem}`);
    const counts = applied.fix.widensAccess ? flagged : unflagged;
    counts.set(applied.finding.ruleId, (counts.get(applied.finding.ruleId) ?? 0) + 1);
    if (applied.fix.widensAccess) widening ??= { ...applied, files: result.files };
    else if (applied.finding.ruleId === 'kms-key-policy-wildcard-principal') narrowing ??= { ...applied, files: result.files };
  }
}

test('every fix that gives access without a narrowing condition is flagged, and only those', () => {
  assert.deepEqual(problems, []);
});

test('the check is not vacuous: each rule with widening fixes has flagged fixes among the fixtures, the narrowing ones none', () => {
  console.log(`widening fixes: ${JSON.stringify(Object.fromEntries(flagged))}; others: ${JSON.stringify(Object.fromEntries(unflagged))}`);
  for (const rule of ['kms-key-policy-no-root-delegation', 'kms-decrypt-in-identity-policy', 'kms-alias-arn-as-key', 'iam-unknown-action', 'kms-multipart-upload-permissions']) {
    assert.ok((flagged.get(rule) ?? 0) > 0, `no widening fix of ${rule} among the fixtures`);
  }
  // Adding a kms:CallerAccount condition, and a key policy statement carrying kms:ViaService and kms:CallerAccount, narrow.
  for (const rule of ['kms-key-policy-wildcard-principal', 'kms-cross-account-access']) {
    assert.equal(flagged.get(rule) ?? 0, 0, `${rule} has a widening fix`);
    assert.ok((unflagged.get(rule) ?? 0) > 0, `no fix of ${rule} among the fixtures`);
  }
});

test('the oracle catches a widening fix whose flag is missing, and a flag on a fix that narrows', () => {
  assert.ok(widening && narrowing);
  assert.match(checkWidening(widening.files, { ...widening, fix: { ...widening.fix, widensAccess: false } }) ?? '', /not flagged widensAccess/);
  assert.match(checkWidening(narrowing.files, { ...narrowing, fix: { ...narrowing.fix, widensAccess: true } }, true) ?? '', /gives no new access/);
});
