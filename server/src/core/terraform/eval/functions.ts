import type { Expression } from '../hcl';
import { isKnown, MAX_COLLECTION, primitiveText, UNKNOWN, valuesEqual, type ObjectEntry, type Value } from './value';

type Evaluate = (expr: Expression) => Value;

/**
 * The functions module inputs are commonly shaped with. Each is total: wrong types, unknown
 * arguments and anything not listed give `unknown`. (`file`, `templatefile` and the like read the
 * disk or the clock: never evaluated.)
 */
const FUNCTIONS: Readonly<Record<string, (args: readonly Expression[], evaluate: Evaluate, text: () => string) => Value>> = {
  length(args, evaluate, text) {
    const value = one(args, evaluate);
    if (value?.kind === 'list') return { kind: 'number', value: value.items.length };
    if (value?.kind === 'object') return { kind: 'number', value: value.entries.length };
    if (value?.kind === 'string') return { kind: 'number', value: [...value.value].length };
    return UNKNOWN(text());
  },
  concat(args, evaluate, text) {
    const items: Value[] = [];
    for (const arg of args) {
      const list = evaluate(arg);
      if (list.kind !== 'list') return UNKNOWN(text());
      items.push(...list.items);
      if (items.length > MAX_COLLECTION) return UNKNOWN(text());
    }
    return { kind: 'list', items };
  },
  merge(args, evaluate, text) {
    const entries: ObjectEntry[] = [];
    for (const arg of args) {
      const object = evaluate(arg);
      if (object.kind === 'null') continue;
      if (object.kind !== 'object') return UNKNOWN(text());
      for (const entry of object.entries) {
        const at = entries.findIndex((e) => e.key === entry.key);
        if (at >= 0) entries[at] = entry;
        else entries.push(entry);
      }
    }
    return { kind: 'object', entries };
  },
  compact(args, evaluate, text) {
    const list = one(args, evaluate);
    if (list?.kind !== 'list') return UNKNOWN(text());
    const items: Value[] = [];
    for (const item of list.items) {
      if (item.kind === 'null' || (item.kind === 'string' && item.value === '')) continue;
      // An unknown item may be "" and vanish: the list's length would not be known.
      if (item.kind === 'unknown') return UNKNOWN(text());
      items.push(item);
    }
    return { kind: 'list', items };
  },
  flatten(args, evaluate, text) {
    const list = one(args, evaluate);
    if (list?.kind !== 'list') return UNKNOWN(text());
    const items: Value[] = [];
    const walk = (value: Value, depth: number): boolean => {
      if (depth > 32 || items.length > MAX_COLLECTION) return false;
      if (value.kind === 'list') return value.items.every((item) => walk(item, depth + 1));
      // An unknown item could be a list to flatten: the result's shape is unknown.
      if (value.kind === 'unknown') return false;
      items.push(value);
      return true;
    };
    return walk(list, 0) ? { kind: 'list', items } : UNKNOWN(text());
  },
  contains(args, evaluate, text) {
    if (args.length !== 2) return UNKNOWN(text());
    const list = evaluate(args[0]!);
    const wanted = evaluate(args[1]!);
    if (list.kind !== 'list') return UNKNOWN(text());
    let unknown = false;
    for (const item of list.items) {
      const equal = valuesEqual(item, wanted);
      if (equal === true) return { kind: 'bool', value: true };
      if (equal === 'unknown') unknown = true;
    }
    return unknown ? UNKNOWN(text()) : { kind: 'bool', value: false };
  },
  coalesce(args, evaluate, text) {
    for (const arg of args) {
      const value = evaluate(arg);
      if (value.kind === 'null' || (value.kind === 'string' && value.value === '')) continue;
      return value.kind === 'unknown' ? UNKNOWN(text()) : value;
    }
    return UNKNOWN(text());
  },
  try(args, evaluate, text) {
    for (const arg of args) {
      const value = evaluate(arg);
      if (value.kind === 'unknown' && value.failed) continue;
      // Whether an unknown value would fail is not known, so neither is the result.
      return value.kind === 'unknown' ? UNKNOWN(text()) : value;
    }
    return UNKNOWN(text());
  },
  lookup(args, evaluate, text) {
    if (args.length < 2 || args.length > 3) return UNKNOWN(text());
    const map = evaluate(args[0]!);
    const key = primitiveText(evaluate(args[1]!));
    if (map.kind !== 'object' || key === undefined) return UNKNOWN(text());
    const entry = map.entries.find((e) => e.key === key);
    if (entry) return entry.value;
    return args[2] ? evaluate(args[2]) : UNKNOWN(text());
  },
  join(args, evaluate, text) {
    if (args.length !== 2) return UNKNOWN(text());
    const separator = evaluate(args[0]!);
    const list = evaluate(args[1]!);
    if (separator.kind !== 'string' || list.kind !== 'list') return UNKNOWN(text());
    const parts = list.items.map(primitiveText);
    if (parts.some((p) => p === undefined)) return UNKNOWN(text());
    return { kind: 'string', value: parts.join(separator.value) };
  },
  distinct: unique,
  toset: unique,
  tolist(args, evaluate, text) {
    const list = one(args, evaluate);
    return list?.kind === 'list' ? list : UNKNOWN(text());
  },
  tomap(args, evaluate, text) {
    const map = one(args, evaluate);
    return map?.kind === 'object' ? map : UNKNOWN(text());
  },
  tostring(args, evaluate, text) {
    const value = one(args, evaluate);
    const string = value ? primitiveText(value) : undefined;
    return string !== undefined ? { kind: 'string', value: string } : UNKNOWN(text());
  },
  keys(args, evaluate, text) {
    const map = one(args, evaluate);
    if (map?.kind !== 'object') return UNKNOWN(text());
    return { kind: 'list', items: [...map.entries].sort((a, b) => (a.key < b.key ? -1 : 1)).map((e) => ({ kind: 'string', value: e.key })) };
  },
  values(args, evaluate, text) {
    const map = one(args, evaluate);
    if (map?.kind !== 'object') return UNKNOWN(text());
    return { kind: 'list', items: [...map.entries].sort((a, b) => (a.key < b.key ? -1 : 1)).map((e) => e.value) };
  },
};

/** `distinct` / `toset`: first occurrences of known items; unknown when an item is not known. */
function unique(args: readonly Expression[], evaluate: Evaluate, text: () => string): Value {
  const list = one(args, evaluate);
  if (list?.kind !== 'list' || !list.items.every(isKnown)) return UNKNOWN(text());
  const items: Value[] = [];
  for (const item of list.items) if (!items.some((other) => valuesEqual(other, item) === true)) items.push(item);
  return { kind: 'list', items };
}

function one(args: readonly Expression[], evaluate: Evaluate): Value | undefined {
  return args.length === 1 ? evaluate(args[0]!) : undefined;
}

export function callFunction(name: string, args: readonly Expression[], evaluate: Evaluate, text: () => string): Value {
  const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return fn ? fn(args, evaluate, text) : UNKNOWN(text());
}
