// Protocol tests: the built server (dist/server/server.js --stdio) driven the way an editor drives it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { LspTestClient, pathToUri } from './lspClient';

const DECRYPT = 'kms-decrypt-in-identity-policy';
const UNKNOWN_ACTION = 'iam-unknown-action';

function identityPolicy(actions: string[], resource = '*'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'App', Effect: 'Allow', Action: actions, Resource: resource }] }, null, 2) + '\n';
}

const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code).sort();
const textAt = (client: LspTestClient, uri: string, diagnostic: Diagnostic) => {
  const document = client.document(uri);
  return document.getText().slice(document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end));
};

describe('push diagnostics (no pull capability)', () => {
  let client: LspTestClient;
  const uri = 'file:///virtual/app-policy.json';

  before(async () => {
    client = new LspTestClient({ locale: 'en' });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('advertises code actions, fix-all and its commands, and no pull diagnostics', () => {
    const capabilities = client.initializeResult!.capabilities;
    assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.keylens']);
    assert.deepEqual(capabilities.executeCommandProvider?.commands, ['keylens.server.ruleDocumentation', 'keylens.server.fixAll']);
    assert.equal(capabilities.diagnosticProvider, undefined);
  });

  test('a clean policy publishes no diagnostics; typing a mistake in and out publishes and clears it', async () => {
    client.open(uri, 'json', identityPolicy(['kms:Encrypt', 'kms:GenerateDataKey']));
    assert.deepEqual(await client.waitForDiagnostics(uri), []);

    client.type(uri, '"kms:Encrypt"', '"kms:Decrypt"');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the decrypt warning');
    assert.deepEqual(codes(diagnostics), [DECRYPT]);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic!.source, 'keylens');
    assert.equal(diagnostic!.severity, 2);
    assert.match(diagnostic!.codeDescription!.href, /docs\/rules\/kms-decrypt-in-identity-policy\.md$/);
    assert.equal(textAt(client, uri, diagnostic!), '"kms:Decrypt"');
    assert.match(messageOf(diagnostic!), /kms:Decrypt/);
    assert.doesNotMatch(messageOf(diagnostic!), new RegExp(DECRYPT), 'rule ids never go inside messages');
    assert.equal(client.published.get(uri)!.version, client.document(uri).version);

    client.type(uri, '"kms:Decrypt"', '"kms:Encrypt"');
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'the warning to clear'), []);
  });

  test('a burst of keystrokes ends with diagnostics for the newest version only', async () => {
    const words = ['"kms:D', '"kms:De', '"kms:Dec', '"kms:Decr', '"kms:Decrypt'];
    let previous = '"kms:Encrypt';
    for (const word of words) {
      client.type(uri, previous, word);
      previous = word;
    }
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics for the last keystroke');
    assert.deepEqual(codes(diagnostics), [DECRYPT]);
    assert.equal(client.published.get(uri)!.version, client.document(uri).version);
  });

  test('the quick fix removes the action; applying it clears the diagnostic', async () => {
    const [diagnostic] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const actions = await client.codeActions(uri, diagnostic!.range, [diagnostic!]);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.edit);
    assert.ok(fix, `a quick fix among ${actions.map((a) => a.title)}`);
    assert.equal(fix!.title, 'Remove kms:Decrypt from this statement');
    assert.equal(fix!.isPreferred, true);
    assert.deepEqual(fix!.diagnostics, [diagnostic]);
    const change = fix!.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, client.document(uri).version, 'edits name the version they were computed for');

    const docs = actions.find((a) => a.command?.command === 'keylens.server.ruleDocumentation');
    assert.equal(docs?.title, `Show documentation for ${DECRYPT}`);
    assert.deepEqual(docs!.command!.arguments, [DECRYPT]);

    client.applyWorkspaceEdit(fix!.edit!);
    client.notifyChange(uri);
    assert.doesNotMatch(client.document(uri).getText(), /kms:Decrypt/);
    assert.deepEqual(JSON.parse(client.document(uri).getText()).Statement[0].Action, ['kms:GenerateDataKey']);
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'diagnostics to clear after the fix'), []);
    client.type(uri, '"kms:GenerateDataKey"', '"kms:Encrypt",\n        "kms:GenerateDataKey"');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  test('a diagnostic from an older version gets no fix', async () => {
    client.type(uri, '"kms:Encrypt"', '"kms:Decrypt"');
    const [diagnostic] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    client.type(uri, '"App"', '"App2"');
    await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const actions = await client.codeActions(uri, diagnostic!.range, [diagnostic!]);
    assert.deepEqual(actions.filter((a) => a.edit && a.kind === 'quickfix'), []);
    client.type(uri, '"kms:Decrypt"', '"kms:Encrypt"');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  test('the documentation command returns the rule page and asks the client to show it', async () => {
    const result = (await client.executeCommand('keylens.server.ruleDocumentation', [DECRYPT])) as { url: string };
    // The page bundled beside the server, opened in the editor (no website: see links.test.ts).
    assert.match(result.url, /^file:\/\/.*\/docs\/rules\/kms-decrypt-in-identity-policy\.md$/);
    assert.deepEqual(client.shownDocuments.at(-1), { uri: result.url, external: false });
    assert.deepEqual(await client.executeCommand('keylens.server.ruleDocumentation', ['no-such-rule']), { url: null });
  });

  test('fix-all applies every preferred fix of the document in one edit', async () => {
    const fixAllUri = 'file:///virtual/all-keys.json';
    client.open(fixAllUri, 'json', identityPolicy(['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*']));
    const diagnostics = await client.waitForDiagnostics(fixAllUri, (d) => d.length === 2, 'two decrypt findings');
    assert.deepEqual(codes(diagnostics), [DECRYPT, DECRYPT]);

    const actions = await client.codeActions(fixAllUri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.kind, a.title]), [['source.fixAll.keylens', 'Fix all KeyLens problems']]);
    client.applyWorkspaceEdit(actions[0]!.edit!);
    client.notifyChange(fixAllUri);
    const after = JSON.parse(client.document(fixAllUri).getText()).Statement[0].Action as string[];
    assert.ok(!after.includes('kms:Decrypt') && !after.includes('kms:ReEncrypt*'), `decrypt rights left in ${after}`);
    assert.ok(after.includes('kms:Encrypt') && after.includes('kms:ReEncryptTo'), `other rights kept in ${after}`);
    assert.deepEqual(await client.waitForDiagnostics(fixAllUri, (d) => d.length === 0, 'no findings after fix-all'), []);

    // Quick-fix-only requests do not get the source action.
    const quickfixOnly = await client.codeActions(fixAllUri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['quickfix']);
    assert.equal(quickfixOnly.filter((a) => a.kind === 'source.fixAll.keylens').length, 0);
    client.close(fixAllUri);
  });

  test('the fix-all command applies the edit through workspace/applyEdit', async () => {
    const commandUri = 'file:///virtual/command.json';
    client.open(commandUri, 'json', identityPolicy(['kms:Decrypt', 'kms:Encrypt']));
    await client.waitForDiagnostics(commandUri, (d) => d.length === 1);
    const result = (await client.executeCommand('keylens.server.fixAll', [commandUri])) as { applied: boolean; fixes: number };
    assert.deepEqual(result, { applied: true, fixes: 1 });
    assert.equal(client.appliedEdits.length, 1);
    assert.deepEqual(JSON.parse(client.document(commandUri).getText()).Statement[0].Action, ['kms:Encrypt']);
    assert.deepEqual(await client.waitForDiagnostics(commandUri, (d) => d.length === 0), []);
    client.close(commandUri);
  });

  test('a severity set in the configuration applies without restart, and "off" silences the rule', async () => {
    client.type(uri, '"kms:Encrypt"', '"kms:Decrypt"');
    let [diagnostic] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostic!.severity, 2);

    await client.setSettings({ rules: { [DECRYPT]: 'error' } });
    [diagnostic] = await client.waitForDiagnostics(uri, (d) => d[0]?.severity === 1, 'the severity to become error');
    assert.equal(diagnostic!.code, DECRYPT);

    await client.setSettings({ rules: { [DECRYPT]: 'off' } });
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'the rule to be switched off'), []);

    await client.setSettings({ rules: { [DECRYPT]: 'bogus' } });
    [diagnostic] = await client.waitForDiagnostics(uri, (d) => d.length === 1, 'an invalid severity to fall back to the default');
    assert.equal(diagnostic!.severity, 2);
    assert.ok(client.logs.some((line) => /keylens\.rules\.kms-decrypt-in-identity-policy/.test(line)), 'the bad setting is logged');
    await client.setSettings({});
  });

  test('documentInfo says what the document is', async () => {
    const info = await client.request<{ handled: boolean; kind: string; label: string; findings: number }>('keylens/documentInfo', { uri });
    assert.equal(info.handled, true);
    assert.equal(info.kind, 'identity-policy');
    assert.equal(info.label, 'IAM identity policy');
    assert.equal(info.findings, 1);
    const unknown = await client.request<{ handled: boolean }>('keylens/documentInfo', { uri: 'file:///virtual/notes.txt' });
    assert.equal(unknown.handled, false);
  });

  test('JSON that is not a policy gets no diagnostics, not even for its syntax errors', async () => {
    const other = 'file:///virtual/package.json';
    client.open(other, 'json', '{ "name": "x", "version": ');
    assert.deepEqual(await client.waitForDiagnostics(other), []);
    client.close(other);
  });

  test('a policy that does not parse gets a parse-error finding and the server keeps working', async () => {
    const broken = 'file:///virtual/broken-policy.json';
    client.open(broken, 'json', '{ "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ');
    const diagnostics = await client.waitForDiagnostics(broken, (d) => d.some((x) => x.code === 'parse-error'), 'a parse error');
    assert.ok(diagnostics.some((d) => d.code === DECRYPT), 'rules still run on what could be read');
    client.open('file:///virtual/garbage.json', 'json', '\u0000\uffff}}}{{{[[[');
    await client.waitForDiagnostics('file:///virtual/garbage.json');
    client.close(broken);
    client.close('file:///virtual/garbage.json');
  });

  test('closing a document clears its diagnostics', async () => {
    client.close(uri);
    const cleared = await new Promise<Diagnostic[]>((resolve) => {
      const check = () => {
        const published = client.published.get(uri);
        if (published && published.diagnostics.length === 0) resolve(published.diagnostics);
        else setImmediate(check);
      };
      check();
    });
    assert.deepEqual(cleared, []);
  });
});

