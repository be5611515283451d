import { ruleTable, type InvalidCase, type ValidCase } from './table';

const ACCOUNT = '111122223333';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const OTHER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0000aaaa-00aa-00aa-00aa-000000aaaaaa`;
const BUCKET = 'example-data';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;

const KMS_ENCRYPTION = `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"}}]}`;
const NAMED_ENCRYPTION = `{"Bucket":"${BUCKET}","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${KEY}"},"BucketKeyEnabled":true}]}}`;
const AES_ENCRYPTION = `{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}`;
const ROOT = `{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:*","Resource":"*"}`;
/** Key policy letting the upload role decrypt (so only kms:GenerateDataKey can be missing). */
const KEY_POLICY_DECRYPT = `{"Statement":[${ROOT},{"Sid":"AppDecrypt","Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":"kms:Decrypt","Resource":"*"}]}`;
const BUCKET_POLICY = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::${BUCKET}/*"}]}`;

ruleTable('kms-multipart-upload-permissions', {
  valid: [
    {
      name: 'a Deny with NotResource only denies other keys: the uploader still has both actions on the bucket key',
      file: 'app/policy.json',
      text: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"${KEY}"},{"Effect":"Deny","Action":"kms:Decrypt","NotResource":"${KEY}"}]}`,
      context: { 'app/encryption.json': KMS_ENCRYPTION },
    },
    {
      name: 'uploader with both kms:GenerateDataKey and kms:Decrypt',
      text: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"${KEY}"}]}`,
    },
    {
      name: 'kms:* and s3:* cover everything',
      text: `{"Statement":{"Effect":"Allow","Action":["s3:*","kms:*"],"Resource":"*"}}`,
    },
    {
      name: 'bucket with SSE-S3 (AES256) in the same folder and no KMS statements',
      file: 'app/policy.json',
      text: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"}]}`,
      context: { 'app/encryption.json': AES_ENCRYPTION },
    },
    {
      name: 'an unnamed SSE-KMS encryption config in another folder is not this bucket (same-folder fallback only)',
      file: 'app/policy.json',
      text: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"}]}`,
      context: { 'other/encryption.json': KMS_ENCRYPTION },
    },
    {
      name: 'two unnamed encryption configs in the folder: ambiguous, no guess',
      file: 'app/policy.json',
      text: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"}]}`,
      context: { 'app/encryption.json': KMS_ENCRYPTION, 'app/encryption-2.json': AES_ENCRYPTION },
    },
    {
      name: 'kms:GenerateDataKey here, kms:Decrypt for a specific role in the key policy of the same folder',
      file: 'app/policy.json',
      text: `{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","kms:GenerateDataKey"],"Resource":["arn:aws:s3:::${BUCKET}/*","${KEY}"]}]}`,
      context: { 'app/key-policy.json': KEY_POLICY_DECRYPT, 'app/encryption.json': KMS_ENCRYPTION },
    },
    {
      name: 'Deny s3:PutObject is not an upload',
      text: `{"Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${KEY}"}]}`,
    },
    {
      name: 'only bucket-level resources (no objects)',
      text: `{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","kms:Encrypt"],"Resource":"arn:aws:s3:::${BUCKET}"}]}`,
    },
    {
      name: 'key policy: S3 statement with GenerateDataKey* and Decrypt',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":["kms:GenerateDataKey*","kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
    },
    {
      name: 'key policy: kms:Decrypt alone through S3 is for reading objects, not uploading (statement as a single object)',
      file: 'key-policy.json',
      text: `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.ap-northeast-1.amazonaws.com"}}}}`,
    },
    {
      name: 'key policy: S3 statement that only describes the key',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":"kms:DescribeKey","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
    },
    {
      name: 'key policy: statement through another service (EBS) is not about S3 uploads',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":["kms:Encrypt","kms:CreateGrant"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"ec2.us-east-1.amazonaws.com"}}}]}`,
    },
    {
      name: 'key policy: a Deny through S3 is not a grant of use',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"kms:Encrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
    },
  ],
  invalid: [
    {
      name: 'seed: uploader with kms:GenerateDataKey only, no key policy in the workspace (message says where Decrypt goes)',
      severity: 'warning',
      messageIncludes: 'Allow kms:Decrypt for it in the key policy.',
      fixCount: 0,
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Upload",
      "Effect": "Allow",
      "Action": [
        «"s3:PutObject"»,
        "s3:AbortMultipartUpload"
      ],
      "Resource": "arn:aws:s3:::${BUCKET}/uploads/*"
    },
    {
      "Sid": "UseKey",
      "Effect": "Allow",
      "Action": "kms:GenerateDataKey",
      "Resource": "${KEY}"
    }
  ]
}`,
    },
    {
      name: 'same-folder fallback: the key policy next to the identity policy gets kms:Decrypt in its usage statement',
      file: 'app/uploader.json',
      severity: 'warning',
      messageIncludes: '(key-policy.json)',
      fixCount: 1,
      text: `{"Statement":[{"Effect":"Allow","Action":[«"s3:PutObject"»],"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:GenerateDataKey*","Resource":"${KEY}"}]}`,
      context: {
        'app/key-policy.json': `{
  "Statement": [
    ${ROOT},
    {
      "Sid": "AppUse",
      "Effect": "Allow",
      "Principal": { "AWS": "${ROLE}" },
      "Action": [
        "kms:Encrypt",
        "kms:GenerateDataKey"
      ],
      "Resource": "*"
    }
  ]
}`,
      },
      fixes: [
        {
          file: 'app/key-policy.json',
          expected: `{
  "Statement": [
    ${ROOT},
    {
      "Sid": "AppUse",
      "Effect": "Allow",
      "Principal": { "AWS": "${ROLE}" },
      "Action": [
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:Decrypt"
      ],
      "Resource": "*"
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'kms:GenerateDataKey missing (Decrypt is in the key policy found through the bucket\'s key): added to this policy\'s own KMS statement',
      severity: 'warning',
      messageIncludes: 'kms:GenerateDataKey',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"s3:PutObject"»,"s3:GetObject"],"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:DescribeKey","Resource":"${KEY}"}]}`,
      context: { 'encryption.json': NAMED_ENCRYPTION, [`key-policy.${KEY_ID}.json`]: KEY_POLICY_DECRYPT },
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":["kms:DescribeKey","kms:GenerateDataKey"],"Resource":"${KEY}"}]}`,
        },
      ],
    },
    {
      name: 'multi-file: bucket encryption (with Bucket) + bucket policy + key policy; s3:Put* wildcard gets a new statement for the bucket key',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"s3:Put*"»,"s3:List*"],"Resource":["arn:aws:s3:::${BUCKET}","arn:aws:s3:::${BUCKET}/*"]}]}`,
      context: { 'encryption.json': NAMED_ENCRYPTION, 'bucket-policy.json': BUCKET_POLICY, [`key-policy.${KEY_ID}.json`]: KEY_POLICY_DECRYPT },
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","Action":["s3:Put*","s3:List*"],"Resource":["arn:aws:s3:::${BUCKET}","arn:aws:s3:::${BUCKET}/*"]},{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"${KEY}"}]}`,
        },
      ],
    },
    {
      name: 'statement as a single object, action name in odd case: wrapped into a list with the new statement',
      file: 'app/policy.json',
      severity: 'warning',
      text: `{"Statement":{"Effect":"Allow","Action":«"S3:putobject"»,"Resource":"arn:aws:s3:::${BUCKET}/*"}}`,
      context: { 'app/encryption.json': KMS_ENCRYPTION, [`app/key-policy.${KEY_ID}.json`]: KEY_POLICY_DECRYPT },
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","Action":"S3:putobject","Resource":"arn:aws:s3:::${BUCKET}/*"}, {"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"${KEY}"}]}`,
        },
      ],
    },
    {
      name: 'Allow NotAction excluding kms:* still uploads; the whole NotAction is the span',
      file: 'app/policy.json',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","NotAction":«["kms:*","iam:*"]»,"Resource":"arn:aws:s3:::${BUCKET}/*"}]}`,
      context: { 'app/encryption.json': KMS_ENCRYPTION, 'app/key-policy.json': KEY_POLICY_DECRYPT },
      fixes: [
        {
          expected: `{"Statement":[{"Effect":"Allow","NotAction":["kms:*","iam:*"],"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"${KEY}"}]}`,
        },
      ],
    },
    {
      name: 'kms:ViaService of S3 in the identity policy shows SSE-KMS; GenerateDataKey joins the S3-scoped statement',
      severity: 'warning',
      fixCount: 1,
      text: `{"Statement":[{"Effect":"Allow","Action":«"s3:PutObject"»,"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:Decrypt","Resource":"${KEY}","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"${KEY}","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}` }],
    },
    {
      name: 'PutObject and KMS actions in one statement on "*"',
      file: 'app/policy.json',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"s3:PutObject"»,"kms:Encrypt"],"Resource":"*"}]}`,
      context: { 'app/key-policy.json': KEY_POLICY_DECRYPT },
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","kms:Encrypt","kms:GenerateDataKey"],"Resource":"*"}]}` }],
    },
    {
      name: 'key policy context: S3 statement with Encrypt and GenerateDataKey* but no Decrypt (multi-line)',
      file: `key-policy.${KEY_ID}.json`,
      severity: 'warning',
      messageIncludes: 'kms:Decrypt',
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    ${ROOT},
    {
      "Sid": "AllowS3Uploads",
      "Effect": "Allow",
      "Principal": { "AWS": "${ROLE}" },
      "Action": «[
        "kms:Encrypt",
        "kms:GenerateDataKey*"
      ]»,
      "Resource": "*",
      "Condition": {
        "StringEquals": { "kms:ViaService": "s3.us-east-1.amazonaws.com" }
      }
    }
  ]
}`,
      fixes: [
        {
          expected: `{
  "Version": "2012-10-17",
  "Statement": [
    ${ROOT},
    {
      "Sid": "AllowS3Uploads",
      "Effect": "Allow",
      "Principal": { "AWS": "${ROLE}" },
      "Action": [
        "kms:Encrypt",
        "kms:GenerateDataKey*",
        "kms:Decrypt"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": { "kms:ViaService": "s3.us-east-1.amazonaws.com" }
      }
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'key policy context: both actions missing (action in odd case, StringLike on s3.*) — one fix adds both',
      file: 'key-policy.json',
      severity: 'warning',
      fixCount: 1,
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":«["KMS:ENCRYPT"]»,"Resource":"*","Condition":{"StringLike":{"kms:ViaService":"s3.*.amazonaws.com"}}}]}`,
      fixes: [
        {
          expected: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":["KMS:ENCRYPT","kms:GenerateDataKey","kms:Decrypt"],"Resource":"*","Condition":{"StringLike":{"kms:ViaService":"s3.*.amazonaws.com"}}}]}`,
        },
      ],
    },
  ],
});

/**
 * Cases where the rule disagrees with SPEC §2, issue 2's fix contract, or AWS documentation. They fail today
 * and are not passed to ruleTable; the lead moves them into the table above once the rule is fixed.
 */
