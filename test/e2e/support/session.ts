// One code-server + one Chromium workbench shared by the scenarios of a test file, with failure
// context (a screenshot and the server logs) attached to whatever assertion fails.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { launchWorkbench, type Workbench } from './workbench';

export interface Session {
  server: CodeServer;
  workbench: Workbench;
  /** Path of a workspace file. */
  file(name: string): string;
  /** Reads a workspace file from disk. */
  read(name: string): string;
  /** Runs one scenario step; on failure saves `<name>-failure.png` and adds the logs to the error. */
  scenario(name: string, body: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(options: CodeServerOptions = {}): Promise<Session> {
  const started = Date.now();
  const server = await startCodeServer(options);
  let workbench: Workbench;
  let browser = 0;
  try {
    const browserStarted = Date.now();
    workbench = await launchWorkbench(server.url);
    browser = Date.now() - browserStarted;
    await workbench.openFolder(server.workspace);
  } catch (error) {
    await server.stop();
    throw new Error(`workbench did not load: ${(error as Error).message}\n${server.logs()}`);
  }
  const { install, start } = server.timings;
  const total = Date.now() - started;
  console.log(
    `# workbench ready in ${total} ms: package+install ${install}, code-server ${start}, chromium ${browser}, ` +
      `workbench ${total - install - start - browser} (locale ${options.locale ?? 'default'})`,
  );
  const file = (name: string) => join(server.workspace, name);
  return {
    server,
    workbench,
    file,
    read: (name) => readFileSync(file(name), 'utf8'),
    scenario: (name, body) => scenario(server, workbench, name, body),
    async close() {
      await workbench.close();
      await server.stop();
    },
  };
}

/** Waits until `path` changes on disk after `since` (ms), e.g. after a save. */
export async function waitForFileChange(path: string, since: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path) && statSync(path).mtimeMs >= since) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} was not written within ${timeoutMs} ms`);
}

/** The actions of each statement of a JSON policy. */
export function policyActions(text: string): string[][] {
  const policy = JSON.parse(text);
  return [policy.Statement].flat().map((statement: { Action?: string | string[] }) => [statement.Action ?? []].flat());
}

/**
 * Runs one scenario step: on failure a `<name>-failure.png` screenshot, the visible notifications and,
 * with KEYLENS_E2E_LOGS or CI, the logs are added to the error. Also for sessions not made by openSession().
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
