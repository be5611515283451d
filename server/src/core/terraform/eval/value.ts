import type { ResourceRef } from '../../model';
import type { Span } from '../../text';

/**
 * What a Terraform expression evaluates to, as far as KeyLens can tell without running Terraform.
 * Resource attributes stay symbolic (`ref`): `aws_iam_role.app.arn` is that role, whatever its ARN
 * will be. Anything the evaluator does not decide is `unknown`, never a guess.
 */
export type Value = StringValue | NumberValue | BoolValue | NullValue | ListValue | ObjectValue | RefValue | UnknownValue;

export interface StringValue {
  readonly kind: 'string';
  readonly value: string;
}

export interface NumberValue {
  readonly kind: 'number';
  readonly value: number;
}

export interface BoolValue {
  readonly kind: 'bool';
  readonly value: boolean;
}

export interface NullValue {
  readonly kind: 'null';
}

/** A tuple, list or set. */
export interface ListValue {
  readonly kind: 'list';
  readonly items: readonly Value[];
}

export interface ObjectEntry {
  readonly key: string;
  /** Where the key is written, when it was written in the expression being lowered. */
  readonly keySpan?: Span;
  readonly value: Value;
}

/** An object or map, in source order. */
export interface ObjectValue {
  readonly kind: 'object';
  readonly entries: readonly ObjectEntry[];
}

/** One resource attribute (`aws_kms_key.k.arn`): a value known only after apply, but known to be that resource's. */
export interface RefValue {
  readonly kind: 'ref';
  readonly ref: ResourceRef;
  /** The reference as Terraform source (`aws_kms_key.k.arn`). */
  readonly text: string;
}

export interface UnknownValue {
  readonly kind: 'unknown';
  /** The expression as written, or a template with the unknown parts kept as `${...}`. */
  readonly text: string;
  /** Resources referenced inside (a template like `"${aws_s3_bucket.b.arn}/*"`). */
  readonly refs?: readonly ResourceRef[];
  /** Evaluation failed (a missing attribute, a wrong type), where Terraform would report an error: `try()` moves on. */
  readonly failed?: boolean;
}

/** Items a `for` expression or a function may produce; larger collections are unknown. */
export const MAX_COLLECTION = 2_000;

export const UNKNOWN = (text: string, refs?: readonly ResourceRef[]): UnknownValue =>
  refs && refs.length ? { kind: 'unknown', text, refs } : { kind: 'unknown', text };

export function isKnown(value: Value): boolean {
  switch (value.kind) {
    case 'unknown':
    case 'ref':
      return false;
    case 'list':
      return value.items.every(isKnown);
    case 'object':
      return value.entries.every((e) => isKnown(e.value));
    default:
      return true;
  }
}

/** A string, number or bool as Terraform's string conversion writes it; undefined for anything else. */
export function primitiveText(value: Value): string | undefined {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number') return String(value.value);
  if (value.kind === 'bool') return value.value ? 'true' : 'false';
  return undefined;
}

/** Structural equality of two known values (`==`, `contains`, `toset`); 'unknown' when either is not known. */
export function valuesEqual(a: Value, b: Value): boolean | 'unknown' {
  if (!isKnown(a) || !isKnown(b)) return 'unknown';
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

function plain(value: Value): unknown {
  switch (value.kind) {
    case 'list':
      return value.items.map(plain);
    case 'object':
      return Object.fromEntries([...value.entries].sort((x, y) => (x.key < y.key ? -1 : 1)).map((e) => [e.key, plain(e.value)]));
    case 'null':
      return null;
    case 'string':
    case 'number':
    case 'bool':
      return value.value;
    default:
      return undefined;
  }
}

/** Every resource a value refers to, however deeply. */
export function refsOf(value: Value, out: ResourceRef[] = []): ResourceRef[] {
  switch (value.kind) {
    case 'ref':
      out.push(value.ref);
      break;
    case 'unknown':
      if (value.refs) out.push(...value.refs);
      break;
    case 'list':
      for (const item of value.items) refsOf(item, out);
      break;
    case 'object':
      for (const entry of value.entries) refsOf(entry.value, out);
      break;
  }
  return out;
}
