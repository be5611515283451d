import type { ResourceRef } from '../model';
import { isDataRef, principalRefKind, sameRef } from '../refs';
import { wildcardMatch } from '../iam/wildcard';

/**
 * Condition blocks as IAM evaluates them, so explain can tell whether the conditions of one access
 * path can hold together for its principal, and whether a Deny applies on every request of a path.
 *
 * Every clause (operator, key, values) of every statement on a path must hold. Keys are independent
 * except where the principal fixes them (kms:CallerAccount, aws:PrincipalArn, ...). Operators KeyLens
 * does not reason about (numeric, date, IP, set qualifiers) are "maybe" either way: never a reason to
 * drop a path or to call a Deny certain.
 */

export type Tri = 'yes' | 'no' | 'maybe';

/** One value of a condition: a literal, or an expression (with the resource it names, when known). */
export interface ConditionValue {
  readonly text: string;
  readonly known: boolean;
  readonly ref?: ResourceRef;
}

export interface Clause {
  /** As written: `StringEquals`, `ArnNotLikeIfExists`, `ForAnyValue:StringLike`, ... */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly ConditionValue[];
  /** The value list itself (or an item that is no string) is an expression. */
  readonly unknown: boolean;
}

/**
 * A request context value the principal determines: absent, a literal, or an IAM ARN known in part
 * (a Terraform role: its account may be known, its name is not), identified by its declaration.
 */
export type ContextValue =
  | { readonly kind: 'absent' }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'partial-arn'; readonly parts: readonly (string | undefined)[]; readonly resourcePrefix: string; readonly ref?: ResourceRef };

/** Context keys (lower case) a principal fixes; keys not in it take any value. */
export type PrincipalContext = ReadonlyMap<string, ContextValue>;

/** kms:CallerAccount and aws:PrincipalAccount are the same account for IAM principals: one variable. */
export function contextKey(key: string): string {
  const lower = key.toLowerCase();
  return lower === 'aws:principalaccount' ? 'kms:calleraccount' : lower;
}

type Family = 'string' | 'string-ignore-case' | 'like' | 'arn' | 'bool' | 'null' | 'opaque';

interface Operator {
  readonly family: Family;
  readonly negated: boolean;
  readonly ifExists: boolean;
}

const OPERATORS: Readonly<Record<string, [Family, boolean]>> = {
  stringequals: ['string', false],
  stringnotequals: ['string', true],
  stringequalsignorecase: ['string-ignore-case', false],
  stringnotequalsignorecase: ['string-ignore-case', true],
  stringlike: ['like', false],
  stringnotlike: ['like', true],
  arnequals: ['arn', false],
  arnlike: ['arn', false],
  arnnotequals: ['arn', true],
  arnnotlike: ['arn', true],
  bool: ['bool', false],
  null: ['null', false],
};

export function parseOperator(operator: string): Operator {
  // ForAllValues/ForAnyValue compare sets of values: not reasoned about.
  if (/^for(all|any)values?:/i.test(operator)) return { family: 'opaque', negated: false, ifExists: false };
  const ifExists = /ifexists$/i.test(operator);
  const name = (ifExists ? operator.slice(0, -'IfExists'.length) : operator).toLowerCase();
  const known = OPERATORS[name];
  if (!known) return { family: 'opaque', negated: false, ifExists };
  return { family: known[0], negated: known[1], ifExists: ifExists && known[0] !== 'null' };
}

export const not = (value: Tri): Tri => (value === 'yes' ? 'no' : value === 'no' ? 'yes' : 'maybe');

export function anyOf(values: Iterable<Tri>): Tri {
  let result: Tri = 'no';
  for (const value of values) {
    if (value === 'yes') return 'yes';
    if (value === 'maybe') result = 'maybe';
  }
  return result;
}

function allOf(values: Iterable<Tri>): Tri {
  let result: Tri = 'yes';
  for (const value of values) {
    if (value === 'no') return 'no';
    if (value === 'maybe') result = 'maybe';
  }
  return result;
}

/** Whether two references certainly name different IAM principals (two declarations are two roles). */
function distinctPrincipals(a: ResourceRef, b: ResourceRef): boolean {
  const kindA = principalRefKind(a);
  const kindB = principalRefKind(b);
  if (!kindA || !kindB || isDataRef(a) || isDataRef(b)) return false;
  return kindA !== kindB || !sameRef(a, b);
}

