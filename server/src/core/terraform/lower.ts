import type { PEntry, PNode, PString, ResourceRef } from '../model';
import { arnShape, type Hole, type TemplatePiece } from '../arnShape';
import type { Span } from '../text';
import { unwrapTemplate, type Expression, type TemplatePart } from './hcl';

/**
 * Lowers HCL expressions into the policy value tree (the tree JSON policies also lower into) and
 * remembers which HCL node each value came from, so editors can turn a rule's "change this value"
 * into an edit of the right HCL text.
 */
export class Lowering {
  /** The HCL expression each lowered node came from. */
  readonly origins = new Map<PNode, Expression>();

  constructor(readonly text: string) {}

  source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /**
   * Any value: literals and collections keep their shape; strings, templates and resource references
   * become PString (unknown when they depend on Terraform); everything else is PUnknown.
   */
  lower(expr: Expression): PNode {
    const node = this.lowerUnrecorded(expr);
    this.origins.set(node, expr);
    return node;
  }

  private lowerUnrecorded(expr: Expression): PNode {
    switch (expr.kind) {
      case 'literal':
        return { kind: 'literal', value: expr.value, span: expr.span };
      case 'template':
      case 'heredoc':
        return this.lowerTemplate(expr.parts, expr.span);
      case 'tuple': {
        const items: PNode[] = [];
        for (const item of expr.items) items.push(this.lower(item));
        return { kind: 'array', items, span: expr.span };
      }
      case 'object': {
        const entries: PEntry[] = [];
        for (const item of expr.items) {
          // A computed key (`(var.k) = ...`) names nothing KeyLens can check.
          if (item.keyName === undefined || item.value.kind === 'invalid') continue;
          entries.push({ key: item.keyName, keySpan: item.key.span, value: this.lower(item.value), span: item.span });
        }
        return { kind: 'object', entries, span: expr.span };
      }
      case 'parens':
        return this.lowerUnrecorded(expr.expr);
      default: {
        const ref = resourceRef(expr);
        if (ref) return { kind: 'string', value: '${' + this.source(expr.span) + '}', known: false, ref, span: expr.span };
        return { kind: 'unknown', text: this.source(expr.span), span: expr.span };
      }
    }
  }

  /** A string: known when it has no interpolation or directive; `"${ref}"` keeps the reference. */
  private lowerTemplate(parts: readonly TemplatePart[], span: Span): PString {
    let value = '';
    let known = true;
    for (const part of parts) {
      if (part.kind === 'literal') {
        value += part.value;
      } else {
        known = false;
        value += part.kind === 'interpolation' ? '${' + this.source(part.expr.span) + '}' : this.source(part.span);
      }
    }
    if (known) return { kind: 'string', value, known: true, span };
    const only = parts.length === 1 && parts[0]!.kind === 'interpolation' ? resourceRef(unwrapTemplate(parts[0]!.expr)) : undefined;
    const arn = arnShape(parts.map((part): TemplatePiece => (part.kind === 'literal' ? { literal: part.value } : { hole: part.kind === 'interpolation' ? holeOf(this.source(part.expr.span)) : 'unknown' })));
    return { kind: 'string', value, known: false, ...(only ? { ref: only } : {}), ...(arn ? { arn } : {}), span };
  }
}

/**
 * What an interpolation stands for in an ARN template: the account, Region or partition the
 * configuration runs in (`data.aws_caller_identity.x.account_id`, `data.aws_region.x.name`,
 * `data.aws_partition.x.partition`), or anything else.
 */
export function holeOf(expression: string): Hole {
  const text = expression.trim();
  if (/^data\.aws_caller_identity\.[\w-]+\.account_id$/.test(text)) return 'account';
  if (/^data\.aws_region\.[\w-]+\.(?:name|region|id)$/.test(text)) return 'region';
  if (/^data\.aws_partition\.[\w-]+\.partition$/.test(text)) return 'partition';
  return 'unknown';
}

/** Roots that are not resources: their attributes are variables, locals, iteration values... */
const NON_RESOURCE_ROOTS = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);

/**
 * `aws_kms_key.k.arn` → `{ type: 'aws_kms_key', name: 'k', attribute: 'arn' }`,
 * `data.aws_iam_policy_document.d.json` → `{ type: 'data.aws_iam_policy_document', name: 'd', attribute: 'json' }`.
 * An index on the resource (`aws_kms_key.k[0].arn`, count / for_each) still names the same resource.
 */
export function resourceRef(expr: Expression): ResourceRef | undefined {
  const steps: { attr?: string }[] = [];
  let current = unwrapTemplate(expr);
  while (current.kind === 'getattr' || current.kind === 'index') {
    if (current.kind === 'getattr') {
      if (current.name === '') return undefined;
      steps.push({ attr: current.name });
      current = current.object;
    } else {
      steps.push({});
      current = current.collection;
    }
  }
  if (current.kind !== 'variable' || NON_RESOURCE_ROOTS.has(current.name)) return undefined;
  steps.reverse();
  // `data.TYPE.NAME.attr` has the type as its first step; `TYPE.NAME.attr` has it as the root.
  const isData = current.name === 'data';
  const type = isData ? steps[0]?.attr : current.name;
  return buildRef(isData, type, isData ? steps.slice(1) : steps);
}

function buildRef(isData: boolean, type: string | undefined, steps: readonly { attr?: string }[]): ResourceRef | undefined {
  const name = steps[0]?.attr;
  if (!type || !name) return undefined;
  let next = 1;
  if (steps[next] && steps[next]!.attr === undefined) next++;
  const attribute = steps[next]?.attr;
  const ref: ResourceRef = { type: isData ? `data.${type}` : type, name };
  return attribute !== undefined ? { ...ref, attribute } : ref;
}
