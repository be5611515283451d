// Quiet while typing: no second parse error where the editor's JSON support reports it, and no
// unknown-action finding for the action string being typed at the cursor (until it is finished).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';

const UNKNOWN = 'iam-unknown-action';
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code).sort();

describe('a client whose JSON support reports syntax errors (VS Code)', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient({ initializationOptions: { clientReportsJsonSyntaxErrors: true } });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('a half-typed JSON policy gets its findings but no parse error; Terraform keeps its parse errors', async () => {
    const json = 'file:///virtual/half.json';
    client.open(json, 'json', '{ "Statement": [ { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" ');
    const diagnostics = await client.waitForDiagnostics(json, (d) => d.length > 0, 'the decrypt finding');
    assert.deepEqual(codes(diagnostics), ['kms-decrypt-in-identity-policy']);
    client.close(json);

    const tf = 'file:///virtual/half.tf';
    client.open(tf, 'terraform', 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = ["kms:Encrypt"] \n');
    assert.ok(codes(await client.waitForDiagnostics(tf, (d) => d.length > 0)).includes('parse-error'));
    client.close(tf);
  });
});

describe('typing an action', () => {
  let client: LspTestClient;
  const uri = 'file:///virtual/typing-policy.json';
  before(async () => {
    client = new LspTestClient({});
    await client.initialize();
    client.open(uri, 'json', '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["kms:Encrypt"], "Resource": "*" }]\n}\n');
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
  });
  after(() => client.shutdown());

  const settled = async () => client.waitForDiagnostics(uri, () => client.published.get(uri)?.version === client.document(uri).version);

  test('an empty string and a prefix of a real action at the cursor are not findings; a typo is', async () => {
    client.type(uri, '"kms:Encrypt"]', '"kms:Encrypt", ""]');
    assert.deepEqual(codes(await settled()), [], 'the empty string just typed');
    for (const partial of ['"k"', '"km"', '"kms:"', '"kms:Gen"', '"kms:GenerateD"']) {
      const before = client.document(uri).getText().match(/"kms:Encrypt", ("[^"]*")/)![1]!;
      client.type(uri, `"kms:Encrypt", ${before}`, `"kms:Encrypt", ${partial}`);
      assert.deepEqual(codes(await settled()), [], `${partial} is on its way to a real action`);
    }
    client.type(uri, '"kms:GenerateD"', '"kms:GenerateDx"');
    assert.deepEqual(codes(await settled()), [UNKNOWN], 'no action starts with kms:GenerateDx');
    client.type(uri, '"kms:GenerateDx"', '"kms:GenerateD"');
    assert.deepEqual(codes(await settled()), []);
  });

  test('an edit elsewhere, or saving, ends the typing: the half-typed action is reported', async () => {
    client.type(uri, '"Version": "2012-10-17"', '"Version": "2012-10-17" ');
    assert.deepEqual(codes(await settled()), [UNKNOWN], 'the cursor left kms:GenerateD');
    client.type(uri, '"kms:GenerateD"', '"kms:GenerateDa"');
    assert.deepEqual(codes(await settled()), []);
    client.save(uri);
    await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the finding after saving');
    assert.deepEqual(codes(client.published.get(uri)!.diagnostics), [UNKNOWN]);
  });
});
