import type { ResourceRef } from '../../model';
import type { Expression, TemplatePart } from '../hcl';
import { resourceRef } from '../lower';
import { callFunction } from './functions';
import { MAX_COLLECTION, primitiveText, UNKNOWN, valuesEqual, type ObjectEntry, type Value } from './value';

/** The text an expression is written in (unknown values keep their source). */
export interface EvalSource {
  readonly file: string;
  readonly text: string;
}

/** What names mean where an expression is evaluated: one module (or module instance). */
export interface Environment {
  /** `var.NAME`; undefined when the variable has no value KeyLens can know. */
  variable(name: string): Value | undefined;
  /** `local.NAME`. */
  local(name: string): Value | undefined;
  /** `module.NAME`: the outputs of a module call, when it was evaluated. */
  module(name: string): Value | undefined;
  /** The namespace resource names live in (see `ResourceRef.scope`). */
  readonly scope: string;
}

/**
 * `literal`: only what a file states outright — literals, collections, templates, and `var.`/`local.`
 * references to such values (issue 10: no conditionals, functions or `for`). `full`: the common
 * expression subset module instances need (conditionals, `for`, operators, a few functions).
 */
export type EvalMode = 'literal' | 'full';

/** Steps one evaluator may take in all (a module instance); past it, everything is unknown. */
export const DEFAULT_STEP_BUDGET = 200_000;
const MAX_DEPTH = 200;

const NON_RESOURCE_ROOTS = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);

/**
 * A small, total, budgeted evaluator for Terraform expressions: every construct it does not know,
 * every value it cannot decide and every step past its budget yields `unknown` — never an exception
 * and never a guess.
 */
export class Evaluator {
  private steps = 0;
  private depth = 0;

  constructor(
    readonly environment: Environment,
    readonly mode: EvalMode,
    private readonly budget = DEFAULT_STEP_BUDGET,
  ) {}

  get exhausted(): boolean {
    return this.steps > this.budget;
  }

  evaluate(expr: Expression, source: EvalSource, bindings: ReadonlyMap<string, Value> = EMPTY): Value {
    const text = () => source.text.slice(expr.span.start, expr.span.end);
    if (++this.steps > this.budget || this.depth >= MAX_DEPTH) return UNKNOWN(text());
    this.depth++;
    try {
      return this.evaluateUnguarded(expr, source, bindings, text);
    } catch {
      // Nothing here should throw; if it does, the value is simply not known.
      return UNKNOWN(text());
    } finally {
      this.depth--;
    }
  }

  private evaluateUnguarded(expr: Expression, source: EvalSource, bindings: ReadonlyMap<string, Value>, text: () => string): Value {
    const full = this.mode === 'full';
    const sub = (e: Expression, b = bindings) => this.evaluate(e, source, b);
    switch (expr.kind) {
      case 'literal':
        if (expr.value === null) return { kind: 'null' };
        return typeof expr.value === 'number' ? { kind: 'number', value: expr.value } : { kind: 'bool', value: expr.value };
      case 'template':
      case 'heredoc':
        return this.template(expr.parts, source, bindings, text);
      case 'parens':
        return sub(expr.expr);
      case 'tuple':
        return { kind: 'list', items: expr.items.map((item) => sub(item)) };
      case 'object': {
        const entries: ObjectEntry[] = [];
        for (const item of expr.items) {
          let key = item.keyName;
          if (key === undefined) {
            if (!full) return UNKNOWN(text());
            key = primitiveText(sub(item.key));
            if (key === undefined) return UNKNOWN(text());
          }
          entries.push({ key, keySpan: item.key.span, value: sub(item.value) });
        }
        return { kind: 'object', entries };
      }
      case 'variable': {
        const bound = bindings.get(expr.name);
        return bound ?? UNKNOWN(text());
      }
      case 'getattr':
      case 'index':
        return this.traversal(expr, source, bindings, text);
      case 'conditional': {
        if (!full) return UNKNOWN(text());
        const condition = sub(expr.condition);
        if (condition.kind !== 'bool') return UNKNOWN(text());
        return sub(condition.value ? expr.trueExpr : expr.falseExpr);
      }
      case 'binary':
        return full ? this.binary(expr.op, sub(expr.left), () => sub(expr.right), text) : UNKNOWN(text());
      case 'unary': {
        if (!full) return UNKNOWN(text());
        const operand = sub(expr.operand);
        if (expr.op === '!' && operand.kind === 'bool') return { kind: 'bool', value: !operand.value };
        if (expr.op === '-' && operand.kind === 'number') return { kind: 'number', value: -operand.value };
        return UNKNOWN(text());
      }
      case 'call': {
        if (!full || expr.expandFinal) return UNKNOWN(text());
        return callFunction(expr.name, expr.args, (e) => sub(e), text);
      }
      case 'for':
        return full ? this.forExpression(expr, source, bindings, text) : UNKNOWN(text());
      case 'splat': {
        if (!full) return UNKNOWN(text());
        const collection = sub(expr.source);
        if (collection.kind !== 'list') return UNKNOWN(text());
        // `x[*].a` applies the steps to each element; only attribute steps are followed.
        const items: Value[] = [];
        for (const item of collection.items) {
          let current: Value = item;
          for (const step of expr.steps) {
            if (step.kind !== 'attr') return UNKNOWN(text());
            current = attributeOf(current, step.name, text);
          }
          items.push(current);
        }
        return { kind: 'list', items };
      }
      default:
        return UNKNOWN(text());
    }
  }

