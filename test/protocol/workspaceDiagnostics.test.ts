// Workspace diagnostics: findings of every policy file of the workspace, not only open ones —
// published to push clients, answered to workspace/diagnostic (long polling) for pull clients —
// kept current by the file watcher, and off with keylens.diagnostics.scope = "openFiles".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkspaceDiagnosticReport, WorkspaceFullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { LspTestClient, pathToUri } from './lspClient';

const DECRYPT = 'kms-decrypt-in-identity-policy';

function identityPolicy(actions: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2);
}

function workspace(): string {
  const folder = mkdtempSync(join(tmpdir(), 'keylens-workspace-diagnostics-'));
  mkdirSync(join(folder, 'services', 'app'), { recursive: true });
  writeFileSync(join(folder, 'services', 'app', 'app-policy.json'), identityPolicy(['kms:Decrypt', 'kms:Encrypt']));
  writeFileSync(join(folder, 'services', 'clean-policy.json'), identityPolicy(['kms:Encrypt']));
  writeFileSync(join(folder, 'main.tf'), 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = "*" }]\n  })\n}\n');
  writeFileSync(join(folder, 'package.json'), '{ "name": "not-a-policy", ');
  return folder;
}

describe('workspace diagnostics, push client', () => {
  let folder: string;
  let client: LspTestClient;
  before(async () => {
    folder = workspace();
    client = new LspTestClient({ workspaceFolder: folder });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  const appUri = () => pathToUri(join(folder, 'services', 'app', 'app-policy.json'));
  const tfUri = () => pathToUri(join(folder, 'main.tf'));

  test('files that are not open get their findings; clean files and non-policies get none', async () => {
    const app = await client.waitForDiagnostics(appUri(), (d) => d.length > 0, 'the unopened app policy');
    assert.deepEqual(app.map((d) => d.code), [DECRYPT]);
    assert.deepEqual((await client.waitForDiagnostics(tfUri(), (d) => d.length > 0)).map((d) => d.code), [DECRYPT]);
    assert.equal(client.published.get(pathToUri(join(folder, 'services', 'clean-policy.json'))), undefined);
    assert.equal(client.published.get(pathToUri(join(folder, 'package.json'))), undefined, 'a broken file that holds no policy');
  });

  test('a change on disk (file watcher) updates them; a deleted file is cleared', async () => {
    writeFileSync(join(folder, 'services', 'app', 'app-policy.json'), identityPolicy(['kms:Encrypt']));
    client.notifyWatchedFiles([{ uri: appUri(), type: 2 }]);
    assert.deepEqual(await client.waitForDiagnostics(appUri(), (d) => d.length === 0, 'the fixed file to clear'), []);

    const added = join(folder, 'services', 'added-policy.json');
    writeFileSync(added, identityPolicy(['kms:ReEncrypt*']));
    client.notifyWatchedFiles([{ uri: pathToUri(added), type: 1 }]);
    await client.waitForDiagnostics(pathToUri(added), (d) => d.length > 0, 'the new file');
    unlinkSync(added);
    client.notifyWatchedFiles([{ uri: pathToUri(added), type: 3 }]);
    assert.deepEqual(await client.waitForDiagnostics(pathToUri(added), (d) => d.length === 0, 'the deleted file to clear'), []);
  });

  test('opening a file hands it to the document pipeline; closing it hands it back', async () => {
    const uri = tfUri();
    const text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = "*" }]\n  })\n}\n';
    client.open(uri, 'terraform', text);
    client.type(uri, '["kms:Decrypt"]', '["kms:Encrypt"]');
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0), [], 'the open, edited version');
    client.close(uri);
    // The saved copy on disk still has the finding.
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the disk copy after closing');
  });

  test('keylens.diagnostics.scope = openFiles clears them; workspace brings them back', async () => {
    const uri = tfUri();
    await client.setSettings({ diagnostics: { scope: 'openFiles' } });
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'workspace findings to clear'), []);
    await client.setSettings({ diagnostics: { scope: 'workspace' } });
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'workspace findings to return');
  });
});

describe('workspace diagnostics, pull client (workspace/diagnostic)', () => {
  let folder: string;
  let client: LspTestClient;
  before(async () => {
    folder = workspace();
    client = new LspTestClient({ workspaceFolder: folder, pullDiagnostics: true });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  const pullWorkspace = (previousResultIds: { uri: string; value: string }[]) =>
    client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds });

  test('announced, answered with every file that has findings, then held until something changes', async () => {
    const provider = client.initializeResult!.capabilities.diagnosticProvider as { workspaceDiagnostics: boolean };
    assert.equal(provider.workspaceDiagnostics, true);

    const first = await pullWorkspace([]);
    const full = first.items.filter((i): i is WorkspaceFullDocumentDiagnosticReport => i.kind === 'full');
    const byFile = new Map(full.map((i) => [i.uri.slice(pathToUri(folder).length), i.items.map((d) => d.code)]));
    assert.deepEqual(Object.fromEntries(byFile), { '/main.tf': [DECRYPT], '/services/app/app-policy.json': [DECRYPT] });
    assert.equal(client.published.size, 0, 'nothing is pushed to a pull client');

    // Nothing changed: the next request waits (the client would otherwise ask every 2 s).
    const previous = full.map((i) => ({ uri: i.uri, value: i.resultId! }));
    let answered = false;
    const second = pullWorkspace(previous).then((report) => {
      answered = true;
      return report;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(answered, false, 'held while nothing changes');

    writeFileSync(join(folder, 'services', 'app', 'app-policy.json'), identityPolicy(['kms:Encrypt']));
    client.notifyWatchedFiles([{ uri: pathToUri(join(folder, 'services', 'app', 'app-policy.json')), type: 2 }]);
    const report = await second;
    const app = report.items.find((i) => i.uri.endsWith('/app-policy.json'));
    assert.deepEqual(app && app.kind === 'full' ? app.items : undefined, [], 'the fixed file is cleared');
    const tf = report.items.find((i) => i.uri.endsWith('/main.tf'));
    assert.equal(tf?.kind, 'unchanged');
  });
});