export const disagreements: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      // AWS (re:Post knowledge center "s3-large-file-encryption-kms-key"): a principal in the key's account may
      // get both permissions from the key policy alone. The rule only looks for GenerateDataKey in the identity policy.
      name: 'kms:GenerateDataKey and kms:Decrypt granted to the role by the key policy alone',
      file: 'app/policy.json',
      text: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"}]}`,
      context: {
        'app/encryption.json': KMS_ENCRYPTION,
        [`app/key-policy.${KEY_ID}.json`]: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"*"}]}`,
      },
    },
    {
      // "StringNotEquals kms:ViaService s3..." means "not through S3": not an S3 upload statement.
      name: 'key policy: StringNotEquals on kms:ViaService s3 is not an S3 statement',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":"kms:Encrypt","Resource":"*","Condition":{"StringNotEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
    },
    {
      // Issue 2 §5: files analysed together are tied by key ARNs. Here the identity policy's own KMS statement names
      // the key, and that key's policy (key-policy.<keyid>.json) lets the role decrypt; without a bucket encryption
      // config the rule does not use that tie (keyPolicyFor gets no key) and reports kms:Decrypt as missing.
      // The same files with the key policy renamed to key-policy.json (same-folder fallback) are valid today.
      name: 'the key ARN in the identity policy ties it to the key policy that allows kms:Decrypt',
      text: `{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"${KEY}"}]}`,
      context: { [`key-policy.${KEY_ID}.json`]: KEY_POLICY_DECRYPT },
    },
  ],
  invalid: [
    {
      // SPEC §1: "Deny wins". An unconditional Deny of kms:Decrypt in the same policy removes it.
      name: 'Allow kms:* with an unconditional Deny kms:Decrypt: multipart uploads still fail',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"s3:PutObject"»,"kms:*"],"Resource":["arn:aws:s3:::${BUCKET}/*","${KEY}"]},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`,
    },
    {
      // The bucket's key is known from its encryption config; GenerateDataKey on another key does not help.
      name: 'kms:GenerateDataKey only on a different key than the bucket\'s',
      file: 'app/policy.json',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"s3:PutObject"»,"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"${OTHER_KEY}"}]}`,
      context: { 'app/encryption.json': KMS_ENCRYPTION, 'app/key-policy.json': KEY_POLICY_DECRYPT },
    },
    {
      // Issue 2 "Done when": every quick fix removes its finding. With both actions missing and no key policy in the
      // workspace, the only fix adds kms:GenerateDataKey and the finding stays (now for kms:Decrypt).
      name: 'both actions missing, no key policy: one finding per action; the GenerateDataKey fix removes its own',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":««"s3:PutObject"»»,"Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":"kms:Encrypt","Resource":"${KEY}"}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::${BUCKET}/*"},{"Effect":"Allow","Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":"${KEY}"}]}` }],
    },
    {
      // Same contract: with the key policy in the workspace the two halves are two fixes, each leaving the finding.
      // One fix editing both files (identity: GenerateDataKey, key policy: Decrypt) would remove it.
      name: 'both actions missing, key policy present: each of the two partial fixes leaves the finding',
      file: 'app/policy.json',
      severity: 'warning',
      text: `{"Statement":{"Effect":"Allow","Action":«"s3:PutObject"»,"Resource":"arn:aws:s3:::${BUCKET}/*"}}`,
      context: {
        'app/encryption.json': KMS_ENCRYPTION,
        'app/key-policy.json': `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"${ROLE}"},"Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":"*"}]}`,
      },
    },
  ],
};

// Cases that once disagreed with AWS's documented behaviour; the rule was fixed to match.
ruleTable('kms-multipart-upload-permissions', disagreements);
