// Terraform modules through the built server: the files of a folder are one module (values from
// another file, files on disk that are not open), module calls are evaluated (a local module and
// one fetched into .terraform/modules), and editing one file of a module re-checks the others.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, pathToUri } from './lspClient';
import { KEY_MODULE, modulesJson } from '../unit/rules/modules/module-calls';

const EXPLAIN = 'keylens.explainKeyAccess';

const FILES: Record<string, string> = {
  'app/policy.tf': `data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = [local.keys]
  }
}

resource "aws_iam_user_policy" "reader" {
  user   = aws_iam_user.reader.name
  policy = data.aws_iam_policy_document.reader.json
}
`,
  'app/locals.tf': 'locals {\n  keys = "*"\n}\n',
  'app/calls.tf': `module "logs_key" {
  source    = "./modules/key"
  key_users = ["*"]
}

module "data_key" {
  source                = "example/kms-key/aws"
  enable_default_policy = false
  key_users             = ["arn:aws:iam::111122223333:role/app"]
}
`,
  'app/modules/key/main.tf': KEY_MODULE,
  'app/.terraform/modules/modules.json': modulesJson('data_key', '.terraform/modules/data_key'),
  'app/.terraform/modules/data_key/main.tf': KEY_MODULE,
};

describe('Terraform modules in the editor', () => {
  let client: LspTestClient;
  let folder: string;
  const uri = (name: string) => pathToUri(join(folder, name));

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'keylens-modules-'));
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), text);
    }
    client = new LspTestClient({ workspaceFolder: folder, initializationOptions: { clientCommands: [EXPLAIN] } });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a value from another file of the module (on disk, not open) decides the finding, and the message says where it came from', async () => {
    const policy = uri('app/policy.tf');
    client.open(policy, 'terraform', FILES['app/policy.tf']!);
    // Diagnostics may come once before the workspace scan has read locals.tf; then again with it.
    const diagnostics = await client.waitForDiagnostics(policy, (d) => d.length > 0 && d[0]!.severity === 2, 'the decrypt warning on all keys');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['kms-decrypt-in-identity-policy', 2]]);
    assert.match(String(diagnostics[0]!.message), /local\.keys \(locals\.tf line 2\)/);
  });

  test('editing the other file of the module re-checks this one', async () => {
    const policy = uri('app/policy.tf');
    const locals = uri('app/locals.tf');
    client.open(locals, 'terraform', FILES['app/locals.tf']!);
    client.type(locals, '"*"', '"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"');
    const diagnostics: Diagnostic[] = await client.waitForDiagnostics(policy, (d) => d.length === 1 && d[0]!.severity === 3, 'the decrypt info on a specific key');
    assert.equal(diagnostics[0]!.code, 'kms-decrypt-in-identity-policy');
  });

  test('module calls: a local module and a fetched one, findings at the arguments', async () => {
    const calls = uri('app/calls.tf');
    client.open(calls, 'terraform', FILES['app/calls.tf']!);
    const diagnostics = await client.waitForDiagnostics(calls, (d) => d.length >= 2, 'findings at the module arguments');
    const document = client.document(calls);
    const at = (d: Diagnostic) => document.getText().slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end));
    assert.deepEqual(diagnostics.map((d) => [d.code, at(d)]).sort(), [
      ['kms-key-policy-no-root-delegation', 'enable_default_policy = false'],
      ['kms-key-policy-wildcard-principal', 'key_users = ["*"]'],
    ]);
    assert.match(String(diagnostics.find((d) => d.code === "kms-key-policy-no-root-delegation")!.message), /\.terraform\/modules\/data_key\/main\.tf line 14/);
  });

  test('keys made by module calls are in the key list and get a lens at their module block', async () => {
    const calls = uri('app/calls.tf');
    const { keys } = await client.request<{ keys: { key: string; uri: string }[] }>('keylens/workspaceKeys', { uri: calls });
    for (const key of ['module.logs_key.aws_kms_key.this', 'module.data_key.aws_kms_key.this']) {
      assert.ok(keys.some((k) => k.key === key && k.uri === calls), `${key} in ${JSON.stringify(keys.map((k) => k.key))}`);
    }
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: calls } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.arguments?.[0]]).sort(), [
      [0, 'module.logs_key.aws_kms_key.this'],
      [5, 'module.data_key.aws_kms_key.this'],
    ]);
  });

  test('a file of a fetched module opened in the editor gets no findings of its own', async () => {
    const fetched = uri('app/.terraform/modules/data_key/main.tf');
    client.open(fetched, 'terraform', KEY_MODULE);
    assert.deepEqual(await client.waitForDiagnostics(fetched), []);
  });
});
