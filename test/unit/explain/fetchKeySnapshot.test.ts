// The live path with the real @aws-sdk/client-kms against the local KMS JSON 1.1 endpoint.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAwsKms, type AwsKms } from '../../../server/src/aws/lazy';
import { startKmsEndpoint, testAwsEnv, withAwsEnv, type KmsEndpoint } from '../../support/kmsEndpoint';
import { ACCOUNT, KEY_ARN, KEY_ID, SEED_GRANT, SEED_KEY_POLICY } from './fixtures';

const ALIAS_ARN = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:alias/app`;
let aws: AwsKms;
let endpoint: KmsEndpoint;

const manyGrants = Array.from({ length: 250 }, (_, i) => ({ ...SEED_GRANT, GrantId: `grant-${i}`, Name: `g${i}` }));

before(async () => {
  aws = await loadAwsKms();
  endpoint = await startKmsEndpoint({
    keys: [{ metadata: { KeyId: KEY_ID, Arn: KEY_ARN, AWSAccountId: ACCOUNT, Description: 'app key', CreationDate: '2024-01-02T03:04:05Z' }, policy: SEED_KEY_POLICY, grants: manyGrants }],
    aliases: [
      { AliasName: 'alias/app', AliasArn: ALIAS_ARN, TargetKeyId: KEY_ID },
      { AliasName: 'alias/other', AliasArn: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:alias/other`, TargetKeyId: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
    ],
  });
});
after(() => endpoint.close());

const fetch = (options: Partial<Parameters<AwsKms['fetchKeySnapshot']>[0]> = {}) =>
  withAwsEnv(testAwsEnv(), () => aws.fetchKeySnapshot({ key: KEY_ARN, endpointUrl: endpoint.url, maxAttempts: 1, ...options }));

test('reads metadata, policy, every grant page and the key aliases with the four read calls only', async () => {
  endpoint.requests.length = 0;
  const result = await fetch();
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problem));
  const { snapshot } = result;
  assert.equal(snapshot.metadata.arn, KEY_ARN);
  assert.equal(snapshot.metadata.account, ACCOUNT);
  assert.equal(snapshot.metadata.region, 'ap-northeast-1');
  assert.equal(snapshot.metadata.keyManager, 'CUSTOMER');
  assert.equal(snapshot.metadata.state, 'Enabled');
  assert.equal(snapshot.metadata.creationDate, '2024-01-02T03:04:05.000Z');
  assert.equal(snapshot.keyPolicy?.kind === 'json' && snapshot.keyPolicy.text, SEED_KEY_POLICY);
  assert.equal(snapshot.grants.length, 250);
  assert.equal(snapshot.grants[249]!.GrantId, 'grant-249');
  assert.equal(snapshot.grants[0]!.CreationDate, '2025-11-05T00:43:25.000Z');
  assert.deepEqual(snapshot.grants[0]!.Constraints, SEED_GRANT.Constraints);
  assert.deepEqual(snapshot.aliases.map((a) => a.AliasName), ['alias/app']);
  assert.deepEqual(snapshot.sources, { keyPolicy: 'live', grants: 'live', aliases: 'live' });

  assert.deepEqual(endpoint.operations(), ['DescribeKey', 'GetKeyPolicy', 'ListAliases', 'ListGrants']);
  const grantCalls = endpoint.requests.filter((r) => r.operation === 'ListGrants');
  assert.equal(grantCalls.length, 3, 'pages of 100 until Truncated is false');
  assert.equal(grantCalls[0]!.body.Marker, undefined);
  assert.ok(grantCalls.slice(1).every((r) => typeof r.body.Marker === 'string'));
  assert.ok(grantCalls.every((r) => r.body.Limit === 100 && r.body.KeyId === KEY_ARN));
  assert.equal(endpoint.requests.find((r) => r.operation === 'GetKeyPolicy')!.body.PolicyName, 'default');
  // Requests are signed with the test credentials, never anything from the machine.
  assert.match(String(endpoint.requests[0]!.headers.authorization), /Credential=AKIDTESTTESTTEST\//);
});

test('an alias is resolved through DescribeKey first, then the key ARN is used', async () => {
  endpoint.requests.length = 0;
  const result = await fetch({ key: 'alias/app' });
  assert.ok(result.ok);
  assert.equal(endpoint.requests[0]!.operation, 'DescribeKey');
  assert.equal(endpoint.requests[0]!.body.KeyId, 'alias/app');
  for (const request of endpoint.requests.slice(1)) assert.equal(request.body.KeyId, KEY_ARN, request.operation);
});

