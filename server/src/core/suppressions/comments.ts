import { createScanner } from 'jsonc-parser';
import { CST, Lexer } from 'yaml';
import type { SourceLanguage } from '../model';
import type { Span } from '../text';

export interface Comment {
  /** The whole comment, delimiters included. */
  readonly span: Span;
  /** The text between the delimiters (`#`, `//`, `/* ... *\/`). */
  readonly body: string;
}

/**
 * The comments of a file as its own language reads them, and the stretches of text in which a line
 * break does not end a token (heredoc bodies, block comments, multi-line strings and scalars): a
 * comment line cannot be inserted there without changing what the file says.
 */
export interface CommentScan {
  readonly comments: readonly Comment[];
  readonly opaque: readonly Span[];
}

/** Comments in JSON/JSONC (`//`, `/* *\/`), Terraform (`#`, `//`, `/* *\/`) and YAML (`#`). Never throws. */
export function scanComments(language: SourceLanguage, text: string): CommentScan {
  try {
    if (language === 'terraform') return hclComments(text);
    if (language === 'yaml') return yamlComments(text);
    return jsonComments(text);
  } catch {
    return { comments: [], opaque: [] };
  }
}

/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot read). */
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;

function jsonComments(text: string): CommentScan {
  const comments: Comment[] = [];
  const opaque: Span[] = [];
  const scanner = createScanner(text, false);
  for (let kind: number = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind !== LINE_COMMENT && kind !== BLOCK_COMMENT) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    const raw = text.slice(start, end);
    if (kind === LINE_COMMENT) comments.push({ span: { start, end }, body: raw.slice(2) });
    else {
      comments.push({ span: { start, end }, body: raw.slice(2, raw.endsWith('*/') && raw.length >= 4 ? -2 : undefined) });
      opaque.push({ start, end });
    }
  }
  return { comments, opaque };
}

type HclMode = { readonly kind: 'string' } | { kind: 'interpolation'; depth: number };

/**
 * HCL's comments, found by walking its lexical structure: quoted templates (which end at a line
 * break, as HCL recovers), interpolations nested in them, heredocs (whose body is text), and comments.
 */
function hclComments(text: string): CommentScan {
  const comments: Comment[] = [];
  const opaque: Span[] = [];
  const stack: HclMode[] = [];
  const n = text.length;
  // Jump to the next character that can change the state; everything between is plain text.
  const codeStop = /[#/"<{}]/g;
  const stringStop = /[\\"\r\n$%]/g;
  let i = 0;
  while (i < n) {
    const mode = stack[stack.length - 1];
    const stop = mode?.kind === 'string' ? stringStop : codeStop;
    stop.lastIndex = i;
    if (!stop.exec(text)) break;
    i = stop.lastIndex - 1;
    const c = text[i]!;
    const next = text[i + 1];
    if (mode?.kind === 'string') {
      if (c === '\\') i += 2;
      else if (c === '"') {
        stack.pop();
        i++;
      } else if (c === '\n' || c === '\r') {
        stack.pop();
      } else if (next === c && text[i + 2] === '{') {
        i += 3; // `$${` and `%%{` are literal
      } else if (next === '{') {
        stack.push({ kind: 'interpolation', depth: 0 });
        i += 2;
      } else i++;
      continue;
    }
    if (c === '#' || (c === '/' && next === '/')) {
      const end = lineEnd(text, i);
      comments.push({ span: { start: i, end }, body: text.slice(i + (c === '#' ? 1 : 2), end) });
      i = end;
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      comments.push({ span: { start: i, end }, body: text.slice(i + 2, close < 0 ? n : close) });
      opaque.push({ start: i, end });
      i = end;
    } else if (c === '"') {
      stack.push({ kind: 'string' });
      i++;
    } else if (c === '<' && next === '<') {
      const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (!heredoc) {
        i += 2;
        continue;
      }
      const bodyStart = i + heredoc[0].length;
      const end = heredocEnd(text, bodyStart, heredoc[1]!);
      opaque.push({ start: bodyStart, end });
      i = end;
    } else if (mode?.kind === 'interpolation' && c === '{') {
      mode.depth++;
      i++;
    } else if (mode?.kind === 'interpolation' && c === '}') {
      if (mode.depth === 0) stack.pop();
      else mode.depth--;
      i++;
    } else i++;
  }
  return { comments, opaque };
}

/** Where a heredoc ends: after its terminator line (which may be indented), or at the end of the text. */
function heredocEnd(text: string, bodyStart: number, marker: string): number {
  let lineStart = bodyStart;
  while (lineStart < text.length) {
    const end = lineEnd(text, lineStart);
    if (text.slice(lineStart, end).trim() === marker) return end;
    lineStart = nextLineStart(text, end);
  }
  return text.length;
}

/** YAML through the `yaml` package's lexer: a `#` inside a scalar (block, quoted, plain) is text. */
function yamlComments(text: string): CommentScan {
  const comments: Comment[] = [];
  const opaque: Span[] = [];
  let offset = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    // The lexer's markers for a document start, a scalar and the end of a flow collection take no text.
    if (token === '\x02' || token === '\x18') continue;
    if (token === '\x1f') {
      scalarNext = true;
      continue;
    }
    const start = offset;
    offset += token.length;
    if (scalarNext) {
      scalarNext = false;
      if (/[\r\n]/.test(token.replace(/[\r\n]+$/, ''))) opaque.push({ start, end: offset });
      continue;
    }
    if (CST.tokenType(token) === 'comment') comments.push({ span: { start, end: offset }, body: token.slice(1) });
  }
  return { comments, opaque };
}

export function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

export function nextLineStart(text: string, lineEndOffset: number): number {
  if (text[lineEndOffset] === '\r' && text[lineEndOffset + 1] === '\n') return lineEndOffset + 2;
  return Math.min(text.length, lineEndOffset + 1);
}
