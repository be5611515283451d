// Additions for restart.test.ts and untrusted.test.ts, built on the exported pieces of the other
// support files: finding this code-server's KeyLens language server process, and a code-server with
// workspace trust left ON (codeServer.ts always passes --disable-workspace-trust).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CodeServer } from './codeServer';
import { start } from './processes';
import { codeServerEntry, fixturesDir, repoRoot } from './tools';
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

export interface TrustedCodeServerOptions {
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Written to the workspace's .vscode/settings.json. */
  workspaceSettings?: Record<string, unknown>;
  /** Extra environment for code-server (and so the extension host and language server). */
  env?: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(args: string[], cwd: string): void {
  try {
    execFileSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${args.slice(0, 2).join(' ')} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/**
 * Like startCodeServer() (same folders, same .vsix install, same user settings), but WITHOUT
 * `--disable-workspace-trust` and with `security.workspace.trust.enabled: true`, so the workbench
 * asks whether to trust the folder, and the folder can stay in restricted mode.
 */
export async function startCodeServerWithTrust(options: TrustedCodeServerOptions = {}): Promise<CodeServer> {
  const root = mkdtempSync(join(tmpdir(), 'keylens-e2e-trust-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  cpSync(join(fixturesDir, 'workspace'), workspace, { recursive: true });
  if (options.workspaceSettings) {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(options.workspaceSettings, null, 2));
  }
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'always',
        'editor.minimap.enabled': false,
        'editor.hover.delay': 300,
        'files.autoSave': 'off',
        'window.commandCenter': false,
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const installStarted = Date.now();
  const vsix = join(root, 'keylens.vsix');
  run([join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix], repoRoot);
  run([codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], root);
  const install = Date.now() - installStarted;

  const serverStarted = Date.now();
  const port = await freePort();
  const config = join(root, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServerEntry,
    '--config', config,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    workspace,
  ];
  const server = start(process.execPath, args, {
    cwd: root,
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...options.env },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (server.child.exitCode !== null) {
      await server.stop();
      throw new Error(`code-server exited (${server.child.exitCode}):\n${server.output()}`);
    }
    const ok = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer /healthz within 20 s:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    timings: { install, start: Date.now() - serverStarted },
    workspace,
    userDataDir,
    logs: () => `${server.output().slice(-8000)}\n${extensionHostLogs(userDataDir)}`,
    async stop() {
      await server.stop();
      if (!process.env.KEYLENS_E2E_KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}

function extensionHostLogs(userDataDir: string): string {
  const parts: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.log') && /exthost|keylens|remoteagent/i.test(full)) parts.push(`--- ${full}\n${readFileSync(full, 'utf8').slice(-8000)}`);
    }
  };
  try {
    walk(join(userDataDir, 'logs'));
  } catch {
    // no logs yet
  }
  return parts.join('\n');
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