/** Whether every / no / some string starting with `prefix` (followed by at least one character) matches `pattern`. */
export function prefixMatch(pattern: string, prefix: string): Tri {
  const n = pattern.length;
  const closure = (states: Set<number>): Set<number> => {
    for (const state of states) if (state < n && pattern[state] === '*') states.add(state + 1);
    return states;
  };
  let states = closure(new Set([0]));
  for (const char of prefix) {
    const next = new Set<number>();
    for (const state of states) {
      if (state >= n) continue;
      const p = pattern[state];
      if (p === '*') next.add(state);
      else if (p === '?' || p === char) next.add(state + 1);
    }
    states = closure(next);
    if (states.size === 0) return 'no';
  }
  // The rest is unknown and not empty: a state at the end of the pattern cannot take it.
  const live = [...states].filter((state) => state < n);
  if (live.some((state) => /^\*+$/.test(pattern.slice(state)))) return 'yes';
  return live.length > 0 ? 'maybe' : 'no';
}

/** ARN components: the five fixed ones and the resource (which may hold colons). */
function arnParts(value: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = value.indexOf(':', from);
    if (colon < 0) return undefined;
    parts.push(value.slice(from, colon));
    from = colon + 1;
  }
  parts.push(value.slice(from));
  return parts;
}

/** ArnLike/ArnEquals: each colon-delimited component is matched on its own, wildcards included. */
function arnMatch(pattern: string, value: string): boolean {
  const p = arnParts(pattern);
  const v = arnParts(value);
  if (!p || !v) return wildcardMatch(pattern, value, false);
  return p.every((part, i) => wildcardMatch(part, v[i]!, false));
}

function partialMatch(family: Family, pattern: string, value: Extract<ContextValue, { kind: 'partial-arn' }>): Tri {
  const p = arnParts(pattern);
  if (!p) return family === 'like' && pattern === '*' ? 'yes' : family === 'like' || family === 'arn' ? 'maybe' : 'no';
  const wildcards = family === 'like' || family === 'arn';
  const results: Tri[] = value.parts.map((part, i) => {
    if (part === undefined) return wildcards && /^\*+$/.test(p[i]!) ? 'yes' : 'maybe';
    return (wildcards ? wildcardMatch(p[i]!, part, false) : p[i] === part) ? 'yes' : 'no';
  });
  const resource = p[5]!;
  results.push(wildcards ? prefixMatch(resource, value.resourcePrefix) : resource.startsWith(value.resourcePrefix) && resource.length > value.resourcePrefix.length ? 'maybe' : 'no');
  return allOf(results);
}

/** Whether one condition value matches a present context value. */
function matchValue(family: Family, pattern: ConditionValue, value: Exclude<ContextValue, { kind: 'absent' }>): Tri {
  if (!pattern.known) {
    if (pattern.ref && value.kind === 'partial-arn' && value.ref) {
      if (sameRef(pattern.ref, value.ref) && pattern.ref.attribute === 'arn') return family === 'bool' ? 'no' : 'yes';
      if (distinctPrincipals(pattern.ref, value.ref) && pattern.ref.attribute === 'arn') return 'no';
    }
    // A declared role's ARN is a role ARN: never a user's or an account's.
    const kind = principalRefKind(pattern.ref);
    if (value.kind === 'literal' && pattern.ref?.attribute === 'arn' && (kind === 'role' || kind === 'user') && !isDataRef(pattern.ref)) {
      const resource = arnParts(value.value)?.[5];
      if (resource !== undefined && !resource.startsWith(`${kind}/`)) return 'no';
    }
    return 'maybe';
  }
  // A policy variable (`${aws:username}`) stands for a request value.
  if (pattern.text.includes('${')) return 'maybe';
  if (value.kind === 'partial-arn') return family === 'bool' ? 'no' : partialMatch(family, pattern.text, value);
  const text = value.value;
  switch (family) {
    case 'string':
      return pattern.text === text ? 'yes' : 'no';
    case 'string-ignore-case':
    case 'bool':
      return pattern.text.toLowerCase() === text.toLowerCase() ? 'yes' : 'no';
    case 'like':
      return wildcardMatch(pattern.text, text, false) ? 'yes' : 'no';
    case 'arn':
      return arnMatch(pattern.text, text) ? 'yes' : 'no';
    default:
      return 'maybe';
  }
}

