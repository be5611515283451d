// The CloudFormation/SAM reader: recognition, exact UTF-16 spans in YAML and JSON, intrinsics as
// scoped references and ARN shapes, recovery from half-typed YAML, and what each resource type adds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../server/src/core/parse';
import type { ParsedFile, PNode, PString, Policy } from '../../../server/src/core/model';

const FILE = 'template.yaml';

function parse(text: string, file = FILE): ParsedFile {
  return parseFile(file, text);
}

function policy(parsed: ParsedFile, label: string): Policy {
  const found = parsed.policies.find((p) => p.label === label);
  assert.ok(found, `no policy ${label}; have ${parsed.policies.map((p) => p.label).join(', ')}`);
  return found;
}

function shown(text: string, node: PNode): string {
  return text.slice(node.span.start, node.span.end);
}

const KEY_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Description: キーとロール 🔑
Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      Description: data key
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: 'kms:*'
            Resource: "*"
          - Sid: App   # the application role
            Effect: Allow
            Principal: { AWS: !GetAtt AppRole.Arn }
            Action: [kms:Decrypt, "kms:Encrypt"]
            Resource: '*'
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
`;

test('recognizes templates by AWSTemplateFormatVersion, a SAM Transform, or Resources with AWS:: types', () => {
  assert.equal(parse(KEY_TEMPLATE).template, true);
  assert.equal(parse('Transform: AWS::Serverless-2016-10-31\nResources: {}\n').template, true);
  assert.equal(parse('Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n').template, true);
  assert.equal(parse('Resources:\n  Key:\n    Type: AWS::KMS::Key\n').template, true);
  assert.equal(parse('Resources:\n  Thing:\n    Type: Custom::Thing\n').template, undefined);
});

test('other YAML (workflows, manifests, compose files, broken YAML) yields nothing, not even a parse problem', () => {
  const others = [
    'name: CI\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n---\napiVersion: v1\nkind: ConfigMap\n',
    'services:\n  web:\n    image: nginx\n    ports: ["80:80"\n',
    'key: [unclosed\n  - "also broken\n',
    'Statement:\n  - Effect: Allow\n    Action: kms:Decrypt\n    Resource: "*"\n',
  ];
  for (const text of others) {
    const parsed = parse(text, 'other.yml');
    assert.deepEqual([parsed.policies.length, parsed.problems.length, parsed.template], [0, 0, undefined], text);
  }
});

test('YAML spans are exact UTF-16 offsets, for quoted, plain and tagged values (the tag included)', () => {
  const parsed = parse(KEY_TEMPLATE);
  assert.deepEqual(parsed.problems, []);
  const key = policy(parsed, 'DataKey');
  assert.equal(key.kind, 'key');
  assert.equal(key.syntax, 'template');
  const [root, app] = key.statements;
  assert.equal(shown(KEY_TEMPLATE, root!.actions!.items[0]!), "'kms:*'");
  assert.equal(root!.actions!.items[0]!.value, 'kms:*');
  assert.equal(shown(KEY_TEMPLATE, root!.principals!.entries[0]!.value), '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"');
  assert.equal(shown(KEY_TEMPLATE, app!.principals!.entries[0]!.value), '!GetAtt AppRole.Arn');
  assert.deepEqual(app!.actions!.items.map((i) => shown(KEY_TEMPLATE, i)), ['kms:Decrypt', '"kms:Encrypt"']);
  assert.equal(app!.sid, 'App');
  // The Japanese text and the emoji (a surrogate pair) before the resources shift nothing.
  const statementEntry = key.root.entries.find((e) => e.key === 'Statement')!;
  assert.equal(KEY_TEMPLATE.slice(statementEntry.keySpan.start, statementEntry.keySpan.end), 'Statement');
});

test('CRLF line breaks keep spans exact', () => {
  const text = KEY_TEMPLATE.replace(/\n/g, '\r\n');
  const key = policy(parse(text), 'DataKey');
  assert.equal(shown(text, key.statements[1]!.principals!.entries[0]!.value), '!GetAtt AppRole.Arn');
  assert.equal(shown(text, key.statements[1]!.actions!.node), '[kms:Decrypt, "kms:Encrypt"]');
});

test('intrinsics: !Ref and !GetAtt of resources are scoped references; pseudo parameters make ARN shapes', () => {
  const parsed = parse(KEY_TEMPLATE);
  const key = policy(parsed, 'DataKey');
  const rolePrincipal = key.statements[1]!.principals!.entries[0]!.value;
  assert.equal(rolePrincipal.known, false);
  assert.deepEqual(rolePrincipal.ref, { type: 'AWS::IAM::Role', name: 'AppRole', attribute: 'arn', scope: FILE });
  const rootPrincipal = key.statements[0]!.principals!.entries[0]!.value;
  assert.equal(rootPrincipal.value, 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
  assert.equal(rootPrincipal.ref, undefined);
  assert.deepEqual(rootPrincipal.refs, []);
  assert.deepEqual(rootPrincipal.arn, { service: 'iam', region: '', ownAccount: true, resource: 'root', resourceKnown: true });
  assert.deepEqual(key.target, { key: { ref: { type: 'AWS::KMS::Key', name: 'DataKey', scope: FILE } } });
  assert.deepEqual(parsed.keys.map((k) => [k.ref.name, k.description, KEY_TEMPLATE.slice(k.span.start, k.span.start + 8)]), [['DataKey', 'data key', 'DataKey:']]);
});

function resourceValue(text: string): PString {
  const template = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Key:
    Type: AWS::KMS::Key
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: ${text}
Parameters:
  KeyArn:
    Type: String
`;
  const item = policy(parse(template), 'Policy').statements[0]!.resources!.node;
  assert.equal(item.kind, 'string', `${text} is a string`);
  return item as PString;
}

