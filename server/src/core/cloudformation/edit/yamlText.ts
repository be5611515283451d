/** Line geometry of a text, for edits that add or remove whole lines. */

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  let at = Math.min(offset, text.length);
  while (at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r') at--;
  return at;
}

/** The offset of the line break ending the line holding `offset` (or the text's end). */
export function lineEnd(text: string, offset: number): number {
  let at = Math.max(0, offset);
  while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
  return at;
}

/** Whether `text[start..end)` is only spaces and tabs. */
export function onlySpaces(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text[i] !== ' ' && text[i] !== '\t') return false;
  return true;
}

/** The smallest indentation step of a text's lines (2 spaces when it has none). */
export function indentStep(text: string): string {
  let unit = Number.POSITIVE_INFINITY;
  let previous = 0;
  for (const match of text.matchAll(/^( *)\S/gm)) {
    const width = match[1]!.length;
    if (width > previous) unit = Math.min(unit, width - previous);
    previous = width;
  }
  return ' '.repeat(Number.isFinite(unit) ? Math.max(1, Math.min(unit, 8)) : 2);
}
