import type { Span } from '../../text';
import type {
  Attribute,
  BinaryOperator,
  Block,
  Body,
  BodyItem,
  CallExpr,
  Expression,
  ForExpr,
  HclParseResult,
  HclProblem,
  HeredocExpr,
  Identifier,
  InvalidExpr,
  Label,
  ObjectExpr,
  ObjectItem,
  TemplateDirective,
  TemplateExpr,
  TemplatePart,
  TraversalStep,
  TupleExpr,
} from './ast';
import { hasLineBreak, isIdentPart, isIdentStart, isLineStart, Scanner, type Token, type TokenType } from './lexer';
import { problemText, type ProblemText } from './messages';

/** Deeper nesting is skipped with a problem, so hostile input cannot overflow the stack. */
export const MAX_NESTING = 500;

/** Names that start a Terraform top-level block; at column 0 they close whatever is still open. */
const TOP_LEVEL_KEYWORDS = new Set([
  'resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform',
  'moved', 'import', 'check', 'removed', 'ephemeral',
]);

const BINARY_PRECEDENCE: Partial<Record<TokenType, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3, '!=': 3,
  '<': 4, '>': 4, '<=': 4, '>=': 4,
  '+': 5, '-': 5,
  '*': 6, '/': 6, '%': 6,
};

const OPENERS: Partial<Record<TokenType, TokenType>> = { '{': '}', '[': ']', '(': ')' };


type Closer = '}' | ']' | ')' | 'eof';

interface Frame {
  readonly kind: 'body' | 'object' | 'sequence' | 'parens' | 'for' | 'index' | 'template';
  /** The token that ends this construct. */
  readonly closer: Closer;
  /** Whether line breaks are tokens here (bodies, objects) or whitespace (brackets, parentheses). */
  readonly newlines: boolean;
}

const FILE_FRAME: Frame = { kind: 'body', closer: 'eof', newlines: true };
const BODY_FRAME: Frame = { kind: 'body', closer: '}', newlines: true };
const OBJECT_FRAME: Frame = { kind: 'object', closer: '}', newlines: true };
const TUPLE_FRAME: Frame = { kind: 'sequence', closer: ']', newlines: false };
const CALL_FRAME: Frame = { kind: 'sequence', closer: ')', newlines: false };
const PARENS_FRAME: Frame = { kind: 'parens', closer: ')', newlines: false };
const INDEX_FRAME: Frame = { kind: 'index', closer: ']', newlines: false };
const FOR_TUPLE_FRAME: Frame = { kind: 'for', closer: ']', newlines: false };
const FOR_OBJECT_FRAME: Frame = { kind: 'for', closer: '}', newlines: false };
// Inside a quoted string a line break ends the sequence, so a half-typed `"${foo.` cannot eat the next line.
const QUOTED_SEQUENCE_FRAME: Frame = { kind: 'template', closer: '}', newlines: true };
const HEREDOC_SEQUENCE_FRAME: Frame = { kind: 'template', closer: '}', newlines: false };

const STRIP_START = 1;
const STRIP_END = 2;

/** Parses HCL2 native syntax. Never throws; problems are collected and the tree keeps everything that parsed. */
export function parseHcl(text: string): HclParseResult {
  return new Parser(text).parseFile();
}

class Parser {
  private readonly scanner: Scanner;
  private readonly problems: HclProblem[] = [];
  private readonly problemStarts = new Set<number>();
  private readonly frames: Frame[] = [FILE_FRAME];
  private pos = 0;
  /** End of the last consumed token. */
  private lastEnd = 0;
  private depth = 0;
  private tooDeepReported = false;

