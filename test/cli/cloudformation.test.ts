// `keylens check` and `keylens explain` on templates: folders are walked for *.yaml, *.yml,
// *.template and cdk.out/ (its asset.* folders skipped), other YAML is silent, templates in
// different files are analysed together, and a template key is explained by its logical id.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'keylens.js');

function keylens(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const DECRYPT_ALL = `Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [kms:Decrypt]
            Resource: "*"
`;

let dir: string;
before(() => {
  assert.ok(existsSync(cli), 'the CLI is built (npm run build)');
  dir = mkdtempSync(join(tmpdir(), 'keylens-cli-cfn-'));
  mkdirSync(join(dir, 'stacks'));
  mkdirSync(join(dir, 'cdk.out', 'asset.4f2c'), { recursive: true });
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'app.yaml'), DECRYPT_ALL);
  writeFileSync(join(dir, 'stacks', 'legacy.template'), JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] } } } } }, null, 2));
  writeFileSync(join(dir, 'cdk.out', 'AppStack.template.json'), JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: { Statement: [{ Action: 'kms:DescribeKeys', Effect: 'Allow', Resource: '*' }] } } } } }, null, 1));
  writeFileSync(join(dir, 'cdk.out', 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: {} }));
  writeFileSync(join(dir, 'cdk.out', 'asset.4f2c', 'template.yaml'), DECRYPT_ALL);
  writeFileSync(join(dir, '.github', 'workflows', 'ci.yml'), 'on: [push\njobs: {}\n');
  writeFileSync(join(dir, 'compose.yml'), 'services:\n  web:\n    image: nginx\n');
  // A bucket in one template, its key in another: tied by the bucket name and the key's literal id.
  writeFileSync(join(dir, 'stacks', 'bucket.yml'), `Resources:
  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-cli-reports
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
`);
  writeFileSync(join(dir, 'stacks', 'sharing.yml'), `Resources:
  ReportsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: example-cli-reports
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::444455556666:root" }
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-cli-reports/*
`);
  writeFileSync(join(dir, 'stacks', 'key-policy.1234abcd-12ab-34cd-56ef-1234567890ab.json'), JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }, null, 2));
});

test('check walks *.yaml, *.yml, *.template and cdk.out/ (not cdk.out/asset.*); other YAML is silent', () => {
  const { status, stdout } = keylens(['check', '--format', 'json', '.'], dir);
  assert.equal(status, 1, 'the wildcard principal is an error');
  const findings = JSON.parse(stdout) as { file: string; ruleId: string; severity: string; range: { start: { line: number; character: number } } }[];
  const seen = findings.map((f) => `${f.file.replace(/\\/g, '/')} ${f.ruleId} ${f.severity} ${f.range.start.line}:${f.range.start.character}`).sort();
  assert.deepEqual(seen, [
    'cdk.out/AppStack.template.json iam-unknown-action warning 9:17',
    'stacks/app.yaml kms-decrypt-in-identity-policy warning 7:21',
    'stacks/legacy.template kms-key-policy-wildcard-principal error 10:27',
    'stacks/sharing.yml kms-cross-account-access warning 8:30',
  ]);
});

test('the text format names the template files; sarif carries them too', () => {
  const text = keylens(['check', 'stacks/app.yaml'], dir);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /stacks[\\/]app\.yaml\n\s+8:22\s+warning .*kms-decrypt-in-identity-policy/);
  const sarif = JSON.parse(keylens(['check', '--format', 'sarif', 'cdk.out'], dir).stdout);
  const uris = sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
  assert.ok(uris.every((uri: string) => uri.endsWith('AppStack.template.json')), JSON.stringify(uris));
});

test('explain template.yaml#Key without PATH reads that template, offline', () => {
  const { status, stdout, stderr } = keylens(['explain', '--format', 'json', 'stacks/legacy.template#K'], dir);
  assert.equal(status, 0, stderr);
  const report = JSON.parse(stdout);
  assert.equal(report.sources.keyPolicy, 'workspace');
  assert.ok(report.access.some((entry: { principal: string }) => entry.principal === '*'));
  const missing = keylens(['explain', 'stacks/legacy.template#Nope'], dir);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no AWS::KMS::Key/);
});
