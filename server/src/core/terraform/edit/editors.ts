import { Expression, type ElementList, type FixValue, type PNode, type PObject, type PString, type PolicyEditor, type Statement } from '../../model';
import type { TextEdit } from '../../text';
import type { Block, ObjectExpr, TupleExpr } from '../hcl';
import { attribute, blocks, staticString } from '../hcl';
import type { Lowering } from '../lower';
import {
  appendBlock,
  appendObjectItem,
  appendTupleItems,
  attributeLines,
  commaAfter,
  lineIndent,
  removeTupleItems,
  replaceExpression,
  startsLine,
} from './hclEdits';
import { hclKey, hclString, renderHcl, type Layout } from './render';

/**
 * Edits on values written in HCL (a `jsonencode` object, an `aws_iam_policy_document` block, a
 * resource attribute): each value the rules hold was lowered from an HCL node, and the edit
 * rewrites that node's text. Statement-level edits are syntax-specific (subclasses).
 */
export class HclValueEditor implements PolicyEditor {
  constructor(
    protected readonly text: string,
    protected readonly lowering: Lowering,
    protected readonly layout: Layout,
  ) {}

  protected tupleOf(node: PNode): TupleExpr | undefined {
    const origin = this.lowering.origins.get(node);
    return origin?.kind === 'tuple' ? origin : undefined;
  }

  removeItems(list: ElementList, items: readonly PString[]): TextEdit[] {
    const tuple = this.tupleOf(list.node);
    if (!tuple || list.node.kind !== 'array') return [];
    const indexes = new Set(items.map((item) => (list.node as { items: readonly PNode[] }).items.indexOf(item)).filter((i) => i >= 0));
    if (indexes.size === 0 || indexes.size >= tuple.items.length) return [];
    return removeTupleItems(this.text, tuple, indexes);
  }

  replaceItem(list: ElementList, item: PString, values: readonly string[]): TextEdit[] {
    const origin = this.lowering.origins.get(item);
    if (!origin) return [];
    if (list.node.kind === 'string') {
      if (list.node !== item || values.length === 0) return [];
      return replaceExpression(origin, values.length === 1 ? hclString(values[0]!) : renderHcl([...values], lineIndent(this.text, origin.span.start), this.layout));
    }
    const tuple = this.tupleOf(list.node);
    if (!tuple || list.node.kind !== 'array') return [];
    const index = list.node.items.indexOf(item);
    if (index < 0) return [];
    if (values.length === 0) return this.removeItems(list, [item]);
    // One item per line stays one per line.
    const separator = startsLine(this.text, origin.span.start) ? `,${this.layout.eol}${lineIndent(this.text, origin.span.start)}` : ', ';
    return replaceExpression(origin, values.map(hclString).join(separator));
  }

  addItems(list: ElementList, values: readonly string[]): TextEdit[] {
    if (values.length === 0) return [];
    const tuple = this.tupleOf(list.node);
    if (tuple && list.node.kind === 'array') return appendTupleItems(this.text, tuple, values.map(hclString), this.layout);
    if (list.node.kind === 'string') {
      const origin = this.lowering.origins.get(list.node);
      if (!origin) return [];
      return replaceExpression(origin, `[${[this.lowering.source(origin.span), ...values.map(hclString)].join(', ')}]`);
    }
    return [];
  }

  replaceString(node: PString, value: FixValue): TextEdit[] {
    const origin = this.lowering.origins.get(node);
    if (!origin) return [];
    return replaceExpression(origin, renderHcl(value, lineIndent(this.text, origin.span.start), this.layout));
  }

  addStatement(_statement: { [key: string]: FixValue }): TextEdit[] {
    return [];
  }

  addCondition(_statement: Statement, _operator: string, _key: string, _values: readonly FixValue[]): TextEdit[] {
    return [];
  }
}

/** A policy written as `jsonencode({ Version = ..., Statement = [...] })`. */
export class JsonencodeEditor extends HclValueEditor {
  constructor(text: string, lowering: Lowering, layout: Layout, private readonly root: PObject) {
    super(text, lowering, layout);
  }

  private objectOf(node: PNode): ObjectExpr | undefined {
    const origin = this.lowering.origins.get(node);
    return origin?.kind === 'object' ? origin : undefined;
  }

  /** New members are followed by commas when most existing ones are (`Effect = "Allow",`). */
  private usesCommas(): boolean {
    const statementNode = this.root.entries.find((e) => e.key === 'Statement')?.value;
    // The statement a new one goes next to sets the style.
    const nearest = statementNode?.kind === 'array' ? statementNode.items[statementNode.items.length - 1] : statementNode;
    const object = nearest ? this.objectOf(nearest) : undefined;
    if (!object || object.items.length < 2) return false;
    const separators = object.items.slice(0, -1);
    const withComma = separators.filter((item) => commaAfter(this.text, item.value.span.end) !== undefined).length;
    return withComma * 2 > separators.length;
  }

  override addStatement(statement: { [key: string]: FixValue }): TextEdit[] {
    const rootObject = this.objectOf(this.root);
    if (!rootObject) return [];
    const commas = this.usesCommas();
    const entry = this.root.entries.find((e) => e.key === 'Statement');
    if (!entry) {
      return appendObjectItem(this.text, rootObject, 'Statement', (indent) => renderHcl([statement], indent, this.layout, commas), this.layout);
    }
    const tuple = this.tupleOf(entry.value);
    if (tuple) return appendTupleItems(this.text, tuple, (indent) => [renderHcl(statement, indent, this.layout, commas)], this.layout);
    const single = this.objectOf(entry.value);
    if (!single) return [];
    // A single statement object becomes a list of two.
    const indent = lineIndent(this.text, single.span.start);
    return replaceExpression(single, `[${this.lowering.source(single.span)}, ${renderHcl(statement, indent, this.layout, commas)}]`);
  }