/** Whether a clause holds for a context value. */
export function evaluateClause(clause: Clause, value: ContextValue): Tri {
  const operator = parseOperator(clause.operator);
  if (operator.family === 'opaque') return 'maybe';
  if (operator.family === 'null') {
    if (clause.unknown) return 'maybe';
    const present = value.kind !== 'absent';
    return anyOf(
      clause.values.map((v) => {
        const flag = v.known ? v.text.toLowerCase() : '';
        if (flag === 'true') return present ? 'no' : 'yes';
        if (flag === 'false') return present ? 'yes' : 'no';
        return 'maybe';
      }),
    );
  }
  // A missing key never matches; negated operators and IfExists then hold.
  if (value.kind === 'absent') return operator.negated || operator.ifExists ? 'yes' : 'no';
  let matched = anyOf(clause.values.map((v) => matchValue(operator.family, v, value)));
  if (matched === 'no' && clause.unknown) matched = 'maybe';
  return operator.negated ? not(matched) : matched;
}

const ABSENT: ContextValue = { kind: 'absent' };
const FRESH = '\u0001another value';
/** Fills a wildcard; no policy text contains it, so an instance of a pattern is never one of its literals. */
const FILL = '\u0002';

const isPattern = (clause: Clause, value: ConditionValue) => {
  const family = parseOperator(clause.operator).family;
  return (family === 'like' || family === 'arn') && value.known && /[*?]/.test(value.text);
};

function instances(pattern: string): string[] {
  return [pattern.replace(/\*/g, '').replace(/\?/g, FILL), pattern.replace(/[*?]/g, FILL)];
}

/**
 * Values worth trying for a key nothing fixes: every literal the clauses name (in both cases, for the
 * case-insensitive operators), instances of their patterns (and joins of two patterns' instances),
 * a value none names, and absence. With at most one pattern among the clauses this finds a value
 * whenever one exists; with more, `consistent` never concludes "no" from them.
 */
function candidates(clauses: readonly Clause[]): ContextValue[] {
  const texts = new Set<string>([FRESH]);
  const patterns: string[] = [];
  for (const clause of clauses) {
    for (const value of clause.values) {
      if (!value.known) continue;
      if (isPattern(clause, value)) {
        patterns.push(value.text);
        for (const instance of instances(value.text)) texts.add(instance);
        continue;
      }
      for (const variant of [value.text, value.text.toLowerCase(), value.text.toUpperCase()]) texts.add(variant);
    }
  }
  for (const a of patterns) for (const b of patterns) if (a !== b) texts.add(instances(a)[0]! + instances(b)[0]!);
  return [ABSENT, ...[...texts].map((value): ContextValue => ({ kind: 'literal', value }))];
}

function clauseId(clause: Clause): string {
  return JSON.stringify([clause.operator.toLowerCase(), contextKey(clause.key), clause.values.map((v) => [v.text, v.known]), clause.unknown]);
}

/** Whether a set of clauses (`holds`) and negated clauses (`fails`) can all be true at once, key by key. */
/**
 * The ARNs worth trying for a principal known only by its account (any of its principals): the ARNs
 * the clauses name that are in that account, instances of their patterns, and a root, a role and a
 * user none of them names. Undefined when the value is one particular principal or its account is unknown.
 */
function accountPrincipalArns(fixed: ContextValue | undefined, clauses: readonly Clause[]): ContextValue[] | undefined {
  if (!fixed || fixed.kind !== 'partial-arn' || fixed.ref || fixed.resourcePrefix !== '' || fixed.parts.some((part) => part === undefined)) return undefined;
  const prefix = `${fixed.parts.join(':')}:`;
  const texts = new Set([`${prefix}root`, `${prefix}role/${FILL}`, `${prefix}user/${FILL}`]);
  for (const candidate of candidates(clauses)) {
    if (candidate.kind !== 'literal') continue;
    const parts = arnParts(candidate.value);
    if (parts && parts.slice(0, 5).every((part, i) => part === fixed.parts[i])) texts.add(candidate.value);
  }
  return [...texts].map((value) => ({ kind: 'literal', value }));
}

/** aws:PrincipalType follows from aws:PrincipalArn: the root is `Account`, a role's session `AssumedRole`, a user `User`. */
function principalTypeOf(arn: ContextValue): ContextValue {
  if (arn.kind !== 'literal') return { kind: 'absent' };
  const resource = arnParts(arn.value)?.[5] ?? '';
  const type = resource === 'root' ? 'Account' : resource.startsWith('role/') ? 'AssumedRole' : resource.startsWith('user/') ? 'User' : undefined;
  return type ? { kind: 'literal', value: type } : { kind: 'absent' };
}

