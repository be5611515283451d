import type { Span, TextEdit } from '../../text';
import type { Block, Expression, ObjectExpr, TupleExpr } from '../hcl';
import { alignEquals, type Layout } from './render';

/**
 * Layout-keeping text edits on parsed HCL: list items removed with their comma or their whole line,
 * items and object members appended in the style already there, blocks appended after their siblings.
 */

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isLineBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isLineBreak(text[i - 1])) i--;
  return i;
}

/** The indentation of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let end = start;
  while (isBlank(text[end])) end++;
  return text.slice(start, end);
}

/** Whether only blanks stand between the start of the line and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0 && !isLineBreak(text[i]); i--) if (!isBlank(text[i])) return false;
  return true;
}

/** Skips blanks and single-line block comments; never crosses a line break. */
function skipInlineTrivia(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (isBlank(text[i])) i++;
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || /[\r\n]/.test(text.slice(i, close))) return i;
      i = close + 2;
    } else {
      return i;
    }
  }
}

/** The comma right after a list item or object member, if any. */
export function commaAfter(text: string, end: number): Span | undefined {
  const i = skipInlineTrivia(text, end);
  return text[i] === ',' ? { start: i, end: i + 1 } : undefined;
}

/**
 * If nothing but an optional comma and a comment follows `end` on its line, the offset of that
 * line's break (before the comment's end of line); otherwise undefined.
 */
export function lineEndAfter(text: string, end: number): number | undefined {
  let i = skipInlineTrivia(text, end);
  if (text[i] === ',') i = skipInlineTrivia(text, i + 1);
  if (text[i] === '#' || text.startsWith('//', i)) {
    while (i < text.length && !isLineBreak(text[i])) i++;
  }
  return i >= text.length || isLineBreak(text[i]) ? i : undefined;
}

/** The offset after the line break at `offset` (which must be a line break or the end). */
function afterLineBreak(text: string, offset: number): number {
  if (text[offset] === '\r' && text[offset + 1] === '\n') return offset + 2;
  return offset < text.length ? offset + 1 : offset;
}

/** Whether an expression has a line of its own (blanks before it; comma and comment after it). */
function ownsLines(text: string, span: Span): boolean {
  return startsLine(text, span.start) && lineEndAfter(text, span.end) !== undefined;
}

/** Removes the items at `indexes` from a tuple, each run with its line(s) or with its comma. */
export function removeTupleItems(text: string, tuple: TupleExpr, indexes: ReadonlySet<number>): TextEdit[] {
  const items = tuple.items;
  const edits: TextEdit[] = [];
  for (let a = 0; a < items.length; a++) {
    if (!indexes.has(a)) continue;
    let b = a;
    while (b + 1 < items.length && indexes.has(b + 1)) b++;
    const run = items.slice(a, b + 1);
    const isLast = b === items.length - 1;
    if (run.every((item) => ownsLines(text, item.span))) {
      const start = lineStart(text, items[a]!.span.start);
      const end = afterLineBreak(text, lineEndAfter(text, items[b]!.span.end)!);
      edits.push({ start, end, newText: '' });
      // The item before now ends the list: keep the list's trailing-comma style.
      if (isLast && a > 0 && !commaAfter(text, items[b]!.span.end)) {
        const previousComma = commaAfter(text, items[a - 1]!.span.end);
        if (previousComma) edits.push({ ...previousComma, newText: '' });
      }
    } else if (!isLast) {
      edits.push({ start: items[a]!.span.start, end: items[b + 1]!.span.start, newText: '' });
    } else if (a > 0) {
      edits.push({ start: items[a - 1]!.span.end, end: items[b]!.span.end, newText: '' });
    } else {
      edits.push({ start: items[a]!.span.start, end: commaAfter(text, items[b]!.span.end)?.end ?? items[b]!.span.end, newText: '' });
    }
    a = b;
  }
  return edits;
}

