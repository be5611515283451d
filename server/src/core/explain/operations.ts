import type { ActionCatalog } from '../iam/catalog';
import { wildcardMatch } from '../iam/wildcard';
import type { ValueList } from './statements';

export interface KmsOperations {
  /** Full `kms:` action names, in catalog order. */
  readonly operations: string[];
  /** Items whose value is a Terraform expression (not expanded). */
  readonly unknown: string[];
}

/** Every KMS action, as `kms:Name`. */
export function allKmsOperations(catalog: ActionCatalog): string[] {
  return catalog.actionsOf('kms').map((name) => `kms:${name}`);
}

/**
 * The KMS operations an `Action`/`NotAction` list covers, expanding `*`, `kms:*`, `kms:ReEncrypt*`,
 * `k?s:Decrypt` and the like. Actions of other services are ignored: they do not apply to a key.
 */
export function kmsOperations(actions: ValueList | undefined, catalog: ActionCatalog): KmsOperations {
  if (!actions) return { operations: [], unknown: [] };
  const all = allKmsOperations(catalog);
  const unknown = actions.items.filter((item) => !item.known).map((item) => item.text);
  const patterns = actions.items.filter((item) => item.known).map((item) => item.text.trim());
  const matched = all.filter((operation) => patterns.some((pattern) => wildcardMatch(pattern, operation, true)));
  const operations = actions.negated ? all.filter((operation) => !matched.includes(operation)) : matched;
  return { operations, unknown };
}

/** A grant operation (`Decrypt`) as the action name policies use (`kms:Decrypt`). */
export function grantOperation(operation: string, catalog: ActionCatalog): string {
  return catalog.canonical(`kms:${operation}`) ?? `kms:${operation}`;
}

/** Sorts operations alphabetically and removes duplicates. */
export function sortOperations(operations: Iterable<string>): string[] {
  return [...new Set(operations)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
