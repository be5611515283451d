import type { Policy } from '../model';
import type { ActionCatalog } from '../iam/catalog';
import type { IdentityPolicyUse } from './workspaceSnapshot';
import type { Clause } from './conditions';
import { Warnings } from './entries';
import { resourceApplies, type KeyTarget } from './keyTarget';
import { kmsOperations, sortOperations } from './operations';
import type { Conditions, DelegatedPolicy } from './report';
import { statementLabel, statementsFromPolicy, type PrincipalValue } from './statements';
import { subjectOfExpression, subjectOfIdentity, subjectOfText, type Subject } from './subjects';

/** The statements explain builds paths from: the key policy's and the identity policies', reduced to what paths need. */

/** The conditions of one statement on a path: every block of a path must hold. */
export interface Block {
  readonly conditions: Conditions;
  readonly clauses: readonly Clause[];
}

export interface StatementPrincipal {
  readonly negated: boolean;
  readonly wildcard: boolean;
  readonly entries: readonly Subject[];
  /** The entries as written, for `except` and warnings. */
  readonly written: readonly PrincipalValue[];
}

/** A key policy statement that applies to this key and names KMS operations. */
export interface KeyStatement extends Block {
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: StatementPrincipal;
  readonly operations: string[];
  readonly conditionsUnknown: boolean;
}

/** One statement of a workspace IAM identity policy that applies to this key. */
export interface IdentityStatement extends Block {
  readonly effect: 'Allow' | 'Deny';
  readonly operations: string[];
}

/** An identity policy as it applies to one principal. */
export interface IdentityPolicy {
  readonly policy: Policy;
  /** The role or user (a group's member) the policy applies to, when the workspace says. */
  readonly subject?: Subject;
  /** The group through which `subject` gets the policy. */
  readonly group?: Subject;
  readonly statements: IdentityStatement[];
  readonly allowed: string[];
}

export const WILDCARD: Subject = { kind: 'wildcard', display: '*' };

/** The key policy's statements that apply to this key, with their principals classified; broken ones are warned about. */
export function readKeyStatements(keyPolicy: Policy, target: KeyTarget, catalog: ActionCatalog, warnings: Warnings): KeyStatement[] {
  const result: KeyStatement[] = [];
  for (const statement of statementsFromPolicy(keyPolicy)) {
    const label = statementLabel(statement);
    if (!statement.effect) {
      warnings.add({
        en: `Key policy statement ${label} has no valid Effect ("Allow" or "Deny"); KMS rejects such a policy, so it is ignored here.`,
        ja: `キーポリシーのステートメント ${label} に有効な Effect ("Allow" または "Deny") がありません。KMS はこのポリシーを受け付けないため、ここでは無視します。`,
      });
      continue;
    }
    if (!statement.principal) {
      warnings.add({
        en: `Key policy statement ${label} has no Principal; key policy statements must name one, so it is ignored here.`,
        ja: `キーポリシーのステートメント ${label} に Principal がありません。キーポリシーでは必須のため、ここでは無視します。`,
      });
      continue;
    }
    if (!resourceApplies(statement.resources, target, true)) continue;
    const { operations, unknown } = kmsOperations(statement.actions, catalog);
    if (unknown.length > 0 || statement.actions?.hasUnknown) {
      warnings.add({
        en: `Key policy statement ${label} has actions KeyLens cannot know statically (${unknown.join(', ') || 'an expression'}); they are not listed.`,
        ja: `キーポリシーのステートメント ${label} に静的に分からないアクションがあります (${unknown.join(', ') || '式'})。一覧には含めていません。`,
      });
    }
    if (operations.length === 0) continue;
    const written = statement.principal.entries;
    const entries = written.map((entry) => (entry.known ? subjectOfText(entry.type, entry.text) : subjectOfExpression(entry.text, entry.refs ?? [])));
    result.push({
      label,
      effect: statement.effect,
      principal: { negated: statement.principal.negated, wildcard: statement.principal.wildcard, entries, written },
      operations,
      conditions: statement.conditions,
      clauses: statement.clauses,
      conditionsUnknown: statement.conditionsUnknown,
    });
  }
  return result;
}

export function readIdentityPolicy(use: IdentityPolicyUse, target: KeyTarget, catalog: ActionCatalog): IdentityPolicy {
  const statements: IdentityStatement[] = [];
  for (const statement of statementsFromPolicy(use.policy)) {
    if (!statement.effect || statement.principal) continue;
    if (!resourceApplies(statement.resources, target, false)) continue;
    const { operations } = kmsOperations(statement.actions, catalog);
    if (operations.length === 0) continue;
    statements.push({ effect: statement.effect, operations, conditions: statement.conditions, clauses: statement.clauses });
  }
  const allowed = sortOperations(statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.operations));
  return {
    policy: use.policy,
    ...(use.principal ? { subject: subjectOfIdentity(use.principal) } : {}),
    ...(use.group ? { group: subjectOfIdentity(use.group) } : {}),
    statements,
    allowed,
  };
}

export function delegatedPolicy(identity: IdentityPolicy): DelegatedPolicy {
  return {
    policy: identity.policy.label,
    file: identity.policy.file,
    ...(identity.subject ? { principal: identity.subject.display } : {}),
    ...(identity.group ? { group: identity.group.display } : {}),
    operations: identity.allowed,
  };
}