test('intrinsics: Sub, Join, Select and parameters', () => {
  const sub = resourceValue('!Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app"');
  assert.deepEqual(sub.arn, { service: 'kms', ownAccount: true, resource: 'alias/app', resourceKnown: true });
  const literalSub = resourceValue('!Sub "arn:aws:s3:::logs/*"');
  assert.deepEqual([literalSub.known, literalSub.value], [true, 'arn:aws:s3:::logs/*']);
  const escaped = resourceValue('!Sub "arn:aws:s3:::${!literal}/*"');
  assert.deepEqual([escaped.known, escaped.value], [true, 'arn:aws:s3:::${literal}/*']);
  const variables = resourceValue('!Sub ["arn:aws:kms:us-east-1:111122223333:key/${id}", { id: "1234abcd-12ab-34cd-56ef-1234567890ab" }]');
  assert.deepEqual([variables.known, variables.value], [true, 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
  const bucket = resourceValue('!Sub "${Bucket.Arn}/*"');
  assert.deepEqual(bucket.refs, [{ type: 'AWS::S3::Bucket', name: 'Bucket', attribute: 'arn', scope: FILE }]);
  assert.equal(bucket.ref, undefined, 'a reference with a suffix is not the whole value');
  const join = resourceValue(`!Join
              - ''
              - - 'arn:aws:s3:::'
                - !Ref Bucket
                - /*`);
  assert.deepEqual(join.refs, [{ type: 'AWS::S3::Bucket', name: 'Bucket', attribute: 'name', scope: FILE }]);
  assert.equal(join.value, 'arn:aws:s3:::${Bucket}/*');
  const keyRef = resourceValue('!Ref Key');
  assert.deepEqual(keyRef.ref, { type: 'AWS::KMS::Key', name: 'Key', attribute: 'key_id', scope: FILE });
  const parameter = resourceValue('!Ref KeyArn');
  assert.deepEqual([parameter.known, parameter.ref, parameter.refs, parameter.arn], [false, undefined, [], undefined]);
  const condition = resourceValue('!If [IsProd, !GetAtt Key.Arn, "*"]');
  assert.deepEqual([condition.known, condition.ref, condition.refs], [false, undefined, []], 'conditions are never guessed');
  const imported = resourceValue('!ImportValue shared-key-arn');
  assert.equal(imported.known, false);
  const selected = resourceValue('!Select [1, ["a", "arn:aws:kms:us-east-1:111122223333:key/*"]]');
  assert.deepEqual([selected.known, selected.value], [true, 'arn:aws:kms:us-east-1:111122223333:key/*']);
});

test('intrinsics: list-valued calls are unknown values, not strings', () => {
  const template = `Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: !Split [",", "kms:Encrypt,kms:Decrypt"]
            Resource: "*"
`;
  const statement = policy(parse(template), 'Policy').statements[0]!;
  assert.equal(statement.actions!.node.kind, 'unknown');
  assert.equal(statement.actions!.hasUnknown, true);
});

test('a CDK-synthesized JSON template reads like the YAML one: Fn::Join roots, Fn::GetAtt references', () => {
  const text = JSON.stringify({
    Resources: {
      Key961B73FD: {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: {
            Statement: [{ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } }, Resource: '*' }],
            Version: '2012-10-17',
          },
        },
        UpdateReplacePolicy: 'Retain',
        DeletionPolicy: 'Retain',
        Metadata: { 'aws:cdk:path': 'Stack/Key/Resource' },
      },
      RoleDefaultPolicy5FFB7DAB: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyDocument: { Statement: [{ Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } }], Version: '2012-10-17' },
          PolicyName: 'RoleDefaultPolicy5FFB7DAB',
          Roles: [{ Ref: 'Role1ABCC5F0' }],
        },
      },
      Role1ABCC5F0: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] } } },
    },
  }, null, 1);
  const file = 'cdk.out/Stack.template.json';
  const parsed = parseFile(file, text);
  assert.equal(parsed.language, 'json');
  assert.equal(parsed.template, true);
  const key = policy(parsed, 'Key961B73FD');
  const root = key.statements[0]!.principals!.entries[0]!.value;
  assert.equal(root.value, 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root');
  assert.equal(root.arn?.ownAccount, true);
  assert.match(text.slice(root.span.start, root.span.end), /^\{\s*"Fn::Join"/);
  const identity = policy(parsed, 'RoleDefaultPolicy5FFB7DAB');
  assert.deepEqual(identity.statements[0]!.resources!.items[0]!.ref, { type: 'AWS::KMS::Key', name: 'Key961B73FD', attribute: 'arn', scope: file });
  assert.deepEqual(parsed.attachments.map((a) => [a.policy.ref?.name, a.principal.ref?.name]), [['RoleDefaultPolicy5FFB7DAB', 'Role1ABCC5F0']]);
});

