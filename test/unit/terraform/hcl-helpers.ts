import assert from 'node:assert/strict';
import type { Span } from '../../../server/src/core/text';
import type { Body, BodyItem, Expression, TemplatePart } from '../../../server/src/core/terraform/hcl';

/** The span of the `occurrence`-th appearance of `fragment` in `text`; fails when it is not there. */
export function spanOf(text: string, fragment: string, occurrence = 0): Span {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(fragment, index + 1);
    assert.ok(index >= 0, `fragment ${JSON.stringify(fragment)} #${occurrence} not found`);
  }
  return { start: index, end: index + fragment.length };
}

/** A compact, unambiguous rendering of an expression tree for structural assertions. */
export function dump(expr: Expression): string {
  switch (expr.kind) {
    case 'literal':
      return JSON.stringify(expr.value);
    case 'template':
      return '"' + expr.parts.map(dumpPart).join('') + '"' + (expr.terminated ? '' : '<unterminated>');
    case 'heredoc':
      return `<<${expr.stripIndent ? '-' : ''}${expr.marker}"${expr.parts.map(dumpPart).join('')}"`;
    case 'variable':
      return expr.name;
    case 'getattr':
      return `${dump(expr.object)}.${expr.name}`;
    case 'index':
      return expr.legacy ? `${dump(expr.collection)}.${dump(expr.key)}` : `${dump(expr.collection)}[${dump(expr.key)}]`;
    case 'splat':
      return `${dump(expr.source)}${expr.form === 'full' ? '[*]' : '.*'}` +
        expr.steps.map((step) => (step.kind === 'attr' ? `.${step.name}` : `[${dump(step.key)}]`)).join('');
    case 'call':
      return `${expr.name}(${expr.args.map(dump).join(', ')}${expr.expandFinal ? '...' : ''})`;
    case 'tuple':
      return `[${expr.items.map(dump).join(', ')}]`;
    case 'object':
      return `{${expr.items.map((item) => `${dump(item.key)} ${item.separator?.kind ?? '<missing>'} ${dump(item.value)}`).join(', ')}}`;
    case 'for': {
      const vars = expr.keyVar ? `${expr.keyVar.name}, ${expr.valueVar.name}` : expr.valueVar.name;
      const head = `for ${vars} in ${dump(expr.collection)} : `;
      const tail = (expr.group ? '...' : '') + (expr.condition ? ` if ${dump(expr.condition)}` : '');
      return expr.form === 'tuple'
        ? `[${head}${dump(expr.valueExpr)}${tail}]`
        : `{${head}${dump(expr.keyExpr!)} => ${dump(expr.valueExpr)}${tail}}`;
    }
    case 'conditional':
      return `(? ${dump(expr.condition)} ${dump(expr.trueExpr)} ${dump(expr.falseExpr)})`;
    case 'binary':
      return `(${expr.op} ${dump(expr.left)} ${dump(expr.right)})`;
    case 'unary':
      return `(${expr.op} ${dump(expr.operand)})`;
    case 'parens':
      return `(paren ${dump(expr.expr)})`;
    case 'invalid':
      return '<invalid>';
  }
}

function dumpPart(part: TemplatePart): string {
  switch (part.kind) {
    case 'literal':
      return JSON.stringify(part.value).slice(1, -1);
    case 'interpolation':
      return '${' + dump(part.expr) + '}';
    case 'directive':
      return '%{' + part.keyword + (part.expr ? ' ' + dump(part.expr) : '') + '}';
  }
}

/** Every string literal and block header of a tree, so a damaged file can be compared with the clean one. */
export function inventory(body: Body): { blocks: string[]; strings: string[]; attributes: string[] } {
  const result = { blocks: [] as string[], strings: [] as string[], attributes: [] as string[] };
  forEachNode(body, (node) => {
    if ('kind' in node && node.kind === 'block') result.blocks.push([node.type, ...node.labels.map((l) => l.value)].join(' '));
    if ('kind' in node && node.kind === 'attribute') result.attributes.push(node.name);
    if ('kind' in node && (node.kind === 'template' || node.kind === 'heredoc')) {
      for (const part of node.parts) if (part.kind === 'literal' && part.value.trim() !== '') result.strings.push(part.value);
    }
    if ('kind' in node && node.kind === 'object') {
      for (const item of node.items) if (item.keyName !== undefined) result.attributes.push(item.keyName);
    }
  });
  return result;
}

type AnyNode = Body | BodyItem | Expression;

/** Visits every node with a span, parents first. */
export function forEachNode(root: AnyNode, visit: (node: AnyNode, parent: AnyNode | undefined) => void): void {
  const stack: [AnyNode, AnyNode | undefined][] = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children: AnyNode[] = [];
    switch (node.kind) {
      case 'body': children.push(...node.items); break;
      case 'attribute': children.push(node.value); break;
      case 'block': children.push(node.body); break;
      case 'template':
      case 'heredoc':
        for (const part of node.parts) if (part.kind !== 'literal' && part.expr) children.push(part.expr);
        break;
      case 'getattr': children.push(node.object); break;
      case 'index': children.push(node.collection, node.key); break;
      case 'splat':
        children.push(node.source);
        for (const step of node.steps) if (step.kind === 'index') children.push(step.key);
        break;
      case 'call': children.push(...node.args); break;
      case 'tuple': children.push(...node.items); break;
      case 'object': for (const item of node.items) children.push(item.key, item.value); break;
      case 'for':
        children.push(node.collection, node.valueExpr);
        if (node.keyExpr) children.push(node.keyExpr);
        if (node.condition) children.push(node.condition);
        break;
      case 'conditional': children.push(node.condition, node.trueExpr, node.falseExpr); break;
      case 'binary': children.push(node.left, node.right); break;
      case 'unary': children.push(node.operand); break;
      case 'parens': children.push(node.expr); break;
      default: break;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, node]);
  }
}

/** Spans are inside the text, well-formed, and children lie within their parents. */
export function assertSpansSane(text: string, body: Body): void {
  forEachNode(body, (node, parent) => {
    const { start, end } = node.span;
    assert.ok(Number.isInteger(start) && Number.isInteger(end), `${node.kind}: integer span`);
    assert.ok(start >= 0 && start <= end && end <= text.length, `${node.kind}: span ${start}-${end} outside 0-${text.length}`);
    if (parent) {
      assert.ok(start >= parent.span.start && end <= parent.span.end,
        `${node.kind} ${start}-${end} not inside ${parent.kind} ${parent.span.start}-${parent.span.end}`);
    }
  });
}