/** Appends rendered items to a tuple: on new lines when the list is laid out one item per line. */
export function appendTupleItems(text: string, tuple: TupleExpr, render: readonly string[] | ((indent: string) => string[]), layout: Layout): TextEdit[] {
  if (!tuple.closeBracket) return [];
  const close = tuple.closeBracket;
  const items = tuple.items;
  const last = items[items.length - 1];
  const renderAt = (indent: string): string[] => (typeof render === 'function' ? render(indent) : [...render]);
  if (!last) {
    if (!/[\r\n]/.test(text.slice(tuple.span.start, close.start))) {
      const rendered = renderAt(lineIndent(text, tuple.span.start));
      return rendered.length ? [{ start: tuple.span.start + 1, end: close.start, newText: rendered.join(', ') }] : [];
    }
    const closeIndent = lineIndent(text, close.start);
    const inner = closeIndent + layout.unit;
    const rendered = renderAt(inner);
    if (rendered.length === 0) return [];
    return [{ start: tuple.span.start + 1, end: close.start, newText: `${layout.eol}${inner}${rendered.join(`,${layout.eol}${inner}`)}${layout.eol}${closeIndent}` }];
  }
  const comma = commaAfter(text, last.span.end);
  const lineEnd = lineEndAfter(text, last.span.end);
  const multiLine = lineEnd !== undefined && /[\r\n]/.test(text.slice(last.span.end, close.start));
  if (multiLine) {
    const indent = startsLine(text, last.span.start) ? lineIndent(text, last.span.start) : lineIndent(text, close.start) + layout.unit;
    const rendered = renderAt(indent);
    if (rendered.length === 0) return [];
    const lines = rendered.map((item, index) => `${layout.eol}${indent}${item}${comma || index < rendered.length - 1 ? ',' : ''}`);
    // One edit from the item to its line end: the comma (when missing) and the new lines, in order.
    return [{ start: last.span.end, end: lineEnd, newText: (comma ? '' : ',') + text.slice(last.span.end, lineEnd) + lines.join('') }];
  }
  const rendered = renderAt(lineIndent(text, tuple.span.start));
  if (rendered.length === 0) return [];
  if (comma) return [{ start: comma.end, end: comma.end, newText: ` ${rendered.join(', ')},` }];
  return [{ start: last.span.end, end: last.span.end, newText: `, ${rendered.join(', ')}` }];
}

/** Replaces an expression's text. */
export function replaceExpression(expr: Expression, rendered: string): TextEdit[] {
  return [{ start: expr.span.start, end: expr.span.end, newText: rendered }];
}

/**
 * Appends `key = value` to an object, after its last member, with the member separator, comma
 * style and `=` alignment of the members already there. `value` is rendered for the member's indentation.
 */
export function appendObjectItem(
  text: string,
  object: ObjectExpr,
  key: string,
  renderValue: (indent: string) => string,
  layout: Layout,
): TextEdit[] {
  if (!object.closeBrace) return [];
  const close = object.closeBrace;
  const items = object.items;
  const last = items[items.length - 1];
  const separator = items[0]?.separator?.kind ?? '=';
  if (!last) {
    if (!/[\r\n]/.test(text.slice(object.span.start, close.start))) {
      return [{ start: object.span.start + 1, end: close.start, newText: ` ${member(key, separator, renderValue(lineIndent(text, close.start)))} ` }];
    }
    const closeIndent = lineIndent(text, close.start);
    const indent = closeIndent + layout.unit;
    return [{ start: object.span.start + 1, end: close.start, newText: `${layout.eol}${indent}${member(key, separator, renderValue(indent))}${layout.eol}${closeIndent}` }];
  }
  const lineEnd = lineEndAfter(text, last.span.end);
  const multiLine = lineEnd !== undefined && /[\r\n]/.test(text.slice(last.span.end, close.start));
  const comma = commaAfter(text, last.span.end);
  if (!multiLine) {
    const value = renderValue(lineIndent(text, object.span.start));
    return comma
      ? [{ start: comma.end, end: comma.end, newText: ` ${member(key, separator, value)},` }]
      : [{ start: last.span.end, end: last.span.end, newText: `, ${member(key, separator, value)}` }];
  }
  const indent = startsLine(text, last.span.start) ? lineIndent(text, last.span.start) : lineIndent(text, close.start) + layout.unit;
  const value = renderValue(indent);
  // Commas between members (`Effect = "Allow",`) are a style to keep; so is a trailing one.
  const usesCommas = items.slice(0, -1).some((item) => commaAfter(text, item.value.span.end) !== undefined) || comma !== undefined;
  const aligned = separator === '=' && !/[\r\n]/.test(value) ? alignWithRun(text, items, key) : { key, edits: [] };
  const added = `${layout.eol}${indent}${member(aligned.key, separator, value)}${comma ? ',' : ''}`;
  return [...aligned.edits, { start: last.span.end, end: lineEnd, newText: (usesCommas && !comma ? ',' : '') + text.slice(last.span.end, lineEnd) + added }];
}

