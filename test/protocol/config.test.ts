// The editor side of .keylens.json and suppression comments (SPEC §5), through the built server:
// the same configuration as `keylens check`, keylens.rules on top, re-read when it changes on disk;
// suppressed findings as hints that say why; "Suppress on this line" writes the comment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, pathToUri } from './lspClient';

const DECRYPT = 'kms-decrypt-in-identity-policy';
const ERROR = 1;
const WARNING = 2;
const INFO = 3;
const HINT = 4;

const identity = '{\n  "Statement": [\n    { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" }\n  ]\n}\n';
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('configuration and suppressions in the editor', () => {
  let folder: string;
  let client: LspTestClient;
  const at = (path: string) => pathToUri(join(folder, path));

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'keylens-config-'));
    mkdirSync(join(folder, '.git'));
    mkdirSync(join(folder, 'legacy'));
    mkdirSync(join(folder, 'fixtures'));
    writeFileSync(join(folder, '.keylens.json'), JSON.stringify({ rules: { [DECRYPT]: 'error' }, ignore: ['fixtures'], overrides: [{ files: ['legacy/**'], rules: { [DECRYPT]: 'info' } }] }));
    client = new LspTestClient({ locale: 'en', workspaceFolder: folder });
    await client.initialize();
  });
  after(() => client.shutdown());

  test('severities come from the nearest .keylens.json, per path, exactly as keylens check reads them', async () => {
    client.open(at('app.json'), 'json', identity);
    client.open(at('legacy/app.json'), 'json', identity);
    assert.deepEqual((await client.waitForDiagnostics(at('app.json'), (d) => d.length > 0)).map((d) => d.severity), [ERROR]);
    assert.deepEqual((await client.waitForDiagnostics(at('legacy/app.json'), (d) => d.length > 0)).map((d) => d.severity), [INFO]);
  });

  test('an ignored file gets no diagnostics even when open', async () => {
    client.open(at('fixtures/app.json'), 'json', identity);
    assert.deepEqual(await client.waitForDiagnostics(at('fixtures/app.json')), []);
  });

  test('keylens.rules applies on top of the configuration, in the editor', async () => {
    await client.setSettings({ rules: { [DECRYPT]: 'warning' } });
    assert.deepEqual((await client.waitForDiagnostics(at('app.json'), (d) => d[0]?.severity === WARNING)).map((d) => d.severity), [WARNING]);
    assert.deepEqual((await client.waitForDiagnostics(at('legacy/app.json'), (d) => d[0]?.severity === WARNING)).map((d) => d.severity), [WARNING]);
    await client.setSettings({});
    await client.waitForDiagnostics(at('app.json'), (d) => d[0]?.severity === ERROR);
  });

  test('a changed configuration on disk applies without restart; a broken one is reported with its position and defaults apply', async () => {
    writeFileSync(join(folder, '.keylens.json'), JSON.stringify({ rules: { [DECRYPT]: 'off' } }));
    client.notifyWatchedFiles([{ uri: at('.keylens.json'), type: 2 }]);
    await client.waitForDiagnostics(at('app.json'), (d) => d.length === 0, 'the rule turned off');

    writeFileSync(join(folder, '.keylens.json'), '{\n  "rules": { "kms-decrypt-in-identiy-policy": "off" }\n}\n');
    client.notifyWatchedFiles([{ uri: at('.keylens.json'), type: 2 }]);
    const diagnostics = await client.waitForDiagnostics(at('app.json'), (d) => d.length === 1, 'default severities while broken');
    assert.equal(diagnostics[0]!.severity, WARNING);
    const shown = client.logs.filter((l) => l.startsWith('showMessage: KeyLens: .keylens.json:2:14: unknown rule "kms-decrypt-in-identiy-policy"'));
    assert.equal(shown.length, 1, client.logs.join('\n'));
    assert.match(shown[0]!, /did you mean "kms-decrypt-in-identity-policy"\?.*default severities until it is fixed/);

    writeFileSync(join(folder, '.keylens.json'), JSON.stringify({ rules: { [DECRYPT]: 'error' }, ignore: ['fixtures'] }));
    client.notifyWatchedFiles([{ uri: at('.keylens.json'), type: 2 }]);
    await client.waitForDiagnostics(at('app.json'), (d) => d[0]?.severity === ERROR);
  });

  test('a suppressed finding is a hint saying it is suppressed and why; it offers no fix; another rule on the line still shows', async () => {
    const uri = at('reviewed.jsonc');
    client.open(uri, 'jsonc', '{\n  "Statement": [\n    // keylens-ignore-next-line kms-decrypt-in-identity-policy -- break-glass role\n    { "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encypt"], "Resource": "*" }\n  ]\n}\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length === 2);
    const suppressed = diagnostics.find((d) => d.code === DECRYPT)!;
    assert.equal(suppressed.severity, HINT);
    assert.match(messageOf(suppressed), /^Suppressed \(break-glass role\): This identity policy allows `kms:Decrypt`/);
    const actions = await client.codeActions(uri, suppressed.range, [suppressed]);
    assert.deepEqual(actions.filter((a) => a.edit && a.kind === 'quickfix').map((a) => a.title), [], 'no fix and no second suppression for it');
    assert.equal(diagnostics.find((d) => d.code === 'iam-unknown-action')!.severity, WARNING);
  });

  test('"Suppress on this line" writes the comment in the file\'s syntax; the finding then becomes a suppressed hint', async () => {
    const tf = at('main.tf');
    client.open(tf, 'terraform', 'resource "aws_iam_policy" "app" {\n  policy = jsonencode({\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["kms:Decrypt"]\n      Resource = "*"\n    }]\n  })\n}\n');
    const [finding] = await client.waitForDiagnostics(tf, (d) => d.length === 1);
    const actions = (await client.codeActions(tf, finding!.range, [finding!])) as CodeAction[];
    const suppress = actions.find((a) => a.title === `Suppress ${DECRYPT} on this line`);
    assert.ok(suppress?.edit, actions.map((a) => a.title).join(', '));
    for (const changed of client.applyWorkspaceEdit(suppress.edit)) client.notifyChange(changed);
    assert.match(client.document(tf).getText(), /\n {4}Statement = \[\{\n {6}Effect {3}= "Allow"\n {6}# keylens-ignore-next-line kms-decrypt-in-identity-policy -- reason it is accepted\n {6}Action {3}= \["kms:Decrypt"\]\n/);
    const after = await client.waitForDiagnostics(tf, (d) => d.length === 1 && d[0]!.severity === HINT);
    assert.match(messageOf(after[0]!), /^Suppressed \(reason it is accepted\):/);

    const jsonc = at('more.jsonc');
    client.open(jsonc, 'jsonc', '{ "Statement": [\n\t{ "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }\n] }\n');
    const [j] = await client.waitForDiagnostics(jsonc, (d) => d.length === 1);
    const jsoncAction = ((await client.codeActions(jsonc, j!.range, [j!])) as CodeAction[]).find((a) => a.title.startsWith('Suppress '))!;
    for (const changed of client.applyWorkspaceEdit(jsoncAction.edit!)) client.notifyChange(changed);
    assert.equal(client.document(jsonc).getText(), '{ "Statement": [\n\t// keylens-ignore-next-line kms-decrypt-in-identity-policy -- reason it is accepted\n\t{ "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }\n] }\n');
  });

  test('no "Suppress on this line" where a comment does not belong: plain JSON, a Terraform heredoc', async () => {
    const [json] = await client.waitForDiagnostics(at('app.json'), (d) => d.length === 1);
    assert.ok(!((await client.codeActions(at('app.json'), json!.range, [json!])) as CodeAction[]).some((a) => a.title.startsWith('Suppress ')));
    const heredoc = at('heredoc.tf');
    client.open(heredoc, 'terraform', 'resource "aws_iam_policy" "app_heredoc" {\n  policy = <<-EOT\n    { "Statement": [ { "Effect": "Allow",\n      "Action": "kms:Decrypt", "Resource": "*" } ] }\n  EOT\n}\n');
    const [h] = await client.waitForDiagnostics(heredoc, (d) => d.length === 1);
    assert.ok(!((await client.codeActions(heredoc, h!.range, [h!])) as CodeAction[]).some((a) => a.title.startsWith('Suppress ')));
  });

  test('a suppression that names no real rule is an invalid-suppression warning with a link to its page', async () => {
    const uri = at('typo.jsonc');
    client.open(uri, 'jsonc', '{ "Statement": [\n  // keylens-ignore-next-line kms-decrypt-in-identiy-policy -- typo\n  { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ] }\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length === 2);
    const invalid = diagnostics.find((d) => d.code === 'invalid-suppression')!;
    assert.equal(invalid.severity, WARNING);
    assert.match(invalid.codeDescription!.href, /docs\/rules\/invalid-suppression\.md$/);
    assert.equal(diagnostics.find((d) => d.code === DECRYPT)!.severity, ERROR, 'not suppressed, at the configured severity');
  });
});
