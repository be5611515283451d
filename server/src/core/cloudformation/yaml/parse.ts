import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar } from 'yaml';
import type { PEntry, PNode, ParseProblem } from '../../model';
import type { Span } from '../../text';
import { INTRINSIC_TAGS, intrinsicOfTag } from '../intrinsicNames';
import type { TemplateLayout } from '../layout';

/**
 * Every CloudFormation short form, registered for scalar, sequence and mapping nodes alike (authors
 * write `!Sub "..."` and `!Sub [..., {...}]`, `!GetAtt A.B` and `!GetAtt [A, B]`): the document
 * keeps the node as parsed and its tag, and the lowering below turns it into the long form.
 */
export const CUSTOM_TAGS = INTRINSIC_TAGS.flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value as never },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value as never },
]);

/** Deeper flow nesting is not parsed: the yaml composer recurses per level. */
export const MAX_YAML_NESTING = 256;

export interface YamlTree {
  /** The document's root value in the model tree; undefined for an empty document. */
  readonly root?: PNode;
  /** The first syntax error, as a problem (YAML keeps reading past errors, and so does KeyLens). */
  readonly problems: readonly ParseProblem[];
  readonly layout: TemplateLayout;
}

/** Parses YAML into the model tree with exact UTF-16 spans; short-form tags become `{ "Fn::X": ... }` objects. Never throws. */
export function parseYaml(text: string): YamlTree {
  const layout: TemplateLayout = { flow: new Set(), intrinsics: new Set() };
  if (flowNestingDepth(text) > MAX_YAML_NESTING) {
    return { problems: [{ message: TOO_DEEP, span: { start: 0, end: Math.min(1, text.length) } }], layout };
  }
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false });
  } catch (error) {
    return { problems: [{ message: unreadable((error as Error).message), span: { start: 0, end: Math.min(1, text.length) } }], layout };
  }
  const problems: ParseProblem[] = [];
  const first = document.errors[0];
  if (first) {
    const [start, end] = first.pos;
    const code = first.code;
    problems.push({
      message: code === 'RESOURCE_EXHAUSTION' ? TOO_DEEP : {
        en: `This YAML cannot be parsed (${code}: ${first.message.split('\n')[0]}); KeyLens checks what it can read.`,
        ja: `この YAML は解析できません (${code}: ${first.message.split('\n')[0]})。読み取れた部分だけを検査します。`,
      },
      span: { start: Math.min(start, text.length), end: Math.min(text.length, Math.max(end, start + 1)) },
    });
  }
  const lowering = new YamlLowering(text, layout);
  const root = document.contents ? lowering.lower(document.contents as Node, MAX_YAML_NESTING * 4) : undefined;
  return { root, problems, layout };
}

const TOO_DEEP = {
  en: `This YAML is nested more than ${MAX_YAML_NESTING} levels deep; KeyLens does not analyse it.`,
  ja: `この YAML は ${MAX_YAML_NESTING} 階層を超えて入れ子になっているため、KeyLens は解析しません。`,
};

function unreadable(reason: string) {
  return { en: `KeyLens could not read this YAML: ${reason}`, ja: `KeyLens はこの YAML を読み取れませんでした: ${reason}` };
}

class YamlLowering {
  constructor(
    private readonly text: string,
    private readonly layout: TemplateLayout,
  ) {}

  lower(node: Node, depth: number): PNode {
    const range = node.range ?? [0, 0, 0];
    const span = this.trimmed(range[0], range[1]);
    if (depth <= 0) return { kind: 'unknown', text: '', span };
    const intrinsic = node.tag ? intrinsicOfTag(node.tag) : undefined;
    if (node.tag && !intrinsic && node.tag.startsWith('!') && !node.tag.startsWith('!!')) {
      // A local tag CloudFormation does not know: its value means nothing KeyLens can read.
      return { kind: 'unknown', text: this.text.slice(span.start, span.end), span };
    }
    const value = this.lowerUntagged(node, span, depth);
    if (!intrinsic) return value;
    const tagStart = this.tagStart(node.tag!, span.start);
    const whole = { start: tagStart, end: span.end };
    this.layout.intrinsics.add(spanKey(whole));
    return { kind: 'object', entries: [{ key: intrinsic, keySpan: { start: tagStart, end: tagStart + node.tag!.length }, value, span: whole }], span: whole };
  }

