import type { PEntry, PNode, PString, ResourceRef } from '../model';
import { arnShape, type Hole, type TemplatePiece } from '../arnShape';
import type { Span } from '../text';
import type { Value } from './eval/value';
import { unwrapTemplate, type Expression, type TemplatePart } from './hcl';

/**
 * Gives values to the expressions a policy cannot state literally (`var.x`, `local.y`, a function
 * call): the module's evaluator. Returns undefined (or an unknown value) where it cannot decide.
 */
export type Resolver = (expr: Expression, bindings: ReadonlyMap<string, Value>, at: Span) => Value | undefined;

/**
 * Lowers HCL expressions into the policy value tree (the tree JSON policies also lower into) and
 * remembers which HCL node each value came from, so editors can turn a rule's "change this value"
 * into an edit of the right HCL text. Values that come from elsewhere (a local, a variable, a module
 * input) are placed at the expression that uses them and are not editable: a fix there would change
 * every other use of the value too.
 */
export class Lowering {
  /** The HCL expression each lowered node came from. */
  readonly origins = new WeakMap<PNode, Expression>();
  private bindings: ReadonlyMap<string, Value> = new Map();

  constructor(
    readonly text: string,
    /** The namespace of the resources this text names (the module folder, or a module instance). */
    readonly scope?: string,
    private readonly resolver?: Resolver,
  ) {}

  source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** Lowers with extra names bound (a `dynamic` block's iterator), then restores the previous ones. */
  withBindings<T>(bindings: ReadonlyMap<string, Value>, lower: () => T): T {
    const previous = this.bindings;
    this.bindings = new Map([...previous, ...bindings]);
    try {
      return lower();
    } finally {
      this.bindings = previous;
    }
  }

  /**
   * The value of an expression as the module's evaluator sees it (unknown without one). What it read
   * is recorded at `at` (the expression itself, or the block a `for_each` decides the existence of).
   */
  evaluate(expr: Expression, at: Span = expr.span): Value | undefined {
    return this.resolver?.(expr, this.bindings, at);
  }

  /** A resource reference in this text's scope, unless its root name is a bound iterator. */
  ref(expr: Expression): ResourceRef | undefined {
    const ref = resourceRef(expr);
    if (!ref || this.bindings.has(rootName(expr) ?? '')) return undefined;
    return this.scope === undefined ? ref : { ...ref, scope: this.scope };
  }

  /**
   * Any value: literals and collections keep their shape; strings, templates and resource references
   * become PString (unknown when they depend on Terraform); everything else is PUnknown.
   */
  lower(expr: Expression): PNode {
    const node = this.lowerUnrecorded(expr);
    if (node) {
      this.origins.set(node, expr);
      return node;
    }
    return this.lowerResolved(expr);
  }

  /** The shapes lowering reads itself; undefined for expressions only an evaluator can read. */
  private lowerUnrecorded(expr: Expression): PNode | undefined {
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
        return this.lowerUnrecorded(expr.expr) ?? this.lowerResolved(expr.expr);
      default: {
        const ref = this.ref(expr);
        if (ref) return { kind: 'string', value: '${' + this.source(expr.span) + '}', known: false, ref, span: expr.span };
        return undefined;
      }
    }
  }

  /** An expression the evaluator may know: its value, placed at the expression, or PUnknown. */
  private lowerResolved(expr: Expression): PNode {
    const value = this.evaluate(expr);
    if (value && !(value.kind === 'unknown' && !value.refs)) return fromValue(value, expr.span);
    const unknown: PNode = { kind: 'unknown', text: this.source(expr.span), span: expr.span };
    this.origins.set(unknown, expr);
    return unknown;
  }

  /** A string: known when it has no interpolation or directive (or the evaluator knows every part); `"${ref}"` keeps the reference. */
  private lowerTemplate(parts: readonly TemplatePart[], span: Span): PString {
    let value = '';
    let known = true;
    const refs: ResourceRef[] = [];
    // The same string as literal pieces and holes, for its ARN shape (an alias ARN in the configuration's own account...).
    const pieces: TemplatePiece[] = [];
    for (const part of parts) {
      if (part.kind === 'literal') {
        value += part.value;
        pieces.push({ literal: part.value });
        continue;
      }
      if (part.kind === 'interpolation') {
        const ref = this.ref(unwrapTemplate(part.expr));
        const resolved = ref ? undefined : this.evaluate(part.expr);
        const text = resolved && (resolved.kind === 'string' || resolved.kind === 'number' || resolved.kind === 'bool') ? String(resolved.value) : undefined;
        if (text !== undefined) {
          value += text;
          pieces.push({ literal: text });
          continue;
        }
        if (ref) refs.push(ref);
        else if (resolved?.kind === 'ref') refs.push(resolved.ref);
        else if (resolved?.kind === 'unknown' && resolved.refs) refs.push(...resolved.refs);
        value += '${' + this.source(part.expr.span) + '}';
        pieces.push({ hole: holeOf(this.source(part.expr.span)) });
      } else {
        value += this.source(part.span);
        pieces.push({ hole: 'unknown' });
      }
      known = false;
    }
    if (known) return { kind: 'string', value, known: true, span };
    const only = parts.length === 1 && parts[0]!.kind === 'interpolation' ? this.ref(unwrapTemplate(parts[0]!.expr)) : undefined;
    const arn = arnShape(pieces);
    if (only) return { kind: 'string', value, known: false, ref: only, span, ...(arn ? { arn } : {}) };
    return { kind: 'string', value, known: false, ...(refs.length ? { refs } : {}), ...(arn ? { arn } : {}), span };
  }
}

/** A value the evaluator found, as policy nodes placed at `span` (where the value is used). */
export function fromValue(value: Value, span: Span): PNode {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', value: value.value, known: true, span };
    case 'number':
    case 'bool':
      return { kind: 'literal', value: value.value, span };
    case 'null':
      return { kind: 'literal', value: null, span };
    case 'list':
      return { kind: 'array', items: value.items.map((item) => fromValue(item, span)), span };
    case 'object':
      return { kind: 'object', entries: value.entries.map((e) => ({ key: e.key, keySpan: span, value: fromValue(e.value, span), span })), span };
    case 'ref':
      return { kind: 'string', value: '${' + value.text + '}', known: false, ref: value.ref, span };
    case 'unknown':
      return value.refs?.length ? { kind: 'string', value: value.text, known: false, refs: value.refs, span } : { kind: 'unknown', text: value.text, span };
  }
}

function rootName(expr: Expression): string | undefined {
  let current = unwrapTemplate(expr);
  while (current.kind === 'getattr' || current.kind === 'index') current = current.kind === 'getattr' ? current.object : current.collection;
  return current.kind === 'variable' ? current.name : undefined;
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
