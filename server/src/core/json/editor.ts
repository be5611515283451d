import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import { Expression, member, type ElementList, type FixValue, type PNode, type PObject, type PString, type PolicyEditor, type Statement } from '../model';
import { detectEol, diffEdit, indentationAt, LineIndex, type TextEdit } from '../text';

/**
 * Edits a policy written as JSON (a .json file, or a heredoc inside a .tf file) with jsonc-parser's
 * `modify`, one change at a time, and returns the change as one minimal text edit so the rest of the
 * document — comments, layout, other members — stays byte for byte.
 */
export class JsonPolicyEditor implements PolicyEditor {
  private indent: string | undefined;
  private lines: LineIndex | undefined;

  /**
   * @param text the whole file text
   * @param base offset of the JSON text in the file (0 for .json files)
   * @param length length of the JSON text
   * @param root the policy object (its spans are file offsets)
   */
  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly length: number,
    private readonly root: PObject,
  ) {}

  removeItems(list: ElementList, items: readonly PString[]): TextEdit[] {
    if (list.node.kind !== 'array') return [];
    const array = list.node;
    const indexes = items
      .map((item) => array.items.indexOf(item))
      .filter((i) => i >= 0)
      .sort((a, b) => b - a);
    return this.edit(array, (json, path) => indexes.reduce((current, index) => this.apply(current, [...path, index], undefined, false), json));
  }

  replaceItem(list: ElementList, item: PString, values: readonly string[]): TextEdit[] {
    if (list.node.kind === 'string') {
      if (list.node !== item || values.length === 0) return [];
      return this.replaceString(item, values.length === 1 ? values[0]! : [...values]);
    }
    if (list.node.kind !== 'array') return [];
    const index = list.node.items.indexOf(item);
    if (index < 0) return [];
    return this.edit(list.node, (json, path) => {
      let current = this.apply(json, [...path, index], undefined, false);
      values.forEach((value, offset) => {
        current = this.apply(current, [...path, index + offset], value, true);
      });
      return current;
    });
  }

  addItems(list: ElementList, values: readonly string[]): TextEdit[] {
    if (values.length === 0) return [];
    if (list.node.kind === 'array') {
      return this.edit(list.node, (json, path) => values.reduce((current, value) => this.apply(current, [...path, -1], value, true), json));
    }
    if (list.node.kind === 'string') {
      const existing = list.node.value;
      return this.edit(list.node, (json, path) => this.apply(json, path, [existing, ...values], false));
    }
    return [];
  }

  replaceString(node: PString, value: FixValue): TextEdit[] {
    return this.edit(node, (json, path) => this.apply(json, path, this.jsonValue(value), false));
  }

  addStatement(statement: { [key: string]: FixValue }): TextEdit[] {
    // The member the policy reader used (it tolerates `statement`), so no second one is added beside it.
    const statementEntry = member(this.root, 'Statement');
    const value = this.jsonValue(statement);
    if (!statementEntry) return this.change(this.root, [], (json, path) => this.apply(json, [...path, 'Statement'], [value], false));
    if (statementEntry.value.kind === 'array') {
      const last = statementEntry.value.items[statementEntry.value.items.length - 1];
      const array = this.text.slice(statementEntry.value.span.start, statementEntry.value.span.end);
      if (last && /[\r\n]/.test(array) && !/[\r\n]/.test(this.text.slice(last.span.start, last.span.end))) {
        // After a one-line statement in a multi-line list, jsonc-parser's formatter would re-print
        // that statement's line too: the new one goes on a line of its own instead.
        const eol = detectEol(this.text);
        const lineIndent = indentationAt(this.text, last.span.start);
        const printed = JSON.stringify(value, null, this.indentUnit()).split('\n').join(eol + lineIndent);
        return [{ start: last.span.end, end: last.span.end, newText: `,${eol}${lineIndent}${printed}` }];
      }
      return this.change(statementEntry.value, [], (json, path) => this.apply(json, [...path, -1], value, true));
    }
    if (statementEntry.value.kind === 'object') {
      // Wrap the single statement in a list without re-printing it.
      const start = statementEntry.value.span.start;
      const end = statementEntry.value.span.end;
      const existing = this.text.slice(start, end);
      const indent = this.indentUnit();
      const eol = detectEol(this.text);
      const lineIndent = indentationAt(this.text, statementEntry.span.start);
      const oneLine = !/[\r\n]/.test(this.text.slice(this.base, this.base + this.length).trim());
      const printed = oneLine ? JSON.stringify(value) : JSON.stringify(value, null, indent).split('\n').join(eol + lineIndent);
      return [{ start, end, newText: `[${existing}, ${printed}]` }];
    }
    return [];
  }

  addCondition(statement: Statement, operator: string, key: string, values: readonly FixValue[]): TextEdit[] {
    const conditionEntry = member(statement.node, 'Condition');
    const jsonValues = values.map((v) => this.jsonValue(v));
    const value = jsonValues.length === 1 ? jsonValues[0] : jsonValues;
    if (!conditionEntry || conditionEntry.value.kind !== 'object') {
      return this.edit(statement.node, (json, path) => this.apply(json, [...path, conditionEntry?.key ?? 'Condition'], { [operator]: { [key]: value } }, false));
    }
    return this.edit(statement.node, (json, path) => this.apply(json, [...path, conditionEntry.key, operator, key], value, false));
  }

  /** The JSON a fix value is written as; subclasses write expressions their own way (template intrinsics). */
  protected jsonValue(value: FixValue): unknown {
    return toJson(value, (expression) => expression.jsonFallback);
  }

  /**
   * Edits `target` inside the smallest enclosing unit that is valid JSON on its own — its statement, or
   * the policy for members outside statements — so a fix costs the size of one statement, not of the
   * file (a fix-all over a 2,000-statement policy stays linear).
   */
  private edit(target: PNode, transform: (json: string, path: JSONPath) => string): TextEdit[] {
    const scope = this.scopeOf(target);
    const path = findPath(scope, target);
    return path ? this.change(scope, path, transform) : [];
  }

  private scopeOf(target: PNode): PNode {
    const statements = member(this.root, 'Statement')?.value;
    if (statements?.kind === 'array') {
      const item = statements.items.find((i) => i.span.start <= target.span.start && target.span.end <= i.span.end);
      if (item) return item;
    } else if (statements && statements.span.start <= target.span.start && target.span.end <= statements.span.end) {
      return statements;
    }
    return this.root;
  }

  /**
   * Runs modifications on the text of `scope` and returns one edit for the difference. The scope's
   * line is kept in front of it with anything but indentation blanked, so jsonc-parser indents new
   * lines as the document does.
   */
  private change(scope: PNode, path: JSONPath, transform: (json: string, path: JSONPath) => string): TextEdit[] {
    // Only the line's indentation matters to jsonc-parser's formatter (not what else precedes the scope).
    const lines = (this.lines ??= new LineIndex(this.text));
    const position = lines.positionAt(scope.span.start);
    const lineStart = Math.max(this.base, scope.span.start - position.character);
    const indentation = /^[ \t]*/.exec(this.text.slice(lineStart, Math.min(scope.span.start, lineStart + 256)))![0];
    const lead = indentation;
    const original = lead + this.text.slice(scope.span.start, scope.span.end);
    let changed: string;
    try {
      changed = transform(original, path);
    } catch {
      // jsonc-parser refuses some edits on malformed shapes (a Condition operator that is not an object):
      // no edit is better than a broken one.
      return [];
    }
    if (changed === original || parseTree(changed) === undefined) return [];
    const edit = diffEdit(original, changed, scope.span.start - lead.length);
    return edit && edit.start >= scope.span.start ? [edit] : [];
  }

  private apply(json: string, path: JSONPath, value: unknown, isArrayInsertion: boolean): string {
    if (value === undefined && typeof path[path.length - 1] === 'number') return removeArrayItem(json, path);
    // One-line text is edited without formatting options: with them jsonc-parser re-prints the line.
    const multiLine = /[\r\n]/.test(json.trim());
    const unit = this.indentUnit();
    const formattingOptions: FormattingOptions | undefined =
      multiLine && value !== undefined ? { insertSpaces: !unit.includes('\t'), tabSize: unit.length || 2, eol: detectEol(json) } : undefined;
    let edits = modify(json, path, value, { formattingOptions, isArrayInsertion });
    if (!multiLine && !/":\s/.test(json)) {
      // Compact one-line JSON gets compact members (jsonc-parser writes `"key": value`).
      edits = edits.map((edit) => ({ ...edit, content: edit.content.replace(/(?<!\\)": /g, '":') }));
    }
    return applyEdits(json, edits);
  }

  /** The smallest indentation step of the document, measured once. */
  private indentUnit(): string {
    if (this.indent !== undefined) return this.indent;
    const json = this.text.slice(this.base, this.base + this.length);
    const match = /\n([ \t]+)\S/.exec(json);
    if (!match) return (this.indent = '  ');
    if (match[1]!.startsWith('\t')) return (this.indent = '\t');
    let unit = match[1]!.length;
    for (const m of json.matchAll(/\n( +)\S/g)) unit = Math.min(unit, m[1]!.length);
    return (this.indent = ' '.repeat(Math.max(1, Math.min(unit, 8))));
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

/** A fix value as JSON data, each expression written by `expression`. */
export function toJson(value: FixValue, expression: (value: Expression) => unknown): unknown {
  if (value instanceof Expression) return expression(value);
  if (Array.isArray(value)) return value.map((item) => toJson(item, expression));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toJson(item as FixValue, expression);
    return out;
  }
  return value;
}