  private lowerUntagged(node: Node, span: Span, depth: number): PNode {
    if (isMap(node)) {
      if (node.flow) this.layout.flow.add(spanKey(span));
      const entries: PEntry[] = [];
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = pair.key as Node | null;
        if (!key || !isScalar(key) || key.value === null || typeof key.value === 'object') continue;
        const keyRange = key.range ?? [span.start, span.start, span.start];
        const keySpan = { start: keyRange[0], end: keyRange[1] };
        const valueNode = pair.value as Node | null;
        const value: PNode =
          valueNode && !(isScalar(valueNode) && valueNode.value === null && valueNode.range && valueNode.range[0] === valueNode.range[1] && !valueNode.tag)
            ? this.lower(valueNode, depth - 1)
            : { kind: 'unknown', text: '', span: { start: keySpan.end, end: keySpan.end } };
        entries.push({ key: String(key.value), keySpan, value, span: { start: keySpan.start, end: Math.max(keySpan.end, value.span.end) } });
      }
      return { kind: 'object', entries, span };
    }
    if (isSeq(node)) {
      if (node.flow) this.layout.flow.add(spanKey(span));
      const items = (node.items as (Node | null)[]).map((item): PNode => (item ? this.lower(item, depth - 1) : { kind: 'literal', value: null, span: { start: span.end, end: span.end } }));
      return { kind: 'array', items, span };
    }
    if (isScalar(node)) return this.lowerScalar(node, span);
    if (isAlias(node)) {
      // An alias repeats an anchored value elsewhere; an edit here could not change it, so it is unknown.
      return { kind: 'unknown', text: this.text.slice(span.start, span.end), span };
    }
    return { kind: 'unknown', text: this.text.slice(span.start, span.end), span };
  }

  private lowerScalar(node: Scalar, span: Span): PNode {
    const value = node.value;
    if (typeof value === 'string') return { kind: 'string', value, known: true, span };
    if (value === null || typeof value === 'boolean') return { kind: 'literal', value, span };
    if (typeof value === 'number') return { kind: 'literal', value, span };
    if (typeof value === 'bigint') return { kind: 'literal', value: Number(value), span };
    return { kind: 'unknown', text: this.text.slice(span.start, span.end), span };
  }

  /** A node's range ends after trailing line breaks and comments of a block collection; spans stop at the last value character. */
  private trimmed(start: number, end: number): Span {
    let e = Math.min(end, this.text.length);
    while (e > start && /\s/.test(this.text[e - 1]!)) e--;
    return { start, end: e };
  }

  /** Where the tag before a value starts: `!GetAtt` may sit on the line above (`!Join\n  - ''`), or before an anchor. */
  private tagStart(tag: string, valueStart: number): number {
    let at = valueStart;
    const skipSpace = () => {
      while (at > 0 && /\s/.test(this.text[at - 1]!)) at--;
    };
    skipSpace();
    // `!Ref &anchor value`: step over the anchor.
    const anchor = /&[^\s,[\]{}]+$/.exec(this.text.slice(Math.max(0, at - 256), at));
    if (anchor && this.text.slice(at - anchor[0].length - 1, at - anchor[0].length).match(/\s/)) {
      at -= anchor[0].length;
      skipSpace();
    }
    return at >= tag.length && this.text.slice(at - tag.length, at) === tag ? at - tag.length : valueStart;
  }
}

export function spanKey(span: Span): string {
  return `${span.start}:${span.end}`;
}

/** The deepest `[`/`{` nesting outside quotes and comments, in one linear scan (stops counting past the limit). */
function flowNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (depth > 0 || i === 0 || /[\s:,[{-]/.test(text[i - 1]!))) quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > max) max = depth;
      if (max > MAX_YAML_NESTING) return max;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) quote = '';
  }
  return max;
}
