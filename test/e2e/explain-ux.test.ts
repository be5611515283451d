// "Explain access for this key" as a person uses it in a real VS Code workbench (code-server +
// Chromium): the "Explain access" CodeLens, the pick list of workspace keys, and the report's
// "Fetch live data from AWS" with its modal consent, against the local KMS test endpoint.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { missingForWorkbench, skipUnlessReady } from './support/tools';
import { openSession, type Session } from './support/session';
import { LIVE_KEY_ARN, LIVE_KEY_ID, startLiveKeyEndpoint, writeTestAwsProfile } from './support/extra';
import type { KmsEndpoint } from '../support/kmsEndpoint';

const skip = skipUnlessReady(missingForWorkbench());
const KEY_ID = LIVE_KEY_ID;
const KEY_ARN = LIVE_KEY_ARN;
const PROFILE = 'keylens-e2e';

describe('Explain access: CodeLens, workspace keys and live consent in a real workbench', { skip, timeout: 240_000 }, () => {
  let session: Session;
  let endpoint: KmsEndpoint;
  let awsDir: string;
  const savedEnv = { credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };

  before(async () => {
    endpoint = await startLiveKeyEndpoint();
    const profile = writeTestAwsProfile(PROFILE);
    awsDir = profile.dir;
    Object.assign(process.env, profile.env);
    session = await openSession({ settings: { 'keylens.aws.profile': PROFILE, 'keylens.aws.endpointUrl': endpoint.url } });
  });

  after(async () => {
    await session?.close();
    await endpoint?.close();
    for (const [name, value] of [['AWS_SHARED_CREDENTIALS_FILE', savedEnv.credentials], ['AWS_CONFIG_FILE', savedEnv.config]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
  });

  /** The inner frame of the report webview, once its text satisfies `predicate`. */
  async function reportFrame(predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<{ frame: Frame; text: string }> {
    const { page } = session.workbench;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const text = await frame.locator('body').innerText({ timeout: 500 }).catch(() => '');
        if (text && predicate(text)) return { frame, text };
      }
      await page.waitForTimeout(200);
    }
    throw new Error(`no report webview matched within ${timeoutMs} ms`);
  }

  it('offers the keys of the workspace when nothing is under the cursor', async () => {
    await session.scenario('explain-pick-key', async () => {
      const { workbench } = session;
      const { page } = workbench;
      await workbench.openFile('main.tf');
      await workbench.goTo(1, 1);
      await workbench.runCommand('KeyLens: Explain access for this key').catch(() => undefined); // the pick list keeps the quick input open
      const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      await rows.filter({ hasText: KEY_ID }).first().waitFor({ timeout: 20_000 });
      const texts = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      assert.ok(texts.some((text) => text.includes('Enter a key ARN, key id or alias')), `rows: ${texts.join(' | ')}`);
      assert.ok(texts.some((text) => text.includes(KEY_ID) && /key policy/.test(text)), `rows: ${texts.join(' | ')}`);
      await workbench.screenshot('explain-pick-key');
      await page.locator('.quick-input-widget .quick-input-box input').fill(KEY_ID.slice(0, 8));
      // The filter puts the matching key first ("Enter a key ARN…" is always shown, after it).
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: KEY_ID }).waitFor();
      await page.keyboard.press('Enter');
      const { text } = await reportFrame((text) => text.includes('KeyAdmin'));
      assert.match(text, /Fetch live data from AWS/, 'a workspace report offers the live look-up');
      assert.deepEqual(endpoint.requests, [], 'nothing live before the user agrees');
    });
  });

  it('shows "Explain access" above a key ARN in JSON and YAML; the lens opens the report', async () => {
    await session.scenario('explain-codelens', async () => {
      const { workbench } = session;
      const { page } = workbench;
      writeFileSync(session.file('stack.yaml'), `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: ${KEY_ARN}\n`);
      await workbench.openFile('stack.yaml');
      const yamlLens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Explain access' }).first();
      await yamlLens.waitFor({ timeout: 20_000 });
      await workbench.openFile('grants.json');
      const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Explain access' }).first();
      await lens.waitFor({ timeout: 20_000 });
      await workbench.screenshot('explain-codelens');
      await lens.click();
      const { text } = await reportFrame((text) => text.includes(KEY_ID) && text.includes('KeyAdmin'));
      assert.match(text, /workspace/, 'the report says where it came from');
    });
  });

  it('"Fetch live data from AWS" asks once, names the read-only calls, then reads the key live', async () => {
    await session.scenario('explain-fetch-live', async () => {
      const { workbench } = session;
      const { page } = workbench;
      // Report panels from the earlier scenarios may be replaced while we look: find the frame again
      // if the one found is detached before the click lands.
      for (let attempt = 1; ; attempt++) {
        const { frame } = await reportFrame((text) => text.includes('Fetch live data from AWS'));
        try {
          await frame.locator('#fetch-live').click({ timeout: 5_000 });
          break;
        } catch (error) {
          if (attempt >= 4 || !/detached/i.test(String(error))) throw error;
        }
      }
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 10_000 });
      const dialogText = (await dialog.innerText()).replace(/\s+/g, ' ');
      await workbench.screenshot('explain-fetch-live-consent');
      assert.match(dialogText, /DescribeKey, GetKeyPolicy, ListGrants and ListAliases/);
      assert.match(dialogText, new RegExp(`Profile: ${PROFILE}\\. Region: ap-northeast-1\\.`));
      assert.match(dialogText, new RegExp(`Endpoint: ${endpoint.url.replace(/[.]/g, '\\.')}`));
      await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Fetch live data$/ }).click();
      const { text } = await reportFrame((text) => text.includes('live key from the test endpoint'), 30_000);
      assert.doesNotMatch(text, /Fetch live data from AWS/, 'a live report offers no live action');
      assert.match(text, /Key policy from\s+live/);
      assert.deepEqual(endpoint.operations(), ['DescribeKey', 'GetKeyPolicy', 'ListAliases', 'ListGrants'], 'read-only calls only');
      const settings = JSON.parse(readFileSync(session.file('.vscode/settings.json'), 'utf8'));
      assert.equal(settings['keylens.live.enabled'], true, 'turned on in the workspace settings');
      await workbench.screenshot('explain-fetch-live-report');
    });
  });
});