/** Whether a set of clauses (`holds`) and negated clauses (`fails`) can all be true at once, key by key. */
function consistent(holds: readonly Clause[], fails: readonly Clause[], principal: PrincipalContext): { result: Tri; conflict?: string } {
  const failing = new Set(fails.map(clauseId));
  if (holds.some((clause) => failing.has(clauseId(clause)))) return { result: 'no' };
  const byKey = new Map<string, { holds: Clause[]; fails: Clause[] }>();
  const group = (key: string) => {
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { holds: [], fails: [] }));
    return entry;
  };
  for (const clause of holds) group(contextKey(clause.key)).holds.push(clause);
  for (const clause of fails) group(contextKey(clause.key)).fails.push(clause);
  const holdsFor = (constraints: { holds: Clause[]; fails: Clause[] }, value: ContextValue): Tri =>
    allOf([...constraints.holds.map((c) => evaluateClause(c, value)), ...constraints.fails.map((c) => not(evaluateClause(c, value)))]);
  // Any principal of an account: its ARN and its type vary together.
  const arnKey = 'aws:principalarn';
  const arns = accountPrincipalArns(principal.get(arnKey), [...(byKey.get(arnKey)?.holds ?? []), ...(byKey.get(arnKey)?.fails ?? [])]);
  let result: Tri = 'yes';
  if (arns && (byKey.has(arnKey) || byKey.has('aws:principaltype'))) {
    const arnConstraints = byKey.get(arnKey) ?? { holds: [], fails: [] };
    const typeConstraints = byKey.get('aws:principaltype') ?? { holds: [], fails: [] };
    const joint = anyOf(arns.map((arn) => allOf([holdsFor(arnConstraints, arn), holdsFor(typeConstraints, principalTypeOf(arn))])));
    if (joint === 'no') return { result: 'no', conflict: byKey.has(arnKey) ? arnKey : 'aws:principaltype' };
    if (joint === 'maybe') result = 'maybe';
    byKey.delete(arnKey);
    byKey.delete('aws:principaltype');
  }
  for (const [key, constraints] of byKey) {
    const fixed = principal.get(key);
    const domain = fixed ? [fixed] : candidates([...constraints.holds, ...constraints.fails]);
    let keyResult = anyOf(domain.map((value) => holdsFor(constraints, value)));
    // Candidates decide a free key exactly only while at most one distinct pattern constrains it.
    const all = [...constraints.holds, ...constraints.fails];
    if (keyResult === 'no' && !fixed && new Set(all.flatMap((c) => c.values.filter((v) => isPattern(c, v)).map((v) => v.text))).size > 1) keyResult = 'maybe';
    if (keyResult === 'no') return { result: 'no', conflict: key };
    if (keyResult === 'maybe') result = 'maybe';
  }
  return { result };
}

/** At most this many combinations of "which clause of each Deny fails" are tried. */
const COMBINATION_LIMIT = 512;

/**
 * Whether the clauses of a path can all hold (`required`) while, for each of `excluded`, at least one
 * of its clauses fails (a Deny whose conditions do not all hold does not apply). `no` means: on this
 * path the conditions never hold together, or one of the Denies always applies. `conflict` names a
 * context key on which the required clauses alone contradict each other or the principal.
 */
export function satisfiable(required: readonly Clause[], excluded: readonly (readonly Clause[])[], principal: PrincipalContext): { result: Tri; conflict?: string } {
  const base = consistent(required, [], principal);
  if (base.result === 'no' || excluded.length === 0) return base;
  // A Deny with no condition (left) always applies.
  if (excluded.some((clauses) => clauses.length === 0)) return { result: 'no' };
  let combinations = 1;
  for (const clauses of excluded) {
    combinations *= clauses.length;
    if (combinations > COMBINATION_LIMIT) return { result: 'maybe' };
  }
  let result: Tri = 'no';
  const choice = excluded.map(() => 0);
  for (;;) {
    const attempt = consistent(required, excluded.map((clauses, i) => clauses[choice[i]!]!), principal).result;
    if (attempt === 'yes') return { result: 'yes' };
    if (attempt === 'maybe') result = 'maybe';
    let position = 0;
    while (position < choice.length && ++choice[position]! >= excluded[position]!.length) choice[position++] = 0;
    if (position === choice.length) return { result };
  }
}
