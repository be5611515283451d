import type { Span } from '../../text';

/**
 * The HCL2 native-syntax tree. Every node carries the span of its source text (UTF-16 offsets,
 * half-open), so callers can slice the original text for any expression.
 */

export interface Body {
  readonly kind: 'body';
  readonly items: readonly BodyItem[];
  /** The whole file, or the text between a block's braces. */
  readonly span: Span;
}

export type BodyItem = Attribute | Block;

export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly nameSpan: Span;
  /** Absent when the `=` was missing (a problem was reported). */
  readonly equalsSpan?: Span;
  readonly value: Expression;
  readonly span: Span;
}

export interface Label {
  readonly value: string;
  readonly quoted: boolean;
  readonly span: Span;
}

export interface Block {
  readonly kind: 'block';
  readonly type: string;
  readonly typeSpan: Span;
  readonly labels: readonly Label[];
  readonly body: Body;
  readonly openBrace?: Span;
  /** Absent when the block was never closed (a problem was reported). */
  readonly closeBrace?: Span;
  readonly span: Span;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | HeredocExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  | ForExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr
  | InvalidExpr;

export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: number | boolean | null;
  readonly span: Span;
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateDirective;

export interface TemplateLiteral {
  readonly kind: 'literal';
  /** The decoded text (escapes, `$${`, `<<-` indentation and `~` strip markers applied). */
  readonly value: string;
  readonly span: Span;
}

/** `${ expr }` */
export interface TemplateInterpolation {
  readonly kind: 'interpolation';
  readonly expr: Expression;
  readonly span: Span;
}

/**
 * `%{ if cond }`, `%{ else }`, `%{ endif }`, `%{ for k, v in coll }`, `%{ endfor }`, kept flat in
 * source order: KeyLens only needs to know that a template has them.
 */
export interface TemplateDirective {
  readonly kind: 'directive';
  readonly keyword: 'if' | 'else' | 'endif' | 'for' | 'endfor';
  /** The `if` condition or the `for` collection. */
  readonly expr?: Expression;
  readonly keyVar?: Identifier;
  readonly valueVar?: Identifier;
  readonly span: Span;
}

/** A quoted template `"..."`. */
export interface TemplateExpr {
  readonly kind: 'template';
  readonly parts: readonly TemplatePart[];
  /** False when the closing quote is missing (the string ended at the line break). */
  readonly terminated: boolean;
  readonly span: Span;
}

export interface HeredocExpr {
  readonly kind: 'heredoc';
  readonly marker: string;
  /** `<<-`: the common leading whitespace is removed from every line of the value. */
  readonly stripIndent: boolean;
  readonly parts: readonly TemplatePart[];
  /**
   * The raw body: from the start of the line after `<<EOT` up to the start of the closing marker's
   * line (so it ends with the last line break). Offsets in `bodyText` map 1:1 to `bodySpan.start + i`.
   */
  readonly bodySpan: Span;
  readonly bodyText: string;
  readonly terminated: boolean;
  readonly span: Span;
}

export interface Identifier {
  readonly name: string;
  readonly span: Span;
}

/** A root name: `var`, `aws_kms_key`, `local`, `each`... */
export interface VariableExpr {
  readonly kind: 'variable';
  readonly name: string;
  readonly span: Span;
}

/** `object.name` */
export interface GetAttrExpr {
  readonly kind: 'getattr';
  readonly object: Expression;
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
}

/** `collection[key]`, or the legacy `collection.0`. */
export interface IndexExpr {
  readonly kind: 'index';
  readonly collection: Expression;
  readonly key: Expression;
  readonly legacy: boolean;
  readonly span: Span;
}

export type TraversalStep =
  | { readonly kind: 'attr'; readonly name: string; readonly span: Span }
  | { readonly kind: 'index'; readonly key: Expression; readonly span: Span };

/** `source.*.a.b` (attribute-only splat) or `source[*].a[0]` (full splat); `steps` apply to each element. */
export interface SplatExpr {
  readonly kind: 'splat';
  readonly source: Expression;
  readonly form: 'attr' | 'full';
  readonly steps: readonly TraversalStep[];
  readonly span: Span;
}

export interface CallExpr {
  readonly kind: 'call';
  /** With its namespace, e.g. `provider::aws::arn_parse`. */
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Expression[];
  /** The last argument is followed by `...`. */
  readonly expandFinal: boolean;
  readonly closeParen?: Span;
  readonly span: Span;
}

export interface TupleExpr {
  readonly kind: 'tuple';
  readonly items: readonly Expression[];
  readonly closeBracket?: Span;
  readonly span: Span;
}

export interface ObjectItem {
  readonly key: Expression;
  /** The key as a string when it is a bare identifier or a plain quoted string. */
  readonly keyName?: string;
  readonly separator?: { readonly kind: '=' | ':'; readonly span: Span };
  readonly value: Expression;
  readonly span: Span;
}

export interface ObjectExpr {
  readonly kind: 'object';
  readonly items: readonly ObjectItem[];
  readonly closeBrace?: Span;
  readonly span: Span;
}

/** `[for k, v in coll : v if cond]` or `{for k, v in coll : k => v... if cond}` */
export interface ForExpr {
  readonly kind: 'for';
  readonly form: 'tuple' | 'object';
  readonly keyVar?: Identifier;
  readonly valueVar: Identifier;
  readonly collection: Expression;
  readonly keyExpr?: Expression;
  readonly valueExpr: Expression;
  readonly group: boolean;
  readonly condition?: Expression;
  readonly span: Span;
}

export interface ConditionalExpr {
  readonly kind: 'conditional';
  readonly condition: Expression;
  readonly trueExpr: Expression;
  readonly falseExpr: Expression;
  readonly span: Span;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly opSpan: Span;
  readonly left: Expression;
  readonly right: Expression;
  readonly span: Span;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '!';
  readonly operand: Expression;
  readonly span: Span;
}

export interface ParenExpr {
  readonly kind: 'parens';
  readonly expr: Expression;
  readonly span: Span;
}

/** Stands where an expression was expected but none (or only garbage) was found; a problem was reported. */
export interface InvalidExpr {
  readonly kind: 'invalid';
  readonly span: Span;
}

export interface HclProblem {
  readonly message: string;
  /** The same message in Japanese (the product ships both). */
  readonly messageJa: string;
  readonly span: Span;
}

export interface HclParseResult {
  readonly body: Body;
  readonly problems: readonly HclProblem[];
}
