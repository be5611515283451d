// Terraform documents through the built server: `.tf` files are checked whatever language id the
// client gives them (no HashiCorp extension needed), with the same rules and quick fixes as JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { parseFile } from '../../server/src/core/parse';
import { LspTestClient } from './lspClient';

const MAIN_TF = `resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Encrypt", "kms:GenerateDataKey"]
      Resource = "*"
    }]
  })
}
`;

// Until the Terraform lowering lands in server/src/core/terraform, policies in .tf files are not seen.
const terraformReady = parseFile('main.tf', MAIN_TF).policies.length > 0;
const skip = terraformReady ? false : 'Terraform policy extraction (server/src/core/terraform) has not landed yet';

describe('Terraform documents', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient({});
    await client.initialize();
  });
  after(() => client.shutdown());

  test('a .tf file is handled even when the client calls it plaintext', async () => {
    const uri = 'file:///virtual/plain/main.tf';
    client.open(uri, 'plaintext', MAIN_TF);
    await client.waitForDiagnostics(uri);
    const info = await client.request<{ handled: boolean; kind: string; label: string }>('keylens/documentInfo', { uri });
    assert.equal(info.handled, true);
    assert.equal(info.kind, 'terraform');
    assert.match(info.label, /^Terraform: \d+ polic(y|ies)$/);
    client.close(uri);
  });

  test('typing kms:Decrypt into a jsonencode policy is flagged and the quick fix removes it', { skip }, async () => {
    const uri = 'file:///virtual/tf/main.tf';
    client.open(uri, 'terraform', MAIN_TF);
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    const info = await client.request<{ label: string }>('keylens/documentInfo', { uri });
    assert.equal(info.label, 'Terraform: 1 policy');

    client.type(uri, '"kms:Encrypt"', '"kms:Decrypt", "kms:Encrypt"');
    const diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the decrypt warning in Terraform');
    assert.deepEqual(diagnostics.map((d) => d.code), ['kms-decrypt-in-identity-policy']);
    const document = client.document(uri);
    const [diagnostic] = diagnostics;
    assert.equal(document.getText().slice(document.offsetAt(diagnostic!.range.start), document.offsetAt(diagnostic!.range.end)), '"kms:Decrypt"');

    const actions = await client.codeActions(uri, diagnostic!.range, [diagnostic!]);
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    client.applyWorkspaceEdit(fix!.edit!);
    client.notifyChange(uri);
    assert.match(client.document(uri).getText(), /Action\s+= \["kms:Encrypt", "kms:GenerateDataKey"\]/);
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 'no findings after the fix'), []);
  });

  test('a half-typed Terraform file never takes the server down', async () => {
    const uri = 'file:///virtual/tf/broken.tf';
    client.open(uri, 'terraform', 'resource "aws_iam_policy" "x" {\n  policy = jsonencode({ Statement = [{ Action = ["kms:Dec\n');
    await client.waitForDiagnostics(uri);
    client.type(uri, '["kms:Dec', '["kms:Decrypt"], Resource = "*", Effect = "Allow" }] })\n}\n');
    await client.waitForDiagnostics(uri);
    const info = await client.request<{ handled: boolean }>('keylens/documentInfo', { uri });
    assert.equal(info.handled, true);
  });
});
