// Explain from templates: `template.yaml#DataKey` and alias logical ids, keys named across files,
// the workspace key pick list and the "Explain access" lens targets for template keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../../server/src/core/parse';
import { explainKey, parseKeyReference, snapshotFromWorkspace } from '../../../server/src/core/explain/index';
import { keyLensTargets, shortKey, workspaceKeys } from '../../../server/src/core/workspaceKeys';
import { LineIndex } from '../../../server/src/core/text';
import { loadCatalog } from '../../../server/src/node/catalog';

const catalog = loadCatalog();
const root = join(__dirname, '..', '..', '..');
const EXAMPLE = 'examples/cloudformation/template.yaml';
const exampleText = readFileSync(join(root, EXAMPLE), 'utf8');

test('parseKeyReference reads template logical ids (paths and file uris)', () => {
  assert.deepEqual(parseKeyReference('template.yaml#DataKey'), { kind: 'template', file: 'template.yaml', logicalId: 'DataKey' });
  assert.deepEqual(parseKeyReference('stacks/app.template#Key1'), { kind: 'template', file: 'stacks/app.template', logicalId: 'Key1' });
  assert.deepEqual(parseKeyReference('file:///work/x/cdk.out/Stack.template.json#DataKey5E1A1A4B'), { kind: 'template', file: 'file:///work/x/cdk.out/Stack.template.json', logicalId: 'DataKey5E1A1A4B' });
  assert.equal(parseKeyReference('template.txt#DataKey'), undefined);
  assert.equal(parseKeyReference('template.yaml#Data-Key'), undefined);
});

test('explain template.yaml#ReportsKey: its policy, the partner, the roles and the function that name it, its alias', () => {
  const files = [parseFile(EXAMPLE, exampleText)];
  const result = snapshotFromWorkspace(files, 'template.yaml#ReportsKey');
  assert.ok(result.ok, !result.ok ? result.error.en : '');
  assert.equal(result.snapshot.metadata.description, 'reports bucket key');
  assert.equal(result.snapshot.metadata.keyManager, 'CUSTOMER');
  const report = explainKey(result.snapshot, result.identityPolicies, { catalog });
  assert.equal(report.sources.keyPolicy, 'workspace');
  assert.deepEqual(report.key.aliases, ['alias/cfn-reports']);
  const principals = report.access.map((entry) => entry.principal);
  assert.ok(principals.includes('111122223333'), principals.join(', '));
  // The role whose managed policy names the key (by its alias ARN template, which does not cover the key: no entry)
  // and the SAM function's implicit role (KMSDecryptPolicy with KeyId: !Ref ReportsKey) get access through IAM.
  const functionRole = report.access.find((entry) => entry.principal === 'ReportsFunctionRole');
  assert.ok(functionRole, principals.join(', '));
  assert.deepEqual(functionRole.operations, ['kms:Decrypt']);
  assert.equal(functionRole.via[0]!.kind, 'iam-delegation');
});

test('an alias logical id explains the key it targets; unknown ids and files are clear errors', () => {
  const files = [parseFile(EXAMPLE, exampleText)];
  const alias = snapshotFromWorkspace(files, `${EXAMPLE}#ReportsAlias`);
  assert.ok(alias.ok);
  assert.equal(alias.snapshot.metadata.ref?.name, 'ReportsKey');
  const missing = snapshotFromWorkspace(files, 'template.yaml#NoSuchKey');
  assert.ok(!missing.ok);
  assert.match(missing.error.en, /no AWS::KMS::Key .* named NoSuchKey/);
  assert.match(missing.error.ja, /NoSuchKey/);
  const elsewhere = snapshotFromWorkspace(files, 'other.yaml#ReportsKey');
  assert.ok(!elsewhere.ok);
  assert.match(elsewhere.error.en, /No CloudFormation template other\.yaml/);
  const twice = snapshotFromWorkspace([...files, parseFile('fixed/template.yaml', exampleText)], 'template.yaml#ReportsKey');
  assert.ok(!twice.ok);
  assert.match(twice.error.en, /Several given templates/);
});

test('a key declared in one template and used by a role policy in another is explained with that role only by literal ARN', () => {
  const keys = parseFile('keys.yaml', `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - { Effect: Allow, Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }
`);
  // The other template cannot name Key by !GetAtt (another stack): a reference there is to its own resource.
  const app = parseFile('app.yaml', `Resources:
  Key:
    Type: AWS::KMS::Key
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: use
          PolicyDocument: { Statement: [{ Effect: Allow, Action: kms:Encrypt, Resource: !GetAtt Key.Arn }] }
`);
  const result = snapshotFromWorkspace([keys, app], 'keys.yaml#Key');
  assert.ok(result.ok);
  const report = explainKey(result.snapshot, result.identityPolicies, { catalog });
  assert.ok(!report.access.some((entry) => entry.principal === 'Role'), 'the other template\'s Key is another key');
});

test('the workspace key list offers template keys and aliases; lenses go above AWS::KMS::Key resources', () => {
  const file = parseFile(EXAMPLE, exampleText);
  const keys = workspaceKeys([file]);
  const reports = keys.find((key) => key.label === 'ReportsKey');
  assert.ok(reports, keys.map((k) => k.label).join(', '));
  assert.equal(reports.key, `${EXAMPLE}#ReportsKey`);
  assert.deepEqual(reports.sources, ['template-key', 'key-policy']);
  assert.match(reports.description ?? '', /reports bucket key — template\.yaml — alias\/cfn-reports/);
  const alias = keys.find((key) => key.label === 'alias/cfn-reports');
  assert.deepEqual([alias?.key, alias?.sources, alias?.description], ['alias/cfn-reports', ['template-alias'], '→ ReportsKey']);
  assert.ok(snapshotFromWorkspace([file], reports.key).ok, 'each offered key can be explained');

  const lines = new LineIndex(exampleText);
  const targets = keyLensTargets(exampleText, file, (offset) => lines.positionAt(offset).line);
  const lensKeys = targets.map((t) => t.key);
  for (const name of ['ReportsKey', 'UploadsKey', 'SharedKey', 'AdminOnlyKey']) assert.ok(lensKeys.includes(`${EXAMPLE}#${name}`), lensKeys.join(', '));
  const reportsLens = targets.find((t) => t.key === `${EXAMPLE}#ReportsKey`)!;
  assert.equal(exampleText.split('\n')[reportsLens.line]!.trim(), 'ReportsKey:');
  assert.equal(shortKey(reportsLens.key), 'ReportsKey');
});
