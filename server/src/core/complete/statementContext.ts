import { member, stringItems, type PObject } from '../model';
import type { ActionCatalog } from '../iam/catalog';
import { hasWildcard } from '../iam/wildcard';
import { nodeAt } from './jsonLocator';
import type { StatementPath } from './place';

/** What the statement around the cursor says so far, for the condition keys and resources to offer. */
export interface StatementContext {
  /** Known action patterns as written (`kms:Decrypt`, `kms:*`, `s3:Get*`). */
  readonly actions: readonly string[];
  /** The list is `NotAction`: every action except those. */
  readonly notAction: boolean;
  readonly hasPrincipal: boolean;
}

export function statementContext(root: PObject | undefined, path: StatementPath): StatementContext {
  const node = root ? nodeAt(root, path) : undefined;
  if (node?.kind !== 'object') return { actions: [], notAction: false, hasPrincipal: false };
  const actionEntry = member(node, 'Action') ?? member(node, 'NotAction');
  const actions = stringItems(actionEntry?.value)
    .items.filter((item) => item.known && item.value.trim() !== '')
    .map((item) => item.value.trim());
  return {
    actions,
    notAction: actionEntry !== undefined && actionEntry.key.toLowerCase() === 'notaction',
    hasPrincipal: member(node, 'Principal') !== undefined || member(node, 'NotPrincipal') !== undefined,
  };
}

/** Caps the actions a statement's patterns expand to (a statement with `*` covers every action there is). */
const MAX_EXPANDED = 400;

/**
 * The real actions a statement names, wildcards expanded; undefined when that is "too many to
 * say" (`*`, `NotAction`, or a wildcard covering more than a few hundred actions).
 */
export function statementActions(context: StatementContext, catalog: ActionCatalog): string[] | undefined {
  if (context.notAction) return undefined;
  const result = new Set<string>();
  for (const pattern of context.actions) {
    if (pattern === '*') return undefined;
    if (!hasWildcard(pattern)) {
      const canonical = catalog.canonical(pattern);
      if (canonical) result.add(canonical);
      continue;
    }
    const expanded = catalog.expand(pattern);
    if (expanded.length > MAX_EXPANDED) return undefined;
    for (const action of expanded) result.add(action);
    if (result.size > MAX_EXPANDED) return undefined;
  }
  return [...result];
}
