import { member, type ElementList, type FixValue, type PEntry, type PNode, type PObject, type PString, type PolicyEditor, type Statement } from '../../model';
import type { Span, TextEdit } from '../../text';
import type { TemplateLayout } from '../layout';
import { spanKey } from '../yaml/parse';
import { writableInTemplate, type WritePlace } from './writable';
import { afterKey, inline, key, scalar, sequenceItem, type YamlStyle } from './yamlRender';
import { lineEnd, lineStart, onlySpaces } from './yamlText';

/**
 * Edits a policy (or any value) inside a YAML template as minimal text edits computed from the
 * spans of the model tree, in the file's own style: block or flow collections as they are,
 * quoting like the value replaced or the file, the file's indentation and line breaks, comments
 * untouched. The document is never re-printed. An edit whose place cannot be worked out
 * (compact nested sequences, aliases) is not made.
 */
export class YamlPolicyEditor implements PolicyEditor {
  constructor(
    private readonly text: string,
    private readonly root: PObject,
    private readonly layout: TemplateLayout,
    private readonly style: YamlStyle,
    /** Where edits land: expressions naming another template's resources, or closing a dependency cycle, are not written. */
    private readonly place: WritePlace,
  ) {}

  canWrite(value: FixValue): boolean {
    return writableInTemplate(value, this.place);
  }

  removeItems(list: ElementList, items: readonly PString[]): TextEdit[] {
    if (list.node.kind !== 'array') return [];
    const array = list.node;
    const indexes = [...new Set(items.map((item) => array.items.indexOf(item)).filter((i) => i >= 0))].sort((a, b) => a - b);
    if (indexes.length === 0 || indexes.length >= array.items.length) return [];
    if (this.isFlow(array)) return this.removeFlowItems(array.items, indexes);
    const edits: TextEdit[] = [];
    for (const index of indexes) {
      const lines = this.itemLines(array.items[index]!);
      if (!lines) return [];
      edits.push({ start: lines.start, end: lines.end, newText: '' });
    }
    return edits;
  }

  replaceItem(list: ElementList, item: PString, values: readonly string[]): TextEdit[] {
    if (list.node.kind === 'string') {
      if (list.node !== item || values.length === 0) return [];
      if (values.length === 1) return this.replaceString(item, values[0]!);
      return this.replaceSpan(item.span, inline([...values], this.styleFor(item), this.insideFlow(item.span)));
    }
    if (list.node.kind !== 'array') return [];
    const index = list.node.items.indexOf(item);
    if (index < 0) return [];
    if (values.length === 0) return this.removeItems(list, [item]);
    const rendered = values.map((value) => scalar(value, this.style, this.isFlow(list.node), this.quoteOf(item)));
    if (this.isFlow(list.node)) return this.replaceSpan(item.span, rendered.join(', '));
    const dash = this.dashOf(item);
    if (dash === undefined) return [];
    const indent = this.text.slice(lineStart(this.text, dash), dash);
    return this.replaceSpan(item.span, rendered.join(`${this.style.eol}${indent}- `));
  }

  addItems(list: ElementList, values: readonly string[]): TextEdit[] {
    if (values.length === 0) return [];
    const node = list.node;
    if (node.kind === 'array') {
      // New items are quoted like their neighbour, the list's last item.
      const neighbour = node.items[node.items.length - 1];
      const quote = neighbour?.kind === 'string' ? this.quoteOf(neighbour) : this.style.quote;
      if (this.isFlow(node)) {
        const rendered = values.map((value) => scalar(value, this.style, true, quote));
        const last = node.items[node.items.length - 1];
        if (!last) return [{ start: node.span.start + 1, end: node.span.start + 1, newText: rendered.join(', ') }];
        return [{ start: last.span.end, end: last.span.end, newText: ', ' + rendered.join(', ') }];
      }
      const last = node.items[node.items.length - 1];
      const dash = last ? this.dashOf(last) : undefined;
      if (!last || dash === undefined) return [];
      const indent = this.text.slice(lineStart(this.text, dash), dash);
      const at = lineEnd(this.text, last.span.end);
      return [{ start: at, end: at, newText: values.map((value) => `${this.style.eol}${indent}- ${scalar(value, this.style, false, quote)}`).join('') }];
    }
    if (node.kind === 'string') {
      const existing = this.text.slice(node.span.start, node.span.end);
      if (/[\r\n]/.test(existing)) return [];
      // A single string becomes a flow list in place: `Action: [kms:Encrypt, kms:GenerateDataKey]`.
      const rendered = values.map((value) => scalar(value, this.style, true, this.quoteOf(node)));
      return this.replaceSpan(node.span, `[${[existing, ...rendered].join(', ')}]`);
    }
    return [];
  }

