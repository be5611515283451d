import type { Message } from '../finding';
import { closestRuleId, isKnownRuleId, knownRuleIds } from '../ruleIds';
import type { Span } from '../text';
import type { Comment } from './comments';

export const NEXT_LINE = 'keylens-ignore-next-line';
export const FILE = 'keylens-ignore-file';

/** A well-formed suppression comment. */
export interface Directive {
  readonly kind: 'next-line' | 'file';
  readonly rules: readonly string[];
  readonly justification?: string;
  /** The comment. */
  readonly span: Span;
}

/** A comment that means to be a suppression but silences nothing (SPEC §5's syntax, misspelt). */
export interface DirectiveProblem {
  readonly span: Span;
  readonly message: Message;
}

/**
 * Reads `keylens-ignore-next-line RULE[, RULE] -- reason` and `keylens-ignore-file RULE[, RULE] -- reason`
 * from a comment's text. Rules are separated by commas or spaces; the reason is everything after
 * the first ` -- ` (optional, but it is what SARIF and the editor show as the justification).
 */
export function readDirective(comment: Comment): Directive | DirectiveProblem | undefined {
  const body = comment.body.replace(/\s+/g, ' ').trim();
  const head = /^keylens-ignore(?:-[a-z-]*)?(?=\s|$|:)/.exec(body);
  if (!head) return undefined;
  const word = head[0];
  if (word !== NEXT_LINE && word !== FILE) {
    return {
      span: comment.span,
      message: {
        en: `"${word}" is not a KeyLens suppression: write "${NEXT_LINE} RULE -- reason" (silences RULE on the next line) or "${FILE} RULE -- reason".`,
        ja: `"${word}" は KeyLens の抑制コメントではありません。「${NEXT_LINE} RULE -- 理由」(次の行の RULE を抑制) または「${FILE} RULE -- 理由」と書いてください。`,
      },
    };
  }
  let rest = body.slice(word.length).replace(/^:/, '').trim();
  let justification: string | undefined;
  const dashes = rest.search(/(^|\s)--(\s|$)/);
  if (dashes >= 0) {
    justification = rest.slice(dashes).replace(/^\s*--/, '').trim() || undefined;
    rest = rest.slice(0, dashes);
  }
  const rules = rest.split(/[\s,]+/).filter((id) => id !== '');
  if (rules.length === 0) {
    return {
      span: comment.span,
      message: {
        en: `${word} names no rule, so it silences nothing: write "${word} RULE[, RULE] -- reason".`,
        ja: `${word} にルールが書かれていないため、何も抑制しません。「${word} RULE[, RULE] -- 理由」と書いてください。`,
      },
    };
  }
  const unknown = rules.filter((id) => !isKnownRuleId(id));
  if (unknown.length > 0) {
    const names = unknown.map((id) => `"${id}"`).join(', ');
    const suggestions = unknown.map(closestRuleId).filter((id): id is string => !!id);
    const hint = suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ` Rules: ${knownRuleIds().join(', ')}.`;
    const hintJa = suggestions.length ? ` ${suggestions.join(', ')} ではありませんか?` : ` ルール: ${knownRuleIds().join(', ')}。`;
    return {
      span: comment.span,
      message: {
        en: `${word} names no KeyLens rule ${names}, so it does not silence it.${hint}`,
        ja: `${word} の ${names} は KeyLens のルールではないため、抑制されません。${hintJa}`,
      },
    };
  }
  return { kind: word === FILE ? 'file' : 'next-line', rules, ...(justification ? { justification } : {}), span: comment.span };
}

export function isDirective(value: Directive | DirectiveProblem): value is Directive {
  return 'rules' in value;
}
