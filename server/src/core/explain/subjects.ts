import type { PrincipalIdentity, ResourceRef } from '../model';
import { isAccountId, parseArn } from '../arn';
import { isDataRef, principalRefKind, refKind, refLabel, sameRef } from '../refs';
import { anyOf, contextKey, not, type ContextValue, type PrincipalContext, type Tri } from './conditions';

/**
 * Who a path is about: a principal named in a policy or one an IAM policy is attached to, with what
 * is known of it. Principals declared in the workspace (a Terraform `aws_iam_role`) live in the
 * account the workspace deploys to, which is the key's: `OWN_ACCOUNT` until that account's id is known.
 */
export type SubjectKind = 'role' | 'user' | 'session' | 'account' | 'wildcard' | 'service' | 'unknown';

export const OWN_ACCOUNT = '\u0000own account';

export interface Subject {
  readonly kind: SubjectKind;
  /** How reports name it: an ARN, an account id, `*`, `service:<name>`, a Terraform address or expression text. */
  readonly display: string;
  /** An account id, `OWN_ACCOUNT`, or undefined when unknown. */
  readonly account?: string;
  readonly arn?: string;
  readonly ref?: ResourceRef;
  readonly service?: string;
  /** For an assumed-role session: its role's name. */
  readonly roleName?: string;
}

/** How accounts compare: the key's account, and whether literal accounts are taken to be others. */
export interface AccountScope {
  readonly keyAccount?: string;
  /**
   * The key's account is known only as "the account the workspace deploys to" (the key policy names
   * it through `data.aws_caller_identity`): literal account ids are then taken to be other accounts.
   */
  readonly literalsAreOther: boolean;
  readonly partition?: string;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** A principal given by its literal text in a policy, grant or attachment. */
export function subjectOfText(type: string, text: string): Subject {
  const value = text.trim();
  if (value === '*') return { kind: 'wildcard', display: '*' };
  if (type === 'Service' || SERVICE_PRINCIPAL.test(value)) return { kind: 'service', service: value, display: `service:${value}` };
  if (type !== 'AWS' && type !== '') return { kind: 'unknown', display: value };
  if (isAccountId(value)) return { kind: 'account', account: value, display: value };
  const arn = parseArn(value);
  if (!arn || !isAccountId(arn.account)) return { kind: 'unknown', display: value };
  if (arn.service === 'iam' && arn.resource === 'root') return { kind: 'account', account: arn.account, display: arn.account };
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) return { kind: 'role', account: arn.account, arn: value, display: value };
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) return { kind: 'user', account: arn.account, arn: value, display: value };
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    return { kind: 'session', account: arn.account, arn: value, roleName: arn.resource.split('/')[1], display: value };
  }
  return { kind: 'unknown', account: arn.service === 'iam' || arn.service === 'sts' ? arn.account : undefined, arn: value, display: value };
}

/**
 * A principal written as an expression: the caller identity's account (`arn:aws:iam::${data.aws_caller_identity.x.account_id}:root`,
 * CloudFormation's `${AWS::AccountId}`) is the key's own account; a reference to a declared role or user is that principal.
 */
export function subjectOfExpression(text: string, refs: readonly ResourceRef[]): Subject {
  const ownAccount = (inner: string) =>
    /^AWS::AccountId$/.test(inner) || refs.some((ref) => refKind(ref) === 'caller-identity' && ref.attribute === 'account_id' && inner.includes(ref.name));
  // The partition may be an expression too (`${AWS::Partition}`, `${data.aws_partition.x.partition}`).
  const root = /^arn:(?:\$\{[^}]*\}|[^:$]*):iam::\$\{([^}]*)\}:root$/.exec(text.trim()) ?? /^\$\{([^}]*)\}$/.exec(text.trim());
  if (root && ownAccount(root[1]!.trim())) return { kind: 'account', account: OWN_ACCOUNT, display: text };
  const only = refs.length === 1 ? refs[0] : undefined;
  if (only && refKind(only) === 'caller-identity' && only.attribute === 'account_id') return { kind: 'account', account: OWN_ACCOUNT, display: text };
  const kind = principalRefKind(only);
  if (only && (kind === 'role' || kind === 'user')) return { kind, ref: only, account: OWN_ACCOUNT, display: refLabel(only) };
  return { kind: 'unknown', display: text };
}

