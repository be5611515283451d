// A CloudFormation YAML template in a real VS Code workbench (code-server + Chromium): the squiggle
// and Problems entry, the quick fix from the lightbulb, the result on disk (the line gone, comments
// and layout kept), and the server's "Explain access" lens above the template's key.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { missingForWorkbench, skipUnlessReady } from './support/tools';
import { openSession, waitForFileChange, type Session } from './support/session';

const skip = skipUnlessReady(missingForWorkbench());
const DECRYPT_RULE = 'kms-decrypt-in-identity-policy';
const FILE = 'stack.yaml';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Description: app stack
Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: kms:*
            Resource: "*"
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: UseAnyKey   # every key of the account
            Effect: Allow
            Action:
              - kms:Encrypt
              - kms:Decrypt
            Resource: "*"
`;

describe('a CloudFormation YAML template in a real VS Code workbench', { skip, timeout: 180_000 }, () => {
  let session: Session;

  before(async () => {
    session = await openSession();
    // Written after the workbench is up (the shared fixture workspace stays as the other tests expect it).
    writeFileSync(session.file(FILE), TEMPLATE);
  });

  /** Opens the file through Quick Open (file search finds it on disk; the explorer may not have refreshed). */
  async function openTemplate(): Promise<void> {
    const { page } = session.workbench;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(FILE);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab.active[aria-label*="${FILE}"]`).first().waitFor();
    const lines = page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
    await lines.waitFor();
    await lines.click({ position: { x: 5, y: 5 } });
  }

  after(async () => {
    await session?.close();
  });

  it('shows the squiggle and Problems entry on kms:Decrypt, applies the quick fix, and saves valid YAML', async () => {
    await session.scenario('yaml-template-quickfix', async () => {
      const { workbench } = session;
      await openTemplate();
      const squiggle = await workbench.waitForSquiggle('warning');
      assert.ok(await squiggle.isVisible(), 'squiggle not visible');
      const rows = await workbench.problems((rows) => rows.some((row) => row.includes(DECRYPT_RULE)));
      const row = rows.find((row) => row.includes(DECRYPT_RULE))!;
      assert.match(row, /keylens/, 'Problems entry shows the source');
      assert.match(row, /all KMS keys/, 'the message says why');
      assert.match(row, /\[Ln 24, Col 17\]/, 'the entry points at kms:Decrypt');
      await workbench.screenshot('yaml-template-squiggle');

      await workbench.goTo(24, 20);
      const labels = await workbench.openQuickFixMenu();
      assert.ok(labels.some((label) => label.includes('Remove kms:Decrypt')), `quick fixes: ${labels.join(' | ')}`);
      await workbench.screenshot('yaml-template-quickfix-menu');
      await workbench.applyQuickFix('Remove kms:Decrypt');
      const before = Date.now();
      await workbench.save();
      await waitForFileChange(session.file(FILE), before);
      assert.equal(session.read(FILE), TEMPLATE.replace('              - kms:Decrypt\n', ''), 'only the kms:Decrypt line is gone');
      await workbench.waitForNoSquiggle('warning');
      await workbench.problems((rows) => !rows.some((row) => row.includes(FILE)));
      await workbench.screenshot('yaml-template-fixed');
    });
  });

  it('puts the "Explain access" lens above the AWS::KMS::Key resource', async () => {
    await session.scenario('yaml-template-lens', async () => {
      const { page } = session.workbench;
      await session.workbench.goTo(1, 1);
      const lens = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: 'Explain access' }).first();
      await lens.waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: 'Explain access' }).count(), 1);
      await session.workbench.screenshot('yaml-template-lens');
    });
  });
});
