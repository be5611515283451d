import type { ElementList, PEntry, PNode, PObject, Statement } from '../model';
import { readStatements } from '../policy';
import type { Span } from '../text';
import { UNKNOWN, type Value } from './eval/value';
import { attribute, blocks, staticString, type Block, type Body, type Expression } from './hcl';
import type { Lowering } from './lower';

/** `aws_iam_policy_document` statement arguments and the AWS JSON members they stand for. */
const STATEMENT_ARGUMENTS: readonly [argument: string, member: string][] = [
  ['sid', 'Sid'],
  ['effect', 'Effect'],
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

/** A `dynamic` block over more items than this is not expanded (its content is read once, as possibly present). */
const MAX_DYNAMIC_ITEMS = 100;

/** Where a statement of a document came from. */
export interface StatementSource {
  readonly block: Block;
  /** A plain `statement` block: edits may add to it. A `dynamic` block's content stands for many statements. */
  readonly editable: boolean;
  /** From a `dynamic "statement"` whose `for_each` is not known. */
  readonly mayBeAbsent: boolean;
}

export interface PolicyDocument {
  readonly block: Block;
  /** The document as an AWS policy object (`Version`, `Statement`), spans pointing into the HCL. */
  readonly root: PObject;
  readonly statementNode: PNode;
  readonly statements: readonly Statement[];
  /** Each statement's object, back to the block it came from. */
  readonly statementBlocks: ReadonlyMap<PObject, StatementSource>;
  /** `source_policy_documents` / `override_policy_documents` (merged by the reader). */
  readonly sources?: Expression;
  readonly overrides?: Expression;
}

/**
 * Lowers a `data "aws_iam_policy_document"` block into the same statement shape as JSON policies:
 * `principals { type, identifiers }` become `Principal: { TYPE: [...] }`, `condition { test,
 * variable, values }` become `Condition: { test: { variable: [...] } }`, and `effect` defaults to
 * Allow. `dynamic "statement"` blocks are expanded when their `for_each` is known, and read once as
 * a statement that may be absent otherwise.
 */
export function readPolicyDocument(block: Block, lowering: Lowering): PolicyDocument {
  const statementObjects: PObject[] = [];
  const statementBlocks = new Map<PObject, StatementSource>();
  let first: Block | undefined;
  for (const item of block.body.items) {
    if (item.kind !== 'block') continue;
    if (item.type === 'statement') {
      const node = lowerStatement(item, lowering);
      statementObjects.push(node);
      statementBlocks.set(node, { block: item, editable: true, mayBeAbsent: false });
      first ??= item;
    } else if (isDynamic(item, 'statement')) {
      first ??= item;
      expandDynamic(item, lowering, (content, mayBeAbsent) => {
        const node = lowerStatement(content, lowering);
        statementObjects.push(node);
        statementBlocks.set(node, { block: content, editable: false, mayBeAbsent });
      });
    }
  }
  const statementNode: PNode = { kind: 'array', items: statementObjects, span: block.body.span };
  const entries: PEntry[] = [];
  const version = attribute(block.body, 'version');
  if (version) entries.push({ key: 'Version', keySpan: version.nameSpan, value: lowering.lower(version.value), span: version.span });
  entries.push({ key: 'Statement', keySpan: first?.typeSpan ?? block.typeSpan, value: statementNode, span: block.body.span });
  const root: PObject = { kind: 'object', entries, span: block.span };
  const sources = attribute(block.body, 'source_policy_documents')?.value;
  const overrides = attribute(block.body, 'override_policy_documents')?.value;
  return {
    block,
    root,
    statementNode,
    statements: documentStatements(root, statementBlocks),
    statementBlocks,
    ...(sources ? { sources } : {}),
    ...(overrides ? { overrides } : {}),
  };
}

/** Reads statements of a document root, with the document's defaults and argument names. */
export function documentStatements(root: PObject, statementBlocks: ReadonlyMap<PObject, StatementSource>): Statement[] {
  return readStatements(root).statements.map((statement) => {
    const source = statementBlocks.get(statement.node);
    if (!source) return statement;
    const { block } = source;
    return {
      ...statement,
      // An `aws_iam_policy_document` statement without `effect` allows.
      effect: statement.effect ?? (attribute(block.body, 'effect') ? undefined : 'Allow'),
      actions: renamed(statement.actions, block),
      resources: renamed(statement.resources, block),
      ...(source.mayBeAbsent ? { mayBeAbsent: true } : {}),
    };
  });
}

/** Element lists name the argument as written (`not_actions`), for messages and fix titles. */
function renamed(list: ElementList | undefined, block: Block): ElementList | undefined {
  if (!list) return undefined;
  const argument = STATEMENT_ARGUMENTS.find(([, member]) => member === list.name)?.[0];
  return argument && attribute(block.body, argument) ? { ...list, name: argument } : list;
}

function isDynamic(block: Block, type: string): boolean {
  return block.type === 'dynamic' && block.labels[0]?.value === type;
}

/**
 * Calls `each` once per item of a `dynamic` block's known `for_each`, with the iterator bound (its
 * name is the label, or `iterator = name`); once with the iterator unknown when `for_each` is not known.
 */
function expandDynamic(block: Block, lowering: Lowering, each: (content: Block, mayBeAbsent: boolean) => void): void {
  const content = blocks(block.body, 'content')[0];
  if (!content) return;
  const iteratorExpr = attribute(block.body, 'iterator')?.value;
  const iterator = iteratorExpr?.kind === 'variable' ? iteratorExpr.name : block.labels[0]!.value;
  const forEach = attribute(block.body, 'for_each')?.value;
  const collection = forEach ? lowering.evaluate(forEach, block.span) : undefined;
  let items: [Value, Value][] | undefined;
  if (collection?.kind === 'list') items = collection.items.map((value, i) => [{ kind: 'number', value: i }, value]);
  else if (collection?.kind === 'object') items = collection.entries.map((e) => [{ kind: 'string', value: e.key }, e.value]);
  if (!items || items.length > MAX_DYNAMIC_ITEMS) {
    lowering.withBindings(new Map([[iterator, UNKNOWN(iterator)]]), () => each(content, true));
    return;
  }
  for (const [key, value] of items) {
    const bound: Value = { kind: 'object', entries: [{ key: 'key', value: key }, { key: 'value', value }] };
    lowering.withBindings(new Map([[iterator, bound]]), () => each(content, false));
  }
}

/** Both the blocks of a type and the contents of `dynamic` blocks of that type, in source order. */
function blocksOf(body: Body, type: string, lowering: Lowering, each: (block: Block, mayBeAbsent: boolean) => void): void {
  for (const item of body.items) {
    if (item.kind !== 'block') continue;
    if (item.type === type) each(item, false);
    else if (isDynamic(item, type)) expandDynamic(item, lowering, each);
  }
}

function lowerStatement(block: Block, lowering: Lowering): PObject {
  const entries: PEntry[] = [];
  for (const [argument, member] of STATEMENT_ARGUMENTS) {
    const found = attribute(block.body, argument);
    if (!found || found.value.kind === 'invalid') continue;
    entries.push({ key: member, keySpan: found.nameSpan, value: lowering.lower(found.value), span: found.span });
  }
  for (const [blockType, member] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const typed: PEntry[] = [];
    const spans: Span[] = [];
    let keySpan: Span | undefined;
    blocksOf(block.body, blockType, lowering, (principal, mayBeAbsent) => {
      keySpan ??= principal.typeSpan;
      spans.push(principal.span);
      const type = attribute(principal.body, 'type');
      const identifiers = attribute(principal.body, 'identifiers');
      if (!type || !identifiers || identifiers.value.kind === 'invalid') return;
      const value = lowering.lower(identifiers.value);
      typed.push({
        key: lowering.lower(type.value).kind === 'string' ? stringOf(lowering, type.value) : lowering.source(type.value.span),
        keySpan: type.value.span,
        // Principals that may or may not be there are principals KeyLens cannot list.
        value: mayBeAbsent ? { kind: 'unknown', text: lowering.source(identifiers.value.span), span: identifiers.value.span } : value,
        span: principal.span,
      });
    });
    if (spans.length === 0) continue;
    const span = union(spans);
    entries.push({ key: member, keySpan: keySpan!, value: { kind: 'object', entries: typed, span }, span });
  }
  const operators: PEntry[] = [];
  const conditionSpans: Span[] = [];
  let conditionKeySpan: Span | undefined;
  blocksOf(block.body, 'condition', lowering, (condition, mayBeAbsent) => {
    conditionKeySpan ??= condition.typeSpan;
    conditionSpans.push(condition.span);
    const test = attribute(condition.body, 'test');
    const variable = attribute(condition.body, 'variable');
    const values = attribute(condition.body, 'values');
    if (!test || !variable || !values || values.value.kind === 'invalid') return;
    const operator = stringOf(lowering, test.value);
    const key = stringOf(lowering, variable.value);
    const known = !mayBeAbsent && lowering.lower(test.value).kind === 'string' && isKnownString(lowering, test.value) && isKnownString(lowering, variable.value);
    if (!known) {
      // A condition whose operator or key is not known (or that may not be there) is unreadable.
      operators.push({ key: operator, keySpan: test.value.span, value: { kind: 'unknown', text: lowering.source(condition.span), span: condition.span }, span: condition.span });
      return;
    }
    const keyEntry: PEntry = { key, keySpan: variable.value.span, value: lowering.lower(values.value), span: condition.span };
    operators.push({ key: operator, keySpan: test.value.span, value: { kind: 'object', entries: [keyEntry], span: condition.span }, span: condition.span });
  });
  if (conditionSpans.length > 0) {
    const span = union(conditionSpans);
    entries.push({ key: 'Condition', keySpan: conditionKeySpan!, value: { kind: 'object', entries: operators, span }, span });
  }
  return { kind: 'object', entries, span: block.span };
}

/** A string argument's value: literal, or known through the module's evaluator; else its source text. */
function stringOf(lowering: Lowering, expr: Expression): string {
  const literal = staticString(expr);
  if (literal !== undefined) return literal;
  const node = lowering.lower(expr);
  return node.kind === 'string' && node.known ? node.value : lowering.source(expr.span);
}

function isKnownString(lowering: Lowering, expr: Expression): boolean {
  if (staticString(expr) !== undefined) return true;
  const node = lowering.lower(expr);
  return node.kind === 'string' && node.known;
}

function union(spans: readonly Span[]): Span {
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}
