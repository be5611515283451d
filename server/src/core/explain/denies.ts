import { localize } from '../finding';
import { satisfiable, contextKey, type Clause, type ConditionValue } from './conditions';
import { EntryList, Warnings, type MutableEntry } from './entries';
import { sortOperations } from './operations';
import * as say from './pathMessages';
import { delegatedPolicy, WILDCARD, type IdentityPolicy, type KeyStatement } from './policyPaths';
import type { IamDelegationVia, KeyPolicyVia } from './report';
import type { PrincipalValue } from './statements';
import {
  accountId,
  contextAccount,
  entryExempts,
  isCrossAccount,
  principalApplies,
  principalContext,
  subjectKey,
  subjectOfExpression,
  subjectOfText,
  type AccountScope,
  type Subject,
} from './subjects';

/** Explicit Denies: which always apply on an access path, and the Deny side of the report. */

/**
 * The Denies that cover an entry's principal: the key policy's, and its own IAM policies'. A
 * NotPrincipal Deny that may exempt some of the principals an entry stands for (the root user or a
 * listed user of an account) covers the rest: it counts with the condition "not one of those".
 */
function deniesFor(subject: Subject, denyStatements: readonly KeyStatement[], identities: readonly IdentityPolicy[], scope: AccountScope): { operations: readonly string[]; clauses: readonly Clause[] }[] {
  const key = subjectKey(subject);
  const denies: { operations: readonly string[]; clauses: readonly Clause[] }[] = [];
  for (const statement of denyStatements) {
    const applies = principalApplies(statement.principal, subject, scope);
    if (applies === 'yes') denies.push(statement);
    else if (applies === 'maybe' && statement.principal.negated) {
      const exempt = exemptArns(statement.principal.entries.filter((entry) => entryExempts(entry, subject, scope) === 'maybe'), scope);
      if (exempt) denies.push({ operations: statement.operations, clauses: [...statement.clauses, { operator: 'ArnNotEquals', key: 'aws:PrincipalArn', values: exempt, unknown: false }] });
    }
  }
  for (const identity of identities) {
    if (identity.subject && subjectKey(identity.subject) === key) denies.push(...identity.statements.filter((s) => s.effect === 'Deny'));
  }
  return denies;
}

/** The aws:PrincipalArn of each exempted principal, when every one of them has one (an account: its root user). */
function exemptArns(entries: readonly Subject[], scope: AccountScope): ConditionValue[] | undefined {
  const values: ConditionValue[] = [];
  for (const entry of entries) {
    if (entry.kind === 'account') {
      const account = contextAccount(entry.account, scope);
      if (!account) return undefined;
      values.push({ text: `arn:${scope.partition ?? 'aws'}:iam::${account}:root`, known: true });
    } else if (entry.kind === 'user' && entry.arn) values.push({ text: entry.arn, known: true });
    else if (entry.kind === 'user' && entry.ref) values.push({ text: `${entry.display}.arn`, known: false, ref: { ...entry.ref, attribute: 'arn' } });
    else return undefined;
  }
  return values.length > 0 ? values : undefined;
}

/**
 * Removes from an entry the operations a Deny always removes: those for which the path's conditions
 * cannot hold while every applicable Deny's conditions fail.
 */
export function applyDenies(entry: MutableEntry, denyStatements: readonly KeyStatement[], identities: readonly IdentityPolicy[], scope: AccountScope, warnings: Warnings): void {
  const denies = deniesFor(entry.subject, denyStatements, identities, scope);
  if (denies.length === 0) return;
  const context = principalContext(entry.subject, scope);
  // Operations covered by the same Denies are decided together.
  const groups = new Map<string, string[]>();
  for (const operation of entry.operations) {
    const signature = denies.map((deny, i) => (deny.operations.includes(operation) ? i : -1)).filter((i) => i >= 0).join(',');
    if (signature === '') continue;
    let group = groups.get(signature);
    if (!group) groups.set(signature, (group = []));
    group.push(operation);
  }
  const denied: string[] = [];
  for (const [signature, operations] of groups) {
    const applicable = signature.split(',').map((i) => denies[Number(i)]!.clauses);
    if (satisfiable(entry.clauses, applicable, context).result === 'no') denied.push(...operations);
  }
  if (denied.length === 0) return;
  for (const operation of denied) entry.operations.delete(operation);
  entry.denied = sortOperations([...entry.denied, ...denied]);
  if (entry.operations.size === 0) warnings.add(say.everythingDenied(entry.principal));
}