describe('Japanese client', () => {
  let client: LspTestClient;
  const uri = 'file:///virtual/ja-policy.json';
  before(async () => {
    client = new LspTestClient({ locale: 'ja', initializationOptions: { clientCommands: ['keylens.showRuleDocumentation'] } });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('messages and action titles come in the client locale; documentation uses the client command', async () => {
    client.open(uri, 'json', identityPolicy(['kms:Decrypt', 'kms:Encrypt']));
    const [diagnostic] = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.match(messageOf(diagnostic!), /[ぁ-んァ-ン一-龯]/, `Japanese message: ${messageOf(diagnostic!)}`);
    const actions = await client.codeActions(uri, diagnostic!.range, [diagnostic!]);
    assert.ok(actions.some((a) => a.title === 'このステートメントから kms:Decrypt を削除する'), actions.map((a) => a.title).join(', '));
    const docs = actions.find((a) => a.command);
    assert.deepEqual(docs?.command, { title: `${DECRYPT} のドキュメントを表示`, command: 'keylens.showRuleDocumentation', arguments: [DECRYPT] });
    const info = await client.request<{ label: string }>('keylens/documentInfo', { uri });
    assert.equal(info.label, 'IAM アイデンティティポリシー');
  });
});

describe('pull diagnostics', () => {
  let client: LspTestClient;
  const uri = 'file:///virtual/pulled.json';
  before(async () => {
    client = new LspTestClient({ pullDiagnostics: true });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('advertises a diagnostic provider with inter-file dependencies and never pushes', async () => {
    assert.deepEqual(client.initializeResult!.capabilities.diagnosticProvider, { identifier: 'keylens', interFileDependencies: true, workspaceDiagnostics: false });
    client.open(uri, 'json', identityPolicy(['kms:Decrypt']));
    const report = (await client.pull(uri)) as DocumentDiagnosticReport & { items: Diagnostic[]; resultId: string };
    assert.equal(report.kind, 'full');
    assert.deepEqual(codes(report.items), [DECRYPT]);
    assert.equal(report.items[0]!.source, 'keylens');

    const again = await client.pull(uri, report.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });

    client.type(uri, '"kms:Decrypt"', '"kms:Decrpyt"');
    const typo = (await client.pull(uri, report.resultId)) as { kind: string; items: Diagnostic[] };
    assert.equal(typo.kind, 'full');
    assert.deepEqual(codes(typo.items), [UNKNOWN_ACTION]);
    assert.equal(client.published.size, 0, 'nothing pushed to a pull client');
  });

  test('a severity change asks the client to pull again', async () => {
    const refreshed = client.waitForRefresh();
    await client.setSettings({ rules: { [UNKNOWN_ACTION]: 'error' } });
    await refreshed;
    const report = (await client.pull(uri)) as { items: Diagnostic[] };
    assert.equal(report.items[0]!.severity, 1);
  });
});

describe('workspace index: cross-file rules', () => {
  let client: LspTestClient;
  let folder: string;
  let encryptionPath: string;
  // VS Code escapes `@` in file uris and Node's pathToFileURL does not: the index must see one file.
  const uploaderName = 'uploader.json';
  const encryption = JSON.stringify({
    Bucket: 'example-uploads',
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:ap-northeast-1:111122223333:key/2b9e6f4c-7d1a-4c3e-9f85-3a6d2e1b0c47' } }],
    },
  }, null, 2);
  const uploader = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::example-uploads/*' }] }, null, 2);

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'keylens ws@'));
    encryptionPath = join(folder, 'buckets', 'bucket-encryption.json');
    writeFileSync(join(folder, uploaderName), uploader);
    mkdirSync(join(folder, 'buckets'));
    mkdirSync(join(folder, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(folder, 'node_modules', 'dep', 'policy.json'), identityPolicy(['kms:Decrypt']));
    writeFileSync(encryptionPath, encryption);
    client = new LspTestClient({ workspaceFolder: folder });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  test('an identity policy is checked against the bucket encryption read from disk', async () => {
    const uri = pathToUri(join(folder, uploaderName));
    assert.match(uri, /%40/, 'the test uses a VS Code style escaped uri');
    client.open(uri, 'json', uploader);
    const [diagnostic] = await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the multipart finding from the workspace encryption config');
    assert.equal(diagnostic!.code, 'kms-multipart-upload-permissions');
    const info = await client.request<{ workspaceFiles: number }>('keylens/documentInfo', { uri });
    assert.equal(info.workspaceFiles, 2, 'the encryption config and the uploader policy, not node_modules');
  });

  test('deleting the file on disk (watched-file event) updates the open document', async () => {
    const uri = pathToUri(join(folder, uploaderName));
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'the server asks to watch policy files');
    unlinkSync(encryptionPath);
    client.notifyWatchedFiles([{ uri: pathToUri(encryptionPath), type: 3 }]);
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'the finding to go with the encryption config'), []);

    writeFileSync(encryptionPath, encryption);
    client.notifyWatchedFiles([{ uri: pathToUri(encryptionPath), type: 1 }]);
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the finding to come back');
  });

  test('editing another open document re-validates the dependent one', async () => {
    const uri = pathToUri(join(folder, uploaderName));
    const encryptionUri = pathToUri(encryptionPath);
    client.open(encryptionUri, 'json', encryption);
    await client.waitForDiagnostics(encryptionUri);
    client.type(encryptionUri, '"aws:kms"', '"AES256"');
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'no KMS needed once the bucket uses AES256'), []);
    client.type(encryptionUri, '"AES256"', '"aws:kms"');
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the finding back with aws:kms');
  });

  test('the quick fix edits the open document at its version', async () => {
    const uri = pathToUri(join(folder, uploaderName));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.ok(diagnostics.every((d) => d.code === 'kms-multipart-upload-permissions'), JSON.stringify(diagnostics.map((d) => d.code)));
    const actions: CodeAction[] = (await Promise.all(diagnostics.map((d) => client.codeActions(uri, d.range, [d])))).flat();
    const fix = actions.find((a) => a.isPreferred && a.title === 'Add kms:GenerateDataKey to this policy');
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const [change] = fix!.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(change!.textDocument, { uri, version: client.document(uri).version });
    client.applyWorkspaceEdit(fix!.edit!);
    client.notifyChange(uri);
    const statements = JSON.parse(client.document(uri).getText()).Statement as { Action: string | string[] }[];
    assert.ok(statements.some((s) => ([] as string[]).concat(s.Action).includes('kms:GenerateDataKey')), JSON.stringify(statements));
    // kms:Decrypt still belongs in the key policy (not in the workspace here): that finding stays, the fixed one goes.
    const next = await client.waitForDiagnostics(uri, (d) => d.length === diagnostics.length - 1, 'one finding fewer for the fixed version');
    const nextActions = (await Promise.all(next.map((d) => client.codeActions(uri, d.range, [d])))).flat();
    assert.ok(!nextActions.some((a) => a.title === fix!.title), nextActions.map((a) => a.title).join(', '));
  });
});