function member(key: string, separator: '=' | ':', value: string): string {
  return separator === ':' ? `${key.trimEnd()}: ${value}` : `${key} = ${value}`;
}

/**
 * `terraform fmt` aligns the `=` of consecutive one-line members. When the members just above the
 * new one are aligned (or there is one), the new key joins their alignment, re-padding them if it
 * is the longest; an unaligned run is left as written.
 */
function alignWithRun(text: string, items: ObjectExpr['items'], key: string): { key: string; edits: TextEdit[] } {
  const run: ObjectExpr['items'][number][] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.separator?.kind !== '=' || /[\r\n]/.test(text.slice(item.key.span.start, item.value.span.end))) break;
    if (run.length > 0 && !startsLine(text, run[0]!.key.span.start)) break;
    if (!/^ +$/.test(text.slice(item.key.span.end, item.separator.span.start))) break;
    run.unshift(item);
  }
  if (run.length === 0) return { key, edits: [] };
  const column = (item: ObjectExpr['items'][number]): number => item.separator!.span.start - lineStart(text, item.separator!.span.start);
  const keyColumn = run[run.length - 1]!.key.span.start - lineStart(text, run[run.length - 1]!.key.span.start);
  if (run.some((item) => column(item) !== column(run[0]!) || item.key.span.start - lineStart(text, item.key.span.start) !== keyColumn)) {
    return { key, edits: [] };
  }
  const keyLength = (item: ObjectExpr['items'][number]): number => item.key.span.end - item.key.span.start;
  const width = Math.max(key.length, ...run.map(keyLength));
  const edits: TextEdit[] = [];
  for (const item of run) {
    const gap = ' '.repeat(width - keyLength(item) + 1);
    if (text.slice(item.key.span.end, item.separator!.span.start) !== gap) edits.push({ start: item.key.span.end, end: item.separator!.span.start, newText: gap });
  }
  return { key: key.padEnd(width), edits };
}

/**
 * Inserts rendered block lines after `after` (a sibling block or attribute), separated by a blank
 * line as `terraform fmt` leaves blocks, or at the end of `parent`'s body when there is no sibling.
 */
export function appendBlock(text: string, parent: Block, after: Span | undefined, lines: readonly string[], layout: Layout): TextEdit[] {
  if (!parent.closeBrace) return [];
  if (after) {
    const indent = lineIndent(text, after.start);
    const body = lines.map((line) => (line ? indent + line : line)).join(layout.eol);
    const end = lineEndAfter(text, after.end) ?? after.end;
    return [{ start: end, end, newText: `${layout.eol}${layout.eol}${body}` }];
  }
  const closeIndent = lineIndent(text, parent.closeBrace.start);
  const indent = closeIndent + layout.unit;
  const body = lines.map((line) => (line ? indent + line : line)).join(layout.eol);
  const bodyText = text.slice(parent.body.span.start, parent.body.span.end);
  if (bodyText.trim() === '') {
    return [{ start: parent.body.span.start, end: parent.closeBrace.start, newText: `${layout.eol}${body}${layout.eol}${closeIndent}` }];
  }
  const insertAt = lineStart(text, parent.closeBrace.start);
  return [{ start: insertAt, end: insertAt, newText: `${layout.eol}${body}${layout.eol}` }];
}

/** `name = value` lines of a block body, aligned like `terraform fmt`. */
export function attributeLines(entries: readonly { key: string; value: string }[], layout: Layout): string[] {
  return alignEquals(entries, layout).flatMap((line) => line.split(/\r?\n/));
}

/** The file's line break and indentation step (the smallest indentation in use, two spaces by default). */
export function detectLayout(text: string): Layout {
  const newline = text.indexOf('\n');
  const eol = newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
  if (/\n\t+\S/.test(text)) return { eol, unit: '\t' };
  let unit = Number.POSITIVE_INFINITY;
  for (const match of text.matchAll(/\n( +)\S/g)) unit = Math.min(unit, match[1]!.length);
  return { eol, unit: Number.isFinite(unit) ? ' '.repeat(Math.min(unit, 8)) : '  ' };
}
