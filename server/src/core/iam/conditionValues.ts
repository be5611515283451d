/**
 * The documented values of condition keys that take one of a fixed set (AWS KMS Developer Guide,
 * "AWS KMS condition keys"; Amazon S3 and IAM global keys), for completion in `Condition` values.
 * Keys whose values come from the workspace (accounts, key ARNs, aliases, regions) are answered there.
 */
export const CONDITION_VALUES: Readonly<Record<string, readonly string[]>> = {
  'kms:encryptionalgorithm': ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'],
  'kms:keyspec': [
    'SYMMETRIC_DEFAULT',
    'RSA_2048',
    'RSA_3072',
    'RSA_4096',
    'ECC_NIST_P256',
    'ECC_NIST_P384',
    'ECC_NIST_P521',
    'ECC_NIST_EDWARDS25519',
    'ECC_SECG_P256K1',
    'HMAC_224',
    'HMAC_256',
    'HMAC_384',
    'HMAC_512',
    'ML_DSA_44',
    'ML_DSA_65',
    'ML_DSA_87',
    'SM2',
  ],
  'kms:keyusage': ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'],
  'kms:keyorigin': ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'],
  'kms:datakeypairspec': ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2'],
  'kms:macalgorithm': ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'],
  'kms:messagetype': ['RAW', 'DIGEST', 'EXTERNAL_MU'],
  'kms:multiregionkeytype': ['PRIMARY', 'REPLICA'],
  'kms:expirationmodel': ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'],
  'kms:grantoperations': [
    'Decrypt',
    'Encrypt',
    'GenerateDataKey',
    'GenerateDataKeyWithoutPlaintext',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'ReEncryptFrom',
    'ReEncryptTo',
    'Sign',
    'Verify',
    'GetPublicKey',
    'GenerateMac',
    'VerifyMac',
    'DeriveSharedSecret',
    'DescribeKey',
    'CreateGrant',
    'RetireGrant',
  ],
  's3:x-amz-server-side-encryption': ['aws:kms', 'aws:kms:dsse', 'AES256'],
  'aws:principaltype': ['Account', 'User', 'FederatedUser', 'AssumedRole', 'Anonymous'],
};

/** Condition keys whose value is an AWS account id. */
export const ACCOUNT_KEYS: ReadonlySet<string> = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount', 'aws:vpceaccount']);

/** Condition keys whose value is a KMS key ARN. */
export const KEY_ARN_KEYS: ReadonlySet<string> = new Set(['s3:x-amz-server-side-encryption-aws-kms-key-id']);

/** Condition keys whose value is an alias name (`alias/...`), not an alias ARN. */
export const ALIAS_KEYS: ReadonlySet<string> = new Set(['kms:requestalias', 'kms:resourcealiases']);

/** Condition keys whose value is a Region. */
export const REGION_KEYS: ReadonlySet<string> = new Set(['aws:requestedregion', 'kms:primaryregion']);

/** AWS services that call KMS for their callers; kms:ViaService takes `SERVICE.REGION.amazonaws.com`. */
export const VIA_SERVICES: readonly string[] = ['s3', 'ec2', 'rds', 'lambda', 'dynamodb', 'secretsmanager', 'ssm', 'sqs', 'sns', 'logs', 'kinesis', 'firehose', 'elasticfilesystem', 'backup'];
