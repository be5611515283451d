import { parseTree } from 'jsonc-parser';
import { JsonPolicyEditor } from '../../json/editor';
import { lowerJson } from '../../json/lower';
import type { ElementList, FixValue, PNode, PObject, PString, PolicyEditor, Statement } from '../../model';
import type { TextEdit } from '../../text';

/**
 * Edits JSON in an indented heredoc (`<<-EOT` bodies are usually indented with the HCL around them).
 * The JSON editor lays out new text as if the document started at column 0, so it edits a copy of
 * the body with the common indentation removed; the edits are mapped back line by line and every
 * new line gets the indentation again.
 */
export class IndentedHeredocEditor implements PolicyEditor {
  /** Built on the first edit: most parsed policies are never edited. */
  private prepared?: { inner: JsonPolicyEditor; virtualRoot: PObject };
  /** Per body line: offset in the copy, offset in the file, characters of indentation removed. */
  private readonly lines: { virtual: number; file: number; removed: number }[] = [];

  constructor(
    private readonly body: string,
    private readonly base: number,
    private readonly indent: string,
    private readonly root: PObject,
    private readonly prepare: (node: PNode) => PNode,
  ) {}

  private get inner(): JsonPolicyEditor {
    return this.prepareCopy().inner;
  }

  private prepareCopy(): { inner: JsonPolicyEditor; virtualRoot: PObject } {
    if (this.prepared) return this.prepared;
    let virtual = '';
    let offset = 0;
    for (const line of this.body.split(/(?<=\n)/)) {
      let removed = 0;
      while (removed < this.indent.length && (line[removed] === ' ' || line[removed] === '\t')) removed++;
      this.lines.push({ virtual: virtual.length, file: this.base + offset, removed });
      virtual += line.slice(removed);
      offset += line.length;
    }
    const tree = parseTree(virtual, [], { allowTrailingComma: true, disallowComments: false });
    const virtualRoot = (tree?.type === 'object' ? this.prepare(lowerJson(tree, virtual, 0)) : { kind: 'object', entries: [], span: { start: 0, end: 0 } }) as PObject;
    this.prepared = { inner: new JsonPolicyEditor(virtual, 0, virtual.length, virtualRoot), virtualRoot };
    return this.prepared;
  }

  /** The common indentation of a heredoc body's non-blank lines. */
  static commonIndent(body: string): string {
    let common = -1;
    let commonStart = 0;
    for (let lineStart = 0; lineStart < body.length;) {
      let i = lineStart;
      while (body[i] === ' ' || body[i] === '\t') i++;
      const blank = i >= body.length || body[i] === '\n' || body[i] === '\r';
      if (!blank && (common < 0 || i - lineStart < common)) {
        common = i - lineStart;
        commonStart = lineStart;
      }
      const next = body.indexOf('\n', i);
      lineStart = next < 0 ? body.length : next + 1;
    }
    return common > 0 ? body.slice(commonStart, commonStart + common) : '';
  }

  removeItems(list: ElementList, items: readonly PString[]): TextEdit[] {
    const mapped = this.list(list);
    return mapped ? this.out(this.inner.removeItems(mapped, this.strings(items))) : [];
  }

  replaceItem(list: ElementList, item: PString, values: readonly string[]): TextEdit[] {
    const mapped = this.list(list);
    const target = this.node(item);
    return mapped && target?.kind === 'string' ? this.out(this.inner.replaceItem(mapped, target, values)) : [];
  }

  addItems(list: ElementList, values: readonly string[]): TextEdit[] {
    const mapped = this.list(list);
    return mapped ? this.out(this.inner.addItems(mapped, values)) : [];
  }

  replaceString(node: PString, value: FixValue): TextEdit[] {
    const target = this.node(node);
    return target?.kind === 'string' ? this.out(this.inner.replaceString(target, value)) : [];
  }

  addStatement(statement: { [key: string]: FixValue }): TextEdit[] {
    return this.out(this.inner.addStatement(statement));
  }

  addCondition(statement: Statement, operator: string, key: string, values: readonly FixValue[]): TextEdit[] {
    const target = this.node(statement.node);
    if (target?.kind !== 'object') return [];
    return this.out(this.inner.addCondition({ ...statement, node: target }, operator, key, values));
  }

  private list(list: ElementList): ElementList | undefined {
    const node = this.node(list.node);
    return node ? { ...list, node, items: this.strings(list.items) } : undefined;
  }

  private strings(items: readonly PString[]): PString[] {
    return items.map((item) => this.node(item)).filter((item): item is PString => item?.kind === 'string');
  }

  /** The copy's node at the same place as a node of the file's tree. */
  private node(target: PNode): PNode | undefined {
    const path = pathTo(this.root, target);
    if (!path) return undefined;
    let current: PNode | undefined = this.prepareCopy().virtualRoot;
    for (const step of path) {
      if (current?.kind === 'array' && typeof step === 'number') current = current.items[step];
      else if (current?.kind === 'object' && typeof step === 'number') current = current.entries[step]?.value;
      else return undefined;
    }
    return current;
  }

  private out(edits: readonly TextEdit[]): TextEdit[] {
    return edits.map((edit) => ({
      start: this.fileOffset(edit.start),
      end: this.fileOffset(edit.end),
      newText: edit.newText.replace(/\n/g, '\n' + this.indent),
    }));
  }

  private fileOffset(virtual: number): number {
    let low = 0;
    let high = this.lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lines[mid]!.virtual <= virtual) low = mid;
      else high = mid - 1;
    }
    const line = this.lines[low]!;
    return line.file + line.removed + (virtual - line.virtual);
  }
}

/** Item indexes (arrays) and entry indexes (objects) from `node` down to `target`, found by identity. */
function pathTo(node: PNode, target: PNode): number[] | undefined {
  if (node === target) return [];
  if (target.span.start < node.span.start || target.span.end > node.span.end) return undefined;
  const children = node.kind === 'array' ? node.items : node.kind === 'object' ? node.entries.map((e) => e.value) : [];
  for (let i = 0; i < children.length; i++) {
    const rest = pathTo(children[i]!, target);
    if (rest) return [i, ...rest];
  }
  return undefined;
}