  private template(parts: readonly TemplatePart[], source: EvalSource, bindings: ReadonlyMap<string, Value>, text: () => string): Value {
    // A lone interpolation is the value itself (HCL evaluates `"${x}"` to `x`), a list or a reference included.
    if (parts.length === 1 && parts[0]!.kind === 'interpolation') return this.evaluate(parts[0]!.expr, source, bindings);
    let value = '';
    let known = true;
    const refs: ResourceRef[] = [];
    for (const part of parts) {
      if (part.kind === 'literal') {
        value += part.value;
        continue;
      }
      if (part.kind === 'directive') {
        known = false;
        value += source.text.slice(part.span.start, part.span.end);
        continue;
      }
      const inner = this.evaluate(part.expr, source, bindings);
      const piece = primitiveText(inner);
      if (piece !== undefined) {
        value += piece;
        continue;
      }
      known = false;
      value += '${' + source.text.slice(part.expr.span.start, part.expr.span.end) + '}';
      if (inner.kind === 'ref') refs.push(inner.ref);
      else if (inner.kind === 'unknown' && inner.refs) refs.push(...inner.refs);
    }
    if (known) return { kind: 'string', value };
    return UNKNOWN(text().startsWith('"') ? value : text(), refs);
  }

  private traversal(expr: Expression, source: EvalSource, bindings: ReadonlyMap<string, Value>, text: () => string): Value {
    // Walk down to the root name.
    const steps: Expression[] = [];
    let root: Expression = expr;
    while (root.kind === 'getattr' || root.kind === 'index') {
      steps.push(root);
      root = root.kind === 'getattr' ? root.object : root.collection;
    }
    steps.reverse();
    let current: Value;
    let rest = steps;
    if (root.kind === 'variable' && !bindings.has(root.name) && !NON_RESOURCE_ROOTS.has(root.name)) {
      const ref = resourceRef(expr);
      if (!ref) return UNKNOWN(text());
      return { kind: 'ref', ref: { ...ref, scope: this.environment.scope }, text: text() };
    }
    if (root.kind === 'variable' && (root.name === 'var' || root.name === 'local' || root.name === 'module') && !bindings.has(root.name)) {
      const first = steps[0];
      if (!first || first.kind !== 'getattr') return UNKNOWN(text());
      const found =
        root.name === 'var' ? this.environment.variable(first.name) : root.name === 'local' ? this.environment.local(first.name) : this.environment.module(first.name);
      if (!found) return UNKNOWN(text());
      current = found;
      rest = steps.slice(1);
    } else {
      current = this.evaluate(root, source, bindings);
    }
    for (const step of rest) {
      if (current.kind === 'unknown' && !current.failed) return UNKNOWN(text(), current.refs);
      if (step.kind === 'getattr') {
        current = attributeOf(current, step.name, text);
      } else if (step.kind === 'index') {
        const key = this.evaluate(step.key, source, bindings);
        current = indexOf(current, key, text);
      }
    }
    return current;
  }