/** The Deny side of the report: each Deny statement and whom it applies to, unless its conditions can never hold for them. */
export function listDenies(denyStatements: readonly KeyStatement[], identities: readonly IdentityPolicy[], scope: AccountScope, warnings: Warnings, locale: string | undefined): EntryList {
  const denies = new EntryList();
  for (const statement of denyStatements) {
    const { label, principal, operations, conditions, clauses } = statement;
    const via: KeyPolicyVia = { kind: 'key-policy', statement: label, operations };
    if (principal.negated) {
      denies.add('*', operations, conditions, via, { subject: WILDCARD, clauses, except: exceptLabels(principal.written, locale) });
      warnAboutNotPrincipal(statement, warnings);
      continue;
    }
    if (principal.wildcard) denies.add('*', operations, conditions, via, { subject: WILDCARD, clauses });
    for (const subject of principal.entries) {
      const verdict = satisfiable(clauses, [], principalContext(subject, scope));
      if (verdict.result === 'no') {
        warnings.add(say.denyNeverApplies(label, subject.display, writtenKey(clauses, verdict.conflict)));
        continue;
      }
      denies.add(subject.display, operations, conditions, via, { subject, clauses, crossAccount: isCrossAccount(subject, scope) });
    }
  }
  for (const identity of identities) {
    if (!identity.subject) continue;
    const subject = identity.subject;
    for (const statement of identity.statements) {
      if (statement.effect !== 'Deny') continue;
      const verdict = satisfiable(statement.clauses, [], principalContext(subject, scope));
      if (verdict.result === 'no') {
        warnings.add(say.denyNeverApplies(identity.policy.label, subject.display, writtenKey(statement.clauses, verdict.conflict)));
        continue;
      }
      const crossAccount = isCrossAccount(subject, scope);
      const via: IamDelegationVia = {
        kind: 'iam-delegation',
        account: accountId(subject.account, scope) ?? '',
        policies: [delegatedPolicy(identity)],
        crossAccount,
        operations: statement.operations,
      };
      denies.add(subject.display, statement.operations, statement.conditions, via, { subject, clauses: statement.clauses });
    }
  }
  return denies;
}

/** NotPrincipal with Deny exempts exactly what it lists: say where that is less than it seems. */
function warnAboutNotPrincipal(statement: KeyStatement, warnings: Warnings): void {
  const accounts = new Set(statement.principal.entries.filter((e) => e.kind === 'account').map((e) => e.account));
  for (const entry of statement.principal.entries) {
    if (entry.kind === 'role') warnings.add(say.notPrincipalRole(statement.label, entry.display));
    if (entry.kind === 'user' && !accounts.has(entry.account)) warnings.add(say.notPrincipalUserWithoutAccount(statement.label, entry.display));
  }
}

/** The principals a NotPrincipal lists, an account shown as its root ARN with what that exempts. */
export function exceptLabels(written: readonly PrincipalValue[], locale: string | undefined): string[] {
  return written.map((entry) => {
    const subject = entry.known ? subjectOfText(entry.type, entry.text) : subjectOfExpression(entry.text, entry.refs ?? []);
    if (subject.kind !== 'account') return subject.display;
    const text = entry.text.trim();
    const arn = text.startsWith('arn:') ? text : `arn:aws:iam::${text}:root`;
    return localize(say.accountPrincipalLabel(arn), locale);
  });
}

/** The condition key as the policy spells it, for messages. */
export function writtenKey(clauses: readonly Clause[], key: string | undefined): string | undefined {
  if (!key) return undefined;
  return clauses.find((clause) => contextKey(clause.key) === key)?.key ?? key;
}
