import { localize } from '../finding';
import type { ActionCatalog } from '../iam/catalog';
import { CONDITION_OPERATORS, familiesFor, operatorNamed, parseOperator, type ConditionOperator } from '../iam/conditionOperators';
import { ACCOUNT_KEYS, ALIAS_KEYS, CONDITION_VALUES, KEY_ARN_KEYS, REGION_KEYS, VIA_SERVICES } from '../iam/conditionValues';
import type { ConditionKeyInfo, IamReference } from '../iam/reference';
import { placeholderStart } from '../iam/reference';
import { nameText, sortKey, valueText, type CompletionCandidate } from './candidate';
import type { PolicyCursor } from './cursor';
import { describeKey, describeOperator, operatorFits } from './describe';
import { labels } from './messages';
import { statementActions, type StatementContext } from './statementContext';
import type { WorkspaceFacts } from './workspaceFacts';

export interface ConditionSources {
  readonly catalog: ActionCatalog;
  readonly reference?: IamReference;
  readonly locale?: string;
  readonly facts: () => WorkspaceFacts;
}

const SET_QUALIFIERS = ['ForAnyValue', 'ForAllValues'] as const;

/** Set qualifiers compare multivalued keys: not with Bool or Null. */
const QUALIFIABLE = new Set(['String', 'ARN', 'Numeric', 'Date', 'IPAddress', 'Binary']);

/**
 * Condition operators with their `…IfExists` variants, and qualified with `ForAnyValue:` /
 * `ForAllValues:` after them. When the key is already known (a policy document's `variable`),
 * operators that compare its type come first.
 */
export function operatorCandidates(cursor: PolicyCursor, sources: ConditionSources): CompletionCandidate[] {
  const keyType = cursor.condition?.key ? sources.reference?.conditionKey(cursor.condition.key)?.type : undefined;
  const items: CompletionCandidate[] = [];
  const add = (operator: ConditionOperator, written: string, group: number) => {
    const fits = keyType ? operatorFits(operator, keyType) : true;
    items.push({
      label: written,
      kind: 'operator',
      detail: localize(labels.operatorFor(operator.family), sources.locale),
      documentation: describeOperator(operator, written, sources.locale),
      insertText: nameText(written, cursor),
      sortText: sortKey(fits ? group : group + 10, written),
    });
  };
  for (const operator of CONDITION_OPERATORS) {
    add(operator, operator.name, 1);
    if (operator.family !== 'Null') add(operator, `${operator.name}IfExists`, 3);
    if (QUALIFIABLE.has(operator.family)) for (const qualifier of SET_QUALIFIERS) add(operator, `${qualifier}:${operator.name}`, 5);
  }
  return items;
}

/**
 * Condition keys valid for the statement's actions (their own and their resource types' keys),
 * then the global keys; a typed `service:` also lists that service's keys. A key with a placeholder
 * (`kms:EncryptionContext:${EncryptionContextKey}`) inserts its fixed part for the rest to be typed.
 */
