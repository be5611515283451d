/**
 * An on-demand HCL2 token scanner: the parser asks for the token at an offset, so template and
 * heredoc bodies (which are not token streams) can be read character by character in between.
 */

export type TokenType =
  | 'eof'
  | 'newline'
  | 'ident'
  | 'number'
  /** The opening `"` of a quoted template; the parser reads the template itself. */
  | 'quote'
  /** `<<EOT` or `<<-EOT`; the parser reads the body itself. */
  | 'heredoc'
  | '{' | '}' | '[' | ']' | '(' | ')'
  | '=' | ':' | '::' | ',' | '.' | '...' | '?' | '!' | '~'
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||' | '=>'
  | 'invalid';

export interface Token {
  readonly type: TokenType;
  readonly start: number;
  readonly end: number;
}

export interface LexProblem {
  readonly kind: 'unterminated-comment';
  readonly start: number;
  readonly end: number;
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;

export function isIdentStart(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
  return NON_ASCII_ID_START.test(String.fromCharCode(code));
}

export function isIdentPart(code: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45;
  }
  return NON_ASCII_ID_PART.test(String.fromCharCode(code));
}

const NON_ASCII_ID_START = /[\p{ID_Start}]/u;
const NON_ASCII_ID_PART = /[\p{ID_Continue}]/u;

function tok(start: number, type: TokenType, length: number): Token {
  return { type, start, end: start + length };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Scans tokens out of `text`, never past `limit` (heredoc bodies set it so an interpolation cannot
 * run out of its heredoc). Spaces, tabs and comments are skipped; line breaks are tokens, and a
 * line comment leaves its line break in place so it still ends an attribute.
 */
export class Scanner {
  limit: number;

  constructor(readonly text: string, private readonly onProblem: (problem: LexProblem) => void) {
    this.limit = text.length;
  }

  /** The first token at or after `pos`, optionally skipping line breaks too. */
  tokenAt(pos: number, skipNewlines: boolean): Token {
    const text = this.text;
    const limit = this.limit;
    let i = pos;
    for (;;) {
      if (i >= limit) return { type: 'eof', start: limit, end: limit };
      const c = text.charCodeAt(i);
      if (c === CH_SPACE || c === CH_TAB || c === 0xfeff) {
        i++;
      } else if (c === CH_LF || c === CH_CR) {
        if (!skipNewlines) {
          const end = c === CH_CR && text.charCodeAt(i + 1) === CH_LF && i + 1 < limit ? i + 2 : i + 1;
          return { type: 'newline', start: i, end };
        }
        i++;
      } else if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47 && i + 1 < limit)) {
        while (i < limit && text.charCodeAt(i) !== CH_LF && text.charCodeAt(i) !== CH_CR) i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */ && i + 1 < limit) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0 || close + 2 > limit) {
          this.onProblem({ kind: 'unterminated-comment', start: i, end: limit });
          i = limit;
        } else {
          i = close + 2;
        }
      } else {
        return this.scanToken(i, c);
      }
    }
  }

  private scanToken(i: number, c: number): Token {
    const text = this.text;
    const limit = this.limit;
    const next = i + 1 < limit ? text.charCodeAt(i + 1) : -1;
    
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < limit && isIdentPart(text.charCodeAt(j))) j++;
      return { type: 'ident', start: i, end: j };
    }
    if (isDigit(c)) return { type: 'number', start: i, end: this.scanNumber(i) };
    switch (c) {
      case 34: return tok(i, 'quote', 1);
      case 123: return tok(i, '{', 1);
      case 125: return tok(i, '}', 1);
      case 91: return tok(i, '[', 1);
      case 93: return tok(i, ']', 1);
      case 40: return tok(i, '(', 1);
      case 41: return tok(i, ')', 1);
      case 44: return tok(i, ',', 1);
      case 63: return tok(i, '?', 1);
      case 126: return tok(i, '~', 1);
      case 43: return tok(i, '+', 1);
      case 45: return tok(i, '-', 1);
      case 42: return tok(i, '*', 1);
      case 47: return tok(i, '/', 1);
      case 37: return tok(i, '%', 1);
      case 61: // =
        if (next === 61) return tok(i, '==', 2);
        if (next === 62) return tok(i, '=>', 2);
        return tok(i, '=', 1);
      case 58: // :
        return next === 58 ? tok(i, '::', 2) : tok(i, ':', 1);
      case 46: // .
        if (next === 46 && i + 2 < limit && text.charCodeAt(i + 2) === 46) return tok(i, '...', 3);
        return tok(i, '.', 1);
      case 33: // !
        return next === 61 ? tok(i, '!=', 2) : tok(i, '!', 1);
      case 62: // >
        return next === 61 ? tok(i, '>=', 2) : tok(i, '>', 1);
      case 60: { // <
        if (next === 61) return tok(i, '<=', 2);
        if (next === 60) {
          const heredocEnd = this.scanHeredocIntro(i);
          if (heredocEnd > 0) return { type: 'heredoc', start: i, end: heredocEnd };
        }
        return tok(i, '<', 1);
      }
      case 38: // &
        return next === 38 ? tok(i, '&&', 2) : tok(i, 'invalid', 1);
      case 124: // |
        return next === 124 ? tok(i, '||', 2) : tok(i, 'invalid', 1);
      default: {
        // One whole code point, so a stray emoji is one problem, not two.
        const high = c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
        return tok(i, 'invalid', high ? 2 : 1);
      }
    }
  }

  private scanNumber(i: number): number {
    const text = this.text;
    const limit = this.limit;
    let j = i;
    while (j < limit && isDigit(text.charCodeAt(j))) j++;
    if (j + 1 < limit && text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
      j += 2;
      while (j < limit && isDigit(text.charCodeAt(j))) j++;
    }
    const e = text.charCodeAt(j);
    if (j < limit && (e === 101 || e === 69)) {
      let k = j + 1;
      const sign = text.charCodeAt(k);
      if (k < limit && (sign === 43 || sign === 45)) k++;
      if (k < limit && isDigit(text.charCodeAt(k))) {
        while (k < limit && isDigit(text.charCodeAt(k))) k++;
        j = k;
      }
    }
    return j;
  }

  /** `<<EOT` / `<<-EOT`: returns the end of the marker, or -1 when `<<` starts no heredoc. */
  private scanHeredocIntro(i: number): number {
    const text = this.text;
    let j = i + 2;
    if (j < this.limit && text.charCodeAt(j) === 45) j++;
    if (j >= this.limit || !isIdentStart(text.charCodeAt(j))) return -1;
    j++;
    while (j < this.limit && isIdentPart(text.charCodeAt(j))) j++;
    return j;
  }
}

/** Whether `offset` is the first character of its line. */
export function isLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const c = text.charCodeAt(offset - 1);
  return c === CH_LF || c === CH_CR;
}

/** Whether a line break lies in `[from, to)`. */
export function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_LF || c === CH_CR) return true;
  }
  return false;
}
