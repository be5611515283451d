// The template editors: minimal text edits in the file's own style (block or flow collections,
// quoting, indentation, line breaks, comments kept), intrinsics written per format and scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../server/src/core/parse';
import { Expression, type FixValue, type Policy } from '../../../server/src/core/model';
import { applyTextEdits, type TextEdit } from '../../../server/src/core/text';
import { refExpression } from '../../../server/src/core/refs';

const FILE = 'template.yaml';

function template(statements: string, extra = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
${statements}${extra}`;
}

function policyOf(text: string, file = FILE): Policy {
  const parsed = parseFile(file, text);
  assert.deepEqual(parsed.problems, [], text);
  const policy = parsed.policies[0];
  assert.ok(policy, 'a policy');
  return policy;
}

/** Applies edits and checks the result still parses, returning it. */
function edited(text: string, edits: readonly TextEdit[], file = FILE): string {
  assert.ok(edits.length > 0, 'an edit was made');
  const after = applyTextEdits(text, edits);
  assert.deepEqual(parseFile(file, after).problems, [], `result does not parse:\n${after}`);
  return after;
}

const BLOCK = template(`        Statement:
          - Effect: Allow
            Action:
              - kms:Decrypt   # reads the data
              # encryption below
              - kms:Encrypt
              - "kms:GenerateDataKey"
            Resource: "*"
`);

test('removing items of a block sequence removes their lines, keeps comments on other lines', () => {
  const policy = policyOf(BLOCK);
  const actions = policy.statements[0]!.actions!;
  const after = edited(BLOCK, policy.editor.removeItems(actions, [actions.items[0]!]));
  assert.equal(after, BLOCK.replace('              - kms:Decrypt   # reads the data\n', ''));
  const both = edited(BLOCK, policy.editor.removeItems(actions, [actions.items[0]!, actions.items[2]!]));
  assert.equal(both, BLOCK.replace('              - kms:Decrypt   # reads the data\n', '').replace('              - "kms:GenerateDataKey"\n', ''));
  assert.deepEqual(policy.editor.removeItems(actions, [...actions.items]), [], 'never every item');
});

test('removing the last item of a file without a final line break', () => {
  const text = BLOCK.replace(/\s*Resource: "\*"\n$/, '').replace(/\n$/, '');
  const policy = policyOf(text);
  const actions = policy.statements[0]!.actions!;
  const after = edited(text, policy.editor.removeItems(actions, [actions.items[2]!]));
  assert.ok(after.endsWith('- kms:Encrypt'), after);
});

const FLOW = template(`        Statement:
          - Effect: Allow
            Action: [kms:Decrypt, 'kms:Encrypt', kms:GenerateDataKey, kms:DescribeKey]
            Resource: '*'
`);

test('removing items of a flow sequence removes them with their separators (runs at once)', () => {
  const policy = policyOf(FLOW);
  const actions = policy.statements[0]!.actions!;
  const [decrypt, encrypt, generate, describe] = actions.items;
  assert.match(edited(FLOW, policy.editor.removeItems(actions, [decrypt!])), /Action: \['kms:Encrypt', kms:GenerateDataKey, kms:DescribeKey\]/);
  assert.match(edited(FLOW, policy.editor.removeItems(actions, [describe!])), /Action: \[kms:Decrypt, 'kms:Encrypt', kms:GenerateDataKey\]/);
  assert.match(edited(FLOW, policy.editor.removeItems(actions, [encrypt!, generate!, describe!])), /Action: \[kms:Decrypt\]/);
  assert.match(edited(FLOW, policy.editor.removeItems(actions, [decrypt!, describe!])), /Action: \['kms:Encrypt', kms:GenerateDataKey\]/);
});

test('replacing an item with several keeps one per line in block sequences, inline in flow ones, quoting as the item', () => {
  const block = policyOf(BLOCK);
  const blockActions = block.statements[0]!.actions!;
  const after = edited(BLOCK, block.editor.replaceItem(blockActions, blockActions.items[2]!, ['kms:GenerateDataKeyPair', 'kms:GenerateRandom']));
  assert.match(after, /              - "kms:GenerateDataKeyPair"\n              - "kms:GenerateRandom"\n/);
  const flow = policyOf(FLOW);
  const flowActions = flow.statements[0]!.actions!;
  assert.match(edited(FLOW, flow.editor.replaceItem(flowActions, flowActions.items[1]!, ['kms:ReEncryptTo', 'kms:Sign'])), /\[kms:Decrypt, 'kms:ReEncryptTo', 'kms:Sign', kms:GenerateDataKey/);
});

test('a single string becomes a list when items are added or it is replaced by several', () => {
  const text = template(`        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: "*"
`);
  const policy = policyOf(text);
  const actions = policy.statements[0]!.actions!;
  assert.match(edited(text, policy.editor.addItems(actions, ['kms:GenerateDataKey'])), /Action: \[kms:Encrypt, kms:GenerateDataKey\]\n/);
  assert.match(edited(text, policy.editor.replaceItem(actions, actions.items[0]!, ['kms:Sign', 'kms:Verify'])), /Action: \[kms:Sign, kms:Verify\]\n/);
});

test('adding items: after the last line of a block sequence, inside the brackets of a flow one', () => {
  const block = policyOf(BLOCK);
  const after = edited(BLOCK, block.editor.addItems(block.statements[0]!.actions!, ['kms:DescribeKey']));
  assert.match(after, /              - "kms:GenerateDataKey"\n              - "kms:DescribeKey"\n            Resource/);
  const flow = policyOf(FLOW);
  assert.match(edited(FLOW, flow.editor.addItems(flow.statements[0]!.actions!, ['kms:Sign'])), /kms:DescribeKey, kms:Sign\]/);
});

test('replacing a value with a reference writes the short form; strings keep their quoting', () => {
  const text = template(`        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: "arn:aws:kms:us-east-1:111122223333:alias/app"
          - { Effect: Allow, Action: kms:Encrypt, Resource: 'arn:aws:kms:us-east-1:111122223333:alias/other' }
`, `  Key:
    Type: AWS::KMS::Key
`);
  const policy = policyOf(text);
  const [block, flow] = policy.statements;
  const key = refExpression({ type: 'AWS::KMS::Key', name: 'Key', scope: FILE });
  assert.match(edited(text, policy.editor.replaceString(block!.resources!.items[0]!, key)), /Resource: !GetAtt Key\.Arn\n/);
  assert.match(edited(text, policy.editor.replaceString(flow!.resources!.items[0]!, key)), /Resource: !GetAtt Key\.Arn \}/);
  assert.match(edited(text, policy.editor.replaceString(block!.resources!.items[0]!, 'arn:aws:kms:us-east-1:111122223333:key/*')), /Resource: "arn:aws:kms:us-east-1:111122223333:key\/\*"\n/);
  assert.match(edited(text, policy.editor.replaceString(flow!.resources!.items[0]!, 'arn:aws:kms:us-east-1:111122223333:key/*')), /Resource: 'arn:aws:kms:us-east-1:111122223333:key\/\*' \}/);
  // The reference of another template (or of Terraform) cannot be written here.
  const elsewhere = refExpression({ type: 'AWS::KMS::Key', name: 'Key', scope: 'other.yaml' });
  assert.deepEqual(policy.editor.replaceString(block!.resources!.items[0]!, elsewhere), []);
  assert.deepEqual(policy.editor.replaceString(block!.resources!.items[0]!, new Expression('aws_kms_key.k.arn', '${aws_kms_key.k.arn}')), []);
  assert.equal(policy.editor.canWrite!(key), true);
  assert.equal(policy.editor.canWrite!(elsewhere), false);
});

const NEW_STATEMENT: { [key: string]: FixValue } = {
  Sid: 'AllowDecrypt',
  Effect: 'Allow',
  Principal: { AWS: refExpression({ type: 'AWS::IAM::Role', name: 'App', scope: FILE }) },
  Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
  Resource: '*',
};

test('adding a statement to a block sequence writes a block mapping at the items indentation', () => {
  const policy = policyOf(BLOCK);
  const after = edited(BLOCK, policy.editor.addStatement(NEW_STATEMENT));
  assert.equal(after, `${BLOCK}          - Sid: AllowDecrypt
            Effect: Allow
            Principal:
              AWS: !GetAtt App.Arn
            Action:
              - kms:Decrypt
              - kms:ReEncryptFrom
            Resource: "*"
`);
  const model = policyOf(after).statements[1]!;
  assert.equal(model.principals!.entries[0]!.value.value, '${App.Arn}');
});

test('adding a statement to a flow sequence, to a single statement mapping, and where there is none', () => {
  const flowText = template(`        Statement: [{ Effect: Allow, Action: "kms:Encrypt", Resource: "*" }]
`);
  const flow = policyOf(flowText);
  assert.match(edited(flowText, flow.editor.addStatement({ Effect: 'Allow', Action: 'kms:Sign', Resource: '*' })), /Resource: "\*" \}, \{Effect: "Allow", Action: "kms:Sign", Resource: "\*"\}\]/);

  const single = template(`        Statement:
          Effect: Allow   # only one
          Action: kms:Encrypt
          Resource: "*"
`);
  const singlePolicy = policyOf(single);
  const wrapped = edited(single, singlePolicy.editor.addStatement({ Effect: 'Allow', Action: 'kms:Sign', Resource: '*' }));
  assert.equal(wrapped, template(`        Statement:
          - Effect: Allow   # only one
            Action: kms:Encrypt
            Resource: "*"
          - Effect: Allow
            Action: kms:Sign
            Resource: "*"
`));
  assert.equal(policyOf(wrapped).statements.length, 2);

  const none = `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
`;
  const parsed = parseFile(FILE, none);
  assert.equal(parsed.policies.length, 0, 'no Statement: not a policy yet');
});

test('adding a condition: a new Condition block, an operator to an existing one, a key to an operator', () => {
  const text = template(`        Statement:
          - Effect: Allow
            Principal: "*"
            Action: kms:Decrypt
            Resource: "*"
          - Effect: Allow
            Principal: "*"
            Action: kms:Encrypt
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: s3.us-east-1.amazonaws.com
`);
  const policy = policyOf(text);
  const [first, second] = policy.statements;
  const account = new Expression('', '', { Ref: 'AWS::AccountId' });
  const added = edited(text, policy.editor.addCondition(first!, 'StringEquals', 'kms:CallerAccount', [account]));
  assert.match(added, /            Resource: "\*"\n            Condition:\n              StringEquals:\n                kms:CallerAccount: !Ref AWS::AccountId\n          - Effect/);
  const key = edited(text, policy.editor.addCondition(second!, 'StringEquals', 'kms:CallerAccount', ['111122223333']));
  assert.match(key, /                kms:ViaService: s3.us-east-1.amazonaws.com\n                kms:CallerAccount: "111122223333"\n/);
  const operator = edited(text, policy.editor.addCondition(second!, 'Bool', 'aws:SecureTransport', ['true']));
  assert.match(operator, /kms:ViaService: s3.us-east-1.amazonaws.com\n              Bool:\n                aws:SecureTransport: "true"\n/);
  const replaced = edited(text, policy.editor.addCondition(second!, 'StringEquals', 'kms:ViaService', ['s3.eu-west-1.amazonaws.com']));
  assert.match(replaced, /kms:ViaService: s3.eu-west-1.amazonaws.com\n/);
});

test('a flow statement gets its condition inline', () => {
  const text = template(`        Statement:
          - { Effect: Allow, Principal: "*", Action: "kms:Decrypt", Resource: "*" }
`);
  const policy = policyOf(text);
  const after = edited(text, policy.editor.addCondition(policy.statements[0]!, 'StringEquals', 'kms:CallerAccount', ['111122223333']));
  assert.match(after, /Resource: "\*", Condition: \{StringEquals: \{"kms:CallerAccount": "111122223333"\}\} \}/);
});

test('CRLF files get CRLF in new lines; the compact sequence style (dash at the key column) is kept', () => {
  const text = template(`        Statement:
        - Effect: Allow
          Action:
          - kms:Encrypt
          Resource: "*"
`).replace(/\n/g, '\r\n');
  const policy = policyOf(text);
  const after = edited(text, policy.editor.addStatement({ Effect: 'Allow', Action: ['kms:Sign', 'kms:Verify'], Resource: '*' }));
  assert.ok(!/[^\r]\n/.test(after), 'only CRLF line breaks');
  assert.match(after, /\r\n        - Effect: Allow\r\n          Action:\r\n          - kms:Sign\r\n          - kms:Verify\r\n          Resource: "\*"\r\n$/);
});

test('a file that quotes its strings gets quoted new strings; flow-list files get flow lists', () => {
  const text = template(`        Statement:
          - Effect: "Allow"
            Action: ["kms:Encrypt", "kms:Decrypt"]
            Resource: "*"
`);
  const policy = policyOf(text);
  const after = edited(text, policy.editor.addStatement({ Effect: 'Allow', Action: ['kms:Sign', 'kms:Verify'], Resource: '*' }));
  assert.match(after, /          - Effect: "Allow"\n            Action: \["kms:Sign", "kms:Verify"\]\n            Resource: "\*"\n$/);
});

test('JSON templates: the JSON editor writes intrinsics as JSON objects, in the file layout', () => {
  const text = `{
 "Resources": {
  "Key": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:*",
       "Effect": "Allow",
       "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
       "Resource": "*"
      }
     ]
    }
   }
  },
  "Role": { "Type": "AWS::IAM::Role", "Properties": {} }
 }
}`;
  const file = 'cdk.out/Stack.template.json';
  const policy = policyOf(text, file);
  const after = edited(text, policy.editor.addStatement({ Effect: 'Allow', Principal: { AWS: refExpression({ type: 'AWS::IAM::Role', name: 'Role', scope: file }) }, Action: 'kms:Decrypt', Resource: '*' }), file);
  assert.match(after, /\{\n {7}"Effect": "Allow",\n {7}"Principal": \{\n {8}"AWS": \{\n {9}"Fn::GetAtt": \[\n {10}"Role",\n {10}"Arn"\n {9}\]/);
  assert.equal(policyOf(after, file).statements[1]!.principals!.entries[0]!.value.ref?.name, 'Role');
  assert.deepEqual(policy.editor.addStatement({ Principal: { AWS: refExpression({ type: 'AWS::IAM::Role', name: 'Role', scope: 'other.json' }) } }), []);
});

test('no edit closes a dependency cycle: a resource cannot name itself, nor a resource that depends on it', () => {
  const text = `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - { Effect: Allow, Principal: { AWS: "*" }, Action: kms:Decrypt, Resource: "*" }
  InlineRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument: { Statement: [{ Effect: Allow, Action: kms:Encrypt, Resource: !If [Prod, !GetAtt DataKey.Arn, "*"] }] }
  LaterRole:
    Type: AWS::IAM::Role
    DependsOn: [DataKey]
  FreeRole:
    Type: AWS::IAM::Role
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - KMSDecryptPolicy: { KeyId: !Ref DataKey }
`;
  const policy = parseFile(FILE, text).policies.find((p) => p.label === 'DataKey')!;
  const ref = (name: string, type = 'AWS::IAM::Role') => refExpression({ type, name, scope: FILE });
  assert.equal(policy.editor.canWrite!(ref('DataKey', 'AWS::KMS::Key')), false, 'itself');
  assert.equal(policy.editor.canWrite!(ref('InlineRole')), false, 'its inline policy names the key (inside !If, as CloudFormation counts it)');
  assert.equal(policy.editor.canWrite!(ref('LaterRole')), false, 'DependsOn');
  assert.equal(policy.editor.canWrite!(ref('FnRole')), false, 'the role SAM makes carries the function\'s policies');
  assert.equal(policy.editor.canWrite!(ref('FreeRole')), true);
  assert.equal(policy.editor.canWrite!({ Principal: { AWS: [ref('FreeRole'), ref('InlineRole')] } }), false, 'checked inside values');
  assert.deepEqual(policy.editor.addStatement({ Effect: 'Allow', Principal: { AWS: ref('InlineRole') }, Action: 'kms:Decrypt', Resource: '*' }), []);
});
