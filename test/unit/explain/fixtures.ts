// Shared inputs for explain tests: the seed 000 scenario (a Lambda-created grant) and small builders.
import { parseFile } from '../../../server/src/core/parse';
import type { IdentityPolicyUse, KeySnapshot, KmsGrant } from '../../../server/src/core/explain/index';

export const ACCOUNT = '012345678901';
export const REGION = 'ap-northeast-1';
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:test`;
export const LAMBDA_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/test-role-cu5o193j/test`;

/** The key policy of seed 000: only the administrators' role, no root delegation. */
export const SEED_KEY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Id: 'key-consolepolicy-3',
  Statement: [
    {
      Sid: 'Allow access for Key Administrators',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/my-role` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
});

/** The grant Lambda created when the function's environment variables were encrypted with the key. */
export const SEED_GRANT: KmsGrant = {
  KeyId: KEY_ARN,
  GrantId: '60f37ec4106eb161780bd5530a3564e62cb0935a831661372f93a7e8670299df',
  Name: 'test/8135ba14-4a6f-495a-8b59-80730abb9fa2',
  CreationDate: '2025-11-05T00:43:25.000Z',
  GranteePrincipal: LAMBDA_SESSION,
  RetiringPrincipal: `lambda.${REGION}.amazonaws.com`,
  IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
  Operations: ['Decrypt', 'RetireGrant'],
  Constraints: { EncryptionContextEquals: { 'aws:lambda:FunctionArn': FUNCTION_ARN } },
};

export function liveSnapshot(overrides: Partial<KeySnapshot> & { policy?: unknown } = {}): KeySnapshot {
  const { policy, ...rest } = overrides;
  return {
    metadata: { arn: KEY_ARN, keyId: KEY_ID, account: ACCOUNT, region: REGION, keyManager: 'CUSTOMER', state: 'Enabled' },
    keyPolicy: { kind: 'json', text: policy === undefined ? SEED_KEY_POLICY : typeof policy === 'string' ? policy : JSON.stringify(policy), label: 'GetKeyPolicy default' },
    grants: [],
    aliases: [],
    sources: { keyPolicy: 'live', grants: 'live', aliases: 'live' },
    warnings: [],
    ...rest,
  };
}

export function keyPolicy(...statements: object[]): unknown {
  return { Version: '2012-10-17', Statement: statements };
}

/** An IAM identity policy parsed by the real JSON front end, optionally attached to a principal. */
export function identityPolicy(file: string, statements: object[], principalArn?: string): IdentityPolicyUse {
  const parsed = parseFile(file, JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  const policy = parsed.policies[0];
  if (!policy || policy.kind !== 'identity') throw new Error(`${file} did not parse as an identity policy`);
  return principalArn ? { policy, principal: { arn: principalArn } } : { policy };
}
