import { parseTree, type ParseError } from 'jsonc-parser';
import type { Message } from '../finding';
import type { Policy, PObject, PString, ResourceRef } from '../model';
import { referencesIn } from '../workspace';
import { refLabel } from '../refs';
import { lowerJson } from '../json/lower';
import { readJsonPolicy } from '../json/index';
import type { Conditions } from './report';
import type { Clause } from './conditions';

/** A policy value with whether it is literal (a Terraform expression is shown as its source text). */
export interface PolicyValue {
  readonly text: string;
  readonly known: boolean;
  /** Terraform resources the value refers to (`aws_kms_key.app.arn`, `"${aws_kms_key.app.arn}"`). */
  readonly refs?: readonly ResourceRef[];
}

export interface PrincipalValue extends PolicyValue {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`. */
  readonly type: string;
}

export interface PrincipalElement {
  readonly negated: boolean;
  /** `"Principal": "*"` or `{"AWS": "*"}`. */
  readonly wildcard: boolean;
  readonly entries: readonly PrincipalValue[];
}

export interface ValueList {
  readonly negated: boolean;
  readonly items: readonly PolicyValue[];
  /** The list itself (or an item that is no string) is a Terraform expression. */
  readonly hasUnknown: boolean;
}

/**
 * A statement reduced to what explaining needs, from either a live key policy (JSON text) or a
 * workspace policy (the core model), so one evaluator serves both.
 */
export interface PolicyStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly principal?: PrincipalElement;
  readonly actions?: ValueList;
  readonly resources?: ValueList;
  readonly conditions: Conditions;
  /** The same conditions with the references of their values, for reasoning about them. */
  readonly clauses: readonly Clause[];
  /** A condition value depends on a Terraform expression. */
  readonly conditionsUnknown: boolean;
}

/** `Sid`, or `#<index>` when the statement has none. */
export function statementLabel(statement: PolicyStatement): string {
  return statement.sid !== undefined && statement.sid !== '' ? statement.sid : `#${statement.index}`;
}

function addCondition(conditions: Conditions, operator: string, key: string, values: readonly string[]): void {
  const block = (conditions[operator] ??= {});
  const existing = block[key] ?? [];
  block[key] = [...existing, ...values.filter((v) => !existing.includes(v))];
}

/** The text shown for a model string: a reference as its address (`aws_kms_key.app.arn`, `DataKey.arn`), else the value. */
export function valueText(node: PString): string {
  if (node.ref) return [refLabel(node.ref), node.ref.attribute].filter(Boolean).join('.');
  return node.value;
}

/** Reduces a workspace policy (JSON or Terraform, already lowered to the model) to statements. */
export function statementsFromPolicy(policy: Policy): PolicyStatement[] {
  return policy.statements.map((statement) => {
    let principal: PrincipalElement | undefined;
    if (statement.principals) {
      const entries: PrincipalValue[] = [];
      let wildcard = statement.principals.wildcard;
      for (const entry of statement.principals.entries) {
        const text = valueText(entry.value);
        if (entry.value.known && text === '*' && (entry.type === 'AWS' || entry.type === '*')) wildcard = true;
        else entries.push({
          type: entry.type,
          text,
          known: entry.value.known,
          ...(entry.value.known ? {} : { refs: referencesIn(entry.value) }),
        });
      }
      principal = { negated: statement.principals.negated, wildcard, entries };
    }
    const list = (element: typeof statement.actions): ValueList | undefined =>
      element && {
        negated: element.negated,
        items: element.items.map((item) => ({ text: valueText(item), known: item.known, refs: item.known ? undefined : referencesIn(item) })),
        hasUnknown: element.hasUnknown,
      };
    const conditions: Conditions = {};
    const clauses: Clause[] = [];
    // `Condition = var.cond`, a `dynamic "condition"`: conditions exist that cannot be read.
    let conditionsUnknown = statement.conditionsUnknown === true;
    for (const condition of statement.conditions) {
      addCondition(conditions, condition.operator, condition.key, condition.values.map(valueText));
      clauses.push({
        operator: condition.operator,
        key: condition.key,
        values: condition.values.map((v) => ({ text: valueText(v), known: v.known, ...(v.ref ? { ref: v.ref } : {}) })),
        // hasUnknown also counts unknown strings, which are values of their own here.
        unknown: condition.hasUnknown && condition.values.every((v) => v.known),
      });
      if (condition.hasUnknown || condition.values.some((v) => !v.known)) conditionsUnknown = true;
    }
    return {
      index: statement.index,
      sid: statement.sid,
      effect: statement.effect,
      principal,
      actions: list(statement.actions),
      resources: list(statement.resources),
      conditions,
      clauses,
      conditionsUnknown,
    };
  });
}

/**
 * Reads key policy JSON text (as `GetKeyPolicy` returns it) through the same JSON front end as
 * workspace files, so live and offline reports read statements identically. Never throws.
 */
export function keyPolicyFromText(text: string, label: string): { policy?: Policy; problem?: Message } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!tree || tree.type !== 'object' || errors.length > 0) {
    return { problem: { en: `The key policy (${label}) is not valid JSON; statements could not be read.`, ja: `キーポリシー (${label}) が正しい JSON ではないため、ステートメントを読めませんでした。` } };
  }
  const root = lowerJson(tree, text) as PObject;
  const policy = readJsonPolicy(label, text, root, 0, text.length, 'key', label);
  if (!policy) return { problem: { en: `The key policy (${label}) has no statements KeyLens can read.`, ja: `キーポリシー (${label}) に読み取れるステートメントがありません。` } };
  return { policy };
}