/** The role or user (or group, when none of its members is known) an IAM policy applies to. */
export function subjectOfIdentity(identity: PrincipalIdentity): Subject {
  if (identity.arn) return subjectOfText('AWS', identity.arn);
  if (identity.ref) {
    const kind = principalRefKind(identity.ref);
    return { kind: kind === 'role' || kind === 'user' ? kind : 'unknown', ref: identity.ref, account: OWN_ACCOUNT, display: refLabel(identity.ref) };
  }
  return { kind: 'unknown', display: identity.expression ?? '?' };
}

/** One key per principal, whichever way it was written (a role's reference with or without `.arn`). */
export function subjectKey(subject: Subject): string {
  if (subject.ref) return `ref\u0000${subject.ref.type}\u0000${subject.ref.name}\u0000${subject.ref.scope ?? ''}`;
  if (subject.arn) return `arn\u0000${subject.arn}`;
  return `${subject.kind}\u0000${subject.account ?? ''}\u0000${subject.display}`;
}

/** The account id of a subject, with `OWN_ACCOUNT` resolved when the key's account is known. */
export function accountId(account: string | undefined, scope: AccountScope): string | undefined {
  if (account === OWN_ACCOUNT) return scope.keyAccount;
  return account;
}

/**
 * The account as a request context value: its id; or, for the key's own account when literal accounts
 * are taken to be others, a value equal to none of them.
 */
export function contextAccount(account: string | undefined, scope: AccountScope): string | undefined {
  return accountId(account, scope) ?? (account === OWN_ACCOUNT && scope.literalsAreOther ? OWN_ACCOUNT : undefined);
}

/** Whether two accounts (ids or `OWN_ACCOUNT`) are the same. */
export function sameAccount(a: string | undefined, b: string | undefined, scope: AccountScope): Tri {
  if (a === undefined || b === undefined) return 'maybe';
  const x = accountId(a, scope);
  const y = accountId(b, scope);
  if (x !== undefined && y !== undefined) return x === y ? 'yes' : 'no';
  if (a === b) return 'yes';
  // One is the key's account with an unknown id, the other a literal id.
  return scope.literalsAreOther ? 'no' : 'maybe';
}

/** Whether a subject belongs to another account than the key's. */
export function isCrossAccount(subject: Subject, scope: AccountScope): boolean {
  return sameAccount(subject.account, OWN_ACCOUNT, scope) === 'no';
}

/** What the principal fixes in the request context (kms:CallerAccount, aws:PrincipalArn, aws:PrincipalType, aws:username). */
export function principalContext(subject: Subject, scope: AccountScope): PrincipalContext {
  const context = new Map<string, ContextValue>();
  const account = contextAccount(subject.account, scope);
  if (account) context.set(contextKey('kms:CallerAccount'), { kind: 'literal', value: account });
  const partial = (resourcePrefix: string): ContextValue => ({
    kind: 'partial-arn',
    parts: ['arn', scope.partition, 'iam', '', account],
    resourcePrefix,
    ...(subject.ref ? { ref: subject.ref } : {}),
  });
  switch (subject.kind) {
    case 'role':
      context.set('aws:principalarn', subject.arn ? { kind: 'literal', value: subject.arn } : partial('role/'));
      context.set('aws:principaltype', { kind: 'literal', value: 'AssumedRole' });
      context.set('aws:username', { kind: 'absent' });
      break;
    case 'session':
      // The session's aws:PrincipalArn is its role's ARN, whose path is unknown here.
      context.set('aws:principalarn', partial('role/'));
      context.set('aws:principaltype', { kind: 'literal', value: 'AssumedRole' });
      context.set('aws:username', { kind: 'absent' });
      break;
    case 'user':
      context.set('aws:principalarn', subject.arn ? { kind: 'literal', value: subject.arn } : partial('user/'));
      context.set('aws:principaltype', { kind: 'literal', value: 'User' });
      if (subject.arn) context.set('aws:username', { kind: 'literal', value: subject.arn.slice(subject.arn.lastIndexOf('/') + 1) });
      break;
    case 'account':
      context.set('aws:principalarn', partial(''));
      break;
  }
  return context;
}

