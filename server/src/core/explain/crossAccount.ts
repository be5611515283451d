/**
 * The operations KMS performs for a principal of another account than the key's (AWS KMS developer
 * guide, "Allowing users in other accounts to use a KMS key": the cryptographic operations,
 * CreateGrant, DescribeKey, GetKeyRotationStatus, GetPublicKey, ListGrants, RetireGrant, RevokeGrant;
 * each API reference's "Cross-account use: Yes"). A key policy may name any other operation for
 * another account; it is granted and never effective.
 */
export const CROSS_ACCOUNT_OPERATIONS: ReadonlySet<string> = new Set([
  // Cryptographic operations.
  'kms:Decrypt',
  'kms:DeriveSharedSecret',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateMac',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:Sign',
  'kms:Verify',
  'kms:VerifyMac',
  // Other operations on the key.
  'kms:CreateGrant',
  'kms:DescribeKey',
  'kms:GetKeyRotationStatus',
  'kms:GetPublicKey',
  'kms:ListGrants',
  'kms:RetireGrant',
  'kms:RevokeGrant',
]);

/** Splits operations granted to another account into those KMS honours there and the rest. */
export function acrossAccounts(operations: readonly string[]): { effective: string[]; ineffective: string[] } {
  const effective: string[] = [];
  const ineffective: string[] = [];
  for (const operation of operations) (CROSS_ACCOUNT_OPERATIONS.has(operation) ? effective : ineffective).push(operation);
  return { effective, ineffective };
}