export function keyCandidates(cursor: PolicyCursor, statement: StatementContext, operator: string, sources: ConditionSources): CompletionCandidate[] {
  const reference = sources.reference;
  if (!reference) return [];
  const family = operatorNamed(parseOperator(operator).base)?.family;
  const keys = new Map<string, { info: ConditionKeyInfo; group: number }>();
  const add = (info: ConditionKeyInfo | undefined, group: number) => {
    if (!info) return;
    const id = info.key.toLowerCase();
    const existing = keys.get(id);
    if (!existing || existing.group > group) keys.set(id, { info, group });
  };
  const actions = statementActions(statement, sources.catalog);
  if (actions) {
    for (const action of actions) for (const key of reference.action(action)?.conditionKeys ?? []) add(reference.conditionKey(key), 1);
  } else {
    // Too many actions to list their keys (`*`, NotAction): the keys of the services the statement names.
    const services = new Set(statement.actions.map((a) => a.slice(0, Math.max(0, a.indexOf(':'))).toLowerCase()).filter((s) => s && !/[*?]/.test(s)));
    for (const service of services) for (const info of reference.serviceConditionKeys(service)) add(info, 2);
  }
  const typed = cursor.prefix.trim();
  const typedService = typed.includes(':') ? typed.slice(0, typed.indexOf(':')).toLowerCase() : undefined;
  if (typedService && typedService !== 'aws' && sources.catalog.hasService(typedService)) {
    for (const info of reference.serviceConditionKeys(typedService)) add(info, 4);
  }
  for (const info of reference.globalConditionKeys()) add(info, 3);

  const items: CompletionCandidate[] = [];
  for (const { info, group } of keys.values()) {
    const at = placeholderStart(info.key);
    const written = at >= 0 ? info.key.slice(0, at) : info.key;
    const fits = !family || family === 'Null' || familiesFor(info.type).includes(family);
    const scope = info.global ? labels.globalKey : group === 1 ? labels.forStatement : labels.serviceKey(info.key.slice(0, info.key.indexOf(':')));
    items.push({
      label: info.key,
      kind: 'condition-key',
      detail: `${info.type || '?'} · ${localize(scope, sources.locale)}`,
      documentation: describeKey(info, sources.locale),
      insertText: nameText(written, cursor),
      // Unquoted, the snippet puts the cursor where the placeholder's part is written.
      ...(at >= 0 && !cursor.quoted ? { snippet: placeholderSnippet(written, info.key.slice(at), cursor) } : {}),
      filterText: info.key,
      // Keys the data lists once per number (PCR0 … PCR31) come after the others.
      sortText: sortKey((fits ? group : group + 10) + (/\d$/.test(info.key) ? 1 : 0), info.key),
    });
  }
  return items;
}

/** Values a condition key takes: booleans, documented enumerations, and the workspace's accounts, keys, aliases and Regions. */
export function valueCandidates(cursor: PolicyCursor, operator: string, key: string, sources: ConditionSources): CompletionCandidate[] {
  const lower = key.toLowerCase();
  const items: CompletionCandidate[] = [];
  const add = (value: string, detail: string | undefined, group = 1) =>
    items.push({ label: value, kind: 'value', ...(detail ? { detail } : {}), insertText: valueText(value, cursor), sortText: sortKey(group, value) });
  const parsed = parseOperator(operator);
  const type = sources.reference?.conditionKey(key)?.type ?? '';
  if (parsed.base.toLowerCase() === 'null' || parsed.base.toLowerCase() === 'bool' || familiesFor(type).includes('Bool')) {
    add('true', undefined);
    add('false', undefined);
    return items;
  }
  for (const value of CONDITION_VALUES[lower] ?? []) add(value, key);
  if (ACCOUNT_KEYS.has(lower)) for (const account of sources.facts().accounts) add(account, localize(labels.accountInWorkspace, sources.locale));
  if (KEY_ARN_KEYS.has(lower)) for (const key of sources.facts().keyArns) add(key.arn, key.description ?? localize(labels.keyInWorkspace, sources.locale));
  if (ALIAS_KEYS.has(lower)) for (const alias of sources.facts().aliases) add(alias.name, alias.description ?? localize(labels.aliasInWorkspace, sources.locale));
  if (REGION_KEYS.has(lower)) for (const region of sources.facts().regions) add(region, undefined);
  if (lower === 'kms:viaservice') {
    const regions = sources.facts().regions;
    for (const service of VIA_SERVICES) for (const region of regions) add(`${service}.${region}.amazonaws.com`, undefined);
  }
  return items;
}

/** `"kms:EncryptionContext:${1:EncryptionContextKey}": ` (a snippet: `$`, `}` and `\\` escaped in the fixed text). */
function placeholderSnippet(fixed: string, placeholder: string, cursor: PolicyCursor): string {
  const name = placeholder.replace(/^\$\{|\}$|^<|>$/g, '') || 'key';
  const escape = (text: string) => text.replace(/[$}\\]/g, (c) => `\\${c}`);
  const marker = '\uE000'; // survives JSON.stringify unescaped
  return nameText(`${fixed}${marker}`, cursor)
    .split(marker)
    .map(escape)
    .join(`\${1:${escape(name)}}`);
}
