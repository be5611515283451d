import type { Message } from '../finding';
import type { KmsGrant, KmsGrantConstraints, SnapshotGrant } from './snapshot';
import type { ReportGrant } from './report';

/** How a grant reads in the report: its KMS fields, who created it, and what it does. */

export function hasConstraints(constraints: KmsGrantConstraints): boolean {
  return Object.keys(constraints.EncryptionContextEquals ?? {}).length > 0 || Object.keys(constraints.EncryptionContextSubset ?? {}).length > 0;
}

function describeConstraints(constraints: KmsGrantConstraints | undefined): { en: string; ja: string } | undefined {
  if (!constraints || !hasConstraints(constraints)) return undefined;
  const pairs = (map: Readonly<Record<string, string>> | undefined) => Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  if (constraints.EncryptionContextEquals && Object.keys(constraints.EncryptionContextEquals).length > 0) {
    const text = pairs(constraints.EncryptionContextEquals);
    return { en: `only when the encryption context is exactly ${text}`, ja: `暗号化コンテキストが ${text} と完全に一致する場合のみ` };
  }
  const text = pairs(constraints.EncryptionContextSubset);
  return { en: `only when the encryption context includes ${text}`, ja: `暗号化コンテキストに ${text} を含む場合のみ` };
}

export function genericExplanation(grant: SnapshotGrant): Message {
  const operations = (grant.Operations ?? []).join(', ') || '(no operations)';
  const grantee = grant.GranteePrincipal ?? '(unknown grantee)';
  const constraints = describeConstraints(grant.Constraints);
  const declared = grant.declaredIn ? { en: ` Declared in the workspace as ${grant.declaredIn.label}.`, ja: ` ワークスペースでは ${grant.declaredIn.label} として宣言されています。` } : { en: '', ja: '' };
  const issuer = grant.IssuingAccount ? { en: ` Issued by ${grant.IssuingAccount}.`, ja: ` 発行元は ${grant.IssuingAccount} です。` } : { en: '', ja: '' };
  return {
    en: `Grant to ${grantee} for ${operations}${constraints ? `, ${constraints.en}` : ''}. It adds access on top of the key policy and IAM policies.${issuer.en}${declared.en}`,
    ja: `${grantee} に ${operations} を許可するグラントです${constraints ? ` (${constraints.ja})` : ''}。キーポリシーと IAM ポリシーに加えてアクセスを与えます。${issuer.ja}${declared.ja}`,
  };
}

export function reportGrant(grant: SnapshotGrant, createdBy: string | null, explanation: string, retireImpact: string | undefined, service: string | undefined): ReportGrant {
  const { declaredIn: _declaredIn, granteeRef: _granteeRef, ...kms } = grant;
  const fields: KmsGrant = kms;
  return {
    ...fields,
    createdBy,
    explanation,
    ...(retireImpact ? { retireImpact } : {}),
    ...(service ? { service } : {}),
  };
}

