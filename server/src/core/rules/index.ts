import type { Rule } from './rule';
import { rule as kmsDecryptInIdentityPolicy } from './kms-decrypt-in-identity-policy';
import { rule as kmsAliasArnAsKey } from './kms-alias-arn-as-key';
import { rule as kmsMultipartUploadPermissions } from './kms-multipart-upload-permissions';
import { rule as kmsCrossAccountAccess } from './kms-cross-account-access';
import { rule as kmsKeyPolicyWildcardPrincipal } from './kms-key-policy-wildcard-principal';
import { rule as kmsKeyPolicyNoRootDelegation } from './kms-key-policy-no-root-delegation';
import { rule as iamUnknownAction } from './iam-unknown-action';
import { rule as kmsKeyPolicyCrossAccountAdmin } from './kms-key-policy-cross-account-admin';

/** Every rule, in the order of SPEC §2, then the rules added since. */
export const rules: readonly Rule[] = [
  kmsDecryptInIdentityPolicy,
  kmsAliasArnAsKey,
  kmsMultipartUploadPermissions,
  kmsCrossAccountAccess,
  kmsKeyPolicyWildcardPrincipal,
  kmsKeyPolicyNoRootDelegation,
  iamUnknownAction,
  kmsKeyPolicyCrossAccountAdmin,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
