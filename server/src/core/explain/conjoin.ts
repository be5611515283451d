import { parseOperator } from './conditions';
import type { Conditions } from './report';

/**
 * The condition blocks of one path (a key policy statement's and an IAM policy statement's), all of
 * which must hold, written as one block where IAM's own reading of a block says the same: different
 * operators and keys in one block must all hold, so they merge. The same operator and key in two
 * blocks would read "either value" if their lists were joined; they are intersected where the
 * operator allows it (equality on one value: the common values; a negated equality: the values of
 * both), and otherwise the later block's clause stays in `more`, a block that must hold as well.
 */
export function conjoinConditions(blocks: readonly Conditions[]): { conditions: Conditions; more: Conditions[] } {
  const conditions: Conditions = {};
  const more: Conditions[] = [];
  for (const block of blocks) {
    const leftover: Conditions = {};
    for (const [operator, keys] of Object.entries(block)) {
      for (const [key, values] of Object.entries(keys)) {
        const existing = conditions[operator]?.[key];
        if (!existing) {
          (conditions[operator] ??= {})[key] = [...values];
          continue;
        }
        const joined = intersect(operator, existing, values);
        if (joined) conditions[operator]![key] = joined;
        else (leftover[operator] ??= {})[key] = [...values];
      }
    }
    if (Object.keys(leftover).length > 0) more.push(leftover);
  }
  return { conditions, more };
}

function intersect(operator: string, a: readonly string[], b: readonly string[]): string[] | undefined {
  const sameSet = a.length === b.length && a.every((v) => b.includes(v));
  if (sameSet) return [...a];
  const parsed = parseOperator(operator);
  const literal = (values: readonly string[]) => values.every((v) => !v.includes('${'));
  if (parsed.ifExists || !literal(a) || !literal(b)) return undefined;
  if (parsed.family === 'string' || parsed.family === 'bool' || parsed.family === 'string-ignore-case') {
    const fold = parsed.family === 'string' ? (v: string) => v : (v: string) => v.toLowerCase();
    if (parsed.negated) return [...a, ...b.filter((v) => !a.some((w) => fold(w) === fold(v)))];
    const common = a.filter((v) => b.some((w) => fold(w) === fold(v)));
    return common.length > 0 ? common : undefined;
  }
  // Not-like patterns: the value must avoid every pattern of both lists.
  if ((parsed.family === 'like' || parsed.family === 'arn') && parsed.negated) return [...a, ...b.filter((v) => !a.includes(v))];
  return undefined;
}
