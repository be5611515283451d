import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recognizeGrant, serviceOfPrincipal, type KmsGrant } from '../../../server/src/core/explain/index';
import { SEED_GRANT } from './fixtures';

const ACCOUNT = '111122223333';

interface Row {
  readonly name: string;
  readonly grant: KmsGrant;
  readonly service: string | undefined;
  readonly createdBy?: string;
  /** Must appear in the English explanation or retire impact. */
  readonly mentions?: RegExp;
}

const rows: Row[] = [
  { name: 'Lambda environment variables (seed 000)', grant: SEED_GRANT, service: 'lambda', createdBy: 'service:lambda.amazonaws.com', mentions: /environment variables/ },
  {
    name: 'Lambda by retiring principal only',
    grant: { GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/fn`, RetiringPrincipal: 'lambda.us-east-1.amazonaws.com', Operations: ['Decrypt', 'RetireGrant'] },
    service: 'lambda',
  },
  {
    name: 'EBS volume',
    grant: { GranteePrincipal: `arn:aws:iam::${ACCOUNT}:root`, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { 'aws:ebs:id': 'vol-0abc' } } },
    service: 'ebs',
    createdBy: 'service:ec2.amazonaws.com',
    mentions: /vol-0abc/,
  },
  {
    name: 'Auto Scaling service-linked role',
    grant: {
      GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      Operations: ['Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKeyWithoutPlaintext', 'DescribeKey', 'CreateGrant'],
    },
    service: 'autoscaling',
    mentions: /launch instances/,
  },
  {
    name: 'RDS instance',
    grant: { GranteePrincipal: `arn:aws:iam::${ACCOUNT}:root`, RetiringPrincipal: 'rds.eu-west-1.amazonaws.com', Operations: ['Decrypt', 'GenerateDataKey'], Constraints: { EncryptionContextSubset: { 'aws:rds:db-id': 'db-ABCDEFGH' } } },
    service: 'rds',
    createdBy: 'service:rds.amazonaws.com',
    mentions: /inaccessible-encryption-credentials/,
  },
  {
    name: 'Secrets Manager',
    grant: { GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/app`, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { SecretARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf` } } },
    service: 'secretsmanager',
    mentions: /GetSecretValue/,
  },
  {
    name: 'DynamoDB table',
    grant: {
      GranteePrincipal: 'dynamodb.us-west-2.amazonaws.com',
      RetiringPrincipal: 'dynamodb.us-west-2.amazonaws.com',
      Operations: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant', 'DescribeKey'],
      Constraints: { EncryptionContextSubset: { 'aws:dynamodb:tableName': 'Orders', 'aws:dynamodb:subscriberId': ACCOUNT } },
    },
    service: 'dynamodb',
    mentions: /Orders[\s\S]*archives the table|archives the table/,
  },
  {
    name: 'Redshift cluster',
    grant: { GranteePrincipal: 'redshift.us-east-1.amazonaws.com', RetiringPrincipal: 'redshift.us-east-1.amazonaws.com', Operations: ['Decrypt', 'GenerateDataKey'] },
    service: 'redshift',
  },
  {
    name: 'WorkSpaces',
    grant: { GranteePrincipal: 'workspaces.us-east-1.amazonaws.com', Operations: ['Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { 'aws:ebs:id': 'vol-0def' } } },
    service: 'workspaces',
  },
  {
    name: 'EFS file system',
    grant: { GranteePrincipal: `arn:aws:iam::${ACCOUNT}:root`, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { 'aws:elasticfilesystem:filesystem:id': 'fs-123' } } },
    service: 'efs',
    mentions: /fs-123/,
  },
  {
    name: 'unknown AWS service by retiring principal',
    grant: { GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/x`, RetiringPrincipal: 'kinesisvideo.us-east-1.amazonaws.com', Operations: ['Decrypt'] },
    service: 'service',
    createdBy: 'service:kinesisvideo.amazonaws.com',
  },
  {
    name: 'a grant a person made',
    grant: { GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/ExampleKeyUser`, RetiringPrincipal: `arn:aws:iam::${ACCOUNT}:role/admin`, Operations: ['GenerateDataKey'] },
    service: undefined,
  },
];

for (const row of rows) {
  test(`grant recognizer: ${row.name}`, () => {
    const origin = recognizeGrant(row.grant);
    assert.equal(origin?.service, row.service);
    if (!origin) return;
    if (row.createdBy) assert.equal(origin.createdBy, row.createdBy);
    assert.ok(origin.explanation.en.length > 20 && origin.explanation.ja.length > 10);
    assert.ok(origin.retireImpact.en.length > 20 && origin.retireImpact.ja.length > 10);
    if (row.mentions) assert.match(`${origin.explanation.en} ${origin.retireImpact.en}`, row.mentions);
  });
}

test('serviceOfPrincipal reads service principals and service-linked roles, not ordinary ARNs', () => {
  assert.equal(serviceOfPrincipal('lambda.ap-northeast-1.amazonaws.com'), 'lambda');
  assert.equal(serviceOfPrincipal('rds.amazonaws.com'), 'rds');
  assert.equal(serviceOfPrincipal('dynamodb.cn-north-1.amazonaws.com.cn'), 'dynamodb');
  assert.equal(serviceOfPrincipal('arn:aws:iam::1:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'), 'autoscaling');
  assert.equal(serviceOfPrincipal('arn:aws:iam::111122223333:role/lambda.amazonaws.com'), undefined);
  assert.equal(serviceOfPrincipal(undefined), undefined);
});
