import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import { Expression, member, type ElementList, type FixValue, type PNode, type PObject, type PString, type PolicyEditor, type Statement } from '../model';
import { detectEol, diffEdit, type TextEdit } from '../text';

/**
 * Edits a policy written as JSON (a .json file, or a heredoc inside a .tf file) with jsonc-parser's
 * `modify`, one change at a time, and returns the change as one minimal text edit so the rest of the
 * document — comments, layout, other members — stays byte for byte.
 */
export class JsonPolicyEditor implements PolicyEditor {
  /**
   * @param text the whole file text
   * @param base offset of the JSON text in the file (0 for .json files)
   * @param length length of the JSON text
   * @param root the policy object (its spans are file offsets)
   * @param rootPath JSON path of the policy object inside the JSON text ([] when it is the document)
   */
  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly length: number,
    private readonly root: PObject,
    private readonly rootPath: JSONPath = [],
  ) {}

  removeItems(list: ElementList, items: readonly PString[]): TextEdit[] {
    const path = this.pathOf(list.node);
    if (!path) return [];
    if (list.node.kind !== 'array') return [];
    const indexes = items
      .map((item) => (list.node as { items: readonly PNode[] }).items.indexOf(item))
      .filter((i) => i >= 0)
      .sort((a, b) => b - a);
    return this.change((json) => indexes.reduce((current, index) => this.apply(current, [...path, index], undefined, false), json));
  }

  replaceItem(list: ElementList, item: PString, values: readonly string[]): TextEdit[] {
    if (list.node.kind === 'string') {
      if (list.node !== item || values.length === 0) return [];
      return this.replaceString(item, values.length === 1 ? values[0]! : [...values]);
    }
    if (list.node.kind !== 'array') return [];
    const index = list.node.items.indexOf(item);
    const path = this.pathOf(list.node);
    if (index < 0 || !path) return [];
    return this.change((json) => {
      let current = this.apply(json, [...path, index], undefined, false);
      values.forEach((value, offset) => {
        current = this.apply(current, [...path, index + offset], value, true);
      });
      return current;
    });
  }

  addItems(list: ElementList, values: readonly string[]): TextEdit[] {
    const path = this.pathOf(list.node);
    if (!path || values.length === 0) return [];
    if (list.node.kind === 'array') {
      return this.change((json) => values.reduce((current, value) => this.apply(current, [...path, -1], value, true), json));
    }
    if (list.node.kind === 'string') {
      const existing = list.node.value;
      return this.change((json) => this.apply(json, path, [existing, ...values], false));
    }
    return [];
  }

  replaceString(node: PString, value: FixValue): TextEdit[] {
    const path = this.pathOf(node);
    if (!path) return [];
    return this.change((json) => this.apply(json, path, toJson(value), false));
  }

  addStatement(statement: { [key: string]: FixValue }): TextEdit[] {
    // The member the policy reader used (it tolerates `statement`), so no second one is added beside it.
    const statementEntry = member(this.root, 'Statement');
    const value = toJson(statement);
    if (!statementEntry) return this.change((json) => this.apply(json, [...this.rootPath, 'Statement'], [value], false));
    const path = [...this.rootPath, statementEntry.key];
    if (statementEntry.value.kind === 'array') {
      return this.change((json) => this.apply(json, [...path, -1], value, true));
    }
    if (statementEntry.value.kind === 'object') {
      // Wrap the single statement in a list without re-printing it.
      const start = statementEntry.value.span.start;
      const end = statementEntry.value.span.end;
      const existing = this.text.slice(start, end);
      const indent = this.indentUnit();
      const eol = detectEol(this.text);
      const lineIndent = lineIndentation(this.text, statementEntry.span.start);
      const oneLine = !/[\r\n]/.test(this.text.slice(this.base, this.base + this.length).trim());
      const printed = oneLine ? JSON.stringify(value) : JSON.stringify(value, null, indent).split('\n').join(eol + lineIndent);
      return [{ start, end, newText: `[${existing}, ${printed}]` }];
    }
    return [];
  }

  addCondition(statement: Statement, operator: string, key: string, values: readonly FixValue[]): TextEdit[] {
    const statementPath = this.pathOf(statement.node);
    if (!statementPath) return [];
    const conditionEntry = member(statement.node, 'Condition');
    const jsonValues = values.map(toJson);
    const value = jsonValues.length === 1 ? jsonValues[0] : jsonValues;
    if (!conditionEntry || conditionEntry.value.kind !== 'object') {
      return this.change((json) => this.apply(json, [...statementPath, conditionEntry?.key ?? 'Condition'], { [operator]: { [key]: value } }, false));
    }
    return this.change((json) => this.apply(json, [...statementPath, conditionEntry.key, operator, key], value, false));
  }

  /** Runs a sequence of modifications on the JSON text and returns one edit for the difference. */
  private change(transform: (json: string) => string): TextEdit[] {
    const original = this.text.slice(this.base, this.base + this.length);
    let changed: string;
    try {
      changed = transform(original);
    } catch {
      // jsonc-parser refuses some edits on malformed shapes (a Condition operator that is not an object):
      // no edit is better than a broken one.
      return [];
    }
    if (changed === original || parseTree(changed) === undefined) return [];
    const edit = diffEdit(original, changed, this.base);
    return edit ? [edit] : [];
  }

  private apply(json: string, path: JSONPath, value: unknown, isArrayInsertion: boolean): string {
    if (value === undefined && typeof path[path.length - 1] === 'number') return removeArrayItem(json, path);
    // One-line documents are edited without formatting options: with them jsonc-parser re-prints the line.
    const multiLine = /[\r\n]/.test(json.trim());
    const formattingOptions: FormattingOptions | undefined =
      multiLine && value !== undefined ? { insertSpaces: !this.indentUnit().includes('\t'), tabSize: this.indentUnit().length || 2, eol: detectEol(json) } : undefined;
    let edits = modify(json, path, value, { formattingOptions, isArrayInsertion });
    if (!multiLine && !/":\s/.test(json)) {
      // A compact one-line document gets compact members (jsonc-parser writes `"key": value`).
      edits = edits.map((edit) => ({ ...edit, content: edit.content.replace(/(?<!\\)": /g, '":') }));
    }
    return applyEdits(json, edits);
  }

  private indentUnit(): string {
    const json = this.text.slice(this.base, this.base + this.length);
    const match = /\n([ \t]+)\S/.exec(json);
    if (!match) return '  ';
    const indent = match[1]!;
    if (indent.startsWith('\t')) return '\t';
    // The smallest indentation step used in the document.
    let unit = indent.length;
    for (const m of json.matchAll(/\n( +)\S/g)) unit = Math.min(unit, m[1]!.length);
    return ' '.repeat(Math.max(1, Math.min(unit, 8)));
  }

  /** The JSON path from the document to a node of this policy, found by identity. */
  private pathOf(target: PNode): JSONPath | undefined {
    const found = findPath(this.root, target);
    return found ? [...this.rootPath, ...found] : undefined;
  }
}

/**
 * Removes an array element with its separator: up to the next element, or from the previous one when
 * it is the last (jsonc-parser's own removal of a last element drops one character too few).
 */
function removeArrayItem(json: string, path: JSONPath): string {
  const root = parseTree(json);
  const item = root && findNodeAtLocation(root, path);
  const array = item?.parent;
  if (!item || !array || array.type !== 'array' || !array.children) return json;
  const index = array.children.indexOf(item);
  const next = array.children[index + 1];
  const previous = array.children[index - 1];
  if (next) return json.slice(0, item.offset) + json.slice(next.offset);
  if (previous) return json.slice(0, previous.offset + previous.length) + json.slice(item.offset + item.length);
  // The only element: leave the brackets (and what is between them on other lines) alone.
  return json.slice(0, item.offset) + json.slice(item.offset + item.length);
}

function findPath(node: PNode, target: PNode): JSONPath | undefined {
  if (node === target) return [];
  if (target.span.start < node.span.start || target.span.end > node.span.end) return undefined;
  if (node.kind === 'array') {
    for (let i = 0; i < node.items.length; i++) {
      const sub = findPath(node.items[i]!, target);
      if (sub) return [i, ...sub];
    }
  } else if (node.kind === 'object') {
    for (const entry of node.entries) {
      const sub = findPath(entry.value, target);
      if (sub) return [entry.key, ...sub];
    }
  }
  return undefined;
}

function toJson(value: FixValue): unknown {
  if (value instanceof Expression) return value.jsonFallback;
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toJson(item as FixValue);
    return out;
  }
  return value;
}

function lineIndentation(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let end = start;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return text.slice(start, end);
}
