// The AWS SDK's "later releases need Node 22" warning is not an [error] line in the editor: the
// language server silences it (nobody can act on it with the bundled SDK) and logs a note as info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startKmsEndpoint, testAwsEnv } from '../support/kmsEndpoint';
import { LspTestClient } from './lspClient';

const KEY_ARN = 'arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('a live explain on Node < 22 leaves nothing on the server\'s stderr and one info note in its log', async () => {
  const endpoint = await startKmsEndpoint({
    keys: [{ metadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: KEY_ARN, AWSAccountId: '111122223333', KeyManager: 'CUSTOMER', KeyState: 'Enabled' }, policy: '{"Statement":[]}', grants: [] }],
  });
  const client = new LspTestClient({ env: testAwsEnv(), settings: { live: { enabled: true }, aws: { endpointUrl: endpoint.url, region: 'ap-northeast-1' } } });
  try {
    await client.initialize();
    const result = await client.request<{ report: { sources: { keyPolicy: string } } }>('keylens/explainKey', { key: KEY_ARN, live: true });
    assert.equal(result.report.sources.keyPolicy, 'live', 'the SDK was loaded and used');
    await client.request('keylens/explainKey', { key: KEY_ARN, live: true });
    assert.doesNotMatch(client.serverStderr, /NodeVersionSupportWarning|Warning/);
    const notes = client.logs.filter((l) => l.includes('bundled AWS SDK'));
    if (Number(process.versions.node.split('.')[0]) < 22) assert.equal(notes.length, 1, client.logs.join('\n'));
    else assert.equal(notes.length, 0);
  } finally {
    await client.shutdown();
    await endpoint.close();
  }
});