  private cachePos = -1;
  private cacheSkip = false;
  private cacheLimit = -1;
  private cacheToken: Token = { type: 'eof', start: 0, end: 0 };

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text, (problem) => {
      this.report({ start: problem.start, end: problem.end }, problemText.unterminatedComment());
    });
  }

  parseFile(): HclParseResult {
    const items = this.parseBodyItems();
    return {
      body: { kind: 'body', items, span: { start: 0, end: this.text.length } },
      problems: this.problems.sort((a, b) => a.span.start - b.span.start),
    };
  }

  // ---------------------------------------------------------------- tokens

  private get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private peek(): Token {
    const skip = !this.frame.newlines;
    if (this.pos !== this.cachePos || skip !== this.cacheSkip || this.scanner.limit !== this.cacheLimit) {
      this.cacheToken = this.scanner.tokenAt(this.pos, skip);
      this.cachePos = this.pos;
      this.cacheSkip = skip;
      this.cacheLimit = this.scanner.limit;
    }
    return this.cacheToken;
  }

  private tokenAfter(tok: Token): Token {
    return this.scanner.tokenAt(tok.end, !this.frame.newlines);
  }

  private advance(tok: Token): void {
    this.pos = tok.end;
    this.lastEnd = tok.end;
  }

  private tokenText(tok: Token): string {
    return this.text.slice(tok.start, tok.end);
  }

  private describe(tok: Token): string {
    switch (tok.type) {
      case 'eof': return 'end of file';
      case 'newline': return 'line break';
      case 'quote': return 'string';
      case 'heredoc': return 'heredoc';
      case 'ident': return `"${this.tokenText(tok)}"`;
      case 'number': return `number ${this.tokenText(tok)}`;
      default: return `"${this.tokenText(tok)}"`;
    }
  }

  private report(span: Span, message: ProblemText): void {
    // One problem per offset: recovery often trips over the same token twice.
    if (this.problemStarts.has(span.start)) return;
    this.problemStarts.add(span.start);
    this.problems.push({ message: message.en, messageJa: message.ja, span: { start: span.start, end: span.end } });
  }

  // Frames are pushed and popped around each construct; the parser never throws, so no try/finally.
  private pushFrame(frame: Frame): void {
    this.frames.push(frame);
  }

  private popFrame(): void {
    this.frames.pop();
  }

  /**
   * Whether `tok` closes a construct that encloses the current one, which is then taken as unclosed.
   * A closer counts only when what follows it fits the construct it would close (a stray `)` in
   * `["a"),` is followed by `,`, which cannot follow the `jsonencode(...)` it would close).
   */
  private closesEnclosing(tok: Token): boolean {
    let index = -1;
    for (let i = this.frames.length - 2; i >= 0; i--) {
      if (this.frames[i]!.closer === tok.type) {
        index = i;
        break;
      }
    }
    if (index < 0) return false;
    const closed = this.frames[index]!;
    if (closed.kind === 'template' || index === 0) return true;
    const outer = this.frames[index - 1]!;
    const next = this.scanner.tokenAt(tok.end, !outer.newlines);
    switch (next.type) {
      case 'eof': case 'newline': case '.': case '[': case '?': case ':': case '...':
        return true;
      case ',':
        return outer.kind === 'object' || outer.kind === 'sequence';
      default:
        return next.type === outer.closer || BINARY_PRECEDENCE[next.type] !== undefined;
    }
  }

  /**
   * A block header (`resource "a" "b" {`, `locals {`) at column 0 while something is still open: the
   * open construct is taken as unclosed, as HCL's own recovery does, so the rest of the file parses.
   */
  private atTopLevelBlockStart(tok: Token): boolean {
    if (tok.type !== 'ident' || this.frames.length <= 1 || !isLineStart(this.text, tok.start)) return false;
    const labels = this.blockHeaderLabels(tok.end);
    return labels > 0 || (labels === 0 && TOP_LEVEL_KEYWORDS.has(this.tokenText(tok)));
  }

  /** Counts the labels between a block type and `{` on the same line, or -1 when no `{` follows. */
  private blockHeaderLabels(from: number): number {
    let p = from;
    let labels = 0;
    for (;;) {
      const tok = this.scanner.tokenAt(p, false);
      if (tok.type === '{') return labels;
      if (tok.type === 'ident') {
        p = tok.end;
      } else if (tok.type === 'quote') {
        const end = this.skipRawString(tok.start);
        if (this.text.charCodeAt(end - 1) !== 34 || end - 1 === tok.start) return -1;
        p = end;
      } else {
        return -1;
      }
      labels++;
    }
  }

  /** In a bracket where line breaks do not count, `name =` on a new line means the bracket was left open. */
  private atAttributeStart(tok: Token): boolean {
    if (tok.type !== 'ident' && tok.type !== 'quote') return false;
    if (!hasLineBreak(this.text, this.lastEnd, tok.start)) return false;
    const end = tok.type === 'quote' ? this.skipRawString(tok.start) : tok.end;
    return this.scanner.tokenAt(end, false).type === '=';
  }

  /** The end of a quoted string without parsing it: after its closing quote, or at the line break. */
  private skipRawString(start: number): number {
    const text = this.text;
    const limit = this.scanner.limit;
    let i = start + 1;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === 34) return i + 1;
      if (c === 10 || c === 13) return i;
      i += c === 92 ? 2 : 1;
    }
    return limit;
  }

  /**
   * The end of a quoted template without parsing it, following nested `${ "..." }` strings; a line
   * break outside an interpolation ends it, as in parsing.
   */
  private skipQuoted(start: number): number {
    const text = this.text;
    const limit = this.scanner.limit;
    const STRING = 0;
    const SEQUENCE = 1;
    const BRACE = 2;
    const stack = [STRING];
    let i = start + 1;
    while (i < limit && stack.length > 0) {
      const c = text.charCodeAt(i);
      if (stack[stack.length - 1] === STRING) {
        if (c === 34) {
          stack.pop();
        } else if (c === 10 || c === 13) {
          return i;
        } else if (c === 92) {
          i++;
        } else if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
          i += 2;
        } else if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === 123) {
          stack.push(SEQUENCE);
          i++;
        }
      } else if (c === 34) {
        stack.push(STRING);
      } else if (c === 123) {
        stack.push(BRACE);
      } else if (c === 125) {
        stack.pop();
      }
      i++;
    }
    return Math.min(i, limit);
  }

  /**
   * Skips to the end of the line (consuming the line break), stepping over bracketed parts as HCL's
   * recovery does, but stopping at the current construct's closer and at a column-0 block header.
   */
  private recoverToLineEnd(): void {
    let nesting = 0;
    for (;;) {
      const tok = this.scanner.tokenAt(this.pos, nesting > 0);
      if (tok.type === 'eof') return;
      if (nesting === 0) {
        if (tok.type === 'newline') {
          this.advance(tok);
          return;
        }
        if (tok.type === this.frame.closer) return;
      } else if (this.atTopLevelBlockStart(tok)) {
        return;
      }
      if (OPENERS[tok.type]) nesting++;
      else if ((tok.type === '}' || tok.type === ']' || tok.type === ')') && nesting > 0) nesting--;
      this.skipToken(tok);
    }
  }

  /** Consumes one token; strings and heredocs are consumed whole. */
  private skipToken(tok: Token): void {
    if (tok.type === 'quote') {
      this.pos = this.lastEnd = this.skipQuoted(tok.start);
    } else if (tok.type === 'heredoc') {
      this.pos = this.lastEnd = this.heredocExtent(tok).end;
    } else {
      if (tok.type === 'invalid') this.report(tok, problemText.invalidCharacter(this.tokenText(tok)));
      this.advance(tok);
    }
  }

  /** Skips a balanced bracketed region (or one token) without recursion. */
  private skipBalanced(): Span {
    const start = this.peek().start;
    let nesting = 0;
    for (;;) {
      const tok = this.scanner.tokenAt(this.pos, true);
      if (tok.type === 'eof') break;
      if (OPENERS[tok.type]) nesting++;
      else if (tok.type === '}' || tok.type === ']' || tok.type === ')') nesting--;
      this.skipToken(tok);
      if (nesting <= 0) break;
    }
    return { start, end: Math.max(start, this.lastEnd) };
  }

  private tooDeep(): InvalidExpr {
    const tok = this.peek();
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.report(tok, problemText.tooDeep(MAX_NESTING));
    }
    if (tok.type === 'eof' || tok.type === 'newline' || tok.type === this.frame.closer) {
      return { kind: 'invalid', span: { start: this.lastEnd, end: this.lastEnd } };
    }
    return { kind: 'invalid', span: this.skipBalanced() };
  }

  // ---------------------------------------------------------------- bodies

  /** Attributes and blocks until the frame's closer (left unconsumed) or end of file. */
  private parseBodyItems(): BodyItem[] {
    const items: BodyItem[] = [];
    const nested = this.frame.closer === '}';
    for (;;) {
      const tok = this.peek();
      if (tok.type === 'newline') {
        this.advance(tok);
        continue;
      }
      if (tok.type === 'eof') break;
      if (tok.type === '}' && nested) break;
      if (nested && this.atTopLevelBlockStart(tok)) break;
      const before = this.pos;
      if (tok.type === 'ident') {
        items.push(this.parseBodyItem(tok));
      } else {
        this.report(tok, problemText.unexpected(this.describe(tok), 'an attribute or a block'));
        if (tok.type === '}' || tok.type === ']' || tok.type === ')') this.advance(tok);
        else this.recoverToLineEnd();
      }
      if (this.pos === before) this.skipToken(this.scanner.tokenAt(this.pos, false));
    }
    return items;
  }

  private parseBodyItem(nameTok: Token): BodyItem {
    const name = this.tokenText(nameTok);
    const nameSpan = { start: nameTok.start, end: nameTok.end };
    this.advance(nameTok);
    const next = this.peek();

    if (next.type === '=') {
      this.advance(next);
      const value = this.parseAttributeValue(name);
      const attribute: Attribute = {
        kind: 'attribute', name, nameSpan, equalsSpan: { start: next.start, end: next.end }, value,
        span: { start: nameTok.start, end: Math.max(value.span.end, next.end) },
      };
      this.expectLineEnd();
      return attribute;
    }

    if (next.type === '{' || ((next.type === 'quote' || next.type === 'ident') && this.blockHeaderLabels(next.start) >= 0)) {
      return this.parseBlock(nameTok);
    }

    // `effect "Allow"` or `effect: "Allow"`: keep the value, report the missing `=`.
    this.report({ start: nameTok.end, end: nameTok.end }, problemText.missingEquals(name));
    if (next.type === ':') this.advance(next);
    const valueTok = this.peek();
    const value: Expression = this.canStartExpression(valueTok)
      ? this.parseExpression()
      : { kind: 'invalid', span: { start: this.lastEnd, end: this.lastEnd } };
    this.expectLineEnd();
    return { kind: 'attribute', name, nameSpan, value, span: { start: nameTok.start, end: Math.max(value.span.end, nameTok.end) } };
  }

  private parseAttributeValue(name: string): Expression {
    const tok = this.peek();
    if (tok.type === 'newline' || tok.type === 'eof' || tok.type === this.frame.closer) {
      this.report({ start: this.lastEnd, end: this.lastEnd }, problemText.missingValueAfterEquals(name));
      return { kind: 'invalid', span: { start: this.lastEnd, end: this.lastEnd } };
    }
    return this.parseExpression();
  }

  private canStartExpression(tok: Token): boolean {
    switch (tok.type) {
      case 'ident': case 'number': case 'quote': case 'heredoc': case '[': case '{': case '(': case '-': case '!':
        return true;
      default:
        return false;
    }
  }

  /** After an attribute or block: a line break, the end of the enclosing body, or the end of the file. */
  private expectLineEnd(): void {
    const tok = this.peek();
    if (tok.type === 'newline') {
      this.advance(tok);
      return;
    }
    if (tok.type === 'eof' || tok.type === this.frame.closer) return;
    // Recovery inside the value may already have crossed a line break (or stopped at a line start).
    if (hasLineBreak(this.text, this.lastEnd, tok.start) || isLineStart(this.text, tok.start)) return;
    this.report(tok, problemText.unexpected(this.describe(tok), 'a line break'));
    this.recoverToLineEnd();
  }

  private parseBlock(typeTok: Token): Block {
    const type = this.tokenText(typeTok);
    const labels: Label[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.type === 'ident') {
        labels.push({ value: this.tokenText(tok), quoted: false, span: { start: tok.start, end: tok.end } });
        this.advance(tok);
      } else if (tok.type === 'quote') {
        const template = this.parseQuoted(tok);
        let value = '';
        for (const part of template.parts) {
          if (part.kind === 'literal') value += part.value;
          else this.report(part.span, problemText.labelNotLiteral());
        }
        labels.push({ value, quoted: true, span: template.span });
      } else {
        break;
      }
    }
    const open = this.peek();
    // blockHeaderLabels() promised the brace.
    this.advance(open);
    const openBrace = { start: open.start, end: open.end };

    if (this.depth >= MAX_NESTING) {
      this.pos = open.start;
      const skipped = this.tooDeep();
      const body: Body = { kind: 'body', items: [], span: { start: open.end, end: Math.max(open.end, skipped.span.end - 1) } };
      return { kind: 'block', type, typeSpan: { start: typeTok.start, end: typeTok.end }, labels, body, openBrace, span: { start: typeTok.start, end: skipped.span.end } };
    }
    this.depth++;
    this.pushFrame(BODY_FRAME);
    const items = this.parseBodyItems();
    this.popFrame();
    this.depth--;

    const close = this.peek();
    let closeBrace: Span | undefined;
    if (close.type === '}') {
      this.advance(close);
      closeBrace = { start: close.start, end: close.end };
    } else {
      this.report(openBrace, problemText.unclosed('"{"', '"}"', `block "${type}"`));
    }
    const bodyEnd = closeBrace ? closeBrace.start : Math.max(open.end, this.lastEnd);
    const block: Block = {
      kind: 'block', type, typeSpan: { start: typeTok.start, end: typeTok.end }, labels,
      body: { kind: 'body', items, span: { start: open.end, end: bodyEnd } },
      openBrace, closeBrace, span: { start: typeTok.start, end: Math.max(open.end, this.lastEnd) },
    };
    if (closeBrace) this.expectLineEnd();
    return block;
  }

  // ---------------------------------------------------------------- expressions

  parseExpression(): Expression {
    if (this.depth >= MAX_NESTING) return this.tooDeep();
    this.depth++;
    const condition = this.parseBinary();
    let result = condition;
    const question = this.peek();
    if (question.type === '?' && condition.kind !== 'invalid') {
      this.advance(question);
      const trueExpr = this.parseExpression();
      const colon = this.peek();
      let falseExpr: Expression;
      if (colon.type === ':') {
        this.advance(colon);
        falseExpr = this.parseExpression();
      } else {
        this.report(colon, problemText.unexpected(this.describe(colon), '":" of the conditional'));
        falseExpr = { kind: 'invalid', span: { start: this.lastEnd, end: this.lastEnd } };
      }
      result = { kind: 'conditional', condition, trueExpr, falseExpr, span: { start: condition.span.start, end: Math.max(falseExpr.span.end, this.lastEnd) } };
    }
    this.depth--;
    return result;
  }

  /** Left-associative binary operators by precedence, with explicit stacks instead of recursion. */
  private parseBinary(): Expression {
    const first = this.parseUnary();
    if (BINARY_PRECEDENCE[this.peek().type] === undefined) return first;
    const operands: Expression[] = [first];
    const operators: { op: BinaryOperator; span: Span; precedence: number }[] = [];
    for (;;) {
      const tok = this.peek();
      const precedence = BINARY_PRECEDENCE[tok.type];
      if (precedence === undefined) break;
      this.advance(tok);
      while (operators.length > 0 && operators[operators.length - 1]!.precedence >= precedence) reduceBinary(operands, operators);
      operators.push({ op: tok.type as BinaryOperator, span: { start: tok.start, end: tok.end }, precedence });
      operands.push(this.parseUnary());
    }
    while (operators.length > 0) reduceBinary(operands, operators);
    return operands[0]!;
  }

  private parseUnary(): Expression {
    const tok = this.peek();
    if (tok.type !== '-' && tok.type !== '!') return this.parsePostfix();
    if (this.depth >= MAX_NESTING) return this.tooDeep();
    this.advance(tok);
    this.depth++;
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'unary', op: tok.type, operand, span: { start: tok.start, end: Math.max(operand.span.end, tok.end) } };
  }

  private parsePostfix(): Expression {
    let expr = this.parseTerm();
    if (expr.kind === 'invalid') return expr;
    for (;;) {
      const tok = this.peek();
      if (tok.type === '.') {
        const after = this.tokenAfter(tok);
        if (after.type === '*') {
          this.advance(tok);
          this.advance(after);
          const steps = this.parseSplatSteps(false);
          expr = { kind: 'splat', source: expr, form: 'attr', steps, span: { start: expr.span.start, end: this.lastEnd } };
          continue;
        }
        const step = this.parseDotStep(tok);
        expr = step.kind === 'attr'
          ? { kind: 'getattr', object: expr, name: step.name, nameSpan: step.nameSpan, span: { start: expr.span.start, end: this.lastEnd } }
          : { kind: 'index', collection: expr, key: step.key, legacy: true, span: { start: expr.span.start, end: this.lastEnd } };
      } else if (tok.type === '[') {
        const after = this.scanner.tokenAt(tok.end, true);
        if (after.type === '*') {
          const afterStar = this.scanner.tokenAt(after.end, true);
          if (afterStar.type === ']') {
            this.advance(tok);
            this.advance(after);
            this.advance(afterStar);
            const steps = this.parseSplatSteps(true);
            expr = { kind: 'splat', source: expr, form: 'full', steps, span: { start: expr.span.start, end: this.lastEnd } };
            continue;
          }
        }
        const key = this.parseIndexKey(tok);
        expr = { kind: 'index', collection: expr, key, legacy: false, span: { start: expr.span.start, end: this.lastEnd } };
      } else {
        return expr;
      }
    }
  }

  /** `.name` or the legacy `.0`; the `.` token is current. */
  private parseDotStep(dot: Token): { kind: 'attr'; name: string; nameSpan: Span } | { kind: 'index'; key: Expression } {
    this.advance(dot);
    const tok = this.peek();
    if (tok.type === 'ident') {
      this.advance(tok);
      return { kind: 'attr', name: this.tokenText(tok), nameSpan: { start: tok.start, end: tok.end } };
    }
    if (tok.type === 'number') {
      // `a.0.1` scans `0.1` as one number; only the digits before the dot are this step.
      let end = tok.start;
      while (end < tok.end && this.text.charCodeAt(end) >= 48 && this.text.charCodeAt(end) <= 57) end++;
      this.pos = this.lastEnd = end;
      return { kind: 'index', key: { kind: 'literal', value: Number(this.text.slice(tok.start, end)), span: { start: tok.start, end } } };
    }
    // Half-typed `aws_kms_key.`: keep the reference with an empty name so the rest stays usable.
    this.report({ start: dot.start, end: dot.end }, problemText.expectedName('"."'));
    return { kind: 'attr', name: '', nameSpan: { start: dot.end, end: dot.end } };
  }

  private parseIndexKey(open: Token): Expression {
    this.advance(open);
    this.pushFrame(INDEX_FRAME);
    const key = this.parseExpression();
    const close = this.peek();
    if (close.type === ']') this.advance(close);
    else this.report(open, problemText.unclosed('"["', '"]"', 'index'));
    this.popFrame();
    return key;
  }

  private parseSplatSteps(full: boolean): TraversalStep[] {
    const steps: TraversalStep[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.type === '.') {
        const after = this.tokenAfter(tok);
        if (after.type !== 'ident' && after.type !== 'number') return steps;
        const step = this.parseDotStep(tok);
        steps.push(step.kind === 'attr'
          ? { kind: 'attr', name: step.name, span: { start: tok.start, end: this.lastEnd } }
          : { kind: 'index', key: step.key, span: { start: tok.start, end: this.lastEnd } });
      } else if (tok.type === '[' && full) {
        const after = this.scanner.tokenAt(tok.end, true);
        if (after.type === '*') return steps;
        const key = this.parseIndexKey(tok);
        steps.push({ kind: 'index', key, span: { start: tok.start, end: this.lastEnd } });
      } else {
        return steps;
      }
    }
  }

  private parseTerm(): Expression {
    const tok = this.peek();
    switch (tok.type) {
      case 'number':
        this.advance(tok);
        return { kind: 'literal', value: Number(this.tokenText(tok)), span: { start: tok.start, end: tok.end } };
      case 'ident': {
        const name = this.tokenText(tok);
        const after = this.tokenAfter(tok);
        if (after.type === '(' || after.type === '::') return this.parseCall(tok);
        this.advance(tok);
        const span = { start: tok.start, end: tok.end };
        if (name === 'true') return { kind: 'literal', value: true, span };
        if (name === 'false') return { kind: 'literal', value: false, span };
        if (name === 'null') return { kind: 'literal', value: null, span };
        return { kind: 'variable', name, span };
      }
      case 'quote':
        return this.parseQuoted(tok);
      case 'heredoc':
        return this.parseHeredoc(tok);
      case '[':
        return this.parseTuple(tok);
      case '{':
        return this.parseObject(tok);
      case '(':
        return this.parseParens(tok);
      default: {
        const found = tok.type === 'newline' || tok.type === 'eof' ? { start: this.lastEnd, end: this.lastEnd } : tok;
        this.report(found, problemText.expectedExpression(this.describe(tok)));
        if (tok.type === 'invalid') this.advance(tok);
        return { kind: 'invalid', span: tok.type === 'invalid' ? { start: tok.start, end: tok.end } : { start: this.lastEnd, end: this.lastEnd } };
      }
    }
  }

  private parseParens(open: Token): Expression {
    this.advance(open);
    this.pushFrame(PARENS_FRAME);
    const expr = this.parseExpression();
    const close = this.peek();
    if (close.type === ')') this.advance(close);
    else this.report(open, problemText.unclosed('"("', '")"', 'parenthesis'));
    this.popFrame();
    return { kind: 'parens', expr, span: { start: open.start, end: Math.max(this.lastEnd, open.end) } };
  }

  private parseCall(nameTok: Token): Expression {
    let name = this.tokenText(nameTok);
    this.advance(nameTok);
    for (;;) {
      const tok = this.peek();
      if (tok.type !== '::') break;
      this.advance(tok);
      const part = this.peek();
      if (part.type !== 'ident') {
        this.report(tok, problemText.expectedName('"::"'));
        break;
      }
      this.advance(part);
      name += '::' + this.tokenText(part);
    }
    const nameSpan = { start: nameTok.start, end: this.lastEnd };
    const open = this.peek();
    if (open.type !== '(') {
      this.report(open, problemText.unexpected(this.describe(open), `"(" after the function name "${name}"`));
      return { kind: 'invalid', span: nameSpan };
    }
    this.advance(open);
    const args: Expression[] = [];
    const { close: closeParen, expandFinal } = this.parseSequence(open, ')', args);
    const call: CallExpr = { kind: 'call', name, nameSpan, args, expandFinal, closeParen, span: { start: nameTok.start, end: Math.max(this.lastEnd, open.end) } };
    return call;
  }

  private parseTuple(open: Token): Expression {
    this.advance(open);
    if (this.atForKeyword()) return this.parseFor(open, 'tuple');
    const items: Expression[] = [];
    const closeBracket = this.parseSequence(open, ']', items).close;
    const tuple: TupleExpr = { kind: 'tuple', items, closeBracket, span: { start: open.start, end: Math.max(this.lastEnd, open.end) } };
    return tuple;
  }

  /**
   * Comma-separated items up to `closer` (consumed). Stops with a problem when the closer never
   * comes: at the end of the file, at an enclosing construct's closer, at a column-0 block header,
   * or at a `name =` line, so an unclosed `[` never swallows the attributes after it.
   */
  private parseSequence(open: Token, closer: ']' | ')', items: Expression[]): { close?: Span; expandFinal: boolean } {
    this.pushFrame(closer === ']' ? TUPLE_FRAME : CALL_FRAME);
    let needSeparator = false;
    let expandFinal = false;
    let close: Span | undefined;
    for (;;) {
      const tok = this.peek();
      if (tok.type === closer) {
        this.advance(tok);
        close = { start: tok.start, end: tok.end };
        break;
      }
      if (tok.type === 'eof' || this.closesEnclosing(tok) || this.atTopLevelBlockStart(tok) || this.atAttributeStart(tok)) {
        this.report(open, problemText.unclosed(`"${this.tokenText(open)}"`, `"${closer}"`, closer === ']' ? 'list' : 'call'));
        break;
      }
      const before = this.pos;
      if (tok.type === '}' || tok.type === ']' || tok.type === ')') {
        this.report(tok, problemText.unexpected(this.describe(tok), `"," or "${closer}"`));
        this.advance(tok);
        // The stray token stood where an item would; a comma after it is fine.
        needSeparator = true;
        continue;
      }
      if (tok.type === ',') {
        if (!needSeparator) this.report(tok, problemText.expectedExpression('","'));
        this.advance(tok);
        needSeparator = false;
        continue;
      }
      // After a string cut off at the line break, the missing comma is the same mistake: one problem.
      const previous = items[items.length - 1];
      const cutOff = previous?.kind === 'template' && !previous.terminated;
      if (needSeparator && !cutOff) this.report(tok, problemText.unexpected(this.describe(tok), `"," or "${closer}"`));
      items.push(this.parseExpression());
      if (closer === ')') {
        const dots = this.peek();
        if (dots.type === '...') {
          this.advance(dots);
          expandFinal = true;
        }
      }
      needSeparator = true;
      if (this.pos === before) {
        this.skipToken(this.peek());
        needSeparator = false;
      }
    }
    this.popFrame();
    return { close, expandFinal };
  }

  private parseObject(open: Token): Expression {
    this.advance(open);
    if (this.atForKeyword()) return this.parseFor(open, 'object');
    const items: ObjectItem[] = [];
    this.pushFrame(OBJECT_FRAME);
    let closeBrace: Span | undefined;
    let needSeparator = false;
    for (;;) {
      const tok = this.peek();
      if (tok.type === 'newline') {
        this.advance(tok);
        needSeparator = false;
        continue;
      }
      if (tok.type === '}') {
        this.advance(tok);
        closeBrace = { start: tok.start, end: tok.end };
        break;
      }
      if (tok.type === 'eof' || this.closesEnclosing(tok) || this.atTopLevelBlockStart(tok)) {
        this.report(open, problemText.unclosed('"{"', '"}"', 'object'));
        break;
      }
      const before = this.pos;
      if (tok.type === ']' || tok.type === ')') {
        this.report(tok, problemText.unexpected(this.describe(tok), '"," or "}"'));
        this.advance(tok);
        continue;
      }
      if (tok.type === ',') {
        if (!needSeparator) this.report(tok, problemText.unexpected('","', 'an object key'));
        this.advance(tok);
        needSeparator = false;
        continue;
      }
      if (needSeparator) this.report(tok, problemText.unexpected(this.describe(tok), '"," or a line break'));
      items.push(this.parseObjectItem());
      needSeparator = true;
      if (this.pos === before) {
        this.skipToken(this.peek());
        needSeparator = false;
      }
    }
    this.popFrame();
    const object: ObjectExpr = { kind: 'object', items, closeBrace, span: { start: open.start, end: Math.max(this.lastEnd, open.end) } };
    return object;
  }

  private parseObjectItem(): ObjectItem {
    const key = this.parseObjectKey();
    const sep = this.peek();
    let separator: ObjectItem['separator'];
    let value: Expression;
    if (sep.type === '=' || sep.type === ':') {
      this.advance(sep);
      separator = { kind: sep.type, span: { start: sep.start, end: sep.end } };
      const valueTok = this.peek();
      if (valueTok.type === 'newline' || valueTok.type === 'eof' || valueTok.type === '}' || valueTok.type === ',') {
        this.report({ start: this.lastEnd, end: this.lastEnd }, problemText.missingValueAfterEquals(keyLabel(key, this.text)));
        value = { kind: 'invalid', span: { start: this.lastEnd, end: this.lastEnd } };
      } else {
        value = this.parseExpression();
      }
    } else if (key.kind === 'invalid') {
      value = { kind: 'invalid', span: { start: key.span.end, end: key.span.end } };
    } else {
      this.report({ start: key.span.end, end: key.span.end }, problemText.missingEquals(keyLabel(key, this.text)));
      value = this.canStartExpression(sep)
        ? this.parseExpression()
        : { kind: 'invalid', span: { start: key.span.end, end: key.span.end } };
    }
    const keyName = staticKeyName(key);
    return { key, ...(keyName !== undefined ? { keyName } : {}), separator, value, span: { start: key.span.start, end: Math.max(value.span.end, key.span.end, this.lastEnd) } };
  }

  /** A key: a bare name (taken literally, even `true`), a quoted string, or any parenthesised expression. */
  private parseObjectKey(): Expression {
    const tok = this.peek();
    if (tok.type === 'ident') {
      const after = this.tokenAfter(tok);
      if (after.type === '=' || after.type === ':') {
        this.advance(tok);
        return { kind: 'variable', name: this.tokenText(tok), span: { start: tok.start, end: tok.end } };
      }
    }
    return this.parseExpression();
  }

  private atForKeyword(): boolean {
    const tok = this.scanner.tokenAt(this.pos, true);
    if (tok.type !== 'ident' || this.tokenText(tok) !== 'for') return false;
    return this.scanner.tokenAt(tok.end, true).type === 'ident';
  }

  private parseFor(open: Token, form: 'tuple' | 'object'): Expression {
    const closer = form === 'tuple' ? ']' : '}';
    this.pushFrame(closer === ']' ? FOR_TUPLE_FRAME : FOR_OBJECT_FRAME);
    const result = ((): Expression => {
      const forTok = this.peek();
      this.advance(forTok);
      const invalidHere = (): InvalidExpr => ({ kind: 'invalid', span: { start: this.lastEnd, end: this.lastEnd } });
      const expectIdent = (): Identifier | undefined => {
        const tok = this.peek();
        if (tok.type !== 'ident') {
          this.report(tok, problemText.unexpected(this.describe(tok), 'a variable name'));
          return undefined;
        }
        this.advance(tok);
        return { name: this.tokenText(tok), span: { start: tok.start, end: tok.end } };
      };
      const expectToken = (type: TokenType, what: string): boolean => {
        const tok = this.peek();
        if (tok.type === type && (type !== 'ident' || this.tokenText(tok) === what)) {
          this.advance(tok);
          return true;
        }
        this.report(tok, problemText.unexpected(this.describe(tok), `"${what}"`));
        return false;
      };

      let keyVar: Identifier | undefined;
      let valueVar = expectIdent();
      let collection: Expression = invalidHere();
      let keyExpr: Expression | undefined;
      let valueExpr: Expression = invalidHere();
      let group = false;
      let condition: Expression | undefined;
      let ok = valueVar !== undefined;
      if (ok && this.peek().type === ',') {
        this.advance(this.peek());
        keyVar = valueVar;
        valueVar = expectIdent();
        ok = valueVar !== undefined;
      }
      if (ok) ok = expectToken('ident', 'in');
      if (ok) {
        collection = this.parseExpression();
        ok = expectToken(':', ':');
      }
      if (ok && form === 'object') {
        keyExpr = this.parseExpression();
        ok = expectToken('=>', '=>');
      }
      if (ok) {
        valueExpr = this.parseExpression();
        if (form === 'object' && this.peek().type === '...') {
          this.advance(this.peek());
          group = true;
        }
        const ifTok = this.peek();
        if (ifTok.type === 'ident' && this.tokenText(ifTok) === 'if') {
          this.advance(ifTok);
          condition = this.parseExpression();
        }
      }
      this.finishBracket(open, closer, `"for" expression`);
      const forExpr: ForExpr = {
        kind: 'for', form, ...(keyVar ? { keyVar } : {}),
        valueVar: valueVar ?? { name: '', span: { start: forTok.end, end: forTok.end } },
        collection, ...(keyExpr ? { keyExpr } : {}), valueExpr, group, ...(condition ? { condition } : {}),
        span: { start: open.start, end: Math.max(this.lastEnd, open.end) },
      };
      return forExpr;
    })();
    this.popFrame();
    return result;
  }

  /** Consumes `closer`, skipping whatever garbage stands before it on the way (balanced). */
  private finishBracket(open: Token, closer: ']' | '}', what: string): void {
    let reported = false;
    for (;;) {
      const tok = this.peek();
      if (tok.type === closer) {
        this.advance(tok);
        return;
      }
      if (tok.type === 'eof' || this.closesEnclosing(tok) || this.atTopLevelBlockStart(tok) || this.atAttributeStart(tok)) {
        this.report(open, problemText.unclosed(`"${this.tokenText(open)}"`, `"${closer}"`, what));
        return;
      }
      if (!reported) {
        this.report(tok, problemText.unexpected(this.describe(tok), `"${closer}"`));
        reported = true;
      }
      if (OPENERS[tok.type]) this.skipBalanced();
      else this.skipToken(tok);
    }
  }

  // ---------------------------------------------------------------- templates

  private parseQuoted(open: Token): TemplateExpr {
    const { parts, end, terminated } = this.parseTemplateParts(open.end, 'quoted');
    if (!terminated) this.report({ start: open.start, end }, problemText.unterminatedString());
    this.pos = this.lastEnd = end;
    return { kind: 'template', parts, terminated, span: { start: open.start, end } };
  }

  private parseHeredoc(tok: Token): HeredocExpr {
    const extent = this.heredocExtent(tok);
    const { marker, stripIndent, bodyStart, bodyEnd, end, terminated } = extent;
    if (!extent.newlineAfterMarker) this.report(tok, problemText.heredocNeedsNewline());
    if (!terminated) this.report(tok, problemText.unterminatedHeredoc(marker));
    const parts = this.withLimit(bodyEnd, () => this.parseTemplateParts(bodyStart, 'heredoc', stripIndent).parts);
    this.pos = this.lastEnd = end;
    return {
      kind: 'heredoc', marker, stripIndent, parts,
      bodySpan: { start: bodyStart, end: bodyEnd }, bodyText: this.text.slice(bodyStart, bodyEnd), terminated,
      span: { start: tok.start, end },
    };
  }

  /** Where a heredoc's body and closing marker are, without parsing the body. */
  private heredocExtent(tok: Token): {
    marker: string; stripIndent: boolean; bodyStart: number; bodyEnd: number; end: number; terminated: boolean; newlineAfterMarker: boolean;
  } {
    const text = this.text;
    const stripIndent = text.charCodeAt(tok.start + 2) === 45;
    const marker = text.slice(tok.start + (stripIndent ? 3 : 2), tok.end);
    const limit = this.scanner.limit;

    let afterMarker = tok.end;
    while (afterMarker < limit && (text.charCodeAt(afterMarker) === 32 || text.charCodeAt(afterMarker) === 9)) afterMarker++;
    const eol = lineEnd(text, afterMarker, limit);
    const bodyStart = skipLineBreak(text, eol, limit);

    // The closing marker: a line holding only the marker, indentation allowed.
    for (let lineStart = bodyStart; lineStart < limit;) {
      const le = lineEnd(text, lineStart, limit);
      let i = lineStart;
      while (i < le && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      if (le - i >= marker.length && text.startsWith(marker, i)) {
        let j = i + marker.length;
        while (j < le && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
        if (j === le) {
          return { marker, stripIndent, bodyStart, bodyEnd: lineStart, end: i + marker.length, terminated: true, newlineAfterMarker: eol === afterMarker };
        }
      }
      lineStart = skipLineBreak(text, le, limit);
    }
    const recoveryEnd = this.heredocRecoveryEnd(bodyStart, limit);
    return { marker, stripIndent, bodyStart, bodyEnd: recoveryEnd, end: recoveryEnd, terminated: false, newlineAfterMarker: eol === afterMarker };
  }

  /** An unterminated heredoc ends before the next column-0 block header, so the blocks after it survive. */
  private heredocRecoveryEnd(from: number, limit: number): number {
    const text = this.text;
    for (let lineStart = from; lineStart < limit;) {
      if (isIdentStart(text.charCodeAt(lineStart))) {
        let j = lineStart + 1;
        while (j < limit && isIdentPart(text.charCodeAt(j))) j++;
        const labels = this.withLimit(limit, () => this.blockHeaderLabels(j));
        if (labels > 0 || (labels === 0 && TOP_LEVEL_KEYWORDS.has(text.slice(lineStart, j)))) return lineStart;
      }
      lineStart = skipLineBreak(text, lineEnd(text, lineStart, limit), limit);
    }
    return limit;
  }

  private withLimit<T>(limit: number, parse: () => T): T {
    const saved = this.scanner.limit;
    this.scanner.limit = limit;
    try {
      return parse();
    } finally {
      this.scanner.limit = saved;
    }
  }

  /**
   * Reads template parts from `start`: a quoted template up to its closing quote (or the line
   * break, where HCL ends an unterminated string), a heredoc body up to the scanner's limit.
   */
  private parseTemplateParts(start: number, mode: 'quoted' | 'heredoc', stripIndent = false): { parts: TemplatePart[]; end: number; terminated: boolean } {
    const text = this.text;
    const quoted = mode === 'quoted';
    const parts: TemplatePart[] = [];
    // `~` strip markers per literal part index (STRIP_START | STRIP_END), applied at the end.
    const strips: number[] = [];
    let literal = '';
    let literalStart = start;
    let i = start;
    let terminated = false;
    let end = -1;
    let stripNext = false;
    let hasStrip = false;

    for (;;) {
      const limit = this.scanner.limit;
      const c = i < limit ? text.charCodeAt(i) : -1;
      // Where the literal run ends and what comes after it.
      let stop = false;
      if (c < 0) {
        stop = true;
        end = i;
        terminated = !quoted;
      } else if (quoted && c === 34) {
        stop = true;
        end = i + 1;
        terminated = true;
      } else if (quoted && (c === 10 || c === 13)) {
        stop = true;
        end = i;
      } else if ((c === 36 || c === 37) && i + 1 < limit && text.charCodeAt(i + 1) === 123) {
        stop = true;
      }
      if (!stop) {
        if (quoted && c === 92) {
          i = this.readEscape(i);
          literal += this.escaped;
        } else if ((c === 36 || c === 37) && i + 2 < limit && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
          // `$${` and `%%{` stand for a literal `${` / `%{`.
          literal += c === 36 ? '${' : '%{';
          i += 3;
        } else {
          let j = i + 1;
          while (j < limit) {
            const d = text.charCodeAt(j);
            if (d === 36 || d === 37 || (quoted && (d === 34 || d === 92 || d === 10 || d === 13))) break;
            j++;
          }
          literal += text.slice(i, j);
          i = j;
        }
        continue;
      }
      if (i > literalStart) {
        if (stripNext) strips[parts.length] = STRIP_START;
        parts.push({ kind: 'literal', value: literal, span: { start: literalStart, end: i } });
        stripNext = false;
      }
      literal = '';
      if (end >= 0) break;
      // `${` interpolation or `%{` directive.
      const sequence = this.parseTemplateSequence(i, c === 36 ? 'interpolation' : 'directive', mode);
      if (sequence.stripBefore && parts[parts.length - 1]?.kind === 'literal') {
        strips[parts.length - 1] = (strips[parts.length - 1] ?? 0) | STRIP_END;
      }
      hasStrip ||= sequence.stripBefore || sequence.stripAfter;
      parts.push(sequence.part);
      stripNext = sequence.stripAfter;
      i = sequence.end;
      literalStart = i;
    }

    let hasDirective = false;
    for (const part of parts) if (part.kind === 'directive') hasDirective = true;
    if (hasDirective) this.checkDirectiveBalance(parts);
    const indent = stripIndent ? this.heredocIndent(parts, start, end) : 0;
    if (indent === 0 && !hasStrip) return { parts, end, terminated };
    const result: TemplatePart[] = [];
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index]!;
      if (part.kind !== 'literal') {
        result.push(part);
        continue;
      }
      let value = indent > 0 ? this.dedent(part.value, part.span.start, start, indent) : part.value;
      const strip = strips[index] ?? 0;
      if (strip & STRIP_START) value = value.replace(/^\s+/, '');
      if (strip & STRIP_END) value = value.replace(/\s+$/, '');
      result.push({ kind: 'literal', value, span: part.span });
    }
    return { parts: result, end, terminated };
  }

  /** The text the last `readEscape` decoded. */
  private escaped = '';

  /** Decodes one backslash escape at `i` into `escaped`; returns the offset after it. */
  private readEscape(i: number): number {
    const text = this.text;
    const limit = this.scanner.limit;
    const next = i + 1 < limit ? text[i + 1]! : '';
    this.escaped = '';
    switch (next) {
      case 'n': this.escaped = '\n'; return i + 2;
      case 'r': this.escaped = '\r'; return i + 2;
      case 't': this.escaped = '\t'; return i + 2;
      case '"': this.escaped = '"'; return i + 2;
      case '\\': this.escaped = '\\'; return i + 2;
      case 'u':
      case 'U': {
        const digits = next === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, Math.min(i + 2 + digits, limit));
        const codePoint = hex.length === digits && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (Number.isNaN(codePoint) || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
          this.report({ start: i, end: i + 2 }, problemText.invalidEscape('\\' + next));
          this.escaped = next;
          return i + 2;
        }
        this.escaped = String.fromCodePoint(codePoint);
        return i + 2 + digits;
      }
      case '':
      case '\n':
      case '\r':
        // A backslash at the end of the line: the string is unterminated there anyway.
        this.report({ start: i, end: i + 1 }, problemText.invalidEscape('\\'));
        return i + 1;
      default:
        this.report({ start: i, end: i + 2 }, problemText.invalidEscape('\\' + next));
        this.escaped = next;
        return i + 2;
    }
  }

  private parseTemplateSequence(
    start: number,
    kind: 'interpolation' | 'directive',
    mode: 'quoted' | 'heredoc',
  ): { part: Exclude<TemplatePart, { kind: 'literal' }>; end: number; stripBefore: boolean; stripAfter: boolean } {
    this.pos = this.lastEnd = start + 2;
    this.pushFrame(mode === 'quoted' ? QUOTED_SEQUENCE_FRAME : HEREDOC_SEQUENCE_FRAME);
    {
      let stripBefore = false;
      let stripAfter = false;
      const tilde = this.peek();
      if (tilde.type === '~') {
        this.advance(tilde);
        stripBefore = true;
      }
      let part: Exclude<TemplatePart, { kind: 'literal' }>;
      if (kind === 'interpolation') {
        const expr = this.parseExpression();
        part = { kind: 'interpolation', expr, span: { start, end: start } };
      } else {
        part = this.parseDirectiveBody(start);
      }
      const closeTilde = this.peek();
      if (closeTilde.type === '~') {
        this.advance(closeTilde);
        stripAfter = true;
      }
      const close = this.peek();
      let end: number;
      if (close.type === '}') {
        this.advance(close);
        end = close.end;
      } else {
        this.report({ start, end: start + 2 }, problemText.unclosedInterpolation(kind === 'interpolation' ? '${' : '%{'));
        end = this.recoverInTemplate(mode);
      }
      this.popFrame();
      return { part: { ...part, span: { start, end } }, end, stripBefore, stripAfter };
    }
  }

  /** After a sequence with no `}`: resume after the next `}` on the line, or stop at the string's end. */
  private recoverInTemplate(mode: 'quoted' | 'heredoc'): number {
    const text = this.text;
    const limit = this.scanner.limit;
    let i = this.lastEnd;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === 125) return i + 1;
      if (mode === 'quoted' && (c === 34 || c === 10 || c === 13)) return i;
      i++;
    }
    return limit;
  }

  private parseDirectiveBody(start: number): TemplateDirective {
    const tok = this.peek();
    const keyword = tok.type === 'ident' ? this.tokenText(tok) : '';
    const span = { start, end: start };
    switch (keyword) {
      case 'if': {
        this.advance(tok);
        return { kind: 'directive', keyword: 'if', expr: this.parseExpression(), span };
      }
      case 'for': {
        this.advance(tok);
        const first = this.peek();
        let keyVar: Identifier | undefined;
        let valueVar: Identifier | undefined;
        if (first.type === 'ident') {
          this.advance(first);
          valueVar = { name: this.tokenText(first), span: { start: first.start, end: first.end } };
          const comma = this.peek();
          if (comma.type === ',') {
            this.advance(comma);
            const second = this.peek();
            if (second.type === 'ident') {
              this.advance(second);
              keyVar = valueVar;
              valueVar = { name: this.tokenText(second), span: { start: second.start, end: second.end } };
            }
          }
        }
        const inTok = this.peek();
        let expr: Expression | undefined;
        if (valueVar && inTok.type === 'ident' && this.tokenText(inTok) === 'in') {
          this.advance(inTok);
          expr = this.parseExpression();
        } else {
          this.report(inTok, problemText.unexpected(this.describe(inTok), '"for NAME in COLLECTION"'));
        }
        return { kind: 'directive', keyword: 'for', ...(keyVar ? { keyVar } : {}), ...(valueVar ? { valueVar } : {}), ...(expr ? { expr } : {}), span };
      }
      case 'else':
      case 'endif':
      case 'endfor':
        this.advance(tok);
        return { kind: 'directive', keyword, span };
      default:
        this.report(tok, problemText.unknownDirective(keyword || this.describe(tok)));
        // Keep it as an `if` with no condition so the part list stays well-formed.
        return { kind: 'directive', keyword: 'if', span };
    }
  }

  private checkDirectiveBalance(parts: readonly TemplatePart[]): void {
    const open: TemplateDirective[] = [];
    for (const part of parts) {
      if (part.kind !== 'directive') continue;
      if (part.keyword === 'if' || part.keyword === 'for') {
        open.push(part);
      } else {
        const top = open[open.length - 1];
        const matches = part.keyword === 'else' ? top?.keyword === 'if'
          : part.keyword === 'endif' ? top?.keyword === 'if' : top?.keyword === 'for';
        if (!matches) this.report(part.span, problemText.unbalancedDirective(part.keyword));
        else if (part.keyword !== 'else') open.pop();
      }
    }
    for (const part of open) this.report(part.span, problemText.unbalancedDirective(part.keyword));
  }

  /** `<<-`: the smallest indentation of the body's non-blank lines (a line opening with `${` counts). */
  private heredocIndent(parts: readonly TemplatePart[], bodyStart: number, bodyEnd: number): number {
    const text = this.text;
    let min = Number.POSITIVE_INFINITY;
    let partIndex = 0;
    for (let lineStart = bodyStart; lineStart < bodyEnd;) {
      while (partIndex < parts.length && parts[partIndex]!.span.end <= lineStart) partIndex++;
      const part = parts[partIndex];
      const insideSequence = part !== undefined && part.kind !== 'literal' && part.span.start < lineStart;
      if (!insideSequence) {
        let j = lineStart;
        while (j < bodyEnd && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
        const blank = j >= bodyEnd || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13;
        if (!blank) min = Math.min(min, j - lineStart);
      }
      lineStart = skipLineBreak(text, lineEnd(text, lineStart, bodyEnd), bodyEnd);
    }
    return Number.isFinite(min) ? min : 0;
  }

  /** Removes up to `indent` leading blanks from each line start inside a heredoc literal. */
  private dedent(value: string, partStart: number, bodyStart: number, indent: number): string {
    const text = this.text;
    let atLineStart = partStart === bodyStart || text.charCodeAt(partStart - 1) === 10 || text.charCodeAt(partStart - 1) === 13;
    let out = '';
    let i = 0;
    while (i < value.length) {
      if (atLineStart) {
        let k = 0;
        while (k < indent && i < value.length && (value.charCodeAt(i) === 32 || value.charCodeAt(i) === 9)) {
          i++;
          k++;
        }
      }
      const newline = value.indexOf('\n', i);
      const lineEndAt = newline < 0 ? value.length : newline + 1;
      out += value.slice(i, lineEndAt);
      i = lineEndAt;
      atLineStart = true;
    }
    return out;
  }

}

function reduceBinary(operands: Expression[], operators: { op: BinaryOperator; span: Span }[]): void {
  const right = operands.pop()!;
  const left = operands.pop()!;
  const { op, span } = operators.pop()!;
  operands.push({ kind: 'binary', op, opSpan: span, left, right, span: { start: left.span.start, end: Math.max(right.span.end, span.end) } });
}

function lineEnd(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** Steps over one line break (`\n`, `\r\n` or `\r`) at `at`, if there is one. */
function skipLineBreak(text: string, at: number, limit: number): number {
  if (at < limit && text.charCodeAt(at) === 13) {
    at++;
    if (at < limit && text.charCodeAt(at) === 10) at++;
  } else if (at < limit && text.charCodeAt(at) === 10) {
    at++;
  }
  return at;
}

function staticKeyName(key: Expression): string | undefined {
  if (key.kind === 'variable') return key.name;
  if (key.kind === 'template') {
    let value = '';
    for (const part of key.parts) {
      if (part.kind !== 'literal') return undefined;
      value += part.value;
    }
    return value;
  }
  return undefined;
}

function keyLabel(key: Expression, text: string): string {
  return staticKeyName(key) ?? text.slice(key.span.start, key.span.end);
}
