// The editor side of "Explain access for this key" through the built server: keylens/workspaceKeys
// (the pick list when nothing is under the cursor), the "Explain access" CodeLenses and their
// setting, and cancelling a slow explain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { LspTestClient, pathToUri } from './lspClient';
import { startKmsEndpoint, testAwsEnv, type KmsEndpoint } from '../support/kmsEndpoint';
import type { WorkspaceKeysResult } from '../../server/src/lsp/protocol';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:ap-northeast-1:111122223333:key/${KEY_ID}`;
const OTHER_ID = '0987dcba-09ab-87cd-65ef-ba0987654321';
const OTHER_ARN = `arn:aws:kms:us-east-1:444455556666:key/${OTHER_ID}`;
const BUCKET_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234567890abcdef1234567890abcdef';
const EXPLAIN = 'keylens.explainKeyAccess';

const keyPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }, null, 2);
const identityPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "${KEY_ARN}" },
    { "Effect": "Allow", "Action": "kms:Encrypt", "Resource": ["${OTHER_ARN}", "${KEY_ARN}"] },
    { "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "arn:aws:kms:*:111122223333:key/*" }
  ]
}
`;
const bucketEncryption = JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: BUCKET_KEY_ARN } }] }, null, 2);
const terraform = `resource "aws_kms_key" "app" {
  description = "App data"
}

resource "aws_kms_alias" "app" {
  name          = "alias/app"
  target_key_id = aws_kms_key.app.key_id
}

resource "aws_kms_key_policy" "app" {
  key_id = aws_kms_key.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}
`;

function lensesByLine(lenses: CodeLens[]): [number, string, unknown[]][] {
  return lenses.map((lens) => [lens.range.start.line, lens.command!.title, lens.command!.arguments ?? []]);
}

describe('keylens/workspaceKeys and "Explain access" CodeLenses', () => {
  let folder: string;
  let client: LspTestClient;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'keylens-explain-ux-'));
    writeFileSync(join(folder, `key-policy.${KEY_ID}.json`), keyPolicy);
    writeFileSync(join(folder, 'app-policy.json'), identityPolicy);
    writeFileSync(join(folder, 'bucket-encryption.json'), bucketEncryption);
    writeFileSync(join(folder, 'main.tf'), terraform);
    client = new LspTestClient({ workspaceFolder: folder, initializationOptions: { clientCommands: [EXPLAIN] } });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  test('advertises a CodeLens provider to a client that runs keylens.explainKeyAccess', () => {
    assert.deepEqual(client.initializeResult!.capabilities.codeLensProvider, { resolveProvider: false });
  });

  test('lists the keys of the workspace: key policies, Terraform keys and aliases, ARNs in policies and encryption', async () => {
    const { keys } = await client.request<WorkspaceKeysResult>('keylens/workspaceKeys', {});
    const summary = Object.fromEntries(keys.map((k) => [k.key, [...k.sources].sort()]));
    assert.deepEqual(summary, {
      [KEY_ARN]: ['key-policy', 'policy-resource'],
      [OTHER_ARN]: ['policy-resource'],
      [BUCKET_KEY_ARN]: ['bucket-encryption'],
      'aws_kms_key.app': ['key-policy', 'terraform-key'],
      'alias/app': ['terraform-alias'],
    });
    const byKey = new Map(keys.map((k) => [k.key, k]));
    // The key id of the policy file and the ARN in a Resource are one key, listed under the ARN.
    assert.equal(byKey.get(KEY_ARN)!.label, KEY_ID);
    assert.equal(byKey.get(KEY_ARN)!.description, 'ap-northeast-1 111122223333');
    assert.equal(byKey.get('aws_kms_key.app')!.description, 'App data — alias/app');
    assert.equal(byKey.get('alias/app')!.description, '→ aws_kms_key.app');
    const terraformKey = byKey.get('aws_kms_key.app')!;
    assert.equal(terraformKey.uri, pathToUri(join(folder, 'main.tf')));
    assert.deepEqual(terraformKey.range.start, { line: 0, character: 0 });
    assert.ok(!keys.some((k) => k.key.includes('*')), 'wildcard resources are not keys');
  });

  test('the keys of the document the command runs from come first', async () => {
    const { keys } = await client.request<WorkspaceKeysResult>('keylens/workspaceKeys', { uri: pathToUri(join(folder, 'main.tf')) });
    assert.deepEqual(keys.slice(0, 2).map((k) => k.key).sort(), ['alias/app', 'aws_kms_key.app']);
  });

  test('every listed key can be explained from the workspace', async () => {
    const { keys } = await client.request<WorkspaceKeysResult>('keylens/workspaceKeys', null);
    for (const { key } of keys) {
      const result = await client.request<{ report: { sources: { keyPolicy: string } } }>('keylens/explainKey', { key, live: false });
      assert.ok(result.report, key);
    }
  });

  test('an unsaved edit shows up in the list (open documents shadow the disk)', async () => {
    const uri = pathToUri(join(folder, 'bucket-encryption.json'));
    client.open(uri, 'json', bucketEncryption.replace(BUCKET_KEY_ARN, OTHER_ARN));
    await client.waitForDiagnostics(uri);
    const { keys } = await client.request<WorkspaceKeysResult>('keylens/workspaceKeys', {});
    assert.ok(!keys.some((k) => k.key === BUCKET_KEY_ARN));
    assert.deepEqual([...keys.find((k) => k.key === OTHER_ARN)!.sources].sort(), ['bucket-encryption', 'policy-resource']);
    client.close(uri);
  });

  test('JSON: one lens per key ARN and line, naming the key when a line has two', async () => {
    const uri = pathToUri(join(folder, 'app-policy.json'));
    client.open(uri, 'json', identityPolicy);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lensesByLine(lenses), [
      [3, 'Explain access', [KEY_ARN]],
      [4, 'Explain access: 0987dcba…', [OTHER_ARN]],
      [4, 'Explain access: 1234abcd…', [KEY_ARN]],
    ]);
    assert.deepEqual(lenses[0]!.command!.command, EXPLAIN);
    assert.deepEqual(lenses[0]!.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } });
    client.close(uri);
  });

  test('Terraform: a lens above each resource "aws_kms_key" block, not above aliases or policies', async () => {
    const uri = pathToUri(join(folder, 'main.tf'));
    client.open(uri, 'terraform', terraform + `\ndata "aws_kms_key" "shared" {\n  key_id = "${KEY_ARN}"\n}\n`);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lensesByLine(lenses), [
      [0, 'Explain access', ['aws_kms_key.app']],
      [18, 'Explain access', [KEY_ARN]],
    ]);
    client.close(uri);
  });

  test('keylens.codeLens.enabled = false turns the lenses off, and back on', async () => {
    const uri = pathToUri(join(folder, 'app-policy.json'));
    client.open(uri, 'json', identityPolicy);
    await client.setSettings({ codeLens: { enabled: false } });
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }), []);
    await client.setSettings({});
    assert.equal((await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).length, 3);
    client.close(uri);
  });
});

