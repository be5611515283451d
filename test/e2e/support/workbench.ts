// Drives the code-server workbench in Debian's Chromium through playwright-core, the way a person
// would: explorer clicks, keyboard shortcuts, the command palette, the quick fix menu.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { artifactsDir, chromiumPath } from './tools';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Workbench {
  page: Page;
  /** Opens `folder` in the workbench and waits until the explorer shows it. */
  openFolder(folder: string): Promise<void>;
  /** Opens a file by clicking it in the explorer (top-level files only). */
  openFile(name: string): Promise<void>;
  /** Waits for a squiggle of the given kind in the active editor. */
  waitForSquiggle(kind?: 'warning' | 'error' | 'info', timeoutMs?: number): Promise<Locator>;
  /** Waits until the active editor shows no squiggle of the given kind. */
  waitForNoSquiggle(kind?: 'warning' | 'error' | 'info', timeoutMs?: number): Promise<void>;
  /** Texts of the notification toasts currently shown. */
  notifications(): Promise<string[]>;
  /** Opens the Problems panel and returns the text of each row once `predicate` holds. */
  problems(predicate?: (rows: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  /** Hides the bottom panel (Problems, Output, ...) if it is shown. */
  hidePanel(): Promise<void>;
  /** Runs a command from the palette (F1) by its label. */
  runCommand(label: string): Promise<void>;
  /** Moves the cursor to a 1-based line and column with "Go to Line/Column". */
  goTo(line: number, column: number): Promise<void>;
  /** Opens the quick fix menu (Ctrl+.) at the cursor and returns the labels of its actions. */
  openQuickFixMenu(): Promise<string[]>;
  /** Applies the quick fix menu's action whose label contains `label`, with the keyboard. */
  applyQuickFix(label: string | RegExp): Promise<void>;
  /** Text of the first webview (e.g. a report panel) whose content satisfies `predicate`. */
  webviewText(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Saves the active editor (Ctrl+S). */
  save(): Promise<void>;
  screenshot(name: string, also?: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchWorkbench(baseUrl: string): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpdir(), 'keylens-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 800 },
      timeout: 30_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  const workbench: Workbench = {
    page,

    async openFolder(folder) {
      await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`);
      // Generous: on a loaded 2-CPU machine the first load has taken 20 s.
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    },

    async openFile(name) {
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"], .explorer-folders-view .monaco-list-row:has(.label-name:text-is("${name}"))`).first();
      await row.click();
      await page.locator(`.tabs-container .tab.active[aria-label*="${name}"], .tabs-container .tab.active:has-text("${name}")`).first().waitFor();
      // The editor of the active group: with a report open beside it, other (hidden) editors stay in
      // the DOM, and clicking one of those hits whatever covers it.
      const lines = page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
      await lines.waitFor();
      // Keyboard input goes to the editor, not the explorer.
      await lines.click({ position: { x: 5, y: 5 } });
    },

    async waitForSquiggle(kind = 'warning', timeoutMs = 30_000) {
      const squiggle = page.locator(`.editor-instance .monaco-editor .squiggly-${kind}`).first();
      await squiggle.waitFor({ state: 'attached', timeout: timeoutMs });
      return squiggle;
    },

    async waitForNoSquiggle(kind = 'warning', timeoutMs = 10_000) {
      const squiggles = page.locator(`.editor-instance .monaco-editor .squiggly-${kind}`);
      const deadline = Date.now() + timeoutMs;
      while ((await squiggles.count()) > 0) {
        if (Date.now() > deadline) throw new Error(`${kind} squiggles still shown after ${timeoutMs} ms`);
        await page.waitForTimeout(100);
      }
    },

    async notifications() {
      return (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).map((text) => text.trim());
    },

    async problems(predicate = (rows) => rows.length > 0, timeoutMs = 15_000) {
      const panel = page.locator('.markers-panel');
      if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
      await panel.waitFor();
      const deadline = Date.now() + timeoutMs;
      let rows: string[] = [];
      while (Date.now() < deadline) {
        rows = (await panel.locator('.monaco-list-row').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
        if (predicate(rows)) return rows;
        await page.waitForTimeout(200);
      }
      throw new Error(`Problems panel never matched; last rows:\n${rows.join('\n') || '(none)'}`);
    },

    async hidePanel() {
      const panel = page.locator('.part.panel.bottom');
      if (await panel.isVisible()) {
        await page.keyboard.press('Control+J');
        await panel.waitFor({ state: 'hidden' });
      }
    },

    async runCommand(label) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor();
      await input.fill(`>${label}`);
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
      await row.waitFor();
      // The first row is the best match; make sure it is the one we mean before pressing Enter.
      const focused = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
      const text = (await focused.innerText()).replace(/\s+/g, ' ');
      if (!text.includes(label)) throw new Error(`palette would run "${text}", not "${label}"`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    },

    async goTo(line, column) {
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor();
      await input.fill(`:${line}:${column}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    },

    async openQuickFixMenu() {
      const menu = page.locator('.action-widget');
      // Code actions can arrive a little after the diagnostics; retry while the menu is empty.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        await page.keyboard.press('Control+.');
        const shown = await menu.locator('.monaco-list-row.action').first().waitFor({ timeout: 3000 }).then(() => true, () => false);
        if (shown) {
          return (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((text) => text.trim());
        }
        await page.keyboard.press('Escape');
      }
      throw new Error('the quick fix menu never showed an action');
    },

    async applyQuickFix(label) {
      const menu = page.locator('.action-widget');
      const rows = menu.locator('.monaco-list-row.action');
      const texts = (await rows.allInnerTexts()).map((text) => text.trim());
      const index = texts.findIndex((text) => (typeof label === 'string' ? text.includes(label) : label.test(text)));
      if (index < 0) throw new Error(`no quick fix matching ${label} in: ${texts.join(' | ')}`);
      // A mouse click in the action widget is intercepted; move the focus with the keyboard.
      for (let step = 0; step < 50; step++) {
        const focused = (await menu.locator('.monaco-list-row.action.focused').allInnerTexts())[0]?.trim();
        if (focused === texts[index]) break;
        await page.keyboard.press('ArrowDown');
      }
      const focused = (await menu.locator('.monaco-list-row.action.focused').allInnerTexts())[0]?.trim();
      if (focused !== texts[index]) throw new Error(`could not focus quick fix "${texts[index]}" (focused: ${focused})`);
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden' });
    },

    async webviewText(predicate, timeoutMs = 20_000) {
      // A webview is an iframe holding another iframe with the extension's HTML.
      const deadline = Date.now() + timeoutMs;
      let seen: string[] = [];
      while (Date.now() < deadline) {
        seen = [];
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) continue;
          const text = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
          if (!text) continue;
          seen.push(text.slice(0, 200));
          if (predicate(text)) return text;
        }
        await page.waitForTimeout(200);
      }
      throw new Error(`no webview matched within ${timeoutMs} ms; frames seen:\n${seen.join('\n---\n') || '(none with text)'}`);
    },

    async save() {
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    },

    async screenshot(name, also) {
      mkdirSync(artifactsDir, { recursive: true });
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path });
      if (also) {
        mkdirSync(join(also, '..'), { recursive: true });
        await page.screenshot({ path: also });
      }
      return path;
    },

    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return workbench;
}
