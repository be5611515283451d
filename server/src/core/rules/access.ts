import { isAccountPrincipal, principalAccount } from '../arn';
import { allowsAction, listGrants } from '../iam/semantics';
import type { Policy, PrincipalIdentity, Statement } from '../model';
import { sameRef } from '../workspace';

/** Who is asking, as far as the workspace knows. */
export interface Caller {
  readonly arn?: string;
  readonly account?: string;
  readonly ref?: PrincipalIdentity['ref'];
}

/** Whether a key policy statement's principals include the caller (directly or through its account). */
export function statementCoversCaller(statement: Statement, caller: Caller): boolean {
  const principals = statement.principals;
  if (!principals || principals.negated) return false;
  if (principals.wildcard) {
    const accountConditions = statement.conditions.filter((c) => ['kms:calleraccount', 'aws:principalaccount'].includes(c.key.toLowerCase()));
    if (accountConditions.length === 0) return true;
    return !!caller.account && accountConditions.every((c) => c.hasUnknown || c.values.some((v) => v.value === caller.account));
  }
  return principals.entries.some((entry) => {
    if (entry.type !== 'AWS') return false;
    const value = entry.value;
    if (!value.known) return !!caller.ref && !!value.ref && sameRef(caller.ref, value.ref);
    if (caller.arn && value.value === caller.arn) return true;
    return !!caller.account && isAccountPrincipal(value.value) && principalAccount(value.value) === caller.account;
  });
}

/** Whether the key policy allows `action` to the caller (Deny statements that name it win). */
export function keyPolicyAllows(policy: Policy, action: string, caller: Caller): boolean {
  const denied = policy.statements.some(
    (s) => s.effect === 'Deny' && s.conditions.length === 0 && listGrants(s.actions, action) === 'yes' && statementCoversCaller(s, caller),
  );
  if (denied) return false;
  return policy.statements.some((s) => allowsAction(s, action) && statementCoversCaller(s, caller));
}

/** Whether the key policy allows `action` to some specific principal other than an account root. */
export function keyPolicyAllowsSomeSpecificPrincipal(policy: Policy, action: string): boolean {
  return policy.statements.some(
    (s) =>
      allowsAction(s, action) &&
      !!s.principals &&
      !s.principals.negated &&
      !s.principals.wildcard &&
      s.principals.entries.some((e) => e.type === 'AWS' && (!e.value.known || !isAccountPrincipal(e.value.value))),
  );
}