describe('CodeLenses need the client command', () => {
  test('a client that did not announce keylens.explainKeyAccess gets no provider and no lenses', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize();
      assert.equal(client.initializeResult!.capabilities.codeLensProvider, undefined);
      const uri = 'file:///virtual/policy.json';
      client.open(uri, 'json', identityPolicy);
      await client.waitForDiagnostics(uri);
      assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }), []);
    } finally {
      await client.shutdown();
    }
  });
});

describe('cancelling keylens/explainKey', () => {
  let endpoint: KmsEndpoint;
  let client: LspTestClient;

  before(async () => {
    endpoint = await startKmsEndpoint({
      keys: [{ metadata: { KeyId: KEY_ID, Arn: KEY_ARN, AWSAccountId: '111122223333', KeyManager: 'CUSTOMER', KeyState: 'Enabled' }, policy: keyPolicy, grants: [] }],
      delayMs: { DescribeKey: 3000 },
    });
    client = new LspTestClient({ env: testAwsEnv(), settings: { live: { enabled: true }, aws: { endpointUrl: endpoint.url, region: 'ap-northeast-1' } } });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    await endpoint.close();
  });

  test('a cancelled live explain is answered at once with RequestCancelled', async () => {
    const source = new CancellationTokenSource();
    const started = Date.now();
    const request = client.connection.sendRequest('keylens/explainKey', { key: KEY_ARN, live: true }, source.token);
    // Cancel once the server is waiting on the (slow) endpoint.
    while (!endpoint.requests.some((r) => r.operation === 'DescribeKey')) await new Promise((resolve) => setTimeout(resolve, 10));
    source.cancel();
    await assert.rejects(request, (error: { code?: number }) => error.code === -32800);
    assert.ok(Date.now() - started < 2500, 'did not wait for the endpoint');
    const info = await client.request<{ handled: boolean }>('keylens/documentInfo', { uri: 'file:///virtual/x.json' });
    assert.ok(info, 'the server still answers');
  });
});

describe('turning live look-ups on just before an explain', () => {
  test('the server re-reads its settings instead of answering from a stale "live off"', async () => {
    const endpoint = await startKmsEndpoint({
      keys: [{ metadata: { KeyId: KEY_ID, Arn: KEY_ARN, AWSAccountId: '111122223333', KeyManager: 'CUSTOMER', KeyState: 'Enabled' }, policy: keyPolicy, grants: [] }],
    });
    const client = new LspTestClient({ env: testAwsEnv(), settings: { live: { enabled: false }, aws: { endpointUrl: endpoint.url } } });
    try {
      await client.initialize();
      const offline = await client.request<{ report: { sources: { keyPolicy: string } } }>('keylens/explainKey', { key: KEY_ARN, live: true });
      assert.notEqual(offline.report.sources.keyPolicy, 'live');
      assert.deepEqual(endpoint.requests, []);
      // The setting changed in the editor; its didChangeConfiguration has not arrived yet.
      client.settings = { live: { enabled: true }, aws: { endpointUrl: endpoint.url } };
      const live = await client.request<{ report: { sources: { keyPolicy: string } } }>('keylens/explainKey', { key: KEY_ARN, live: true });
      assert.equal(live.report.sources.keyPolicy, 'live');
      // ...and `live: false` from the client (untrusted, or not asked) still never goes live.
      endpoint.requests.length = 0;
      const refused = await client.request<{ report: { sources: { keyPolicy: string } } }>('keylens/explainKey', { key: KEY_ARN, live: false });
      assert.notEqual(refused.report.sources.keyPolicy, 'live');
      assert.deepEqual(endpoint.requests, []);
    } finally {
      await client.shutdown();
      await endpoint.close();
    }
  });
});
