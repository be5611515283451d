import type { Attribute, Block, Body, Expression } from './ast';

/** The attribute `name` of a body (the last one wins, as duplicate attributes are an error anyway). */
export function attribute(body: Body, name: string): Attribute | undefined {
  let found: Attribute | undefined;
  for (const item of body.items) if (item.kind === 'attribute' && item.name === name) found = item;
  return found;
}

/** The nested blocks of a type, in source order. */
export function blocks(body: Body, type: string): Block[] {
  const found: Block[] = [];
  for (const item of body.items) if (item.kind === 'block' && item.type === type) found.push(item);
  return found;
}

/** The value of a template with no interpolation or directive (`"abc"`, or a plain heredoc). */
export function staticString(expr: Expression): string | undefined {
  if (expr.kind !== 'template' && expr.kind !== 'heredoc') return undefined;
  let value = '';
  for (const part of expr.parts) {
    if (part.kind !== 'literal') return undefined;
    value += part.value;
  }
  return value;
}

/** `"${x}"` is just `x` (HCL evaluates a lone interpolation to the value itself). */
export function unwrapTemplate(expr: Expression): Expression {
  let current = expr;
  for (;;) {
    if (current.kind === 'template' && current.parts.length === 1 && current.parts[0]!.kind === 'interpolation') {
      current = current.parts[0]!.expr;
    } else if (current.kind === 'parens') {
      current = current.expr;
    } else {
      return current;
    }
  }
}

/**
 * A static reference path: `aws_kms_key.k.arn` → `['aws_kms_key', 'k', 'arn']`,
 * `aws_kms_key.k[0].arn` → `['aws_kms_key', 'k', 0, 'arn']`. Undefined for anything else.
 */
export function traversalPath(expr: Expression): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  let current: Expression = expr;
  for (;;) {
    switch (current.kind) {
      case 'variable':
        path.push(current.name);
        return path.reverse();
      case 'getattr':
        if (current.name === '') return undefined;
        path.push(current.name);
        current = current.object;
        break;
      case 'index': {
        const key = current.key;
        if (key.kind === 'literal' && typeof key.value === 'number') path.push(key.value);
        else if (staticString(key) !== undefined) path.push(staticString(key)!);
        else return undefined;
        current = current.collection;
        break;
      }
      default:
        return undefined;
    }
  }
}

/** The items of a list argument, or the expression itself when it is not a literal list. */
export function listItems(expr: Expression | undefined): readonly Expression[] {
  if (!expr) return [];
  return expr.kind === 'tuple' ? expr.items : [expr];
}
