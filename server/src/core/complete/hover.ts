import { localize } from '../finding';
import type { ActionCatalog } from '../iam/catalog';
import { parseOperator, operatorNamed } from '../iam/conditionOperators';
import type { IamReference } from '../iam/reference';
import { hasWildcard } from '../iam/wildcard';
import type { ParsedFile } from '../model';
import type { Span } from '../text';
import type { PolicyCursor } from './cursor';
import { describeAction, describeKey, describeOperator, describeWildcard } from './describe';
import { describeElement } from './elements';
import { keySummary } from './keySummary';
import { placeOf } from './place';
import { statementActions, statementContext } from './statementContext';

export interface HoverEnvironment {
  readonly catalog: ActionCatalog;
  readonly reference?: IamReference;
  readonly locale?: string;
  readonly files: () => readonly ParsedFile[];
}

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
  /** A key the hover summarized: the client may link to the full explain report of it. */
  readonly explainKey?: string;
}

/**
 * Hover at a located cursor: an action (description, access level, resource types, condition keys,
 * the reference page), a wildcard (what it covers, counted), a condition key (type and meaning) or
 * operator, a policy element, or a KMS key (who can use it, from the workspace).
 */
export function hoverAt(text: string, cursor: PolicyCursor, env: HoverEnvironment): HoverResult | undefined {
  const word = text.slice(cursor.replace.start, cursor.replace.end).trim();
  if (!word) return undefined;
  const span = cursor.replace;
  const place = placeOf(cursor);
  const key = keySummary(word, env);
  if (key) return { markdown: key.markdown, span, explainKey: key.key };
  if (!place) return undefined;
  switch (place.kind) {
    case 'action': {
      if (hasWildcard(word)) return { markdown: describeWildcard(word, env.catalog, env.locale).markdown, span };
      const info = env.reference?.action(word);
      return info ? { markdown: describeAction(info, env.reference, env.locale), span } : undefined;
    }
    case 'condition-key': {
      const info = env.reference?.conditionKey(word);
      if (!info) return undefined;
      let markdown = describeKey(info, env.locale);
      const actions = statementActions(statementContext(cursor.root, place.statement), env.catalog);
      if (!info.global && actions && actions.length > 0 && env.reference) {
        const supported = actions.some((action) => env.reference!.action(action)?.conditionKeys.some((k) => k.toLowerCase() === info.key.toLowerCase()));
        if (!supported) markdown += `\n\n⚠ ${localize(notForActions, env.locale)}`;
      }
      return { markdown, span };
    }
    case 'condition-operator': {
      const operator = operatorNamed(parseOperator(word).base);
      return operator ? { markdown: describeOperator(operator, word, env.locale), span } : undefined;
    }
    case 'statement-member':
    case 'root-member': {
      const markdown = describeElement(word, env.locale);
      return markdown ? { markdown, span } : undefined;
    }
    default:
      return undefined;
  }
}

/** AWS: a key missing from the request matches no positive operator, and every negated one (StringNotEquals...). */
const notForActions = {
  en: "None of the statement's actions documents this key, so requests may not carry it: a condition on a missing key is false, except with negated operators (StringNotEquals, ...) and …IfExists, where it is true.",
  ja: 'ステートメントのどのアクションもこのキーを扱わないため、リクエストに含まれない可能性があります。キーがない条件は false になります (否定の演算子 (StringNotEquals など) と …IfExists では true)。',
};