  replaceString(node: PString, value: FixValue): TextEdit[] {
    if (!this.canWrite(value)) return [];
    const text = this.text.slice(node.span.start, node.span.end);
    // A block scalar (`|`, `>`) spans lines its replacement would not: no edit.
    if (/^[|>]/.test(text)) return [];
    const rendered = typeof value === 'string' ? scalar(value, this.style, this.insideFlow(node.span), this.quoteOf(node)) : inline(value, this.style, this.insideFlow(node.span));
    return this.replaceSpan(node.span, rendered);
  }

  addStatement(statement: { [key: string]: FixValue }): TextEdit[] {
    if (!this.canWrite(statement)) return [];
    const entry = member(this.root, 'Statement');
    if (!entry) return this.appendMember(this.root, 'Statement', [statement]);
    const node = entry.value;
    if (node.kind === 'array') {
      if (this.isFlow(node)) {
        const last = node.items[node.items.length - 1];
        const rendered = inline(statement, this.style, true);
        if (!last) return [{ start: node.span.start + 1, end: node.span.start + 1, newText: rendered }];
        return [{ start: last.span.end, end: last.span.end, newText: ', ' + rendered }];
      }
      const last = node.items[node.items.length - 1];
      const dash = last ? this.dashOf(last) : undefined;
      if (!last || dash === undefined) return [];
      const indent = this.text.slice(lineStart(this.text, dash), dash);
      const at = lineEnd(this.text, last.span.end);
      return [{ start: at, end: at, newText: this.style.eol + indent + sequenceItem(statement, indent, this.style) }];
    }
    if (node.kind === 'object') return this.wrapInSequence(node, statement);
    return [];
  }

  addCondition(statement: Statement, operator: string, conditionKey: string, values: readonly FixValue[]): TextEdit[] {
    const value: FixValue = values.length === 1 ? values[0]! : [...values];
    if (!this.canWrite(value)) return [];
    const conditionEntry = member(statement.node, 'Condition');
    if (!conditionEntry) return this.appendMember(statement.node, 'Condition', { [operator]: { [conditionKey]: value } });
    const condition = conditionEntry.value;
    if (condition.kind !== 'object') return [];
    const operatorEntry = condition.entries.find((e) => e.key === operator);
    if (!operatorEntry) return this.appendMember(condition, operator, { [conditionKey]: value });
    if (operatorEntry.value.kind !== 'object') return [];
    const keyEntry = operatorEntry.value.entries.find((e) => e.key === conditionKey);
    if (!keyEntry) return this.appendMember(operatorEntry.value, conditionKey, value);
    return this.replaceValue(keyEntry, value);
  }

  // ------------------------------------------------------------------ helpers

  private isFlow(node: PNode): boolean {
    return this.layout.flow.has(spanKey(node.span));
  }

  /** Whether a span lies inside a flow collection (where `,[]{}` end a plain scalar). */
  private insideFlow(span: Span): boolean {
    for (const key of this.layout.flow) {
      const [start, end] = key.split(':').map(Number) as [number, number];
      if (start < span.start && span.end <= end) return true;
    }
    return false;
  }

  /** The quoting of a scalar as written: `"`, `'` or plain (tags and other forms count as the file's style). */
  private quoteOf(node: PNode): YamlStyle['quote'] {
    const first = this.text[node.span.start];
    if (first === '"' || first === "'") return first;
    if (node.kind === 'string' && this.layout.intrinsics.has(spanKey(node.span))) return this.style.quote;
    return '';
  }

  private styleFor(node: PNode): YamlStyle {
    return { ...this.style, quote: this.quoteOf(node) };
  }

  private replaceSpan(span: Span, newText: string): TextEdit[] {
    if (span.end <= span.start || this.text.slice(span.start, span.end) === newText) return [];
    return [{ start: span.start, end: span.end, newText }];
  }

  /** The `-` of a block sequence item, when only indentation precedes it on its line. */
  private dashOf(item: PNode): number | undefined {
    let at = item.span.start;
    while (at > 0 && (this.text[at - 1] === ' ' || this.text[at - 1] === '\t')) at--;
    if (this.text[at - 1] !== '-') return undefined;
    const dash = at - 1;
    return onlySpaces(this.text, lineStart(this.text, dash), dash) ? dash : undefined;
  }

