// Additions for restart.test.ts and untrusted.test.ts, built on the exported pieces of the other
// support files: finding this code-server's KeyLens language server process, notifications, and a
// scenario wrapper for sessions not made by openSession().
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CodeServer } from './codeServer';
import type { Workbench } from './workbench';

/** The folder codeServer.ts installs extensions into, next to the user data folder. */
export function extensionsDirOf(server: CodeServer): string {
  return join(dirname(server.userDataDir), 'extensions');
}

/** Absolute path of dist/server/server.js of the KeyLens extension installed for `server`. */
export function installedServerModule(server: CodeServer): string {
  const dir = extensionsDirOf(server);
  const candidates = readdirSync(dir)
    .filter((name) => /^keylens\.keylens-/i.test(name))
    .map((name) => join(dir, name, 'dist', 'server', 'server.js'))
    .filter((path) => existsSync(path));
  if (candidates.length !== 1) throw new Error(`expected one installed KeyLens in ${dir}, found: ${candidates.join(', ') || '(none)'}`);
  return candidates[0]!;
}

/**
 * Pids of the processes whose command line runs exactly `module` (an argument equal to the path,
 * not merely containing it), read from /proc. The module lives in this test's own temporary
 * extensions folder, so no other code-server's (or person's) language server can match.
 */
export function processesRunning(module: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile, or not ours to read
    }
    if (argv.includes(module)) pids.push(Number(name));
  }
  return pids;
}

/** Waits until exactly one process runs `module` and, if given, it is not `notPid`; returns its pid. */
export async function waitForSingleProcess(module: string, options: { notPid?: number; timeoutMs?: number } = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let pids: number[] = [];
  while (Date.now() < deadline) {
    pids = processesRunning(module).filter((pid) => pid !== options.notPid);
    const all = processesRunning(module);
    if (pids.length === 1 && all.length === 1) return pids[0]!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no single new process running ${module} within ${timeoutMs} ms (other than ${options.notPid ?? '-'}): ${processesRunning(module).join(', ') || '(none)'}`);
}

/** Waits until process `pid` is gone (a SIGKILLed child stays a zombie until its parent reaps it: counts as gone). */
export async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let state = '';
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)\s+/, '').charAt(0);
    } catch {
      return;
    }
    if (state === 'Z' || state === 'X') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
}

/** Notification center entries (all notifications, shown as toasts or not), opened if needed. */
export async function notificationCenter(workbench: Workbench): Promise<string[]> {
  const { page } = workbench;
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) {
    await workbench.runCommand('Notifications: Show Notifications');
    await center.waitFor();
  }
  return (await center.locator('.notification-list-item-message').allInnerTexts()).map((text) => text.trim());
}

/** Clears every notification (toasts and the center) and hides the center. */
export async function clearNotifications(workbench: Workbench): Promise<void> {
  const { page } = workbench;
  await workbench.runCommand('Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  if (await page.locator('.notifications-center').isVisible()) await workbench.runCommand('Notifications: Hide Notifications');
}

/**
 * Runs one scenario step as Session.scenario does (a `<name>-failure.png` screenshot, the visible
 * notifications and, with KEYLENS_E2E_LOGS or CI, the logs added to the error), for sessions not
 * made by openSession().
 */
export async function scenario(server: CodeServer, workbench: Workbench, name: string, body: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  try {
    await body();
    console.log(`# ${name}: ${Date.now() - t0} ms`);
  } catch (error) {
    const shot = await workbench.screenshot(`${name}-failure`).catch(() => '(no screenshot)');
    const notifications = await workbench.notifications().catch(() => []);
    throw new Error(
      [
        `${name}: ${(error as Error).message}`,
        `screenshot: ${shot}`,
        `notifications: ${notifications.length ? notifications.join(' | ') : '(none)'}`,
        process.env.KEYLENS_E2E_LOGS || process.env.CI ? `--- code-server and extension host logs ---\n${server.logs()}` : 'set KEYLENS_E2E_LOGS=1 for the code-server and extension host logs',
      ].join('\n'),
      { cause: error },
    );
  }
}
