import type { Finding } from '../finding';
import type { ParsedFile, PNode } from '../model';
import type { Span } from '../text';

/**
 * What identifies a finding across edits that only move lines: its rule, its file, where it sits
 * in its policy (the resource address or file, then the members down to it, with statements named
 * by Sid where they have one) and the text it points at. Reformatting, adding lines or statements
 * elsewhere, or moving the file's blocks around leaves it unchanged; editing the flagged value or
 * the statement's Sid changes it (the finding is then new and reviewed again).
 */
export function fingerprintInput(finding: Finding, parsed: ParsedFile | undefined, file: string): string {
  const text = parsed?.text ?? '';
  const value = collapse(text.slice(finding.span.start, finding.span.end)) || finding.message.en;
  return [finding.ruleId, file, parsed ? locationOf(parsed, finding.span) : '', value].join('\u0000');
}

function locationOf(parsed: ParsedFile, span: Span): string {
  let best: { label: string; root: PNode } | undefined;
  for (const policy of parsed.policies) {
    if (!contains(policy.root.span, span)) continue;
    if (!best || policy.root.span.end - policy.root.span.start < best.root.span.end - best.root.span.start) best = { label: policy.label, root: policy.root };
  }
  if (best) {
    const path: string[] = [];
    pathTo(best.root, span, path);
    return `${best.label}/${path.join('/')}`;
  }
  const encryption = parsed.encryption.find((e) => contains(e.span, span));
  if (encryption) return `encryption:${encryption.bucket?.name ?? encryption.bucket?.ref?.name ?? ''}`;
  return '';
}

function pathTo(node: PNode, span: Span, path: string[]): void {
  if (node.kind === 'object') {
    const entry = node.entries.find((e) => contains(e.span, span));
    if (!entry) return;
    path.push(entry.key.toLowerCase());
    if (contains(entry.value.span, span)) pathTo(entry.value, span, path);
  } else if (node.kind === 'array') {
    const index = node.items.findIndex((item) => contains(item.span, span));
    if (index < 0) return;
    const item = node.items[index]!;
    path.push(segment(item, index));
    pathTo(item, span, path);
  }
}

/** A list item by what it is rather than where: statements by Sid, strings by their value (in the text part). */
function segment(item: PNode, index: number): string {
  if (item.kind === 'string') return '[]';
  if (item.kind === 'object') {
    const sid = item.entries.find((e) => e.key.toLowerCase() === 'sid');
    if (sid?.value.kind === 'string' && sid.value.value) return `[sid=${sid.value.value}]`;
  }
  return `[${index}]`;
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
