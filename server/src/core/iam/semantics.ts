import { parseArn } from '../arn';
import type { ArnShape } from '../arnShape';
import type { ElementList, Policy, PString, Statement } from '../model';
import { hasWildcard, wildcardMatch } from './wildcard';

export type Tri = 'yes' | 'no' | 'unknown';

/** Action names are case-insensitive; `*` and `?` wildcards apply. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/** Whether an Action/NotAction list grants `action` ('unknown' when a Terraform value could). */
export function listGrants(list: ElementList | undefined, action: string): Tri {
  if (!list) return 'no';
  const known = list.items.filter((item) => item.known);
  const matched = known.some((item) => actionMatches(item.value, action));
  if (list.negated) {
    if (matched) return 'no';
    return list.hasUnknown ? 'unknown' : 'yes';
  }
  if (matched) return 'yes';
  return list.hasUnknown ? 'unknown' : 'no';
}

/** The items of a positive Action list that grant `action`. */
export function itemsGranting(list: ElementList | undefined, action: string): PString[] {
  if (!list || list.negated) return [];
  return list.items.filter((item) => item.known && actionMatches(item.value, action));
}

export function allowsAction(statement: Statement, action: string): boolean {
  return statement.effect === 'Allow' && listGrants(statement.actions, action) === 'yes';
}

export function policyAllowsAction(policy: Policy, action: string, where: (s: Statement) => boolean = () => true): boolean {
  return policy.statements.some((s) => where(s) && allowsAction(s, action));
}

/** An action some statement allows, possibly only through a Terraform value we cannot see. */
export function mayAllowAction(statement: Statement, action: string): boolean {
  return statement.effect === 'Allow' && listGrants(statement.actions, action) !== 'no';
}

/** Whether a resource pattern covers every KMS key (of an account or of all accounts). */
export function coversAllKeys(resource: string): boolean {
  if (resource === '*') return true;
  if (!hasWildcard(resource)) return false;
  const arn = parseArn(resource);
  if (!arn) return wildcardMatch(resource, 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000', false);
  if (!wildcardMatch(arn.service, 'kms', false)) return false;
  // A key id the author could not have listed: if the pattern still matches it, it matches every key.
  return wildcardMatch(arn.resource, 'key/f00dfeed-0000-4000-8000-a11keysa11ke', false);
}

/**
 * Whether an ARN template covers every key of the deploying account or of all accounts
 * (`arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*`): its service and resource
 * are literal and match any key; the unknown partition, Region and account take one value each.
 */
export function shapeCoversAllKeys(shape: ArnShape | undefined): boolean {
  if (!shape || !shape.resourceKnown || !wildcardMatch(shape.service, 'kms', false)) return false;
  return wildcardMatch(shape.resource, 'key/f00dfeed-0000-4000-8000-a11keysa11ke', false);
}

/** A Resource/NotResource list in which some item covers every key (NotResource always counts). */
export function listCoversAllKeys(list: ElementList | undefined): boolean {
  if (!list) return false;
  if (list.negated) return true;
  return list.items.some((item) => (item.known ? coversAllKeys(item.value) : shapeCoversAllKeys(item.arn)));
}

/** Whether a resource list includes the given key ARN ('unknown' for Terraform values). */
export function listIncludesResource(list: ElementList | undefined, arn: string): Tri {
  if (!list) return 'no';
  const matched = list.items.some((item) => item.known && wildcardMatch(item.value, arn, false));
  if (list.negated) return matched ? 'no' : list.hasUnknown ? 'unknown' : 'yes';
  return matched ? 'yes' : list.hasUnknown ? 'unknown' : 'no';
}

/** Condition keys on which a key policy statement's caller is narrowed to known accounts/principals. */
export const NARROWING_CONDITION_KEYS = [
  'kms:calleraccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
];

/** True when the statement has a condition that narrows who the caller can be. */
export function hasNarrowingCondition(statement: Statement): boolean {
  // Conditions KeyLens cannot read (a Terraform value) may narrow the caller: never guessed away.
  if (statement.conditionsUnknown) return true;
  return statement.conditions.some((condition) => {
    const operator = condition.operator.toLowerCase();
    if (operator.includes('not') || operator.endsWith('ifexists') || operator === 'null') return false;
    if (!NARROWING_CONDITION_KEYS.includes(condition.key.toLowerCase())) return false;
    if (condition.hasUnknown) return true;
    // A condition whose values are themselves all-wildcards narrows nothing.
    return condition.values.some((v) => v.value !== '*' && v.value !== '');
  });
}

/**
 * An unconditional Deny of `action` on every key somewhere in the policy (Deny always wins). Only a
 * Resource list counts: a Deny with NotResource leaves the keys it names allowed.
 */
export function deniedEverywhere(policy: Policy, action: string): boolean {
  return policy.statements.some(
    (s) =>
      s.effect === 'Deny' &&
      isUnconditional(s) &&
      listGrants(s.actions, action) === 'yes' &&
      s.resources !== undefined &&
      !s.resources.negated &&
      listCoversAllKeys(s.resources),
  );
}

/**
 * A statement that certainly applies: it has no condition (nor conditions KeyLens cannot read) and
 * certainly exists (not a `dynamic` block over values KeyLens cannot see). Only such a Deny denies for sure.
 */
export function isUnconditional(statement: Statement): boolean {
  return statement.conditions.length === 0 && !statement.conditionsUnknown && !statement.mayBeAbsent;
}

/** Whether a condition operator negates (`StringNotEquals`, `ArnNotLike`, ...). */
export function isNegatedOperator(operator: string): boolean {
  return /not/i.test(operator.replace(/^For(All|Any)Values?:/i, ''));
}
