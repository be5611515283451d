// Completion and hover through the protocol, in JSON and Terraform: items, their ranges (the word
// inside the quotes), documentation, and what accepting them writes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionItem, CompletionList, Hover, MarkupContent, Position, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, pathToUri } from './lspClient';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Opens `text` with `|` marking the cursor; returns the cursor position. */
function openAt(client: LspTestClient, uri: string, languageId: string, marked: string): Position {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the text marks the cursor with |');
  const document = client.open(uri, languageId, marked.slice(0, offset) + marked.slice(offset + 1));
  return document.positionAt(offset);
}

function item(list: CompletionList | null, label: string): CompletionItem {
  const found = list?.items.find((i) => i.label === label);
  assert.ok(found, `${label} among ${list?.items.length ?? 0} items: ${list?.items.slice(0, 20).map((i) => i.label).join(', ')}`);
  return found!;
}

const labels = (list: CompletionList | null) => new Set(list?.items.map((i) => i.label));
const docs = (i: CompletionItem) => (typeof i.documentation === 'string' ? i.documentation : (i.documentation as MarkupContent | undefined)?.value ?? '');
const hoverText = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';

/** The document's text after applying an item's edit, as the editor would. */
function accept(client: LspTestClient, uri: string, completion: CompletionItem): string {
  const edit = completion.textEdit as TextEdit;
  assert.ok(edit && 'range' in edit, 'items carry a text edit with a range');
  return TextDocument.applyEdits(client.document(uri), [edit]);
}

function rangeText(client: LspTestClient, uri: string, completion: CompletionItem): string {
  const edit = completion.textEdit as TextEdit;
  const document = client.document(uri);
  return document.getText().slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end));
}

