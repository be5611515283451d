// CloudFormation/SAM templates through the built server: YAML documents are checked when they are
// templates and left alone otherwise, quick fixes edit them in place, templates on disk are indexed
// (cdk.out included, its assets not) and watched, lenses and explain work on template keys.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, pathToUri, repoRoot } from './lspClient';
import type { WorkspaceKeysResult } from '../../server/src/lsp/protocol';

const EXPLAIN = 'keylens.explainKeyAccess';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      Description: data key
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: kms:*
            Resource: "*"
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action:
              - kms:Encrypt
            Resource: "*"
`;

/** A key policy in another template of the workspace (a bucket in one stack, its key in another). */
const KEY_STACK = JSON.stringify({
  Resources: {
    SharedKey: {
      Type: 'AWS::KMS::Key',
      Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }] } },
    },
  },
}, null, 1);

describe('CloudFormation templates in the language server', () => {
  let folder: string;
  let client: LspTestClient;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'keylens-cfn-'));
    mkdirSync(join(folder, 'cdk.out', 'asset.0123abcd'), { recursive: true });
    writeFileSync(join(folder, 'cdk.out', 'KeyStack.template.json'), KEY_STACK);
    writeFileSync(join(folder, 'cdk.out', 'asset.0123abcd', 'bundle.template.json'), KEY_STACK);
    writeFileSync(join(folder, 'ci.yml'), 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    client = new LspTestClient({ workspaceFolder: folder, watchedFiles: true, initializationOptions: { clientCommands: [EXPLAIN] } });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  test('typing kms:Decrypt into a YAML template is flagged, and the quick fix removes the line', async () => {
    const uri = pathToUri(join(folder, 'template.yaml'));
    client.open(uri, 'yaml', TEMPLATE);
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    const info = await client.request<{ handled: boolean; kind: string; label: string }>('keylens/documentInfo', { uri });
    assert.deepEqual([info.handled, info.kind, info.label], [true, 'template', 'CloudFormation template: 2 policies']);

    client.type(uri, '              - kms:Encrypt\n', '              - kms:Encrypt\n              - kms:Decrypt # read\n');
    const diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the decrypt warning');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.source]), [['kms-decrypt-in-identity-policy', 2, 'keylens']]);
    const document = client.document(uri);
    assert.equal(document.getText().slice(document.offsetAt(diagnostics[0]!.range.start), document.offsetAt(diagnostics[0]!.range.end)), 'kms:Decrypt');
    const actions = await client.codeActions(uri, diagnostics[0]!.range, diagnostics);
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    client.applyWorkspaceEdit(fix!.edit!);
    client.notifyChange(uri);
    assert.equal(client.document(uri).getText(), TEMPLATE);
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'no findings after the fix'), []);
  });

  test('fix-all in a YAML template, and a half-typed template never takes the server down', async () => {
    const uri = pathToUri(join(folder, 'typing.yaml'));
    // Two typos: one that would become kms:Decrypt in an identity policy (named, never written), and
    // one in a Deny, whose correction narrows access (fix all takes it; in an Allow it would widen access).
    const deny = '          - Effect: Deny\n            Action:\n              - kms:DescribeKeys\n            Resource: "*"\n';
    client.open(uri, 'yaml', TEMPLATE.replace('- kms:Encrypt', '- kms:Encrypt\n              - kms:Decrpyt') + deny);
    await client.waitForDiagnostics(uri, (d) => d.length === 2, 'two unknown actions');
    const result = (await client.executeCommand('keylens.server.fixAll', [uri])) as { applied: boolean; fixes: number };
    assert.deepEqual(result, { applied: true, fixes: 1, titles: ['Replace with kms:DescribeKey'], summary: 'KeyLens fixed 1 problem: Replace with kms:DescribeKey.' });
    assert.match(client.document(uri).getText(), /- kms:Encrypt\n {14}- kms:Decrpyt\n[\s\S]*Effect: Deny\n {12}Action:\n {14}- kms:DescribeKey\n/);
    client.type(uri, 'Resource: "*"\n', 'Resource: ["arn:aws:kms:');
    const broken = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'parse-error'), 'a parse error while typing');
    assert.ok(broken.length >= 1);
    client.type(uri, 'Resource: ["arn:aws:kms:', 'Resource: "*"\n');
    await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'parse-error'), 'parses again');
  });

  test('YAML that is no template gets nothing: no diagnostics, not handled', async () => {
    const uri = pathToUri(join(folder, 'ci.yml'));
    client.open(uri, 'yaml', 'on: push\njobs:\n  test:\n    runs-on: [ubuntu-latest\n');
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    const info = await client.request<{ handled: boolean }>('keylens/documentInfo', { uri });
    assert.equal(info.handled, false);
    client.close(uri);
  });

  test('templates on disk are context: the cdk.out key is indexed (its asset copy is not) and is in the key list', async () => {
    const { keys } = await client.request<WorkspaceKeysResult>('keylens/workspaceKeys', {});
    const shared = keys.filter((key) => key.label === 'SharedKey');
    assert.equal(shared.length, 1, JSON.stringify(keys.map((k) => [k.label, k.uri])));
    assert.match(shared[0]!.uri, /cdk\.out\/KeyStack\.template\.json$/);
    const result = await client.request<{ report: { sources: { keyPolicy: string }; access: { principal: string }[] } }>('keylens/explainKey', { key: shared[0]!.key, live: false });
    assert.equal(result.report.sources.keyPolicy, 'workspace');
    assert.ok(result.report.access.some((entry) => entry.principal === '*'));
  });

  test('"Explain access" lenses sit above AWS::KMS::Key resources and run explain with the template key', async () => {
    const uri = pathToUri(join(folder, 'template.yaml'));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((lens) => [lens.range.start.line, lens.command!.title, lens.command!.command]), [[2, 'Explain access', EXPLAIN]]);
    const key = lenses[0]!.command!.arguments![0] as string;
    assert.equal(key, `${uri}#DataKey`);
    const result = await client.request<{ markdown: string; report: { key: { description?: string }; sources: { keyPolicy: string } } }>('keylens/explainKey', { key, live: false });
    assert.equal(result.report.sources.keyPolicy, 'workspace');
    assert.equal(result.report.key.description, 'data key');
  });

  test('a template written on disk is picked up by the watcher', async () => {
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('yaml')), JSON.stringify(client.registrations));
    const path = join(folder, 'later.template');
    writeFileSync(path, 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  LaterKey:\n    Type: AWS::KMS::Key\n');
    client.notifyWatchedFiles([{ uri: pathToUri(path), type: 1 }]);
    const deadline = Date.now() + 5000;
    for (;;) {
      const { keys } = await client.request<WorkspaceKeysResult>('keylens/workspaceKeys', {});
      if (keys.some((k) => k.label === 'LaterKey')) break;
      assert.ok(Date.now() < deadline, 'LaterKey never appeared');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});

test('the manifest sends YAML and .template files to the server and activates on them; the client no longer lenses YAML', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.ok(manifest.activationEvents.includes('onLanguage:yaml'));
  assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.template'));
  const codeActions = manifest.contributes.codeActions as { languages: string[] }[];
  assert.ok(codeActions.some((entry) => entry.languages.includes('yaml')));
  const selector = readFileSync(join(repoRoot, 'client', 'src', 'selector.ts'), 'utf8');
  assert.match(selector, /language: 'yaml'/);
  assert.match(selector, /\*\*\/\*\.template/);
  const clientLens = readFileSync(join(repoRoot, 'client', 'src', 'explain', 'keyCodeLens.ts'), 'utf8');
  assert.doesNotMatch(clientLens, /language: 'yaml'/);
});
