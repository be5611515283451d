// Reduces a failing scenario: drops one part at a time (a statement, a policy, a condition, a principal,
// an action, a user or group) while the property still fails, until no single removal keeps it failing.
import type { Scenario } from './scenario';

function without<T>(items: readonly T[], index: number): T[] {
  return [...items.slice(0, index), ...items.slice(index + 1)];
}

/** Every scenario one removal smaller than `s`. */
function* smaller(s: Scenario): Generator<Scenario> {
  // The first key statement (root or administrators) tells the key's account: it stays.
  for (let i = 1; i < s.keyStatements.length; i++) yield { ...s, keyStatements: without(s.keyStatements, i) };
  for (let i = 0; i < s.policies.length; i++) yield { ...s, policies: without(s.policies, i) };
  for (let i = 0; i < s.keyStatements.length; i++) {
    const statement = s.keyStatements[i]!;
    const replace = (next: typeof statement) => ({ ...s, keyStatements: s.keyStatements.map((x, j) => (j === i ? next : x)) });
    for (let c = 0; c < statement.conditions.length; c++) yield replace({ ...statement, conditions: without(statement.conditions, c) });
    if (statement.principal.kind !== 'star' && statement.principal.entries.length > 1) {
      for (let e = 0; e < statement.principal.entries.length; e++) yield replace({ ...statement, principal: { ...statement.principal, entries: without(statement.principal.entries, e) } });
    }
    if (statement.actions.patterns.length > 1) {
      for (let a = 0; a < statement.actions.patterns.length; a++) yield replace({ ...statement, actions: { ...statement.actions, patterns: without(statement.actions.patterns, a) } });
    }
  }
  for (let i = 0; i < s.policies.length; i++) {
    const policy = s.policies[i]!;
    const replace = (next: typeof policy) => ({ ...s, policies: s.policies.map((x, j) => (j === i ? next : x)) });
    if (policy.statements.length > 1) for (let k = 0; k < policy.statements.length; k++) yield replace({ ...policy, statements: without(policy.statements, k) });
    if (policy.attachedTo.length > 1) for (let k = 0; k < policy.attachedTo.length; k++) yield replace({ ...policy, attachedTo: without(policy.attachedTo, k) });
    if (policy.document) yield replace({ ...policy, document: false });
    for (let k = 0; k < policy.statements.length; k++) {
      const statement = policy.statements[k]!;
      const replaceStatement = (next: typeof statement) => replace({ ...policy, statements: policy.statements.map((x, j) => (j === k ? next : x)) });
      for (let c = 0; c < statement.conditions.length; c++) yield replaceStatement({ ...statement, conditions: without(statement.conditions, c) });
      if (statement.actions.patterns.length > 1) {
        for (let a = 0; a < statement.actions.patterns.length; a++) yield replaceStatement({ ...statement, actions: { ...statement.actions, patterns: without(statement.actions.patterns, a) } });
      }
    }
  }
  if (s.split) yield { ...s, split: false };
  if (s.keyPolicyForm !== 'key') yield { ...s, keyPolicyForm: 'key' };
  for (let g = 0; g < s.groups.length; g++) {
    const group = s.groups[g]!;
    const used = s.policies.some((p) => p.attachedTo.some((t) => t.kind === 'group' && t.name === group.name));
    if (!used) yield { ...s, groups: without(s.groups, g) };
  }
}

/** The smallest scenario reachable by single removals for which `fails` still holds. */
export function shrink(scenario: Scenario, fails: (s: Scenario) => boolean, budget = 2000): Scenario {
  let current = scenario;
  let tries = 0;
  for (;;) {
    let reduced = false;
    for (const candidate of smaller(current)) {
      if (++tries > budget) return current;
      if (fails(candidate)) {
        current = candidate;
        reduced = true;
        break;
      }
    }
    if (!reduced) return current;
  }
}
