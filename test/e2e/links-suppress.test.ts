// In a real VS Code workbench (code-server + Chromium): a diagnostic's rule link opens the rule page
// bundled in the extension (the extension's own URI handler, no website), and "Suppress on this
// line" writes the keylens-ignore comment, after which the warning is gone.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { missingForWorkbench, skipUnlessReady } from './support/tools';
import { openSession, waitForFileChange, type Session } from './support/session';

const skip = skipUnlessReady(missingForWorkbench());
const DECRYPT_RULE = 'kms-decrypt-in-identity-policy';

describe('rule links and suppressions in a real VS Code workbench', { skip, timeout: 180_000 }, () => {
  let session: Session;

  before(async () => {
    session = await openSession();
  });

  after(async () => {
    await session?.close();
  });

  it('the rule link in the hover opens the bundled rule page', async () => {
    await session.scenario('docs-link', async () => {
      const { workbench } = session;
      const { page } = workbench;
      await workbench.openFile('main.tf');
      await workbench.waitForSquiggle('warning');
      // "Show or Focus Hover" at the finding (the squiggle itself sits under the text layer).
      await workbench.goTo(8, 22);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const link = page.locator('.monaco-hover a.code-link', { hasText: DECRYPT_RULE }).first();
      await link.waitFor({ timeout: 15_000 });
      const href = (await link.getAttribute('href')) ?? '';
      assert.match(href, new RegExp(`^[a-z-]+://keylens\\.keylens/docs/${DECRYPT_RULE}$`), `the link is the extension's own URI: ${href}`);
      await link.click();
      const preview = page.locator(`.tabs-container .tab:has-text("${DECRYPT_RULE}.md")`).first();
      await preview.waitFor({ timeout: 15_000 });
      assert.match((await preview.innerText()).replace(/\s+/g, ' '), /Preview/, 'the page opens as a Markdown preview');
      const shown = await workbench.webviewText((text) => text.includes('What it catches'));
      assert.ok(shown.includes(DECRYPT_RULE), 'the preview shows the rule page');
      await workbench.screenshot('docs-link-preview');
      await preview.click();
      await page.keyboard.press('Control+W');
      await preview.waitFor({ state: 'detached' });
    });
  });

  it('"Suppress on this line" writes the comment; the warning is gone', async () => {
    await session.scenario('suppress-line', async () => {
      const { workbench } = session;
      await workbench.openFile('main.tf');
      await workbench.waitForSquiggle('warning');
      await workbench.goTo(8, 22);
      const labels = await workbench.openQuickFixMenu();
      assert.ok(labels.some((label) => label.includes(`Suppress ${DECRYPT_RULE} on this line`)), `quick fixes: ${labels.join(' | ')}`);
      await workbench.applyQuickFix(`Suppress ${DECRYPT_RULE} on this line`);
      const before = Date.now();
      await workbench.save();
      await waitForFileChange(session.file('main.tf'), before);
      const text = session.read('main.tf');
      assert.match(text, /\n {8}# keylens-ignore-next-line kms-decrypt-in-identity-policy -- reason it is accepted\n {8}Action {3}= \["kms:Decrypt", "kms:Encrypt"\]\n/, `text after the fix:\n${text}`);
      await workbench.waitForNoSquiggle('warning');
      await workbench.problems((rows) => !rows.some((row) => row.includes(DECRYPT_RULE) && row.startsWith('main.tf')));
      await workbench.screenshot('suppress-line-applied');
    });
  });
});