  private binary(op: string, left: Value, right: () => Value, text: () => string): Value {
    if (op === '&&' || op === '||') {
      if (left.kind === 'bool' && left.value === (op === '||')) return left;
      const r = right();
      if (left.kind === 'bool' && r.kind === 'bool') return r;
      if (r.kind === 'bool' && r.value === (op === '||')) return r;
      return UNKNOWN(text());
    }
    const r = right();
    if (op === '==' || op === '!=') {
      const equal = valuesEqual(left, r);
      if (equal === 'unknown') return UNKNOWN(text());
      return { kind: 'bool', value: op === '==' ? equal : !equal };
    }
    const a = numberOf(left);
    const b = numberOf(r);
    if (a === undefined || b === undefined) return UNKNOWN(text());
    switch (op) {
      case '<': return { kind: 'bool', value: a < b };
      case '>': return { kind: 'bool', value: a > b };
      case '<=': return { kind: 'bool', value: a <= b };
      case '>=': return { kind: 'bool', value: a >= b };
      case '+': return { kind: 'number', value: a + b };
      case '-': return { kind: 'number', value: a - b };
      case '*': return { kind: 'number', value: a * b };
      case '/': return b === 0 ? UNKNOWN(text()) : { kind: 'number', value: a / b };
      case '%': return b === 0 ? UNKNOWN(text()) : { kind: 'number', value: a % b };
      default: return UNKNOWN(text());
    }
  }

  private forExpression(expr: Extract<Expression, { kind: 'for' }>, source: EvalSource, bindings: ReadonlyMap<string, Value>, text: () => string): Value {
    const collection = this.evaluate(expr.collection, source, bindings);
    let pairs: [Value, Value][];
    if (collection.kind === 'list') pairs = collection.items.map((item, i) => [{ kind: 'number', value: i }, item]);
    else if (collection.kind === 'object') pairs = collection.entries.map((e) => [{ kind: 'string', value: e.key }, e.value]);
    else return UNKNOWN(text());
    if (pairs.length > MAX_COLLECTION) return UNKNOWN(text());
    const items: Value[] = [];
    const entries: ObjectEntry[] = [];
    for (const [key, value] of pairs) {
      const inner = new Map(bindings);
      if (expr.keyVar) inner.set(expr.keyVar.name, key);
      inner.set(expr.valueVar.name, value);
      if (expr.condition) {
        const keep = this.evaluate(expr.condition, source, inner);
        if (keep.kind !== 'bool') return UNKNOWN(text());
        if (!keep.value) continue;
      }
      const result = this.evaluate(expr.valueExpr, source, inner);
      if (expr.form === 'tuple') {
        items.push(result);
        continue;
      }
      const name = expr.keyExpr ? primitiveText(this.evaluate(expr.keyExpr, source, inner)) : undefined;
      if (name === undefined) return UNKNOWN(text());
      if (expr.group) {
        const at = entries.findIndex((e) => e.key === name);
        const group = at >= 0 && entries[at]!.value.kind === 'list' ? entries[at]!.value.items : [];
        const grouped: Value = { kind: 'list', items: [...group, result] };
        if (at >= 0) entries[at] = { key: name, value: grouped };
        else entries.push({ key: name, value: grouped });
      } else {
        const at = entries.findIndex((e) => e.key === name);
        // Terraform rejects duplicate keys without `...`: the result is an error, not a value.
        if (at >= 0) return UNKNOWN(text());
        entries.push({ key: name, value: result });
      }
    }
    return expr.form === 'tuple' ? { kind: 'list', items } : { kind: 'object', entries };
  }
}

const EMPTY: ReadonlyMap<string, Value> = new Map();

function numberOf(value: Value): number | undefined {
  if (value.kind === 'number') return value.value;
  if (value.kind === 'string' && /^-?\d+(\.\d+)?$/.test(value.value)) return Number(value.value);
  return undefined;
}

function attributeOf(value: Value, name: string, text: () => string): Value {
  if (value.kind === 'object') {
    const entry = value.entries.find((e) => e.key === name);
    return entry ? entry.value : { kind: 'unknown', text: text(), failed: true };
  }
  // An attribute of a whole resource passed around (`var.role.arn` where var.role = aws_iam_role.app).
  if (value.kind === 'ref' && value.ref.attribute === undefined) return { kind: 'ref', ref: { ...value.ref, attribute: name }, text: `${value.text}.${name}` };
  if (value.kind === 'unknown' || value.kind === 'ref') return UNKNOWN(text(), value.kind === 'ref' ? [value.ref] : value.refs);
  return { kind: 'unknown', text: text(), failed: true };
}

function indexOf(value: Value, key: Value, text: () => string): Value {
  if (value.kind === 'list') {
    if (key.kind !== 'number') return key.kind === 'unknown' ? UNKNOWN(text()) : { kind: 'unknown', text: text(), failed: true };
    const item = value.items[key.value];
    return item ?? { kind: 'unknown', text: text(), failed: true };
  }
  if (value.kind === 'object') {
    const name = primitiveText(key);
    if (name === undefined) return UNKNOWN(text());
    return attributeOf(value, name, text);
  }
  // `aws_kms_key.k[0]` keeps naming that resource.
  if (value.kind === 'ref') return value;
  return UNKNOWN(text());
}