  /** The lines of a block sequence item, from its line start through its line break. */
  private itemLines(item: PNode): Span | undefined {
    const dash = this.dashOf(item);
    if (dash === undefined) return undefined;
    const end = lineEnd(this.text, item.span.end);
    const start = lineStart(this.text, dash);
    let next = end;
    if (this.text[next] === '\r') next++;
    if (this.text[next] === '\n') next++;
    if (next === end) {
      // The last line of the file: take the line break before the item instead.
      const before = start > 0 ? (this.text[start - 2] === '\r' ? start - 2 : start - 1) : start;
      return { start: before, end };
    }
    return { start, end: next };
  }

  /** Removes items of a flow sequence with their separators (runs of neighbours at once, so edits never overlap). */
  private removeFlowItems(items: readonly PNode[], indexes: readonly number[]): TextEdit[] {
    const edits: TextEdit[] = [];
    let i = 0;
    while (i < indexes.length) {
      let j = i;
      while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
      const first = indexes[i]!;
      const last = indexes[j]!;
      const next = items[last + 1];
      if (next) edits.push({ start: items[first]!.span.start, end: next.span.start, newText: '' });
      else edits.push({ start: items[first - 1]!.span.end, end: items[last]!.span.end, newText: '' });
      i = j + 1;
    }
    return edits;
  }

  /** The indentation of a block mapping's keys (its first key's column), when only indentation or `- ` precedes it. */
  private keyIndent(object: PObject): string | undefined {
    const first = object.entries[0];
    if (!first) return undefined;
    const start = lineStart(this.text, first.keySpan.start);
    const before = this.text.slice(start, first.keySpan.start);
    if (!/^[ \t]*(?:- +)*$/.test(before)) return undefined;
    return ' '.repeat(before.length);
  }

  /** Adds `name: value` at the end of a mapping (block: a new line at its keys' indentation; flow: `, name: value`). */
  private appendMember(object: PObject, name: string, value: FixValue): TextEdit[] {
    if (this.isFlow(object)) {
      const last = object.entries[object.entries.length - 1];
      const text = `${key(name, true)}: ${inline(value, this.style, true)}`;
      if (!last) return [{ start: object.span.start + 1, end: object.span.start + 1, newText: text }];
      return [{ start: last.span.end, end: last.span.end, newText: ', ' + text }];
    }
    const indent = this.keyIndent(object);
    const last = object.entries[object.entries.length - 1];
    if (indent === undefined || !last) return [];
    const at = lineEnd(this.text, last.span.end);
    return [{ start: at, end: at, newText: `${this.style.eol}${indent}${key(name, false)}:${afterKey(value, indent, this.style)}` }];
  }

  /** Replaces the value of `key: value` (a scalar in place; a collection by a new rendering after the key). */
  private replaceValue(entry: PEntry, value: FixValue): TextEdit[] {
    if (entry.value.kind === 'string' || entry.value.kind === 'literal') {
      return this.replaceSpan(entry.value.span, inline(value, this.styleFor(entry.value), this.insideFlow(entry.value.span)));
    }
    if (this.isFlow(entry.value) || this.insideFlow(entry.value.span)) return this.replaceSpan(entry.value.span, inline(value, this.style, true));
    const indent = ' '.repeat(entry.keySpan.start - lineStart(this.text, entry.keySpan.start));
    if (!onlySpaces(this.text, lineStart(this.text, entry.keySpan.start), entry.keySpan.start)) return [];
    return [{ start: entry.keySpan.end + 1, end: entry.value.span.end, newText: afterKey(value, indent, this.style) }];
  }

  /** A single statement mapping becomes a sequence of it and the new statement (indentation shifted, nothing re-printed). */
  private wrapInSequence(statement: PObject, added: { [key: string]: FixValue }): TextEdit[] {
    if (this.isFlow(statement)) return this.replaceSpan(statement.span, `[${this.text.slice(statement.span.start, statement.span.end)}, ${inline(added, this.style, true)}]`);
    const first = statement.entries[0];
    const indent = this.keyIndent(statement);
    if (!first || indent === undefined || !onlySpaces(this.text, lineStart(this.text, first.keySpan.start), first.keySpan.start)) return [];
    const start = first.keySpan.start;
    const end = lineEnd(this.text, statement.span.end);
    const body = this.text.slice(start, end);
    const eol = this.style.eol;
    // Every line after the first moves right by the two columns `- ` takes on the first.
    const shifted = body.split(/(\r?\n)/).map((part, i) => (i % 2 === 0 && i > 0 && part.trim() !== '' ? '  ' + part : part)).join('');
    return [{ start, end, newText: `- ${shifted}${eol}${indent}${sequenceItem(added, indent, this.style)}` }];
  }
}