describe('completion and hover in JSON', () => {
  let client: LspTestClient;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'keylens-completion-'));
    writeFileSync(
      join(folder, 'key-policy.1234abcd-12ab-34cd-56ef-1234567890ab.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
        ],
      }),
    );
    writeFileSync(join(folder, 'app-policy.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: KEY_ARN }] }));
    client = new LspTestClient({ workspaceFolder: folder, initializationOptions: { clientCommands: ['keylens.explainKeyAccess', 'editor.action.triggerSuggest'] } });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  test('announces completion (with trigger characters) and hover', () => {
    const capabilities = client.initializeResult!.capabilities;
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['"', ':', '/']);
    assert.equal(capabilities.hoverProvider, true);
  });

  test('"kms:Dec" offers kms:Decrypt with access level and description, replacing the word inside the quotes', async () => {
    const uri = pathToUri(join(folder, 'typing.json'));
    const position = openAt(client, uri, 'json', '{\n  "Statement": [{ "Effect": "Allow", "Action": ["kms:Dec|"], "Resource": "*" }]\n}\n');
    const list = await client.completion(uri, position);
    const decrypt = item(list, 'kms:Decrypt');
    assert.match(decrypt.detail ?? '', /^Write · AWS Key Management Service$/);
    assert.match(docs(decrypt), /decrypt ciphertext/i);
    assert.match(docs(decrypt), /Resource types: `key`\*/);
    assert.match(docs(decrypt), /kms:ViaService|kms:CallerAccount/);
    assert.match(docs(decrypt), /\]\(https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_awskeymanagementservice\.html\)/);
    assert.equal(rangeText(client, uri, decrypt), 'kms:Dec');
    assert.match(accept(client, uri, decrypt), /"Action": \["kms:Decrypt"\]/);
    // Every action of the service is there (the client filters), and wildcards say what they cover.
    assert.ok(labels(list).has('kms:ReEncryptFrom') && labels(list).has('kms:ListAliases'));
    const reEncrypt = item(list, 'kms:ReEncrypt*');
    assert.match(docs(reEncrypt), /Covers 2 actions/);
    assert.match(docs(reEncrypt), /kms:ReEncryptFrom[\s\S]*kms:ReEncryptTo/);
    assert.match(item(list, 'kms:*').detail ?? '', /every action of kms \(\d{2,}\)/);
    assert.equal(list!.isIncomplete, false);
    client.close(uri);
  });

  test('an empty action string offers service prefixes that reopen the suggestions', async () => {
    const uri = pathToUri(join(folder, 'empty-action.json'));
    const position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": "Allow", "Action": "|" }] }');
    const list = await client.completion(uri, position);
    const kms = item(list, 'kms:');
    assert.equal(kms.detail, 'AWS Key Management Service');
    assert.deepEqual(kms.command, { title: '', command: 'editor.action.triggerSuggest' });
    assert.equal(list!.isIncomplete, true, 'the list grows with the word (names across services)');
    assert.equal(accept(client, uri, kms), '{ "Statement": [{ "Effect": "Allow", "Action": "kms:" }] }');
    client.close(uri);
  });

  test('outside quotes an item brings its own quotes', async () => {
    const uri = pathToUri(join(folder, 'unquoted.json'));
    const position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": |, "Action": "kms:Decrypt" }] }');
    const list = await client.completion(uri, position);
    assert.deepEqual([...labels(list)], ['Allow', 'Deny']);
    assert.equal(accept(client, uri, item(list, 'Deny')), '{ "Statement": [{ "Effect": "Deny", "Action": "kms:Decrypt" }] }');
    client.close(uri);
  });

  test('policy element names, without those already there; Version and Statement at the root', async () => {
    const uri = pathToUri(join(folder, 'elements.json'));
    let position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": "Allow", "Action": "kms:Decrypt", "|" }] }');
    let list = await client.completion(uri, position);
    const names = labels(list);
    for (const name of ['Sid', 'Principal', 'Resource', 'NotResource', 'Condition']) assert.ok(names.has(name), name);
    for (const name of ['Effect', 'Action', 'NotAction']) assert.ok(!names.has(name), `${name} is there already (or excluded by Action)`);
    assert.match(docs(item(list, 'Principal')), /resource policies/);
    client.close(uri);

    position = openAt(client, uri, 'json', '{\n  |\n}\n');
    list = await client.completion(uri, position);
    assert.deepEqual([...labels(list)].sort(), ['Id', 'Statement', 'Version']);
    assert.equal(item(list, 'Version').textEdit && (item(list, 'Version').textEdit as TextEdit).newText, '"Version": ');
    client.close(uri);
  });

  test('condition operators, and condition keys valid for the statement\'s actions plus the global keys', async () => {
    const uri = pathToUri(join(folder, 'conditions.json'));
    let position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "|" } }] }');
    let list = await client.completion(uri, position);
    for (const operator of ['StringEquals', 'StringLike', 'ArnLike', 'Bool', 'StringEqualsIfExists', 'ForAnyValue:StringLike', 'Null']) assert.ok(labels(list).has(operator), operator);
    assert.match(docs(item(list, 'StringEqualsIfExists')), /IfExists: also true when the key is absent/);
    client.close(uri);

    position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": { "StringEquals": { "|" } } }] }');
    list = await client.completion(uri, position);
    for (const key of ['kms:ViaService', 'kms:CallerAccount', 'kms:EncryptionContext:${EncryptionContextKey}', 'aws:PrincipalOrgID', 'aws:SourceVpce']) assert.ok(labels(list).has(key), key);
    assert.ok(!labels(list).has('kms:GrantIsForAWSResource'), 'a CreateGrant key is not valid for kms:Decrypt');
    const context = item(list, 'kms:EncryptionContext:${EncryptionContextKey}');
    assert.equal((context.textEdit as TextEdit).newText, 'kms:EncryptionContext:', 'the placeholder is left for the author');
    assert.match(context.detail ?? '', /String/);
    assert.match(item(list, 'aws:PrincipalOrgID').detail ?? '', /global/);
    client.close(uri);

    position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": "Allow", "Action": ["kms:CreateGrant"], "Resource": "*", "Condition": { "Bool": { "kms:Gr|" } } }] }');
    list = await client.completion(uri, position);
    const grant = item(list, 'kms:GrantIsForAWSResource');
    assert.match(grant.detail ?? '', /^Bool/);
    assert.equal(rangeText(client, uri, grant), 'kms:Gr');
    client.close(uri);

    position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": "Allow", "Action": ["kms:CreateGrant"], "Resource": "*", "Condition": { "Bool": { "kms:GrantIsForAWSResource": "|" } } }] }');
    list = await client.completion(uri, position);
    assert.deepEqual([...labels(list)], ['true', 'false']);
    client.close(uri);
  });

  test('a Resource offers the workspace\'s key ARNs; a key policy offers "*" first', async () => {
    const uri = pathToUri(join(folder, 'resource.json'));
    let position = openAt(client, uri, 'json', '{ "Statement": [{ "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "|" }] }');
    let list = await client.completion(uri, position);
    assert.ok(labels(list).has(KEY_ARN), 'the key ARN written in app-policy.json');
    assert.ok(labels(list).has('arn:aws:kms:eu-west-1:111122223333:key/*'));
    assert.ok(![...labels(list)].some((l) => String(l).includes(':alias/')), 'alias ARNs are not offered for key operations');
    client.close(uri);

    const keyPolicy = pathToUri(join(folder, 'key-policy.new.json'));
    position = openAt(client, keyPolicy, 'json', '{ "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "|" }] }');
    list = await client.completion(keyPolicy, position);
    const star = item(list, '*');
    assert.equal(star.preselect, true);
    assert.match(star.detail ?? '', /this key/);
    client.close(keyPolicy);
  });

  test('hover: an action, a wildcard, a condition key and a key ARN (with a link to its report)', async () => {
    const uri = pathToUri(join(folder, 'hover.json'));
    const text = `{ "Statement": [{ "Effect": "Allow", "Action": ["kms:ReEncryptFrom", "kms:Generate*"], "Resource": "${KEY_ARN}", "Condition": { "StringEquals": { "kms:CallerAccount": "111122223333" } } }] }`;
    const document = client.open(uri, 'json', text);
    const at = (needle: string) => document.positionAt(text.indexOf(needle) + 3);

    const action = await client.hover(uri, at('kms:ReEncryptFrom'));
    assert.match(hoverText(action), /\*\*kms:ReEncryptFrom\*\* · Write/);
    assert.match(hoverText(action), /Resource types: `key`\*/);
    assert.match(hoverText(action), /Condition keys: .*kms:ReEncryptOnSameKey/);
    assert.match(hoverText(action), /list_awskeymanagementservice\.html/);
    assert.deepEqual(action!.range, { start: document.positionAt(text.indexOf('kms:ReEncryptFrom')), end: document.positionAt(text.indexOf('kms:ReEncryptFrom') + 'kms:ReEncryptFrom'.length) });

    const wildcard = await client.hover(uri, at('kms:Generate*'));
    assert.match(hoverText(wildcard), /Covers \d+ actions/);
    assert.match(hoverText(wildcard), /kms:GenerateDataKeyWithoutPlaintext/);
    assert.match(hoverText(wildcard), /kms:GenerateRandom/);

    const key = await client.hover(uri, at('kms:CallerAccount'));
    assert.match(hoverText(key), /\*\*kms:CallerAccount\*\* · String/);
    assert.match(hoverText(key), /account ID of the caller/);

    const arn = await client.hover(uri, at(KEY_ARN));
    assert.match(hoverText(arn), /Who can use this key/);
    // The root delegates to the account's IAM policies (hover.json and app-policy.json allow this key).
    assert.match(hoverText(arn), /`111122223333` — all operations · IAM "Enable IAM User Permissions" → 111122223333: hover\.json, app-policy\.json/);
    assert.match(hoverText(arn), /role\/app` — Encrypt, Decrypt, Data keys · "Allow use of the key"/);
    assert.ok(hoverText(arn).includes(`(command:keylens.explainKeyAccess?${encodeURIComponent(JSON.stringify([KEY_ARN]))})`), hoverText(arn));
    client.close(uri);
  });

  test('nothing outside policies; a broken document still completes', async () => {
    const uri = pathToUri(join(folder, 'package.json'));
    let position = openAt(client, uri, 'json', '{ "name": "x", "scripts": { "|" } }');
    assert.equal(await client.completion(uri, position), null);
    client.close(uri);

    const broken = pathToUri(join(folder, 'broken.json'));
    position = openAt(client, broken, 'json', '{ "Statement": [ { "Effect": "Allow", "Action": [ "kms:Enc|\n');
    const list = await client.completion(broken, position);
    assert.equal(rangeText(client, broken, item(list, 'kms:Encrypt')), 'kms:Enc');
    client.close(broken);
  });
});

describe('completion and hover in Terraform', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient({ initializationOptions: { clientCommands: ['keylens.explainKeyAccess'] } });
    await client.initialize();
  });
  after(() => client.shutdown());

  const uri = 'file:///virtual/main.tf';

  test('jsonencode actions replace the word in the quotes; a Resource offers aws_kms_key references', async () => {
    let position = openAt(
      client,
      uri,
      'terraform',
      'resource "aws_kms_key" "app" {\n  description = "app data"\n}\n\nresource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["kms:Gen|"]\n      Resource = aws_kms_key.app.arn\n    }]\n  })\n}\n',
    );
    let list = await client.completion(uri, position);
    const generate = item(list, 'kms:GenerateDataKey');
    assert.equal(rangeText(client, uri, generate), 'kms:Gen');
    assert.match(docs(generate), /data key/i);
    client.close(uri);

    position = openAt(client, uri, 'terraform', 'resource "aws_kms_key" "app" {\n  description = "app data"\n}\n\nresource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["kms:Decrypt"]\n      Resource = |\n    }]\n  })\n}\n');
    list = await client.completion(uri, position);
    const reference = item(list, 'aws_kms_key.app.arn');
    assert.equal((reference.textEdit as TextEdit).newText, 'aws_kms_key.app.arn');
    assert.equal(reference.detail, 'app data');
    client.close(uri);
  });

  test('aws_iam_policy_document: actions, argument names and a condition block\'s variable', async () => {
    let position = openAt(client, uri, 'terraform', 'data "aws_iam_policy_document" "d" {\n  statement {\n    effect  = "Allow"\n    actions = ["kms:Encrypt", "kms:Re|"]\n  }\n}\n');
    let list = await client.completion(uri, position);
    assert.equal(rangeText(client, uri, item(list, 'kms:ReEncryptTo')), 'kms:Re');
    client.close(uri);

    position = openAt(client, uri, 'terraform', 'data "aws_iam_policy_document" "d" {\n  statement {\n    effect = "Allow"\n    |\n  }\n}\n');
    list = await client.completion(uri, position);
    for (const name of ['actions', 'not_actions', 'resources', 'principals', 'condition', 'sid']) assert.ok(labels(list).has(name), name);
    assert.ok(!labels(list).has('effect'));
    assert.equal((item(list, 'condition').textEdit as TextEdit).newText, 'condition {', 'plain text without snippet support');
    client.close(uri);

    position = openAt(
      client,
      uri,
      'terraform',
      'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["kms:CreateGrant"]\n    condition {\n      test     = "Bool"\n      variable = "kms:|"\n      values   = ["true"]\n    }\n  }\n}\n',
    );
    list = await client.completion(uri, position);
    const grant = item(list, 'kms:GrantIsForAWSResource');
    assert.equal(rangeText(client, uri, grant), 'kms:');
    client.close(uri);
  });

  test('hover in a heredoc and in a policy document', async () => {
    const text = 'resource "aws_iam_role_policy" "r" {\n  role   = "app"\n  policy = <<-EOT\n    {\n      "Statement": [{ "Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "*" }]\n    }\n  EOT\n}\n\ndata "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject"]\n  }\n}\n';
    const document = client.open(uri, 'terraform', text);
    const describe = await client.hover(uri, document.positionAt(text.indexOf('kms:DescribeKey') + 5));
    assert.match(hoverText(describe), /\*\*kms:DescribeKey\*\* · Read/);
    const getObject = await client.hover(uri, document.positionAt(text.indexOf('s3:GetObject') + 4));
    assert.match(hoverText(getObject), /\*\*s3:GetObject\*\* · Read/);
    assert.match(hoverText(getObject), /list_amazons3\.html/);
    client.close(uri);
  });
});