function sameIamPrincipal(entry: Subject, subject: Subject, scope: AccountScope): Tri {
  if (entry.arn && subject.arn) return entry.arn === subject.arn ? 'yes' : 'no';
  if (entry.ref && subject.ref) {
    if (sameRef(entry.ref, subject.ref)) return 'yes';
    return isDataRef(entry.ref) || isDataRef(subject.ref) ? 'maybe' : 'no';
  }
  if (entry.kind !== subject.kind) return 'no';
  return sameAccount(entry.account, subject.account, scope) === 'no' ? 'no' : 'maybe';
}

/** Whether a principal written in a statement's `Principal` covers the subject's requests. */
export function entryCovers(entry: Subject, subject: Subject, scope: AccountScope): Tri {
  if (entry.kind === 'wildcard') return 'yes';
  if (subject.kind === 'wildcard' || subject.kind === 'unknown' || entry.kind === 'unknown') return 'maybe';
  if (entry.kind === 'service' || subject.kind === 'service') return entry.kind === subject.kind && entry.service === subject.service ? 'yes' : 'no';
  // An account principal covers every principal of the account.
  if (entry.kind === 'account') return sameAccount(entry.account, subject.account, scope);
  if (subject.kind === 'account') return sameAccount(entry.account, subject.account, scope) === 'no' ? 'no' : 'maybe';
  // A role ARN covers the role's sessions.
  if (entry.kind === 'role' && subject.kind === 'session') {
    if (entry.arn) return entry.arn.endsWith(`/${subject.roleName}`) && sameAccount(entry.account, subject.account, scope) !== 'no' ? 'yes' : 'no';
    return 'maybe';
  }
  // A session ARN covers that one session of its role.
  if (entry.kind === 'session' && subject.kind === 'role') return sameAccount(entry.account, subject.account, scope) === 'no' ? 'no' : 'maybe';
  return sameIamPrincipal(entry, subject, scope);
}

/**
 * Whether a principal listed in a Deny's `NotPrincipal` exempts the subject (IAM user guide,
 * NotPrincipal): an account exempts only the account principal itself, not its roles and users; a
 * role ARN does not exempt the role's sessions, which are exempt only when the session ARN is listed.
 */
export function entryExempts(entry: Subject, subject: Subject, scope: AccountScope): Tri {
  if (subject.kind === 'wildcard' || subject.kind === 'unknown' || entry.kind === 'unknown') return 'maybe';
  // The account principal itself (the root user) is one of the account's principals.
  if (entry.kind === 'account') return subject.kind === 'account' && sameAccount(entry.account, subject.account, scope) !== 'no' ? 'maybe' : 'no';
  if (entry.kind === 'role') return subject.kind === 'role' || subject.kind === 'session' || subject.kind === 'account' ? 'no' : entryCovers(entry, subject, scope);
  if (entry.kind === 'session') {
    if (subject.kind === 'session') return entry.arn === subject.arn ? 'yes' : 'no';
    if (subject.kind === 'role' || subject.kind === 'account') return sameAccount(entry.account, subject.account, scope) === 'no' ? 'no' : 'maybe';
    return 'no';
  }
  return entryCovers(entry, subject, scope);
}

/** Whether a statement's principal element applies to the subject. */
export function principalApplies(element: { readonly negated: boolean; readonly wildcard: boolean; readonly entries: readonly Subject[] }, subject: Subject, scope: AccountScope): Tri {
  if (element.negated) return not(anyOf(element.entries.map((entry) => entryExempts(entry, subject, scope))));
  if (element.wildcard) return 'yes';
  return anyOf(element.entries.map((entry) => entryCovers(entry, subject, scope)));
}
