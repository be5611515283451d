import { isAccountPrincipal, principalAccount } from '../arn';
import { allowsAction, conditionsAdmitAccount, isUnconditional, listGrants, mayAllowAction, type Tri } from '../iam/semantics';
import type { Policy, PrincipalIdentity, Statement } from '../model';
import { sameRef } from '../workspace';
import { isAccountRootShape } from '../arnShape';

/** Who is asking, as far as the workspace knows. */
export interface Caller {
  readonly arn?: string;
  readonly account?: string;
  readonly ref?: PrincipalIdentity['ref'];
}

/**
 * Whether a key policy statement's principals include the caller (directly or through its account):
 * 'unknown' when a Terraform value we cannot see might name it.
 */
export function statementCoversCaller(statement: Statement, caller: Caller): Tri {
  const principals = statement.principals;
  if (!principals || principals.negated) return 'no';
  // conditionsAdmitAccount treats conditions KeyLens cannot read as 'unknown'.
  if (principals.wildcard) return conditionsAdmitAccount(statement, caller.account);
  let verdict: Tri = principals.node.kind === 'unknown' ? 'unknown' : 'no';
  for (const entry of principals.entries) {
    if (entry.type !== 'AWS') continue;
    const value = entry.value;
    if (!value.known) {
      if (value.ref && caller.ref) {
        if (sameRef(caller.ref, value.ref)) return 'yes';
      } else if (!value.ref) {
        // The deploying account's root (`!Sub arn:...:${AWS::AccountId}:root`, the caller-identity
        // account in Terraform) counts as a literal root does: for a caller whose account is not
        // known, it leaves the decision to IAM rather than allowing.
        if (value.arn?.ownAccount && isAccountRootShape(value.arn) && !caller.account) continue;
        verdict = 'unknown';
      }
      continue;
    }
    if (caller.arn && value.value === caller.arn) return 'yes';
    if (caller.account && isAccountPrincipal(value.value) && principalAccount(value.value) === caller.account) return 'yes';
  }
  return verdict;
}

/** Whether the key policy allows (or, through values we cannot see, may allow) `action` to the caller; a Deny naming it wins. */
export function keyPolicyAllows(policy: Policy, action: string, caller: Caller): boolean {
  if (keyPolicyDenies(policy, action, caller)) return false;
  // Statements KeyLens cannot see may allow it.
  if (policy.incomplete) return true;
  return policy.statements.some((s) => mayAllowAction(s, action) && statementCoversCaller(s, caller) !== 'no');
}

/** An unconditional Deny of `action` that certainly names the caller. */
export function keyPolicyDenies(policy: Policy, action: string, caller: Caller): boolean {
  return policy.statements.some(
    (s) => s.effect === 'Deny' && isUnconditional(s) && listGrants(s.actions, action) === 'yes' && statementCoversCaller(s, caller) === 'yes',
  );
}

/** Whether the key policy allows `action` to some specific principal other than an account root. */
export function keyPolicyAllowsSomeSpecificPrincipal(policy: Policy, action: string): boolean {
  return policy.incomplete === true || policy.statements.some(
    (s) =>
      allowsAction(s, action) &&
      !!s.principals &&
      !s.principals.negated &&
      !s.principals.wildcard &&
      s.principals.entries.some((e) => e.type === 'AWS' && (!e.value.known || !isAccountPrincipal(e.value.value))),
  );
}
