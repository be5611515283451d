import type { PNode, PObject, ResourceRef } from '../../model';
import type { Span } from '../../text';
import type { Block, Expression } from '../hcl';
import type { Lowering } from '../lower';
import { documentStatements, readPolicyDocument, type PolicyDocument, type StatementSource } from '../policyDocument';

/** A document with the statements of the documents it merges in. */
export interface MergedDocument extends PolicyDocument {
  /** A merged-in document is not known (`source_policy_documents = var.extra`): more statements may exist. */
  readonly incomplete: boolean;
  /** The file of each statement written in another file than the document. */
  readonly statementFiles: ReadonlyMap<PObject, string>;
}

export interface DocumentResolver {
  /** The document a `data.aws_iam_policy_document.x.json` reference names in this module, and its file. */
  document(ref: ResourceRef): { document: MergedDocument; file: string } | undefined;
}

/**
 * A document with the statements of `source_policy_documents` (overridden by same-Sid statements
 * here) and `override_policy_documents` (overriding same-Sid statements here), as Terraform merges
 * them. Statements keep their nodes; those written in another file are listed in `statementFiles`.
 */
export function mergeDocuments(block: Block, lowering: Lowering, file: string, resolver: DocumentResolver): MergedDocument {
  const own = readPolicyDocument(block, lowering);
  let incomplete = false;
  const statementBlocks = new Map<PObject, StatementSource>(own.statementBlocks);
  const statementFiles = new Map<PObject, string>();
  const collect = (expr: Expression | undefined): PNode[][] => {
    if (!expr) return [];
    const found: PNode[][] = [];
    const take = (ref: ResourceRef | undefined, _at: Span) => {
      const resolved = ref ? resolver.document(ref) : undefined;
      if (!resolved) {
        incomplete = true;
        return;
      }
      if (resolved.document.incomplete) incomplete = true;
      const items = (resolved.document.statementNode as { items: readonly PNode[] }).items;
      for (const [node, source] of resolved.document.statementBlocks) statementBlocks.set(node, source);
      for (const item of items) {
        if (item.kind !== 'object') continue;
        const where = resolved.document.statementFiles.get(item) ?? resolved.file;
        if (where !== file) statementFiles.set(item, where);
      }
      found.push([...items]);
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
  if (sources.length === 0 && overrides.length === 0) return { ...own, incomplete, statementFiles };

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
  return { ...own, root, statementNode, statements: documentStatements(root, statementBlocks), statementBlocks, incomplete, statementFiles };
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
