// The display language switched to Japanese (code-server --locale ja): the workbench asks the
// extension host for `ja`, the client passes it to the language server, and the server's messages
// arrive in Japanese. No language pack is needed for KeyLens' own strings.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { missingForWorkbench, skipUnlessReady } from './support/tools';
import { openSession, type Session } from './support/session';

const skip = skipUnlessReady(missingForWorkbench());
const DECRYPT_RULE = 'kms-decrypt-in-identity-policy';
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('KeyLens in a Japanese workbench', { skip, timeout: 120_000 }, () => {
  let session: Session;

  before(async () => {
    session = await openSession({ locale: 'ja' });
  });

  after(async () => {
    await session?.close();
  });

  it('shows the finding in Japanese in Problems', async () => {
    await session.scenario('japanese-problems', async () => {
      const { workbench } = session;
      await workbench.openFile('app-identity-policy.json');
      await workbench.waitForSquiggle('warning');
      const rows = await workbench.problems((rows) => rows.some((row) => row.includes(DECRYPT_RULE)));
      const row = rows.find((row) => row.includes(DECRYPT_RULE))!;
      assert.match(row, japanese, `the message is not in Japanese: ${row}`);
      assert.match(row, /kms:Decrypt/, 'the message still names the action');
      assert.match(row, /keylens/, 'the source stays "keylens"');
      await workbench.screenshot('japanese-problems');
    });
  });

  it('offers the quick fix with a Japanese title', async () => {
    await session.scenario('japanese-quickfix', async () => {
      const { workbench } = session;
      await workbench.goTo(7, 20);
      const labels = await workbench.openQuickFixMenu();
      assert.ok(labels.length > 0);
      assert.ok(labels.every((label) => japanese.test(label)), `quick fix titles not in Japanese: ${labels.join(' | ')}`);
      await workbench.screenshot('japanese-quickfix-menu');
      await workbench.page.keyboard.press('Escape');
    });
  });
});
