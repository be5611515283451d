// KeyLens in a real VS Code workbench: code-server 4.100.3 (VS Code 1.100.3, Node extension host)
// driven through Debian's Chromium with playwright-core, the way a person uses it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir, missingForWorkbench, repoRoot, skipUnlessReady } from './support/tools';
import { openSession, policyActions, waitForFileChange, type Session } from './support/session';

const skip = skipUnlessReady(missingForWorkbench());
const DECRYPT_RULE = 'kms-decrypt-in-identity-policy';
// The README shows this one; it is rewritten only when missing or asked for.
const readmeShot = join(repoRoot, 'docs', 'images', 'quickfix.png');

describe('KeyLens in a real VS Code workbench (code-server + Chromium)', { skip, timeout: 180_000 }, () => {
  let session: Session;

  before(async () => {
    session = await openSession();
  });

  after(async () => {
    await session?.close();
  });

  it('shows a warning squiggle and a Problems entry for kms:Decrypt on "*"', async () => {
    await session.scenario('json-squiggle', async () => {
      const { workbench } = session;
      await workbench.openFile('app-identity-policy.json');
      const squiggle = await workbench.waitForSquiggle('warning');
      assert.ok(await squiggle.isVisible(), 'squiggle not visible');
      const rows = await workbench.problems((rows) => rows.some((row) => row.includes(DECRYPT_RULE)));
      const row = rows.find((row) => row.includes(DECRYPT_RULE))!;
      assert.match(row, /keylens/, 'Problems entry shows the source');
      assert.match(row, /kms:Decrypt/, 'the message names the action');
      assert.match(row, /all KMS keys/, 'the message says why (all keys)');
      assert.match(row, /\[Ln 7, Col 18\]/, 'the entry points at "kms:Decrypt"');
      await workbench.screenshot('json-squiggle-problems');
    });
  });

  it('applies the quick fix from the lightbulb menu', async () => {
    await session.scenario('json-quickfix', async () => {
      const { workbench } = session;
      await workbench.openFile('app-identity-policy.json');
      await workbench.waitForSquiggle('warning');
      await workbench.goTo(7, 20);
      const labels = await workbench.openQuickFixMenu();
      assert.ok(labels.some((label) => label.includes('Remove kms:Decrypt')), `quick fixes: ${labels.join(' | ')}`);
      assert.ok(labels.some((label) => /Show documentation/.test(label)), `no documentation action: ${labels.join(' | ')}`);
      await workbench.screenshot('json-quickfix-menu', process.env.KEYLENS_E2E_README_SCREENSHOT || !existsSync(readmeShot) ? readmeShot : undefined);
      await workbench.applyQuickFix('Remove kms:Decrypt');
      const before = Date.now();
      await workbench.save();
      await waitForFileChange(session.file('app-identity-policy.json'), before);
      const text = session.read('app-identity-policy.json');
      assert.deepEqual(policyActions(text), [['kms:Encrypt', 'kms:GenerateDataKey']], `text after the fix:\n${text}`);
      await workbench.waitForNoSquiggle('warning');
      await workbench.problems((rows) => !rows.some((row) => row.includes('app-identity-policy.json')));
      await workbench.screenshot('json-quickfix-applied');
    });
  });

  it('checks a Terraform jsonencode policy in a .tf file and fixes it', async () => {
    await session.scenario('terraform-squiggle', async () => {
      const { workbench } = session;
      await workbench.openFile('main.tf');
      await workbench.waitForSquiggle('warning');
      const rows = await workbench.problems((rows) => rows.some((row) => row.includes(DECRYPT_RULE) && /\[Ln 8,/.test(row)));
      assert.ok(rows.some((row) => row.startsWith('main.tf')), `no main.tf group in Problems: ${rows.join('\n')}`);
      await workbench.goTo(8, 22);
      const labels = await workbench.openQuickFixMenu();
      await workbench.screenshot('terraform-quickfix-menu');
      assert.ok(labels.some((label) => label.includes('Remove kms:Decrypt')), `quick fixes: ${labels.join(' | ')}`);
      await workbench.applyQuickFix('Remove kms:Decrypt');
      const before = Date.now();
      await workbench.save();
      await waitForFileChange(session.file('main.tf'), before);
      const text = session.read('main.tf');
      assert.match(text, /Action\s*=\s*\[\s*"kms:Encrypt"\s*\]/, `text after the fix:\n${text}`);
      assert.doesNotMatch(text, /kms:Decrypt/, `text after the fix:\n${text}`);
      await workbench.waitForNoSquiggle('warning');
    });
  });

  it('fixes every problem with "Fix all KeyLens problems" from Source Action...', async () => {
    await session.scenario('fix-all-source-action', async () => {
      const { workbench } = session;
      await workbench.openFile('fix-all-policy.json');
      await workbench.waitForSquiggle('warning');
      await workbench.problems((rows) => rows.some((row) => row.includes('iam-unknown-action')) && rows.some((row) => row.includes(DECRYPT_RULE)));
      await workbench.runCommand('Source Action...');
      await workbench.page.locator('.action-widget .monaco-list-row.action').first().waitFor();
      await workbench.screenshot('fix-all-source-action-menu');
      await workbench.applyQuickFix('Fix all KeyLens problems');
      // Fix-all says what it changed.
      const summary = workbench.page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'KeyLens fixed 2 problems' }).first();
      await summary.waitFor({ timeout: 10_000 });
      assert.match(await summary.innerText(), /KeyLens fixed 2 problems: Remove kms:Decrypt from this statement; Replace with kms:ScheduleKeyDeletion\./);
      const before = Date.now();
      await workbench.save();
      await waitForFileChange(session.file('fix-all-policy.json'), before);
      const text = session.read('fix-all-policy.json');
      assert.deepEqual(policyActions(text), [['kms:Encrypt', 'kms:GenerateDataKey'], ['kms:DescribeKey'], ['kms:ScheduleKeyDeletion']], `text after fix all:\n${text}`);
      await workbench.problems((rows) => !rows.some((row) => row.includes('fix-all-policy.json')));
    });
  });

  it('fixes every problem with the palette command "KeyLens: Fix all problems in this file"', async () => {
    await session.scenario('fix-all-command', async () => {
      const { workbench } = session;
      // A second copy, so this does not depend on the previous scenario.
      copyFileSync(join(fixturesDir, 'workspace', 'fix-all-policy.json'), session.file('fix-all-command.json'));
      await workbench.openFile('fix-all-command.json');
      await workbench.waitForSquiggle('warning');
      await workbench.runCommand('KeyLens: Fix all problems in this file');
      await workbench.waitForNoSquiggle('warning');
      const before = Date.now();
      await workbench.save();
      await waitForFileChange(session.file('fix-all-command.json'), before);
      const text = session.read('fix-all-command.json');
      assert.deepEqual(policyActions(text), [['kms:Encrypt', 'kms:GenerateDataKey'], ['kms:DescribeKey'], ['kms:ScheduleKeyDeletion']], `text after fix all:\n${text}`);
    });
  });

  it('explains access to the key under the cursor', async () => {
    await session.scenario('explain-key', async () => {
      const { workbench } = session;
      const { page } = workbench;
      const key = 'arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      await workbench.hidePanel();
      await workbench.openFile('grants.json');
      await workbench.goTo(4, 40);
      await workbench.runCommand('KeyLens: Explain access for this key');
      // The report opens as a webview tab; an error shows as a notification instead: fail fast on it.
      const reportTab = page.locator(`.tabs-container .tab:has-text("${key.slice(-12)}")`).first();
      const error = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'KeyLens could not explain' }).first();
      await reportTab.or(error).waitFor({ timeout: 20_000 });
      if (await error.isVisible()) assert.fail(`explain showed an error: ${await error.innerText()}`);
      const report = await workbench.webviewText((text) => text.includes('KeyAdmin'));
      assert.match(report, /1234abcd-12ab-34cd-56ef-1234567890ab/, 'the report names the key');
      assert.match(report, /arn:aws:iam::111122223333:role\/KeyAdmin/, 'the key policy principal is listed');
      assert.match(report, /60f37ec4106eb161780bd5530a3564e62cb0935a831661372f93a7e8670299df|example-function/, 'the grant is listed');
      await workbench.screenshot('explain-key-report');
    });
  });
});
