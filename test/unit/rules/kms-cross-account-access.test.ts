import { ruleTable, type InvalidCase, type ValidCase } from './table';

const OWNER = '111122223333';
const OTHER = '444455556666';
const THIRD = '777788889999';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY = `arn:aws:kms:us-east-1:${OWNER}:key/${KEY_ID}`;
const BUCKET = 'example-data';

const ROOT_STATEMENT = `{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OWNER}:root"},"Action":"kms:*","Resource":"*"}`;
/** A key policy that only delegates to the owning account. */
const KEY_POLICY = `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT}]}`;
const KEY_POLICY_FILE = `key-policy.${KEY_ID}.json`;
const ENCRYPTION = `{"Bucket":"${BUCKET}","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"},"BucketKeyEnabled":true}]}}`;
const UNNAMED_ENCRYPTION = `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"}}]}`;
const IDENTITY_POLICY = `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","kms:GenerateDataKey"],"Resource":["arn:aws:s3:::${BUCKET}/*","${KEY}"]}]}`;

const withKey = (extra: Record<string, string> = {}) => ({ 'encryption.json': ENCRYPTION, [KEY_POLICY_FILE]: KEY_POLICY, ...extra });
const bucketPolicy = (principal: string, action: string, effect = 'Allow') =>
  `{"Statement":[{"Effect":"${effect}","Principal":${principal},"Action":${action},"Resource":"arn:aws:s3:::${BUCKET}/*"}]}`;
/** The statement the fix adds for `account`: its use through S3 in the key's region, by callers of that account. */
const s3Statement = (account: string, action: string, region = 'us-east-1') =>
  `{"Sid":"AllowAccount${account}UseThroughS3","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${account}:root"},"Action":${action},"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.${region}.amazonaws.com","kms:CallerAccount":"${account}"}}}`;
/** The key policy after the fix adds a statement for `account`. */
const fixedKeyPolicy = (account: string, action: string) => `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT},${s3Statement(account, action)}]}`;

