import { ruleTable, type InvalidCase, type ValidCase } from './table';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const ALIAS = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app-data`;
const BUCKET = 'example-data';

/** A key policy that only delegates to the owning account. */
const KEY_POLICY = `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"}]}`;
const BUCKET_POLICY = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::${BUCKET}/*"}]}`;
const IDENTITY_POLICY = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","kms:GenerateDataKey","kms:Decrypt"],"Resource":["arn:aws:s3:::${BUCKET}/*","${KEY}"]}]}`;

ruleTable('kms-alias-arn-as-key', {
  valid: [
    {
      name: 'alias ARN governing alias management (CreateAlias/UpdateAlias/DeleteAlias) is what alias ARNs are for',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:CreateAlias","kms:UpdateAlias","kms:DeleteAlias"],"Resource":"${ALIAS}"}]}`,
    },
    {
      name: 'the documented CreateAlias statement: alias ARN and key ARN together',
      text: `{"Statement":{"Effect":"Allow","Action":"kms:CreateAlias","Resource":["${ALIAS}","${KEY}"]}}`,
    },
    {
      name: 'a wildcard that expands only to alias management (kms:*Alias), in odd case',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:*Alias","KMS:createalias"],"Resource":"arn:aws:kms:*:${ACCOUNT}:alias/app-*"}]}`,
    },
    {
      name: 'operations that use no particular key (ListAliases, ListKeys, CreateKey, GenerateRandom) beside alias management',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:UpdateAlias","kms:ListAliases","kms:ListKeys","kms:CreateKey","kms:GenerateRandom"],"Resource":"arn:aws:kms:us-west-2:${ACCOUNT}:alias/app"}]}`,
    },
    {
      name: 'kms:* on alias ARNs beside key/*: the alias operations use the alias ARNs, key use the key ARNs',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":["arn:aws:kms:*:${ACCOUNT}:alias/*","arn:aws:kms:*:${ACCOUNT}:key/*"]}]}`,
    },
    {
      name: 'kms:List* and kms:Describe* on "*" beside an alias ARN',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:List*","kms:Describe*","kms:CreateAlias"],"Resource":["${ALIAS}","*"]}]}`,
    },
    {
      name: 'key ARN in Resource',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":"${KEY}"}]}`,
    },
    {
      name: 'key/* scoped by kms:ResourceAliases with an alias name (the documented pattern)',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"arn:aws:kms:us-east-1:${ACCOUNT}:key/*","Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/app-data"},"StringEquals":{"kms:RequestAlias":["alias/app-data"]}}}]}`,
    },
    {
      name: 'NotResource naming an alias is not a key-use resource',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","NotResource":"${ALIAS}"}]}`,
    },
    {
      name: 'non-KMS actions on an alias ARN (s3 actions never use it as a key)',
      text: `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","iam:PassRole"],"Resource":"${ALIAS}"}]}`,
    },
    {
      name: 'bucket encryption with the full key ARN',
      file: 'encryption.json',
      text: `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"},"BucketKeyEnabled":true}]}`,
    },
    {
      name: 'bucket encryption with the AWS managed key implied (no KMSMasterKeyID)',
      file: 'encryption.json',
      text: `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}`,
    },
    {
      name: 'bucket policy requiring a key by its key ARN in the S3 condition',
      file: 'bucket-policy.json',
      text: `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"${KEY}"}}}]}`,
    },
    {
      name: 'multi-file workspace where every file names the key by its ARN',
      file: 'encryption.json',
      text: `{"Bucket":"${BUCKET}","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"}}]}}`,
      context: { [`key-policy.${KEY_ID}.json`]: KEY_POLICY, 'bucket-policy.json': BUCKET_POLICY, 'policy.json': IDENTITY_POLICY },
    },
    {
      name: 'a Deny on alias management for an alias ARN',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":["kms:DeleteAlias","kms:UpdateAlias"],"Resource":"${ALIAS}"}]}`,
    },
  ],
  invalid: [
    {
      name: 'alias ARN as the Resource of key-use actions (multi-line) → key/* with a kms:ResourceAliases condition',
      severity: 'error',
      messageIncludes: 'kms:ResourceAliases',
      fixCount: 1,
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "UseAppKey",
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        "kms:GenerateDataKey"
      ],
      "Resource": «"${ALIAS}"»
    }
  ]
}`,
      fixes: [
        {
          expected: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "UseAppKey",
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        "kms:GenerateDataKey"
      ],
      "Resource": "arn:aws:kms:us-east-1:${ACCOUNT}:key/*",
      "Condition": {
        "ForAnyValue:StringEquals": {
          "kms:ResourceAliases": "alias/app-data"
        }
      }
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'statement as a single object, action name in odd case, Resource as a one-item list',
      severity: 'error',
      text: `{"Statement":{"Effect":"Allow","Action":"KMS:generatedatakey","Resource":[«"${ALIAS}"»]}}`,
      fixes: [
        {
          expected: `{"Statement":{"Effect":"Allow","Action":"KMS:generatedatakey","Resource":["arn:aws:kms:us-east-1:${ACCOUNT}:key/*"],"Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/app-data"}}}}`,
        },
      ],
    },
    {
      name: 'the fix adds to an existing Condition block',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":«"${ALIAS}"»,"Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"arn:aws:kms:us-east-1:${ACCOUNT}:key/*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"},"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/app-data"}}}]}`,
        },
      ],
    },
    {
      name: 'full wildcard action "*" on an alias ARN in an identity policy: no fix (it would grant decryption there)',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":«"arn:aws:kms:eu-west-1:${ACCOUNT}:alias/logs"»}]}`,
      fixCount: 0,
    },
    {
      name: 'full wildcard action "*" on an alias ARN in a key policy: its alias operations need the alias ARN, the key is unknown, so no fix',
      file: 'key-policy.json',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"*","Resource":«"arn:aws:kms:eu-west-1:${ACCOUNT}:alias/logs"»}]}`,
      fixCount: 0,
    },
    {
      name: 'an identity statement decrypting through an alias ARN: reported, but no fix writes a decrypt grant the decrypt rule moves to the key policy',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":«"${ALIAS}"»}]}`,
      fixCount: 0,
    },
    {
      name: 'prefix wildcard kms:Re* reaches key-use actions (ReEncrypt*)',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:Re*","kms:CreateAlias"],"Resource":«"${ALIAS}"»}]}`,
      fixCount: 0,
    },
    {
      name: 'Allow NotAction on an alias ARN',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","NotAction":["kms:CreateAlias","kms:DeleteAlias","kms:UpdateAlias","kms:Decrypt","kms:ReEncryptFrom"],"Resource":«"${ALIAS}"»}]}`,
      fixCount: 1,
    },
    {
      name: 'a Deny on an alias ARN does not protect the key behind the alias',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"${KEY}"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":«"${ALIAS}"»,"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`,
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"${KEY}"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:${ACCOUNT}:key/*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"},"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/app-data"}}}]}`,
        },
      ],
    },
    {
      name: 'key use beside alias management with no key resource: the key-use actions apply to nothing',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:UpdateAlias","kms:DescribeKey","kms:ListAliases"],"Resource":«"arn:aws:kms:us-west-2:${ACCOUNT}:alias/app"»}]}`,
    },
    {
      name: 'several resources: each alias ARN is reported, no automatic rewrite',
      severity: 'error',
      fixCount: 0,
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":["${KEY}",«"${ALIAS}"»,«"arn:aws:kms:us-east-1:${ACCOUNT}:alias/other"»]}]}`,
    },
    {
      name: 'key policy context: alias ARN as Resource of a key policy statement',
      file: `key-policy.${KEY_ID}.json`,
      severity: 'error',
      text: `{"Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":["kms:Decrypt"],"Resource":«"${ALIAS}"»}]}`,
      fixes: [
        {
          expected: `{"Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":["kms:Decrypt"],"Resource":"arn:aws:kms:us-east-1:${ACCOUNT}:key/*","Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/app-data"}}}]}`,
        },
      ],
    },
    {
      name: 'kms:ResourceAliases given an alias ARN (condition key name in odd case) → the alias name',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"arn:aws:kms:us-east-1:${ACCOUNT}:key/*","Condition":{"ForAnyValue:StringEquals":{"KMS:ResourceAliases":[«"${ALIAS}"»,"alias/legacy"]}}}]}`,
      messageIncludes: 'alias/app-data',
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"arn:aws:kms:us-east-1:${ACCOUNT}:key/*","Condition":{"ForAnyValue:StringEquals":{"KMS:ResourceAliases":["alias/app-data","alias/legacy"]}}}]}`,
        },
      ],
    },
    {
      name: 'kms:RequestAlias given an alias ARN in a key policy',
      file: 'key-policy.json',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:role/app"},"Action":"kms:Encrypt","Resource":"*","Condition":{"StringEquals":{"kms:RequestAlias":«"${ALIAS}"»}}}]}`,
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:role/app"},"Action":"kms:Encrypt","Resource":"*","Condition":{"StringEquals":{"kms:RequestAlias":"alias/app-data"}}}]}`,
        },
      ],
    },
    {
      name: 'S3 key-id condition of a bucket policy given an alias ARN (key unknown: no fix)',
      file: 'bucket-policy.json',
      severity: 'error',
      fixCount: 0,
      text: `{"Statement":[{"Sid":"RequireAppKey","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":«"${ALIAS}"»}}}]}`,
    },
    {
      name: 'S3 key-id condition in an identity policy, condition key in odd case',
      severity: 'error',
      fixCount: 0,
      text: `{"Statement":{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*","Condition":{"StringEquals":{"S3:X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id":[«"${ALIAS}"»]}}}}`,
    },
    {
      name: 'bucket default encryption naming the key by alias name',
      file: 'encryption.json',
      severity: 'warning',
      messageIncludes: 'requester',
      fixCount: 0,
      text: `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":«"alias/app-data"»},"BucketKeyEnabled":true}]}`,
    },
    {
      name: 'bucket default encryption naming the AWS managed key alias/aws/s3',
      file: 'encryption.json',
      severity: 'warning',
      messageIncludes: 'AWS managed key',
      fixCount: 0,
      text: `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":«"alias/aws/s3"»}}]}`,
    },
    {
      name: 'multi-file: alias ARN in a put-bucket-encryption input with Bucket, next to bucket, key and identity policies',
      file: 'encryption.json',
      severity: 'warning',
      text: `{
  "Bucket": "${BUCKET}",
  "ServerSideEncryptionConfiguration": {
    "Rules": [
      {
        "ApplyServerSideEncryptionByDefault": {
          "SSEAlgorithm": "aws:kms",
          "KMSMasterKeyID": «"${ALIAS}"»
        }
      }
    ]
  }
}`,
      context: { [`key-policy.${KEY_ID}.json`]: KEY_POLICY, 'bucket-policy.json': BUCKET_POLICY, 'policy.json': IDENTITY_POLICY },
    },
    {
      name: 'same-folder workspace: only the file with the alias is reported',
      file: 'app/policy.json',
      severity: 'error',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:DescribeKey"],"Resource":«"${ALIAS}"»}]}`,
      context: { 'app/encryption.json': `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"}}]}`, 'app/key-policy.json': KEY_POLICY },
      fixCount: 1,
    },
  ],
});

/**
 * Cases where the rule disagrees with SPEC §2 / AWS documentation. Not run by ruleTable (they fail today);
 * the lead moves each into the table above once the rule is fixed.
 */
export const disagreements: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      // NotAction "kms:*" allows no KMS action at all: the statement cannot stand for a key.
      name: 'Allow NotAction kms:* on an alias ARN allows no key-use action',
      text: `{"Statement":[{"Effect":"Allow","NotAction":"kms:*","Resource":"${ALIAS}"}]}`,
    },
  ],
  invalid: [
    {
      // SPEC §2: "an alias ARN (or alias name) stands where KMS or S3 needs a key: ... the
      // s3:x-amz-server-side-encryption-aws-kms-key-id condition". The rule only checks alias ARNs there.
      name: 'S3 key-id condition given an alias NAME',
      file: 'bucket-policy.json',
      severity: 'error',
      fixCount: 0,
      text: `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":«"alias/app-data"»}}}]}`,
    },
  ],
};

// Cases that once disagreed with AWS's documented behaviour; the rule was fixed to match.
ruleTable('kms-alias-arn-as-key', disagreements);
