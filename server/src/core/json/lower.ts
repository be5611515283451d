import { visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { PEntry, PNode } from '../model';

/**
 * Lowers a jsonc-parser tree into the policy value tree. `base` shifts every span, for JSON embedded
 * in another file (a Terraform heredoc). Iterative-safe depth: deeper than `maxDepth` becomes unknown.
 */
export function lowerJson(node: JsonNode, text: string, base = 0, maxDepth = 256): PNode {
  return lower(node, text, base, maxDepth);
}

function lower(node: JsonNode, text: string, base: number, depth: number): PNode {
  const span = { start: base + node.offset, end: base + node.offset + node.length };
  if (depth <= 0) return { kind: 'unknown', text: '', span };
  switch (node.type) {
    case 'string':
      return { kind: 'string', value: String(node.value ?? ''), known: true, span };
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'literal', value: (node.value ?? null) as boolean | number | null, span };
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((child) => lower(child, text, base, depth - 1)), span };
    case 'object': {
      const entries: PEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || keyNode.type !== 'string') continue;
        const keySpan = { start: base + keyNode.offset, end: base + keyNode.offset + keyNode.length };
        const value: PNode = valueNode
          ? lower(valueNode, text, base, depth - 1)
          : { kind: 'unknown', text: '', span: { start: keySpan.end, end: keySpan.end } };
        entries.push({
          key: String(keyNode.value ?? ''),
          keySpan,
          value,
          span: { start: base + property.offset, end: base + property.offset + property.length },
        });
      }
      return { kind: 'object', entries, span };
    }
    default:
      return { kind: 'unknown', text: text.slice(node.offset, node.offset + node.length), span };
  }
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly start: number;
  readonly entries: PEntry[];
  pendingKey?: { key: string; keySpan: { start: number; end: number } };
}

interface ArrayFrame {
  readonly kind: 'array';
  readonly start: number;
  readonly items: PNode[];
}

/**
 * Parses JSON straight into the policy value tree with jsonc-parser's scanner (`visit`), without the
 * intermediate jsonc tree: one pass, no recursion of our own (deep nesting cannot overflow our stack).
 * Error tolerant like `parseTree`; errors are appended to `errors`. `base` shifts every span.
 */
export function parseJsonValue(text: string, errors: ParseError[], base = 0): PNode | undefined {
  const stack: (ObjectFrame | ArrayFrame)[] = [];
  let root: PNode | undefined;
  const flushKey = (frame: ObjectFrame) => {
    const pending = frame.pendingKey;
    if (!pending) return;
    const at = pending.keySpan.end;
    frame.entries.push({ key: pending.key, keySpan: pending.keySpan, value: { kind: 'unknown', text: '', span: { start: at, end: at } }, span: pending.keySpan });
    frame.pendingKey = undefined;
  };
  const add = (node: PNode) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return;
    }
    if (top.kind === 'array') {
      top.items.push(node);
      return;
    }
    const pending = top.pendingKey;
    if (!pending) return;
    top.entries.push({ key: pending.key, keySpan: pending.keySpan, value: node, span: { start: pending.keySpan.start, end: node.span.end } });
    top.pendingKey = undefined;
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        stack.push({ kind: 'object', start: offset, entries: [] });
      },
      onObjectProperty: (property, offset, length) => {
        const top = stack[stack.length - 1];
        if (top?.kind !== 'object') return;
        flushKey(top);
        top.pendingKey = { key: property, keySpan: { start: base + offset, end: base + offset + length } };
      },
      onObjectEnd: (offset, length) => {
        const frame = stack.pop() as ObjectFrame;
        flushKey(frame);
        add({ kind: 'object', entries: frame.entries, span: { start: base + frame.start, end: base + offset + length } });
      },
      onArrayBegin: (offset) => {
        stack.push({ kind: 'array', start: offset, items: [] });
      },
      onArrayEnd: (offset, length) => {
        const frame = stack.pop() as ArrayFrame;
        add({ kind: 'array', items: frame.items, span: { start: base + frame.start, end: base + offset + length } });
      },
      onLiteralValue: (value: unknown, offset, length) => {
        const span = { start: base + offset, end: base + offset + length };
        add(typeof value === 'string' ? { kind: 'string', value, known: true, span } : { kind: 'literal', value: value as boolean | number | null, span });
      },
      onError: (error, offset, length) => {
        errors.push({ error, offset, length });
      },
    },
    { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true },
  );
  // Unclosed containers at the end of a half-typed document still count, up to the end of the text.
  while (stack.length) {
    const frame = stack.pop()!;
    const span = { start: base + frame.start, end: base + text.length };
    if (frame.kind === 'object') {
      flushKey(frame);
      add({ kind: 'object', entries: frame.entries, span });
    } else add({ kind: 'array', items: frame.items, span });
  }
  return root;
}
