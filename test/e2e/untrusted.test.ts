// KeyLens in an UNTRUSTED folder (restricted mode) of a real VS Code workbench (code-server with
// workspace trust on + Chromium): diagnostics still work (limited support), and "Explain access
// for this key" never goes live although the workspace settings ask for it
// (`keylens.live.enabled: true`, `keylens.aws.endpointUrl` at the local KMS test endpoint, which
// records every request). Last, the folder is trusted and the same command does reach the endpoint:
// proof that the zero-request check was not vacuous (credentials, endpoint and settings all work).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { missingForWorkbench, skipUnlessReady } from './support/tools';
import { launchWorkbench, type Workbench } from './support/workbench';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { scenario } from './support/session';
import { LIVE_KEY_ID, startLiveKeyEndpoint, writeTestAwsProfile } from './support/extra';
import type { KmsEndpoint } from '../support/kmsEndpoint';

const skip = skipUnlessReady(missingForWorkbench());
const KEY_ID = LIVE_KEY_ID;
const DECRYPT_RULE = 'kms-decrypt-in-identity-policy';

describe('KeyLens in an untrusted folder (restricted mode) of a real workbench', { skip, timeout: 180_000 }, () => {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let endpoint: KmsEndpoint;
  let awsDir: string;
  const step = (name: string, body: () => Promise<void>) => scenario(server!, workbench!, name, body);

  before(async () => {
    const started = Date.now();
    endpoint = await startLiveKeyEndpoint();
    // Credentials the SDK could sign with (temporary files, never the machine's), so that only
    // the trust check stands between the command and the endpoint.
    const profile = writeTestAwsProfile();
    awsDir = profile.dir;
    const live = { 'keylens.live.enabled': true, 'keylens.aws.endpointUrl': endpoint.url, 'keylens.aws.region': 'ap-northeast-1' };
    server = await startCodeServer({
      workspaceTrust: true,
      // The folder's settings ask for live look-ups. VS Code itself ignores these workspace values
      // in restricted mode (the extension lists them in restrictedConfigurations), so the same
      // values go into the USER settings as well (a user who turned live on for themselves): then
      // only KeyLens' own trust check stands between the command and the endpoint.
      workspaceSettings: live,
      settings: live,
      env: profile.env,
    });
    try {
      workbench = await launchWorkbench(server.url);
      await workbench.openFolder(server.workspace);
    } catch (error) {
      await workbench?.close();
      await server.stop();
      server = undefined;
      throw new Error(`workbench did not load: ${(error as Error).message}`);
    }
    console.log(`# untrusted workbench ready in ${Date.now() - started} ms (package+install ${server.timings.install}, code-server ${server.timings.start})`);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    await endpoint?.close();
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
  });

  /** The inner frame of the report webview, once its text satisfies `predicate`. */
  async function reportFrame(predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<{ frame: Frame; text: string }> {
    const { page } = workbench!;
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = [];
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const text = await frame.locator('body').innerText({ timeout: 500 }).catch(() => '');
        if (text) seen.push(text.slice(0, 300));
        if (text && predicate(text)) return { frame, text };
      }
      await page.waitForTimeout(200);
    }
    throw new Error(`no report webview matched within ${timeoutMs} ms; frames seen:\n${seen.join('\n---\n') || '(none with text)'}`);
  }

  /** Runs the palette command on the key ARN in grants.json; fails fast on a KeyLens error toast. */
  async function explainKeyInGrants(): Promise<void> {
    const { page } = workbench!;
    await workbench!.hidePanel();
    await workbench!.openFile('grants.json');
    await workbench!.goTo(4, 40);
    await workbench!.runCommand('KeyLens: Explain access for this key');
    const reportTab = page.locator(`.tabs-container .tab:has-text("${KEY_ID.slice(-12)}")`).first();
    // (not the "KeyLens: reading … from AWS" progress toast of a live look-up)
    const error = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /KeyLens could not|KeyLens language server/ }).first();
    await reportTab.or(error).waitFor({ timeout: 20_000 });
    if (await error.isVisible()) assert.fail(`explain showed an error: ${await error.innerText()}`);
  }

  it('keeps the folder in restricted mode when the user answers "No, I don\'t trust the authors"', async () => {
    await step('untrusted-dialog', async () => {
      const { page } = workbench!;
      const dialog = page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors' });
      await dialog.waitFor({ timeout: 30_000 });
      await workbench!.screenshot('untrusted-trust-dialog');
      await dialog.locator('.dialog-buttons .monaco-button', { hasText: "No, I don't trust the authors" }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 10_000 });
    });
  });

  it('still shows diagnostics in restricted mode (limited support)', async () => {
    await step('untrusted-diagnostics', async () => {
      await workbench!.openFile('app-identity-policy.json');
      await workbench!.waitForSquiggle('warning');
      const rows = await workbench!.problems((rows) => rows.some((row) => row.includes(DECRYPT_RULE)));
      assert.ok(rows.some((row) => row.includes(DECRYPT_RULE) && /\[Ln 7, Col 18\]/.test(row)), `Problems rows:\n${rows.join('\n')}`);
      await workbench!.screenshot('untrusted-diagnostics');
    });
  });

  it('explains a key from the workspace only: no "Fetch live data" button, zero requests to the endpoint', async () => {
    await step('untrusted-explain', async () => {
      await explainKeyInGrants();
      const { frame, text } = await reportFrame((text) => text.includes(KEY_ID) && /Key policy from/.test(text));
      await workbench!.screenshot('untrusted-explain-report');
      assert.match(text, /Key policy from\s+workspace/, `the report comes from the workspace:\n${text.slice(0, 600)}`);
      assert.match(text, /arn:aws:iam::111122223333:role\/KeyAdmin/, 'the workspace key policy principal is listed');
      assert.doesNotMatch(text, /Fetch live data/, 'no live action offered in an untrusted folder');
      assert.equal(await frame.locator('#fetch-live').count(), 0, 'no #fetch-live button in the page');
      assert.equal(await workbench!.page.locator('.notifications-toasts', { hasText: 'from AWS' }).count(), 0, 'no "reading … from AWS" progress');
      // Give a stray background call time to arrive before counting.
      await workbench!.page.waitForTimeout(1500);
      assert.deepEqual(endpoint.requests.map((r) => r.operation), [], 'the KMS test endpoint received no request');
    });
  });

  it('control: once the folder is trusted, the same settings do reach the endpoint', async () => {
    await step('untrusted-then-trusted', async () => {
      const { page } = workbench!;
      await workbench!.runCommand('Workspaces: Manage Workspace Trust');
      const trustButton = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
      await trustButton.waitFor({ timeout: 15_000 });
      await trustButton.click();
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'detached', timeout: 10_000 });
      await explainKeyInGrants();
      const { text } = await reportFrame((text) => text.includes('live key from the test endpoint'), 30_000);
      assert.match(text, /Key policy from\s+live/);
      assert.deepEqual(endpoint.operations(), ['DescribeKey', 'GetKeyPolicy', 'ListAliases', 'ListGrants'], 'trusted: the four read-only calls');
    });
  });
});