test('a denied ListGrants yields a partial snapshot naming kms:ListGrants', async () => {
  endpoint.setFailure('ListGrants', { type: 'AccessDeniedException' });
  try {
    const result = await fetch();
    assert.ok(result.ok);
    assert.equal(result.snapshot.sources.grants, 'denied');
    assert.equal(result.snapshot.sources.keyPolicy, 'live');
    assert.equal(result.snapshot.grants.length, 0);
    assert.match(result.snapshot.warnings.map((w) => w.en).join('\n'), /Partial report: access denied for kms:ListGrants/);
  } finally {
    endpoint.setFailure('ListGrants', undefined);
  }
});

test('a denied GetKeyPolicy and DescribeKey still give what the other calls return', async () => {
  endpoint.setFailure('GetKeyPolicy', { type: 'AccessDeniedException' });
  endpoint.setFailure('DescribeKey', { type: 'AccessDeniedException' });
  try {
    const result = await fetch();
    assert.ok(result.ok);
    assert.equal(result.snapshot.sources.keyPolicy, 'denied');
    assert.equal(result.snapshot.keyPolicy, undefined);
    assert.equal(result.snapshot.metadata.arn, KEY_ARN, 'metadata from the ARN itself');
    assert.equal(result.snapshot.grants.length, 250);
    const text = result.snapshot.warnings.map((w) => w.en).join('\n');
    assert.match(text, /kms:GetKeyPolicy/);
    assert.match(text, /kms:DescribeKey/);
  } finally {
    endpoint.setFailure('GetKeyPolicy', undefined);
    endpoint.setFailure('DescribeKey', undefined);
  }
});

test('unknown key, throttling, unreachable endpoint, timeout: clear messages', async () => {
  const unknown = await fetch({ key: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000` });
  assert.ok(!unknown.ok);
  assert.equal(unknown.problem.code, 'not-found');
  assert.match(unknown.problem.message.en, /was not found in ap-northeast-1/);

  endpoint.setFailure('ListAliases', { type: 'ThrottlingException' });
  try {
    const throttled = await fetch();
    assert.ok(!throttled.ok);
    assert.equal(throttled.problem.code, 'throttled');
    assert.match(throttled.problem.message.en, /throttled/);
    assert.match(throttled.problem.message.ja, /スロットリング/);
  } finally {
    endpoint.setFailure('ListAliases', undefined);
  }

  const refused = await fetch({ endpointUrl: 'http://127.0.0.1:9' });
  assert.ok(!refused.ok);
  assert.equal(refused.problem.code, 'network');
  assert.match(refused.problem.message.en, /Cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);

  const slow = await startKmsEndpoint({ keys: [{ metadata: { KeyId: KEY_ID, Arn: KEY_ARN, AWSAccountId: ACCOUNT } }], delayMs: { DescribeKey: 3000 } });
  try {
    const started = Date.now();
    const timedOut = await fetch({ endpointUrl: slow.url, timeoutMs: 300 });
    assert.ok(!timedOut.ok);
    assert.equal(timedOut.problem.code, 'timeout');
    assert.ok(Date.now() - started < 2500, 'the timeout ends the look-up');
  } finally {
    await slow.close();
  }
});

test('missing credentials and an expired SSO session: clear messages, no secrets printed', async () => {
  const noCredentials = await withAwsEnv(
    { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/keylens/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/keylens/credentials' },
    () => aws.fetchKeySnapshot({ key: KEY_ARN, endpointUrl: endpoint.url, maxAttempts: 1 }),
  );
  assert.ok(!noCredentials.ok);
  assert.equal(noCredentials.problem.code, 'credentials');
  assert.match(noCredentials.problem.message.en, /No AWS credentials found/);

  const home = mkdtempSync(join(tmpdir(), 'keylens-sso-'));
  const startUrl = 'https://example.awsapps.com/start';
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), `[profile sso-user]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = ${ACCOUNT}\nsso_role_name = Reader\nregion = ap-northeast-1\n`);
  writeFileSync(
    join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(startUrl).digest('hex')}.json`),
    JSON.stringify({ accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl }),
  );
  const expired = await withAwsEnv(
    { HOME: home, AWS_CONFIG_FILE: join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' },
    () => aws.fetchKeySnapshot({ key: KEY_ARN, profile: 'sso-user', endpointUrl: endpoint.url, maxAttempts: 1 }),
  );
  assert.ok(!expired.ok);
  assert.equal(expired.problem.code, 'sso-expired');
  assert.match(expired.problem.message.en, /aws sso login --profile sso-user/);
  assert.doesNotMatch(JSON.stringify(expired), /expired-token/);
});

test('a KEY that is no key is refused before any call', async () => {
  endpoint.requests.length = 0;
  const result = await fetch({ key: 'not-a-key' });
  assert.ok(!result.ok);
  assert.equal(result.problem.code, 'invalid-key');
  assert.equal(endpoint.requests.length, 0);
});
