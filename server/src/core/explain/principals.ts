import { principalAccount } from '../arn';

export type PrincipalClass =
  | { readonly kind: 'wildcard'; readonly display: '*' }
  | { readonly kind: 'account'; readonly account: string; readonly display: string }
  | { readonly kind: 'iam'; readonly arn: string; readonly account?: string; readonly display: string }
  | { readonly kind: 'service'; readonly name: string; readonly display: string }
  | { readonly kind: 'other'; readonly display: string };

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/**
 * Classifies a principal as written in a policy (`{"AWS": ...}`, `{"Service": ...}`) or in a grant.
 * The account root and a bare account id both mean "the account", which delegates to IAM.
 */
export function classifyPrincipal(type: string, text: string): PrincipalClass {
  const value = text.trim();
  if (value === '*') return { kind: 'wildcard', display: '*' };
  if (type === 'Service' || SERVICE_PRINCIPAL.test(value)) return { kind: 'service', name: value, display: `service:${value}` };
  if (type === 'AWS' || type === '') {
    if (ACCOUNT_ID.test(value)) return { kind: 'account', account: value, display: value };
    const root = ROOT_ARN.exec(value);
    if (root) return { kind: 'account', account: root[1]!, display: root[1]! };
    if (value.startsWith('arn:')) return { kind: 'iam', arn: value, account: principalAccount(value), display: value };
  }
  return { kind: 'other', display: value };
}

/** Conditions that tie a wildcard principal to known callers (SPEC §2, kms-key-policy-wildcard-principal). */
export const NARROWING_CONDITION_KEYS = [
  'kms:calleraccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourcevpce',
  'aws:sourcevpc',
];

export function narrowsCaller(conditions: Record<string, Record<string, string[]>>): boolean {
  for (const [operator, block] of Object.entries(conditions)) {
    // A negated operator (`StringNotEquals`) or an `IfExists` one does not pin the caller down.
    if (/Not/.test(operator) || /IfExists$/.test(operator)) continue;
    for (const key of Object.keys(block)) if (NARROWING_CONDITION_KEYS.includes(key.toLowerCase())) return true;
  }
  return false;
}