  override addCondition(statement: Statement, operator: string, key: string, values: readonly FixValue[]): TextEdit[] {
    const statementObject = this.objectOf(statement.node);
    if (!statementObject) return [];
    const value: FixValue = values.length === 1 ? values[0]! : [...values];
    const commas = this.usesCommas();
    const conditionEntry = statement.node.entries.find((e) => e.key === 'Condition');
    const conditionObject = conditionEntry ? this.objectOf(conditionEntry.value) : undefined;
    if (!conditionEntry || !conditionObject || conditionEntry.value.kind !== 'object') {
      if (conditionEntry) return [];
      return appendObjectItem(this.text, statementObject, 'Condition', (indent) => renderHcl({ [operator]: { [key]: value } }, indent, this.layout), this.layout);
    }
    const operatorEntry = conditionEntry.value.entries.find((e) => e.key === operator);
    if (!operatorEntry) {
      return appendObjectItem(this.text, conditionObject, hclKey(operator), (indent) => renderHcl({ [key]: value }, indent, this.layout, commas), this.layout);
    }
    const operatorObject = this.objectOf(operatorEntry.value);
    if (!operatorObject || operatorEntry.value.kind !== 'object') return [];
    const keyEntry = operatorEntry.value.entries.find((e) => e.key === key);
    const keyOrigin = keyEntry ? this.lowering.origins.get(keyEntry.value) : undefined;
    if (keyOrigin) return replaceExpression(keyOrigin, renderHcl(value, lineIndent(this.text, keyOrigin.span.start), this.layout));
    return appendObjectItem(this.text, operatorObject, hclKey(key), (indent) => renderHcl(value, indent, this.layout), this.layout);
  }
}

/** Maps the AWS JSON statement members a rule writes to `aws_iam_policy_document` arguments. */
const DOCUMENT_LISTS: Record<string, string> = {
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
};

/** A policy written as a `data "aws_iam_policy_document"` block. */
export class PolicyDocumentEditor extends HclValueEditor {
  constructor(
    text: string,
    lowering: Lowering,
    layout: Layout,
    private readonly document: Block,
    private readonly statementBlocks: ReadonlyMap<PObject, Block>,
  ) {
    super(text, lowering, layout);
  }

  override addStatement(statement: { [key: string]: FixValue }): TextEdit[] {
    const existing = blocks(this.document.body, 'statement');
    const items = this.document.body.items;
    const after = existing[existing.length - 1] ?? items[items.length - 1];
    return appendBlock(this.text, this.document, after?.span, this.statementLines(statement), this.layout);
  }

  override addCondition(statement: Statement, operator: string, key: string, values: readonly FixValue[]): TextEdit[] {
    const block = this.statementBlocks.get(statement.node);
    if (!block) return [];
    for (const condition of blocks(block.body, 'condition')) {
      const test = attribute(condition.body, 'test');
      const variable = attribute(condition.body, 'variable');
      const current = attribute(condition.body, 'values');
      if (test && variable && current && staticString(test.value) === operator && staticString(variable.value) === key) {
        return replaceExpression(current.value, renderHcl([...values], lineIndent(this.text, current.span.start), this.layout));
      }
    }
    const items = block.body.items;
    const lines = this.conditionLines(operator, key, values);
    return appendBlock(this.text, block, items[items.length - 1]?.span, lines, this.layout);
  }

  private statementLines(statement: { [key: string]: FixValue }): string[] {
    const unit = this.layout.unit;
    const attributes: { key: string; value: string }[] = [];
    const nested: string[][] = [];
    for (const [name, value] of Object.entries(statement)) {
      if (name === 'Sid' || name === 'Effect') {
        attributes.push({ key: name.toLowerCase(), value: renderHcl(value, '', this.layout) });
      } else if (DOCUMENT_LISTS[name]) {
        attributes.push({ key: DOCUMENT_LISTS[name]!, value: renderHcl(asList(value), '', this.layout) });
      } else if (name === 'Principal' || name === 'NotPrincipal') {
        const blockName = name === 'Principal' ? 'principals' : 'not_principals';
        const typed: [string, FixValue][] = value === '*' ? [['*', ['*']]] : isRecord(value) ? Object.entries(value) : [];
        for (const [type, identifiers] of typed) {
          nested.push(this.nestedBlock(blockName, [
            { key: 'type', value: hclString(type) },
            { key: 'identifiers', value: renderHcl(asList(identifiers), '', this.layout) },
          ]));
        }
      } else if (name === 'Condition' && isRecord(value)) {
        for (const [operator, keys] of Object.entries(value)) {
          if (!isRecord(keys)) continue;
          for (const [key, conditionValues] of Object.entries(keys)) nested.push(this.conditionLines(operator, key, asList(conditionValues)));
        }
      }
    }
    const lines = ['statement {', ...attributeLines(attributes, this.layout).map((line) => unit + line)];
    for (const block of nested) lines.push('', ...block.map((line) => unit + line));
    lines.push('}');
    return lines;
  }

  private conditionLines(operator: string, key: string, values: readonly FixValue[]): string[] {
    return this.nestedBlock('condition', [
      { key: 'test', value: hclString(operator) },
      { key: 'variable', value: hclString(key) },
      { key: 'values', value: renderHcl([...values], '', this.layout) },
    ]);
  }

  private nestedBlock(name: string, attributes: { key: string; value: string }[]): string[] {
    return [`${name} {`, ...attributeLines(attributes, this.layout).map((line) => this.layout.unit + line), '}'];
  }
}

function asList(value: FixValue): FixValue[] {
  return Array.isArray(value) ? value : [value];
}

function isRecord(value: FixValue): value is { [key: string]: FixValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Expression);
}
