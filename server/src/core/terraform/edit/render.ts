import { Expression, type FixValue } from '../../model';

/** How new HCL text is laid out: the file's line break and one indentation step. */
export interface Layout {
  readonly eol: string;
  readonly unit: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A quoted HCL string; `${` and `%{` are escaped so IAM variables like `${aws:username}` stay literal. */
export function hclString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if ((c === '$' || c === '%') && value[i + 1] === '{') out += c + c;
    else out += c;
  }
  return out + '"';
}

/** An object key: bare when it is an identifier, quoted otherwise (`"kms:CallerAccount"`). */
export function hclKey(key: string): string {
  return IDENTIFIER.test(key) && key !== 'null' && key !== 'true' && key !== 'false' ? key : hclString(key);
}

function isScalar(value: FixValue): boolean {
  return value === null || typeof value !== 'object' || value instanceof Expression;
}

/** Renders a value as an HCL expression starting at a line indented by `indent`. */
export function renderHcl(value: FixValue, indent: string, layout: Layout, commas = false): string {
  if (value instanceof Expression) return value.terraform;
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = indent + layout.unit;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isScalar)) {
      const inline = `[${value.map((item) => renderHcl(item, inner, layout)).join(', ')}]`;
      if (indent.length + inline.length <= 100) return inline;
    }
    const lines = value.map((item, index) => inner + renderHcl(item, inner, layout, commas) + (index < value.length - 1 ? ',' : ''));
    return `[${layout.eol}${lines.join(layout.eol)}${layout.eol}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const rendered = entries.map(([key, item]) => ({ key: hclKey(key), value: renderHcl(item as FixValue, inner, layout, commas) }));
  const lines = alignEquals(rendered, layout).map((line, index) => inner + line + (commas && index < rendered.length - 1 ? ',' : ''));
  return `{${layout.eol}${lines.join(layout.eol)}${layout.eol}${indent}}`;
}

/**
 * `key = value` lines with the `=` aligned across runs of single-line values, as `terraform fmt`
 * does; a multi-line value ends a run and is not padded.
 */
export function alignEquals(entries: readonly { key: string; value: string }[], layout: Layout): string[] {
  const lines: string[] = [];
  let runStart = 0;
  const flush = (end: number): void => {
    const width = Math.max(0, ...entries.slice(runStart, end).map((entry) => entry.key.length));
    for (let i = runStart; i < end; i++) lines.push(`${entries[i]!.key.padEnd(width)} = ${entries[i]!.value}`);
  };
  for (let i = 0; i < entries.length; i++) {
    if (entries[i]!.value.includes(layout.eol) || entries[i]!.value.includes('\n')) {
      flush(i);
      lines.push(`${entries[i]!.key} = ${entries[i]!.value}`);
      runStart = i + 1;
    }
  }
  flush(entries.length);
  return lines;
}
