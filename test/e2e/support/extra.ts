// Additions for restart.test.ts and untrusted.test.ts, built on the exported pieces of the other
// support files: finding this code-server's KeyLens language server process, notifications, and a
// scenario wrapper for sessions not made by openSession().
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startKmsEndpoint, type KmsEndpoint } from '../../support/kmsEndpoint';
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

/** The key both live-explain scenarios look up: the e2e workspace's key, as the test endpoint serves it. */
export const LIVE_KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const LIVE_KEY_ARN = `arn:aws:kms:ap-northeast-1:111122223333:key/${LIVE_KEY_ID}`;

/** A local KMS endpoint serving that key with a root-delegation policy and no grants. */
export function startLiveKeyEndpoint(): Promise<KmsEndpoint> {
  return startKmsEndpoint({
    keys: [{
      metadata: { KeyId: LIVE_KEY_ID, Arn: LIVE_KEY_ARN, AWSAccountId: '111122223333', KeyManager: 'CUSTOMER', KeyState: 'Enabled', Description: 'live key from the test endpoint' },
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'LiveRoot', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }),
      grants: [],
    }],
  });
}

/**
 * Throwaway AWS credentials and config files (never the machine's) with one profile, so the SDK in
 * the extension host has something to sign with; code-server clears the credential variables.
 */
export function writeTestAwsProfile(profile = 'default'): { dir: string; env: { AWS_SHARED_CREDENTIALS_FILE: string; AWS_CONFIG_FILE: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'keylens-e2e-aws-'));
  writeFileSync(join(dir, 'credentials'), `[${profile}]\naws_access_key_id = AKIAKEYLENSE2ETEST00\naws_secret_access_key = keylens-e2e-not-a-secret\n`);
  writeFileSync(join(dir, 'config'), `[${profile === 'default' ? 'default' : `profile ${profile}`}]\nregion = ap-northeast-1\n`);
  return { dir, env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') } };
}
