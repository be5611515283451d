import { localize, type Message } from '../finding';
import type { ActionCatalog } from '../iam/catalog';
import { familiesFor, isMultivalued, type ConditionOperator } from '../iam/conditionOperators';
import type { ActionInfo, ConditionKeyInfo, IamReference } from '../iam/reference';
import { placeholderStart } from '../iam/reference';
import { md } from './candidate';
import { labels } from './messages';

/** How many actions a wildcard's description lists before "… and N more". */
const LISTED_ACTIONS = 25;
const LISTED_KEYS = 12;

/** An action's description, access level, resource types and condition keys, with the reference page. */
export function describeAction(info: ActionInfo, reference: IamReference | undefined, locale: string | undefined): string {
  const t = (m: Message) => localize(m, locale);
  const lines = [`**${md(info.action)}** · ${md(info.accessLevel)}`, '', md(info.description), ''];
  const types = info.resourceTypes.length
    ? info.resourceTypes.map((r) => `\`${r.name}\`${r.required ? '*' : ''}`).join(', ')
    : t(labels.noResourceTypes);
  lines.push(`${t(labels.resourceTypes)}: ${types}  `);
  lines.push(`${t(labels.conditionKeys)}: ${info.conditionKeys.length ? keyList(info.conditionKeys, locale) : t(labels.noConditionKeys)}`);
  const url = reference?.referenceUrl(info.service);
  if (url) lines.push('', `[${t(labels.reference)}: ${md(info.serviceName)}](${url})`);
  return lines.join('\n');
}

/** Condition keys as code, numbered families folded (`kms:RecipientAttestation:PCR0…31`), long lists cut. */
export function keyList(keys: readonly string[], locale: string | undefined): string {
  const folded = foldNumbered(keys);
  const shown = folded.slice(0, LISTED_KEYS).map((k) => `\`${k}\``);
  const rest = folded.length - shown.length;
  return shown.join(', ') + (rest > 0 ? ` ${localize(labels.more(rest), locale)}` : '');
}

/** `x:PCR0`, `x:PCR1`, ..., `x:PCR31` → `x:PCR0…31` (the data lists every register separately). */
export function foldNumbered(keys: readonly string[]): string[] {
  const stems = new Map<string, number[]>();
  const order: string[] = [];
  for (const key of keys) {
    const match = /^(.*?)(\d+)$/.exec(key);
    const stem = match ? match[1]! : key;
    if (!stems.has(stem)) {
      stems.set(stem, []);
      order.push(stem);
    }
    if (match) stems.get(stem)!.push(Number(match[2]));
    else stems.get(stem)!.push(-1);
  }
  const result: string[] = [];
  for (const stem of order) {
    const numbers = stems.get(stem)!.filter((n) => n >= 0).sort((a, b) => a - b);
    const plain = stems.get(stem)!.includes(-1);
    if (plain) result.push(stem);
    if (numbers.length >= 3) result.push(`${stem}${numbers[0]}…${numbers[numbers.length - 1]}`);
    else for (const n of numbers) result.push(`${stem}${n}`);
  }
  return result;
}

/** What a wildcard action covers, counted, with the first few listed. */
export function describeWildcard(pattern: string, catalog: ActionCatalog, locale: string | undefined): { detail: string; markdown: string; count: number } {
  const t = (m: Message) => localize(m, locale);
  if (pattern.trim() === '*') {
    const count = catalog.actionCount();
    return { detail: t(labels.everyAction(count)), markdown: `**\\***\n\n${t(labels.everyAction(count))}`, count };
  }
  const actions = catalog.expand(pattern);
  if (actions.length === 0) return { detail: t(labels.wildcardCoversNothing), markdown: `**${md(pattern)}**\n\n${t(labels.wildcardCoversNothing)}`, count: 0 };
  const listed = actions.slice(0, LISTED_ACTIONS).map((a) => `- \`${a}\``);
  if (actions.length > listed.length) listed.push(`- ${t(labels.more(actions.length - listed.length))}`);
  return {
    detail: t(labels.wildcardCovers(actions.length)).replace(/:$/, ''),
    markdown: [`**${md(pattern)}**`, '', t(labels.wildcardCovers(actions.length)), '', ...listed].join('\n'),
    count: actions.length,
  };
}

/** A condition key's type and meaning. */
export function describeKey(info: ConditionKeyInfo, locale: string | undefined): string {
  const t = (m: Message) => localize(m, locale);
  const description = typeof info.description === 'string' ? md(info.description) : md(localize(info.description, locale));
  const scope = info.global ? t(labels.globalKey) : t(labels.serviceKey(info.key.slice(0, info.key.indexOf(':'))));
  const lines = [`**${md(info.key)}** · ${md(info.type || '?')}`, '', description, '', `_${scope}_`];
  const at = placeholderStart(info.key);
  if (at >= 0) lines.push('', t(labels.placeholder(`\`${info.key.slice(at)}\``)));
  if (isMultivalued(info.type)) lines.push('', t(labels.multivalued));
  return lines.join('\n');
}

/** A condition operator's meaning and its qualifiers. */
export function describeOperator(operator: ConditionOperator, written: string, locale: string | undefined): string {
  const t = (m: Message) => localize(m, locale);
  const lines = [`**${md(written)}**`, '', localize(operator.description, locale)];
  if (/IfExists$/i.test(written)) lines.push('', t(labels.ifExists));
  if (/^ForAnyValue:/i.test(written)) lines.push('', t(labels.forAnyValue));
  if (/^ForAllValues:/i.test(written)) lines.push('', t(labels.forAllValues));
  return lines.join('\n');
}

/** Whether a key of this type is compared by an operator of this family. */
export function operatorFits(operator: ConditionOperator, keyType: string): boolean {
  if (operator.family === 'Null') return true;
  return familiesFor(keyType).includes(operator.family);
}
