// keylens/explainKey through the built server: workspace mode from the index, live mode against a
// local KMS endpoint only when the settings allow it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspTestClient, pathToUri, repoRoot } from './lspClient';
import { startKmsEndpoint, testAwsEnv, type KmsEndpoint } from '../support/kmsEndpoint';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:ap-northeast-1:111122223333:key/${KEY_ID}`;
const workspace = join(repoRoot, 'examples', 'lambda-grant');

interface Report {
  key: { keyId: string | null; arn: string | null };
  sources: { keyPolicy: string; grants: string };
  access: { principal: string; operations: string[]; via: { kind: string }[] }[];
  warnings: { message: string }[];
}

describe('keylens/explainKey', () => {
  let client: LspTestClient;
  let endpoint: KmsEndpoint;

  before(async () => {
    endpoint = await startKmsEndpoint({
      keys: [{
        metadata: { KeyId: KEY_ID, Arn: KEY_ARN, AWSAccountId: '111122223333', KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }),
        grants: [],
      }],
    });
    client = new LspTestClient({ workspaceFolder: workspace, env: testAwsEnv(), settings: { live: { enabled: false }, aws: { endpointUrl: endpoint.url } } });
    await client.initialize();
    // An open document: the index (and so explain) sees it.
    const policy = join(workspace, `key-policy.${KEY_ID}.json`);
    client.open(pathToUri(policy), 'json', readFileSync(policy, 'utf8'));
    await client.waitForDiagnostics(pathToUri(policy));
  });
  after(async () => {
    await client.shutdown();
    await endpoint.close();
  });

  test('explains a key from the workspace files, with markdown and the SPEC §3 report', async () => {
    const result = await client.request<{ markdown: string; report: Report }>('keylens/explainKey', { key: KEY_ID, live: true });
    assert.equal(result.report.sources.keyPolicy, 'workspace');
    assert.equal(result.report.sources.grants, 'workspace');
    assert.ok(result.report.access.some((entry) => entry.via.some((via) => via.kind === 'grant')), 'the lambda grant is explained');
    assert.match(result.markdown, /^# /);
    assert.deepEqual(endpoint.requests, [], 'live look-ups stay off while keylens.live.enabled is false');
  });

  test('goes live only when the settings enable it and the client allows it, with read-only calls', async () => {
    await client.setSettings({ live: { enabled: true }, aws: { endpointUrl: endpoint.url, region: 'ap-northeast-1' } });
    const offline = await client.request<{ report: Report }>('keylens/explainKey', { key: KEY_ARN, live: false });
    assert.equal(offline.report.sources.keyPolicy, 'workspace');
    assert.deepEqual(endpoint.requests, []);

    const live = await client.request<{ report: Report }>('keylens/explainKey', { key: KEY_ARN, live: true });
    assert.equal(live.report.sources.keyPolicy, 'live');
    assert.deepEqual(endpoint.operations(), ['DescribeKey', 'GetKeyPolicy', 'ListAliases', 'ListGrants']);
  });

  test('a key that is neither in the workspace nor a key reference is a clear error, not a crash', async () => {
    await assert.rejects(client.request('keylens/explainKey', { key: 'not a key' }), /is not a KMS key ARN/);
    await assert.rejects(client.request('keylens/explainKey', { key: '' }), /no key/);
    const info = await client.request<{ handled: boolean }>('keylens/documentInfo', { uri: pathToUri(join(workspace, `key-policy.${KEY_ID}.json`)) });
    assert.equal(info.handled, true, 'the server still answers');
  });
});
