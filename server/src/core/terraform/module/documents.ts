import { baseName } from '../../json/index';
import type { Message } from '../../finding';
import type { PNode, PObject, ResourceRef } from '../../model';
import { LineIndex, type Span } from '../../text';
import type { Block, Expression } from '../hcl';
import type { Lowering } from '../lower';
import { documentStatements, readPolicyDocument, type PolicyDocument, type StatementSource } from '../policyDocument';

/** A document with the statements of the documents it merges in. */
export interface MergedDocument extends PolicyDocument {
  /** A merged-in document is not known (`source_policy_documents = var.extra`): more statements may exist. */
  readonly incomplete: boolean;
}

export interface DocumentResolver {
  /** The document a `data.aws_iam_policy_document.x.json` reference names in this module. */
  document(ref: ResourceRef): { document: MergedDocument; file: string; label: string; text: string } | undefined;
}

/**
 * A document with the statements of `source_policy_documents` (overridden by same-Sid statements
 * here) and `override_policy_documents` (overriding same-Sid statements here), as Terraform merges
 * them. Statements of a document in another file are placed at the reference that merges them in
 * (the text using them is here; theirs is not editable from here), with a note saying where they are.
 */
export function mergeDocuments(
  block: Block,
  lowering: Lowering,
  file: string,
  resolver: DocumentResolver,
  note: (span: Span, message: Message) => void,
): MergedDocument {
  const own = readPolicyDocument(block, lowering);
  let incomplete = false;
  const statementBlocks = new Map<PObject, StatementSource>(own.statementBlocks);
  const collect = (expr: Expression | undefined): PNode[][] => {
    if (!expr) return [];
    const found: PNode[][] = [];
    const take = (ref: ResourceRef | undefined, at: Span) => {
      const resolved = ref ? resolver.document(ref) : undefined;
      if (!resolved) {
        incomplete = true;
        return;
      }
      if (resolved.document.incomplete) incomplete = true;
      const items = (resolved.document.statementNode as { items: readonly PNode[] }).items;
      if (resolved.file === file) {
        for (const [node, source] of resolved.document.statementBlocks) statementBlocks.set(node, source);
        found.push([...items]);
        return;
      }
      const moved = items.map((item) => respan(item, at));
      moved.forEach((node, i) => {
        const source = resolved.document.statementBlocks.get(items[i] as PObject);
        if (source && node.kind === 'object') statementBlocks.set(node, { ...source, editable: false });
      });
      const line = new LineIndex(resolved.text).positionAt(resolved.document.block.span.start).line + 1;
      note(at, {
        en: `Statements merged in from ${resolved.label} (${baseName(resolved.file)} line ${line}).`,
        ja: `${resolved.label} (${baseName(resolved.file)} ${line} 行目) からマージされたステートメントです。`,
      });
      found.push(moved);
    };
    const items = expr.kind === 'tuple' ? expr.items : [expr];
    for (const item of items) {
      const ref = lowering.ref(item);
      if (ref) {
        take(ref, item.span);
        continue;
      }
      const value = lowering.evaluate(item);
      if (value?.kind === 'ref') take(value.ref, item.span);
      else if (value?.kind === 'list' && expr.kind !== 'tuple') for (const inner of value.items) take(inner.kind === 'ref' ? inner.ref : undefined, item.span);
      else if (value?.kind !== 'null') incomplete = true;
    }
    return found;
  };
  const sources = collect(own.sources);
  const overrides = collect(own.overrides);
  if (sources.length === 0 && overrides.length === 0) return { ...own, incomplete };

  const sidOf = (node: PNode): string | undefined => {
    const sid = node.kind === 'object' ? node.entries.find((e) => e.key === 'Sid')?.value : undefined;
    return sid?.kind === 'string' && sid.known && sid.value ? sid.value : undefined;
  };
  const ownItems = (own.statementNode as { items: readonly PNode[] }).items;
  const ownSids = new Set(ownItems.map(sidOf).filter(Boolean));
  let items: PNode[] = [...sources.flat().filter((n) => !ownSids.has(sidOf(n))), ...ownItems];
  for (const override of overrides.flat()) {
    const sid = sidOf(override);
    const at = sid ? items.findIndex((n) => sidOf(n) === sid) : -1;
    if (at >= 0) items = items.map((n, i) => (i === at ? override : n));
    else items.push(override);
  }
  const statementNode: PNode = { ...(own.statementNode as { kind: 'array'; span: Span }), items };
  const root: PObject = { ...own.root, entries: own.root.entries.map((e) => (e.key === 'Statement' ? { ...e, value: statementNode } : e)) };
  return { ...own, root, statementNode, statements: documentStatements(root, statementBlocks), statementBlocks, incomplete };
}

/** A copy of a value tree with every span moved to `span`. */
export function respan(node: PNode, span: Span): PNode {
  switch (node.kind) {
    case 'array':
      return { ...node, items: node.items.map((item) => respan(item, span)), span };
    case 'object':
      return { ...node, entries: node.entries.map((e) => ({ ...e, keySpan: span, value: respan(e.value, span), span })), span };
    default:
      return { ...node, span };
  }
}