test('a .template file holding JSON is read as JSON; one holding YAML as YAML', () => {
  assert.equal(parseFile('stack.template', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}').language, 'json');
  assert.equal(parseFile('stack.template', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n').language, 'yaml');
});

test('half-typed YAML still yields what can be read, with one parse problem', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ["kms:Dec
            Resource: "*"
          - Effect: Allow
            Action: kms:Decrypt
            Resource: "*"
  Later:
    Type: AWS::KMS::Key
`;
  const parsed = parse(text);
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0]!.message.en, /YAML cannot be parsed/);
  assert.match(parsed.problems[0]!.message.ja, /YAML/);
  const statements = policy(parsed, 'Policy').statements;
  assert.equal(statements.length, 2);
  assert.equal(statements[1]!.actions!.items[0]!.value, 'kms:Decrypt');
  assert.deepEqual(parsed.keys.map((k) => k.ref.name), ['Later']);
});

test('a template cut off in the middle of a key still reads the statements before it', () => {
  const text = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Decrypt
            Resource: "*"
          - Effect: Allow
            Acti`;
  const parsed = parse(text);
  assert.equal(parsed.problems.length, 1);
  assert.equal(policy(parsed, 'Policy').statements[0]!.actions!.items[0]!.value, 'kms:Decrypt');
});

test('deep flow nesting is reported, not parsed (and does not take long)', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: ' + '['.repeat(20_000) + '\n';
  const parsed = parse(text);
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0]!.message.en, /nested more than/);
});

test('aliases, unknown tags and anchors are unknown values, never guesses', () => {
  const text = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: &actions [kms:Decrypt]
            Resource: !Custom thing
          - Effect: Allow
            Action: *actions
            Resource: "*"
`;
  const statements = policy(parse(text), 'Policy').statements;
  assert.equal(statements[0]!.resources!.node.kind, 'unknown');
  assert.equal(statements[1]!.actions!.node.kind, 'unknown');
});

test('IAM resources: inline policies, managed policy attachments, group memberships, permissions boundaries', () => {
  const text = `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Statement: [{ Effect: Allow, Action: "kms:*", Resource: "*" }] }
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Readers]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: "kms:Encrypt", Resource: "*" }] }
  Extra:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Statement: [{ Effect: Allow, Action: "kms:Sign", Resource: "*" }] }
  App:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-role
      PermissionsBoundary: !Ref Boundary
      ManagedPolicyArns: [!Ref Extra, "arn:aws:iam::aws:policy/ReadOnlyAccess"]
      Policies:
        - PolicyName: inline
          PolicyDocument: { Statement: [{ Effect: Allow, Action: "kms:Decrypt", Resource: "*" }] }
  Readers:
    Type: AWS::IAM::Group
  Alice:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Readers]
  Bob:
    Type: AWS::IAM::User
  AddBob:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Readers
      Users: [!Ref Bob]
  ByName:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: app-role
      PolicyDocument: { Statement: [{ Effect: Allow, Action: "kms:Verify", Resource: "*" }] }
