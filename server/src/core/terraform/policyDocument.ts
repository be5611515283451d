import type { ElementList, PEntry, PNode, PObject, Statement } from '../model';
import { readStatements } from '../policy';
import type { Span } from '../text';
import { attribute, blocks, listItems, staticString, type Block, type Expression } from './hcl';
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

export interface PolicyDocument {
  readonly block: Block;
  /** The document as an AWS policy object (`Version`, `Statement`), spans pointing into the HCL. */
  readonly root: PObject;
  readonly statementNode: PNode;
  readonly statements: readonly Statement[];
  /** Each statement's object, back to the `statement` block it came from. */
  readonly statementBlocks: ReadonlyMap<PObject, Block>;
  /** `source_policy_documents` / `override_policy_documents` expressions (merged by the caller). */
  readonly sources: readonly Expression[];
  readonly overrides: readonly Expression[];
}

/**
 * Lowers a `data "aws_iam_policy_document"` block into the same statement shape as JSON policies:
 * `principals { type, identifiers }` become `Principal: { TYPE: [...] }`, `condition { test,
 * variable, values }` become `Condition: { test: { variable: [...] } }`, and `effect` defaults to Allow.
 */
export function readPolicyDocument(block: Block, lowering: Lowering): PolicyDocument {
  const statementObjects: PObject[] = [];
  const statementBlocks = new Map<PObject, Block>();
  for (const statementBlock of blocks(block.body, 'statement')) {
    const node = lowerStatement(statementBlock, lowering);
    statementObjects.push(node);
    statementBlocks.set(node, statementBlock);
  }
  const firstStatement = blocks(block.body, 'statement')[0];
  const statementNode: PNode = { kind: 'array', items: statementObjects, span: block.body.span };
  const entries: PEntry[] = [];
  const version = attribute(block.body, 'version');
  if (version) entries.push({ key: 'Version', keySpan: version.nameSpan, value: lowering.lower(version.value), span: version.span });
  entries.push({ key: 'Statement', keySpan: firstStatement?.typeSpan ?? block.typeSpan, value: statementNode, span: block.body.span });
  const root: PObject = { kind: 'object', entries, span: block.span };
  return {
    block,
    root,
    statementNode,
    statements: documentStatements(root, statementBlocks),
    statementBlocks,
    sources: listItems(attribute(block.body, 'source_policy_documents')?.value),
    overrides: listItems(attribute(block.body, 'override_policy_documents')?.value),
  };
}

/** Reads statements of a document root, with the document's defaults and argument names. */
export function documentStatements(root: PObject, statementBlocks: ReadonlyMap<PObject, Block>): Statement[] {
  return readStatements(root).statements.map((statement) => {
    const block = statementBlocks.get(statement.node);
    if (!block) return statement;
    return {
      ...statement,
      // An `aws_iam_policy_document` statement without `effect` allows.
      effect: statement.effect ?? (attribute(block.body, 'effect') ? undefined : 'Allow'),
      actions: renamed(statement.actions, block),
      resources: renamed(statement.resources, block),
    };
  });
}

/** Element lists name the argument as written (`not_actions`), for messages and fix titles. */
function renamed(list: ElementList | undefined, block: Block): ElementList | undefined {
  if (!list) return undefined;
  const argument = STATEMENT_ARGUMENTS.find(([, member]) => member === list.name)?.[0];
  return argument && attribute(block.body, argument) ? { ...list, name: argument } : list;
}

function lowerStatement(block: Block, lowering: Lowering): PObject {
  const entries: PEntry[] = [];
  for (const [argument, member] of STATEMENT_ARGUMENTS) {
    const found = attribute(block.body, argument);
    if (!found || found.value.kind === 'invalid') continue;
    entries.push({ key: member, keySpan: found.nameSpan, value: lowering.lower(found.value), span: found.span });
  }
  for (const [blockType, member] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const principalBlocks = blocks(block.body, blockType);
    if (principalBlocks.length === 0) continue;
    const typed: PEntry[] = [];
    for (const principal of principalBlocks) {
      const type = attribute(principal.body, 'type');
      const identifiers = attribute(principal.body, 'identifiers');
      if (!type || !identifiers || identifiers.value.kind === 'invalid') continue;
      typed.push({
        key: staticString(type.value) ?? lowering.source(type.value.span),
        keySpan: type.value.span,
        value: lowering.lower(identifiers.value),
        span: principal.span,
      });
    }
    const span = union(principalBlocks.map((b) => b.span));
    entries.push({ key: member, keySpan: principalBlocks[0]!.typeSpan, value: { kind: 'object', entries: typed, span }, span });
  }
  const conditionBlocks = blocks(block.body, 'condition');
  if (conditionBlocks.length > 0) {
    const operators: PEntry[] = [];
    for (const condition of conditionBlocks) {
      const test = attribute(condition.body, 'test');
      const variable = attribute(condition.body, 'variable');
      const values = attribute(condition.body, 'values');
      if (!test || !variable || !values || values.value.kind === 'invalid') continue;
      const keyEntry: PEntry = {
        key: staticString(variable.value) ?? lowering.source(variable.value.span),
        keySpan: variable.value.span,
        value: lowering.lower(values.value),
        span: condition.span,
      };
      operators.push({
        key: staticString(test.value) ?? lowering.source(test.value.span),
        keySpan: test.value.span,
        value: { kind: 'object', entries: [keyEntry], span: condition.span },
        span: condition.span,
      });
    }
    const span = union(conditionBlocks.map((b) => b.span));
    entries.push({ key: 'Condition', keySpan: conditionBlocks[0]!.typeSpan, value: { kind: 'object', entries: operators, span }, span });
  }
  return { kind: 'object', entries, span: block.span };
}

function union(spans: readonly Span[]): Span {
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}
