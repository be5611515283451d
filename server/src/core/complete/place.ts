import type { PolicyCursor } from './cursor';

/** A statement's place in the policy: `['Statement', 2]`, or `['Statement']` for a single statement object. */
export type StatementPath = readonly (string | number)[];

/** What the cursor is on, in the terms completion and hover answer in. */
export type Place =
  | { readonly kind: 'root-member' }
  | { readonly kind: 'version' }
  | { readonly kind: 'statement-member'; readonly statement: StatementPath }
  | { readonly kind: 'effect'; readonly statement: StatementPath }
  | { readonly kind: 'action'; readonly statement: StatementPath; readonly negated: boolean }
  | { readonly kind: 'resource'; readonly statement: StatementPath; readonly negated: boolean }
  | { readonly kind: 'principal-type'; readonly statement: StatementPath }
  | { readonly kind: 'principal'; readonly statement: StatementPath; readonly type?: string }
  | { readonly kind: 'condition-operator'; readonly statement: StatementPath }
  | { readonly kind: 'condition-key'; readonly statement: StatementPath; readonly operator: string }
  | { readonly kind: 'condition-value'; readonly statement: StatementPath; readonly operator: string; readonly key: string }
  | { readonly kind: 'encryption-key' }
  | { readonly kind: 'encryption-algorithm' };

const is = (step: string | number | undefined, name: string) => typeof step === 'string' && step.toLowerCase() === name.toLowerCase();

/** Reads a cursor's path (AWS JSON member names, any format) as a place, or undefined for places nothing is offered at. */
export function placeOf(cursor: Pick<PolicyCursor, 'path' | 'slot'>): Place | undefined {
  const { path, slot } = cursor;
  const last = path.length;
  if (last >= 2 && is(path[last - 2], 'ApplyServerSideEncryptionByDefault') && slot === 'value') {
    if (is(path[last - 1], 'KMSMasterKeyID')) return { kind: 'encryption-key' };
    if (is(path[last - 1], 'SSEAlgorithm')) return { kind: 'encryption-algorithm' };
    return undefined;
  }
  if (path.length === 0) return slot === 'name' ? { kind: 'root-member' } : undefined;
  if (path.length === 1 && is(path[0], 'Version')) return slot === 'value' ? { kind: 'version' } : undefined;
  if (!is(path[0], 'Statement')) return undefined;
  const statement = typeof path[1] === 'number' ? path.slice(0, 2) : path.slice(0, 1);
  const rest = path.slice(statement.length);
  const head = rest[0];
  if (rest.length === 0) return slot === 'name' ? { kind: 'statement-member', statement } : undefined;
  const listItem = rest.length === 1 || (rest.length === 2 && typeof rest[1] === 'number');
  if (is(head, 'Effect')) return slot === 'value' && rest.length === 1 ? { kind: 'effect', statement } : undefined;
  if (is(head, 'Action') || is(head, 'NotAction')) return slot === 'value' && listItem ? { kind: 'action', statement, negated: is(head, 'NotAction') } : undefined;
  if (is(head, 'Resource') || is(head, 'NotResource')) return slot === 'value' && listItem ? { kind: 'resource', statement, negated: is(head, 'NotResource') } : undefined;
  if (is(head, 'Principal') || is(head, 'NotPrincipal')) {
    if (rest.length === 1) return slot === 'name' ? { kind: 'principal-type', statement } : { kind: 'principal', statement };
    const type = rest[1];
    if (typeof type === 'string' && slot === 'value' && (rest.length === 2 || (rest.length === 3 && typeof rest[2] === 'number'))) return { kind: 'principal', statement, type };
    return undefined;
  }
  if (is(head, 'Condition')) {
    if (rest.length === 1) return slot === 'name' ? { kind: 'condition-operator', statement } : undefined;
    const operator = String(rest[1]);
    if (rest.length === 2) return slot === 'name' ? { kind: 'condition-key', statement, operator } : undefined;
    const key = rest[2];
    if (typeof key === 'string' && slot === 'value' && (rest.length === 3 || (rest.length === 4 && typeof rest[3] === 'number'))) {
      return { kind: 'condition-value', statement, operator, key };
    }
  }
  return undefined;
}