`;
  const parsed = parse(text);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(policy(parsed, 'App.Policies.inline').target, { principal: { ref: { type: 'AWS::IAM::Role', name: 'App', scope: FILE } } });
  assert.deepEqual(policy(parsed, 'ByName').target.principal?.ref?.name, 'App', 'a literal RoleName finds its role');
  assert.deepEqual(
    parsed.attachments.map((a) => [a.policy.ref?.name ?? a.policy.arn, a.principal.ref?.name]),
    [['Shared', 'Readers'], ['Extra', 'App'], ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'App']],
  );
  assert.deepEqual(parsed.memberships.map((m) => [m.group.ref?.name, m.user.ref?.name]), [['Readers', 'Alice'], ['Readers', 'Bob']]);
  assert.equal(policy(parsed, 'Boundary').grantsNothing, true, 'a boundary grants nothing');
  assert.equal(policy(parsed, 'Extra').grantsNothing, undefined);
  assert.deepEqual(policy(parsed, 'Shared').ref, { type: 'AWS::IAM::ManagedPolicy', name: 'Shared', scope: FILE });
});

test('S3 and KMS resources: bucket encryption, bucket policies, aliases, replica keys', () => {
  const text = `Resources:
  Key:
    Type: AWS::KMS::ReplicaKey
    Properties:
      PrimaryKeyArn: arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab
      KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }] }
  Alias:
    Type: AWS::KMS::Alias
    Properties: { AliasName: alias/data, TargetKeyId: !GetAtt Key.Arn }
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-data
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms:dsse
              KMSMasterKeyID: !Ref Alias
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: "444455556666" }, Action: s3:GetObject, Resource: !Sub "\${Bucket.Arn}/*" }] }
`;
  const parsed = parse(text);
  assert.deepEqual(parsed.keys.map((k) => k.ref.type), ['AWS::KMS::ReplicaKey']);
  assert.equal(policy(parsed, 'Key').kind, 'key');
  assert.deepEqual(parsed.aliases.map((a) => [a.name, a.target?.ref?.name]), [['alias/data', 'Key']]);
  const [encryption] = parsed.encryption;
  assert.deepEqual(encryption!.bucket, { ref: { type: 'AWS::S3::Bucket', name: 'Bucket', scope: FILE }, name: 'example-data' });
  assert.equal(encryption!.algorithm?.value, 'aws:kms:dsse');
  assert.deepEqual(encryption!.keyId?.ref, { type: 'AWS::KMS::Alias', name: 'Alias', attribute: 'name', scope: FILE });
  const bucketPolicy = policy(parsed, 'BucketPolicy');
  assert.equal(bucketPolicy.kind, 'bucket');
  assert.deepEqual(bucketPolicy.target.bucket, { ref: { type: 'AWS::S3::Bucket', name: 'Bucket', scope: FILE }, name: 'example-data' });
});

test('SAM: Policies on the implicit <Function>Role, policy templates as they expand, Role disables Policies', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Key:
    Type: AWS::KMS::Key
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - KMSDecryptPolicy:
            KeyId: !Ref Key
        - S3WritePolicy: { BucketName: example-uploads }
        - Statement:
            - Effect: Allow
              Action: kms:Encrypt
              Resource: !GetAtt Key.Arn
        - arn:aws:iam::aws:policy/ReadOnlyAccess
        - UnknownTemplatePolicy: { Name: x }
  Custom:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt Elsewhere.Arn
      Policies:
        - Statement: [{ Effect: Allow, Action: "kms:*", Resource: "*" }]
`;
  const parsed = parse(text);
  assert.deepEqual(parsed.policies.map((p) => p.label), ['Key (default key policy)', 'Reader.Policies.KMSDecryptPolicy', 'Reader.Policies.S3WritePolicy', 'Reader.Policies[2]']);
  const role = { ref: { type: 'AWS::IAM::Role', name: 'ReaderRole', scope: FILE } };
  for (const p of parsed.policies.filter((p) => p.kind === 'identity')) assert.deepEqual(p.target, { principal: role });
  const decrypt = policy(parsed, 'Reader.Policies.KMSDecryptPolicy').statements[0]!;
  assert.deepEqual(decrypt.actions!.items.map((a) => a.value), ['kms:Decrypt']);
  assert.equal(shown(text, decrypt.actions!.items[0]!), 'KMSDecryptPolicy', 'expanded actions point at the template name');
  const keyArn = decrypt.resources!.items[0]!;
  assert.equal(keyArn.value, 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}');
  assert.deepEqual(keyArn.refs, [{ type: 'AWS::KMS::Key', name: 'Key', attribute: 'key_id', scope: FILE }]);
  assert.equal(shown(text, keyArn), '!Ref Key');
  const write = policy(parsed, 'Reader.Policies.S3WritePolicy').statements[0]!;
  assert.ok(write.actions!.items.some((a) => a.value === 's3:PutObject'));
  assert.deepEqual(write.resources!.items.map((r) => r.arn?.resource), ['example-uploads', 'example-uploads/*']);
  assert.deepEqual(parsed.attachments.map((a) => [a.policy.arn, a.principal.ref?.name]), [['arn:aws:iam::aws:policy/ReadOnlyAccess', 'ReaderRole']]);
  assert.deepEqual(policy(parsed, 'Reader.Policies.KMSDecryptPolicy').editor.addItems(decrypt.actions!, ['kms:Encrypt']), [], 'expansions are not edited');
});

