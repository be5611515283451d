// The extension-host suite (electron/suite/index.js, real `vscode` API) run inside code-server's
// extension host: the workbench is opened in extension development mode with extensionTestsPath,
// and the runner reports through the page's codeAutomationLog / codeAutomationExit hooks. The same
// suite runs in desktop VS Code through electron/run.ts where VS Code can be downloaded.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { missingForWorkbench, repoRoot, skipUnlessReady } from './support/tools';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { launchWorkbench, type Workbench } from './support/workbench';

const skip = skipUnlessReady(missingForWorkbench());

describe('extension-host suite in code-server', { skip, timeout: 120_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    server = await startCodeServer();
    workbench = await launchWorkbench(server.url);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  it('passes with the real vscode API (diagnostics, quick fix, fix all)', async () => {
    const { page } = workbench;
    const lines: string[] = [];
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      lines.push(`${type}: ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));

    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(join(__dirname, 'electron', 'suite', 'index.js'))],
    ];
    const started = Date.now();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no exit code within 90 s; output:\n${lines.join('\n')}`)), 90_000);
      }),
    ]).finally(() => clearTimeout(timer));
    console.log(`# extension-host suite: ${Date.now() - started} ms\n${lines.filter((line) => /ok - /.test(line)).map((line) => `# ${line}`).join('\n')}`);
    assert.equal(code, 0, `the suite failed (exit ${code}):\n${lines.join('\n')}\n${process.env.CI || process.env.KEYLENS_E2E_LOGS ? server.logs() : ''}`);
    assert.ok(lines.some((line) => line.includes('ok - warns about kms:Decrypt')), `the suite did not run its tests:\n${lines.join('\n')}`);
  });
});
