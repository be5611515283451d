/**
 * A JSON string literal decoded, with where each decoded character came from: a policy stored as a
 * JSON string inside a plan file (`"policy": "{\"Version\": ...}"`) is parsed from the decoded text,
 * and every offset in it maps back to the plan file through `offsets`.
 */
export interface DecodedString {
  readonly value: string;
  /** `offsets[i]`: the file offset of decoded character `i`; `offsets[value.length]` is the closing quote. */
  readonly offsets: readonly number[];
}

/** Decodes the literal starting at `start` (the opening quote). Undefined when it is not a well-formed string. */
export function decodeJsonString(text: string, start: number, end: number): DecodedString | undefined {
  if (text.charCodeAt(start) !== 34 /* " */) return undefined;
  let value = '';
  const offsets: number[] = [];
  let i = start + 1;
  while (i < end) {
    const c = text[i]!;
    if (c === '"') {
      offsets.push(i);
      return { value, offsets };
    }
    if (c !== '\\') {
      offsets.push(i);
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (next !== undefined && simple[next] !== undefined) {
      offsets.push(i);
      value += simple[next];
      i += 2;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      offsets.push(i);
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** A decoded-text span as a file span (an end at the decoded length maps to the closing quote). */
export function fileSpan(decoded: DecodedString, start: number, end: number): { start: number; end: number } {
  const at = (i: number) => decoded.offsets[Math.max(0, Math.min(i, decoded.offsets.length - 1))]!;
  // Decoded [start, end) is the file text from the first character's escape up to the next character's.
  return end <= start ? { start: at(start), end: at(start) } : { start: at(start), end: at(end) };
}
