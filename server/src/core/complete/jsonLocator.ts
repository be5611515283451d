import { getLocation } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { parseJsonValue } from '../json/lower';
import { nestedTooDeep } from '../json/index';
import type { PNode, PObject, PolicyKind } from '../model';
import type { PolicyCursor, CursorSyntax } from './cursor';
import { wordAround } from './word';

/** Past this size a document is not located in (completion would not be instant anyway). */
const MAX_JSON_LENGTH = 2 * 1024 * 1024;

/**
 * Where the cursor is in JSON: the whole file (`base` 0), or JSON embedded in another file (a
 * Terraform heredoc: `text` is the embedded JSON, `base` its offset in the file, and offsets in and
 * out are the file's). Works on half-typed text: jsonc-parser's scanner ends an unterminated string
 * at the line break and the tree is read as far as it goes.
 */
export function locateInJson(text: string, offset: number, options: { base?: number; syntax?: CursorSyntax; kind?: PolicyKind } = {}): PolicyCursor | undefined {
  const base = options.base ?? 0;
  const local = offset - base;
  if (local < 0 || local > text.length || text.length > MAX_JSON_LENGTH || nestedTooDeep(text)) return undefined;
  const location = getLocation(text, local);
  const path = [...location.path];
  const node = location.previousNode;
  const syntax = options.syntax ?? { style: 'json', references: 'none' };

  // Inside a string literal (a member name or a value): the word is the string's content.
  if (node && (node.type === 'string' || node.type === 'property') && node.offset < local && local <= node.offset + node.length) {
    const closed = node.length >= 2 && text.charCodeAt(node.offset + node.length - 1) === 34 /* " */ && !escapedAt(text, node.offset + node.length - 1);
    const contentStart = node.offset + 1;
    // An unterminated string runs to the line's end (`["kms:Dec],` while typing): only the word at
    // the cursor is replaced, not the brackets after it.
    const contentEnd = closed ? node.offset + node.length - 1 : wordAround(text, local).end;
    if (local > contentEnd) return undefined; // after the closing quote
    return cursor(text, base, path, location.isAtPropertyKey ? 'name' : 'value', {
      prefix: text.slice(contentStart, local),
      replace: { start: base + contentStart, end: base + contentEnd },
      quoted: true,
      syntax,
      kind: options.kind,
    });
  }
  if (node && node.offset <= local && local < node.offset + node.length) return undefined; // inside a number or literal
  // Between tokens: a word typed without quotes (`"Effect": Al|`) or nothing yet.
  const word = wordAround(text, local);
  return cursor(text, base, path, location.isAtPropertyKey ? 'name' : 'value', {
    prefix: text.slice(word.start, local),
    replace: { start: base + word.start, end: base + word.end },
    quoted: false,
    syntax,
    kind: options.kind,
  });
}

function cursor(
  text: string,
  base: number,
  rawPath: (string | number)[],
  slot: 'name' | 'value',
  fields: Pick<PolicyCursor, 'prefix' | 'replace' | 'quoted' | 'syntax' | 'kind'>,
): PolicyCursor {
  // At a member name jsonc-parser's path ends with the name being typed; the object is its parent.
  const path = slot === 'name' ? rawPath.slice(0, -1) : rawPath;
  const errors: ParseError[] = [];
  const root = parseJsonValue(text, errors, base);
  const object = root ? nodeAt(root, path) : undefined;
  const typed = slot === 'name' ? String(rawPath[rawPath.length - 1] ?? '') : undefined;
  const siblings = object?.kind === 'object' ? object.entries.map((e) => e.key).filter((key) => key !== typed) : [];
  return {
    path,
    slot,
    ...fields,
    siblings,
    ...(root?.kind === 'object' ? { root } : {}),
    ...(fields.kind ? { kind: fields.kind } : {}),
  } as PolicyCursor;
}

/** The node at a path of member names (case-insensitive) and indexes. */
export function nodeAt(root: PNode, path: readonly (string | number)[]): PNode | undefined {
  let current: PNode | undefined = root;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = current.kind === 'array' ? current.items[step] : undefined;
    else current = current.kind === 'object' ? memberValue(current, step) : undefined;
  }
  return current;
}

function memberValue(object: PObject, name: string): PNode | undefined {
  const exact = object.entries.find((e) => e.key === name);
  return (exact ?? object.entries.find((e) => e.key.toLowerCase() === name.toLowerCase()))?.value;
}

function escapedAt(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}
