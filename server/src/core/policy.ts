import {
  member,
  stringItems,
  type Condition,
  type ElementList,
  type PEntry,
  type PNode,
  type PObject,
  type PrincipalEntry,
  type Principals,
  type Statement,
} from './model';

/** Reads the statements of a policy document object (`Statement` as object or array). */
export function readStatements(root: PObject): { statementNode?: PNode; statements: Statement[] } {
  const entry = member(root, 'Statement');
  if (!entry) return { statements: [] };
  const nodes = entry.value.kind === 'array' ? entry.value.items : [entry.value];
  const statements: Statement[] = [];
  nodes.forEach((node, index) => {
    if (node.kind === 'object') statements.push(readStatement(node, index));
  });
  return { statementNode: entry.value, statements };
}

export function readStatement(node: PObject, index: number): Statement {
  const sidNode = member(node, 'Sid')?.value;
  const effectNode = member(node, 'Effect')?.value;
  let effect: Statement['effect'];
  if (effectNode?.kind === 'string' && effectNode.known) {
    // AWS requires the exact case ("Allow"/"Deny"); anything else is not a valid statement effect.
    if (effectNode.value === 'Allow') effect = 'Allow';
    else if (effectNode.value === 'Deny') effect = 'Deny';
  }
  const conditionEntry = member(node, 'Condition');
  const conditionsUnknown = conditionEntry !== undefined && conditionsNotReadable(conditionEntry.value);
  return {
    index,
    node,
    sid: sidNode?.kind === 'string' ? sidNode.value : undefined,
    effect,
    actions: elementList(member(node, 'Action'), member(node, 'NotAction')),
    resources: elementList(member(node, 'Resource'), member(node, 'NotResource')),
    principals: readPrincipals(member(node, 'Principal'), member(node, 'NotPrincipal')),
    conditions: conditionEntry ? readConditions(conditionEntry.value) : [],
    conditionNode: conditionEntry?.value,
    ...(conditionsUnknown ? { conditionsUnknown } : {}),
  };
}

/** `Condition = var.cond`, `{ StringEquals = var.x }`: conditions exist but cannot be read. */
function conditionsNotReadable(node: PNode): boolean {
  if (node.kind !== 'object') return node.kind === 'unknown' || (node.kind === 'string' && !node.known);
  return node.entries.some((operator) => operator.value.kind !== 'object' && (operator.value.kind === 'unknown' || (operator.value.kind === 'string' && !operator.value.known)));
}

/**
 * Whether statements may exist that the `Statement` value does not show: it is an expression
 * (`concat(...)`, `var.statements`), or a list with an item that is one.
 */
export function statementsIncomplete(statementNode: PNode | undefined): boolean {
  if (!statementNode) return false;
  if (statementNode.kind === 'array') return statementNode.items.some((item) => item.kind === 'unknown' || (item.kind === 'string' && !item.known));
  return statementNode.kind === 'unknown' || (statementNode.kind === 'string' && !statementNode.known);
}

function elementList(positive: PEntry | undefined, negative: PEntry | undefined): ElementList | undefined {
  const entry = positive ?? negative;
  if (!entry) return undefined;
  const { items, hasUnknown } = stringItems(entry.value);
  return { negated: !positive, name: entry.key, keySpan: entry.keySpan, node: entry.value, items, hasUnknown };
}

function readPrincipals(positive: PEntry | undefined, negative: PEntry | undefined): Principals | undefined {
  const entry = positive ?? negative;
  if (!entry) return undefined;
  const node = entry.value;
  const entries: PrincipalEntry[] = [];
  let wildcard = false;
  let hasUnknown = false;
  if (node.kind === 'string') {
    if (node.value === '*') wildcard = true;
    else if (!node.known) hasUnknown = true;
    // A bare string other than "*" is not valid IAM; treat it as an AWS principal so rules still see it.
    else entries.push({ type: 'AWS', value: node });
  } else if (node.kind === 'object') {
    for (const typed of node.entries) {
      const { items, hasUnknown: unknownItems } = stringItems(typed.value);
      if (unknownItems) hasUnknown = true;
      for (const value of items) {
        entries.push({ type: typed.key, value });
        // `{"AWS": "*"}`, and `{"*": "*"}` (how aws_iam_policy_document writes `type = "*"`), mean everyone.
        if ((typed.key === 'AWS' || typed.key === '*') && value.known && value.value === '*') wildcard = true;
      }
    }
  } else hasUnknown = true;
  return { negated: !positive, node, wildcard, entries, hasUnknown };
}

function readConditions(node: PNode): Condition[] {
  if (node.kind !== 'object') return [];
  const conditions: Condition[] = [];
  for (const operatorEntry of node.entries) {
    if (operatorEntry.value.kind !== 'object') continue;
    for (const keyEntry of operatorEntry.value.entries) {
      const { items, hasUnknown } = stringItems(keyEntry.value);
      conditions.push({ operator: operatorEntry.key, key: keyEntry.key, values: items, hasUnknown, span: keyEntry.span });
    }
  }
  return conditions;
}