ruleTable('kms-cross-account-access', {
  valid: [
    {
      name: 'the key policy lets the other account decrypt for reads',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OTHER}:root"}`, '"s3:GetObject"'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}` }),
    },
    {
      name: 'the key policy lets the other account use kms:* for writes (multi-file with an identity policy)',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":["arn:aws:iam::${OTHER}:role/uploader"]}`, '["s3:PutObject","s3:GetObject"]'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"${OTHER}"},"Action":"kms:*","Resource":"*"}]}`, 'policy.json': IDENTITY_POLICY }),
    },
    {
      name: 'a principal in the key owner\'s account is not cross-account',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OWNER}:role/app"}`, '["s3:GetObject","s3:PutObject"]'),
      context: withKey(),
    },
    {
      name: 'bucket encrypted with SSE-S3 (AES256)',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OTHER}:root"}`, '"s3:GetObject"'),
      context: { 'encryption.json': `{"Bucket":"${BUCKET}","Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}`, [KEY_POLICY_FILE]: KEY_POLICY },
    },
    {
      name: 'no encryption config in the workspace: nothing to compare with',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OTHER}:root"}`, '"s3:GetObject"'),
      context: { [KEY_POLICY_FILE]: KEY_POLICY },
    },
    {
      name: 'a Deny statement in the bucket policy shares nothing',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OTHER}:root"}`, '"s3:*"', 'Deny'),
      context: withKey(),
    },
    {
      name: 'bucket-level actions only (ListBucket) touch no object data',
      file: 'bucket-policy.json',
      text: `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::${BUCKET}"}}`,
      context: withKey(),
    },
    {
      name: 'the key policy allows "*" narrowed by kms:CallerAccount to the other account',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OTHER}:root"}`, '"s3:PutObject"'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":["${OTHER}"],"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}` }),
    },
    {
      name: 'a service principal is not another account',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"Service":"logging.s3.amazonaws.com"}`, '"s3:PutObject"'),
      context: withKey(),
    },
    {
      name: 'a conditional Deny in the key policy does not take away the Allow',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OTHER}:root"}`, '"s3:GetObject"'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"kms:Decrypt","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}` }),
    },
    {
      name: 'an unnamed key policy in another folder is not the bucket key\'s policy (same-folder fallback only)',
      file: 'app/bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OTHER}:root"}`, '"s3:GetObject"'),
      context: { 'app/encryption.json': UNNAMED_ENCRYPTION, 'keys/key-policy.json': KEY_POLICY },
    },
  ],
  invalid: [
    {
      name: 'seed: another account may read, the key policy only trusts the owner (multi-line bucket policy)',
      file: 'bucket-policy.json',
      severity: 'warning',
      messageIncludes: `does not allow account ${OTHER} \`kms:Decrypt\``,
      fixCount: 1,
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PartnerRead",
      "Effect": "Allow",
      "Principal": { "AWS": «"arn:aws:iam::${OTHER}:root"» },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::${BUCKET}/*"
    }
  ]
}`,
      context: withKey(),
      fixes: [{ file: KEY_POLICY_FILE, expected: fixedKeyPolicy(OTHER, '"kms:Decrypt"') }],
    },
    {
      name: 'writes need kms:GenerateDataKey and kms:Decrypt (multi-line key policy gets a formatted statement)',
      file: 'bucket-policy.json',
      severity: 'warning',
      messageIncludes: 'uploads fail',
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:role/uploader"»}`, '["s3:PutObject","s3:PutObjectAcl"]'),
      context: withKey({
        [KEY_POLICY_FILE]: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::${OWNER}:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}`,
      }),
      fixes: [
        {
          file: KEY_POLICY_FILE,
          expected: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::${OWNER}:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "AllowAccount${OTHER}UseThroughS3",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::${OTHER}:root"
      },
      "Action": [
        "kms:GenerateDataKey",
        "kms:Decrypt"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "kms:ViaService": "s3.us-east-1.amazonaws.com",
          "kms:CallerAccount": "${OTHER}"
        }
      }
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'the key policy allows Decrypt but not GenerateDataKey to the writer\'s account',
      file: 'bucket-policy.json',
      severity: 'warning',
      messageIncludes: '`kms:GenerateDataKey`',
      text: bucketPolicy(`{"AWS":«"${OTHER}"»}`, '"s3:PutObject"'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"kms:Decrypt","Resource":"*"}]}` }),
      fixes: [
        {
          file: KEY_POLICY_FILE,
          expected: `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"kms:Decrypt","Resource":"*"},${s3Statement(OTHER, '["kms:GenerateDataKey","kms:Decrypt"]')}]}`,
        },
      ],
    },
    {
      name: 'the key policy names only one role of the other account; the bucket policy shares with the whole account',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:root"»}`, '"s3:GetObject"'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:role/reader"},"Action":"kms:Decrypt","Resource":"*"}]}` }),
      fixCount: 1,
    },
    {
      name: 'AWS managed key: aws:kms without a key id (same-folder encryption config), no fix',
      file: 'app/bucket-policy.json',
      severity: 'warning',
      messageIncludes: 'AWS managed key aws/s3 (aws:kms without a key id)',
      fixCount: 0,
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:root"»}`, '"s3:GetObject"'),
      context: { 'app/encryption.json': `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}` },
    },
    {
      name: 'AWS managed key named by alias/aws/s3 (encryption config tied by Bucket)',
      file: 'bucket-policy.json',
      severity: 'warning',
      messageIncludes: 'can never decrypt',
      fixCount: 0,
      text: bucketPolicy(`{"AWS":[«"arn:aws:iam::${OTHER}:role/reader"», «"arn:aws:iam::${THIRD}:root"»]}`, '"s3:GetObject"'),
      context: { 'encryption.json': `{"Bucket":"${BUCKET}","Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"alias/aws/s3"}}]}` },
    },
    {
      name: 'principal list mixing the owner\'s account and another: only the other is reported',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: bucketPolicy(`{"AWS":["arn:aws:iam::${OWNER}:role/app",«"${OTHER}"»]}`, '"s3:GetObject"'),
      context: withKey(),
      fixes: [{ file: KEY_POLICY_FILE, expected: fixedKeyPolicy(OTHER, '"kms:Decrypt"') }],
    },
    {
      name: 'statement as a single object with a wildcard action s3:Get*',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: `{"Statement":{"Effect":"Allow","Principal":{"AWS":«"arn:aws:iam::${OTHER}:root"»},"Action":"s3:Get*","Resource":["arn:aws:s3:::${BUCKET}","arn:aws:s3:::${BUCKET}/*"]}}`,
      context: withKey(),
      fixes: [{ file: KEY_POLICY_FILE, expected: fixedKeyPolicy(OTHER, '"kms:Decrypt"') }],
    },
    {
      name: 'Allow NotAction reads and writes objects',
      file: 'bucket-policy.json',
      severity: 'warning',
      messageIncludes: 'uploads',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":«"arn:aws:iam::${OTHER}:root"»},"NotAction":["s3:DeleteObject","s3:PutBucketPolicy"],"Resource":"arn:aws:s3:::${BUCKET}/*"}]}`,
      context: withKey(),
      fixes: [{ file: KEY_POLICY_FILE, expected: fixedKeyPolicy(OTHER, '["kms:Decrypt","kms:GenerateDataKey"]') }],
    },
    {
      name: 'action name in odd case, bucket tied by name to a put-bucket-encryption input',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:user/alice"»}`, '["S3:GETOBJECT"]'),
      context: withKey({ 'policy.json': IDENTITY_POLICY }),
      fixes: [{ file: KEY_POLICY_FILE, expected: fixedKeyPolicy(OTHER, '"kms:Decrypt"') }],
    },
    {
      name: 'same-folder fallback: unnamed encryption config and unnamed key policy next to the bucket policy',
      file: 'app/bucket-policy.json',
      severity: 'warning',
      messageIncludes: '(key-policy.json)',
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:root"»}`, '"s3:GetObject"'),
      context: { 'app/encryption.json': UNNAMED_ENCRYPTION, 'app/key-policy.json': KEY_POLICY },
      fixes: [{ file: 'app/key-policy.json', expected: fixedKeyPolicy(OTHER, '"kms:Decrypt"') }],
    },
    {
      name: 'bucket default encryption by bare key id; the key\'s account comes from its key policy',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:root"»}`, '"s3:GetObject"'),
      context: {
        'encryption.json': `{"Bucket":"${BUCKET}","Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY_ID}"}}]}`,
        [KEY_POLICY_FILE]: KEY_POLICY,
      },
      // No ARN names the key's region: the statement is narrowed to S3 in any region.
      fixes: [{ file: KEY_POLICY_FILE, expected: `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT},{"Sid":"AllowAccount${OTHER}UseThroughS3","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:ViaService":"s3.*.amazonaws.com"},"StringEquals":{"kms:CallerAccount":"${OTHER}"}}}]}` }],
    },
    {
      name: 'a "*" key policy statement narrowed to the owner\'s account does not cover the other account',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:root"»}`, '"s3:GetObject"'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"${OWNER}"}}}]}` }),
      fixCount: 1,
    },
  ],
});

/**
 * Cases where the rule disagrees with SPEC §1–§2, issue 2's fix contract, or AWS documentation. They fail today
 * and are not passed to ruleTable; the lead moves them into the table above once the rule is fixed.
 */
export const disagreements: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      // SPEC §2: the AWS managed key "can never be used across accounts" — but the alias ARN says the bucket's key
      // (aws/s3) is in 111122223333, and this principal is in that same account: not cross-account. The rule treats
      // the owner as unknown whenever the key is AWS managed and reports every account principal.
      name: 'AWS managed key by alias ARN in the owner\'s account; principal in that same account',
      file: 'bucket-policy.json',
      text: bucketPolicy(`{"AWS":"arn:aws:iam::${OWNER}:role/app"}`, '"s3:GetObject"'),
      context: { 'encryption.json': `{"Bucket":"${BUCKET}","Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"arn:aws:kms:us-east-1:${OWNER}:alias/aws/s3"}}]}` },
    },
  ],
  invalid: [
    {
      // SPEC §1 "Deny wins" is honoured in the verdict, but the offered fix (an Allow statement) cannot remove the
      // finding while the unconditional Deny stays: issue 2 requires every fix to remove its finding.
      name: 'key policy denies the other account kms:Decrypt: reported, but an added Allow cannot fix it',
      file: 'bucket-policy.json',
      severity: 'warning',
      fixCount: 0,
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:root"»}`, '"s3:GetObject"'),
      context: withKey({ [KEY_POLICY_FILE]: `{"Version":"2012-10-17","Statement":[${ROOT_STATEMENT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::${OTHER}:root"},"Action":"kms:Decrypt","Resource":"*"}]}` }),
    },
    {
      // SPEC §2 "a bucket policy lets another account read ... objects": Principal "*" narrowed by
      // aws:PrincipalAccount to another account does exactly that; the rule only looks at named AWS principals.
      // (Span suggestion: the account id in the condition.)
      name: 'Principal "*" narrowed by aws:PrincipalAccount to another account',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::${BUCKET}/*","Condition":{"StringEquals":{"aws:PrincipalAccount":«"${OTHER}"»}}}]}`,
      context: withKey(),
    },
    {
      // Reading an object version (s3:GetObjectVersion) decrypts it exactly like GetObject; only s3:GetObject is checked.
      name: 'another account may read object versions (s3:GetObjectVersion)',
      file: 'bucket-policy.json',
      severity: 'warning',
      text: bucketPolicy(`{"AWS":«"arn:aws:iam::${OTHER}:root"»}`, '"s3:GetObjectVersion"'),
      context: withKey(),
    },
  ],
};

// Cases that once disagreed with AWS's documented behaviour; the rule was fixed to match.
ruleTable('kms-cross-account-access', disagreements);
