// The language server dies (SIGKILL) under a real VS Code workbench (code-server + Chromium): the
// client restarts it, tells the user once, and diagnostics keep coming — also after a second death,
// which brings no second notification (issue 6, item 5).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { missingForWorkbench, skipUnlessReady } from './support/tools';
import { openSession, type Session } from './support/session';
import { clearNotifications, installedServerModule, notificationCenter, processesRunning, waitForExit, waitForSingleProcess } from './support/extra';

const skip = skipUnlessReady(missingForWorkbench());
const RESTARTED = 'The KeyLens language server stopped unexpectedly and was restarted.';
const DECRYPT_RULE = 'kms-decrypt-in-identity-policy';
const UNKNOWN_ACTION = 'iam-unknown-action';
// app-identity-policy.json, line 7:
//       "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
// "kms:Decrypt" starts at column 18, "kms:Encrypt" at 33 (its closing quote at 45).
const LINE = 7;

describe('KeyLens language server restart in a real workbench (code-server + Chromium)', { skip, timeout: 180_000 }, () => {
  let session: Session;
  /** dist/server/server.js inside THIS code-server's temporary extensions folder. */
  let serverModule: string;

  before(async () => {
    session = await openSession();
    serverModule = installedServerModule(session.server);
  });

  after(async () => {
    await session?.close();
  });

  /** SIGKILLs the one language server of this code-server; returns its pid once it is gone. */
  async function killLanguageServer(): Promise<number> {
    const pid = await waitForSingleProcess(serverModule);
    // Re-read just before the kill: the pid must still be running exactly our server module.
    assert.deepEqual(processesRunning(serverModule), [pid], `the language server of this code-server (${serverModule})`);
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid);
    return pid;
  }

  /** Texts of the restart warning among the toasts shown now. */
  async function restartToasts(): Promise<string[]> {
    return (await session.workbench.notifications()).filter((text) => text.includes(RESTARTED));
  }

  /** Types `text` at a 1-based position of the active editor (the Problems panel hidden first). */
  async function typeAt(line: number, column: number, text: string): Promise<void> {
    const { workbench } = session;
    await workbench.hidePanel();
    await workbench.goTo(line, column);
    await workbench.page.keyboard.type(text);
  }

  it('shows the squiggle, then restarts a killed server, tells the user once, and diagnostics come back', async () => {
    await session.scenario('restart-first-kill', async () => {
      const { workbench } = session;
      const { page } = workbench;
      await workbench.openFile('app-identity-policy.json');
      await workbench.waitForSquiggle('warning');
      await workbench.problems((rows) => rows.some((row) => row.includes(DECRYPT_RULE)));
      assert.deepEqual(await restartToasts(), [], 'no restart notice before anything happened');

      const killed = await killLanguageServer();
      const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: RESTARTED });
      await toast.first().waitFor({ timeout: 15_000 });
      const restarted = await waitForSingleProcess(serverModule, { notPid: killed });
      assert.notEqual(restarted, killed);
      await workbench.screenshot('restart-notice');
      // A repeated identical notification replaces the earlier one in VS Code's model, so the
      // toasts and the center show at most one either way; the second kill below (after clearing)
      // is what proves "once". Here: exactly one, and it is a warning.
      await page.waitForTimeout(1000);
      assert.deepEqual(await restartToasts(), [RESTARTED], 'exactly one restart notice');
      const severity = page.locator('.notifications-toasts .notification-list-item', { hasText: RESTARTED }).locator('.codicon-warning, .codicon-notifications-warning');
      assert.equal(await severity.count(), 1, 'the notice is a warning');

      // A new mistake only the restarted server can have seen: "kms:Encrypt" -> "kms:Encryptx".
      await typeAt(LINE, 45, 'x');
      const rows = await workbench.problems((rows) => rows.some((row) => row.includes(UNKNOWN_ACTION) && row.includes(`[Ln ${LINE}, Col 33]`)), 20_000);
      assert.ok(rows.some((row) => row.includes(DECRYPT_RULE)), `the earlier finding is reported again:\n${rows.join('\n')}`);
      await workbench.waitForSquiggle('warning');
      await workbench.screenshot('restart-diagnostics-back');
      assert.deepEqual(processesRunning(serverModule), [restarted], 'still the one restarted server');
    });
  });

  it('restarts a second time without a second notification; diagnostics still come back', async () => {
    await session.scenario('restart-second-kill', async () => {
      const { workbench } = session;
      await clearNotifications(workbench);
      assert.deepEqual(await notificationCenter(workbench), [], 'notifications cleared');
      await workbench.page.keyboard.press('Escape');

      const killed = await killLanguageServer();
      const restarted = await waitForSingleProcess(serverModule, { notPid: killed });
      // A second new mistake: "kms:GenerateDataKey" (now from column 49, closing quote at 69).
      await typeAt(LINE, 69, 'x');
      await workbench.problems((rows) => rows.some((row) => row.includes(UNKNOWN_ACTION) && row.includes(`[Ln ${LINE}, Col 49]`)), 20_000);
      await workbench.waitForSquiggle('warning');
      // The client's close handler ran long before the server answered; allow a late toast anyway.
      await workbench.page.waitForTimeout(1500);
      assert.deepEqual(await restartToasts(), [], 'no second restart toast');
      assert.deepEqual((await notificationCenter(workbench)).filter((text) => text.includes(RESTARTED)), [], 'no second restart notice in the notification center');
      await workbench.screenshot('restart-second-kill');
      assert.deepEqual(processesRunning(serverModule), [restarted], 'still the one restarted server');
    });
  });
});