test('a resource of odd shape is skipped, the others read', () => {
  const text = `Resources:
  Broken:
    Type: AWS::IAM::ManagedPolicy
    Properties: [1, 2]
  AlsoBroken:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: "not a document"
  Fine:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Statement: { Effect: Allow, Action: kms:Decrypt, Resource: "*" } }
`;
  const parsed = parse(text);
  assert.deepEqual(parsed.policies.map((p) => p.label), ['Fine']);
  assert.deepEqual(parsed.keys.map((k) => k.ref.name), ['AlsoBroken']);
});

test('a key without KeyPolicy gets the default key policy KMS attaches: the account root, read-only', () => {
  const text = `Resources:
  Plain:
    Type: AWS::KMS::Key
    Properties:
      Description: default policy
`;
  const key = policy(parse(text), 'Plain (default key policy)');
  assert.equal(key.kind, 'key');
  const [statement] = key.statements;
  assert.equal(statement!.effect, 'Allow');
  assert.equal(statement!.principals!.entries[0]!.value.arn?.ownAccount, true);
  assert.deepEqual(statement!.actions!.items.map((a) => a.value), ['kms:*']);
  assert.equal(shown(text, statement!.actions!.items[0]!), 'Plain', 'it points at the key');
  assert.deepEqual(key.editor.addStatement({ Effect: 'Allow' }), []);
});
