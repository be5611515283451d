// A policy that grants nothing by itself (a permissions boundary; readers set Policy.grantsNothing) is
// no decrypt grant and no uploader; typos in it are still typos.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import { parseFile } from '../../../server/src/core/parse';
import { loadCatalog } from '../../../server/src/node/catalog';

test('rules that judge what a policy allows skip a permissions boundary', () => {
  const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 's3:PutObject', 'kms:Decrpt'], Resource: '*' }] });
  const parsed = parseFile('boundary.json', text);
  const rules = (file: typeof parsed) => analyze([file], { catalog: loadCatalog() }).map((f) => f.ruleId).sort();
  assert.deepEqual(rules(parsed), ['iam-unknown-action', 'kms-decrypt-in-identity-policy', 'kms-multipart-upload-permissions']);
  const boundary = { ...parsed, policies: parsed.policies.map((p) => ({ ...p, grantsNothing: true })) };
  assert.deepEqual(rules(boundary), ['iam-unknown-action']);
});
