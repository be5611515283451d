import type { Node as JsonNode } from 'jsonc-parser';
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
