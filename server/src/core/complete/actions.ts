import { localize } from '../finding';
import type { ActionCatalog } from '../iam/catalog';
import type { IamReference } from '../iam/reference';
import { hasWildcard } from '../iam/wildcard';
import { sortKey, valueText, type CompletionCandidate } from './candidate';
import type { PolicyCursor } from './cursor';
import { describeAction, describeWildcard } from './describe';
import { labels } from './messages';

export interface ActionSources {
  readonly catalog: ActionCatalog;
  readonly reference?: IamReference;
  readonly locale?: string;
}

/** Below this many typed characters a word without `service:` is not searched for in every service. */
const SEARCH_MIN_LENGTH = 3;
const SEARCH_LIMIT = 60;

/**
 * Actions where an `Action`/`NotAction` item is typed: `service:` prefixes until one is chosen, then
 * that service's actions (access level, description) and the wildcards its names group into, each
 * saying what it expands to; a word without a colon also finds actions by name in every service.
 */
export function actionCandidates(cursor: PolicyCursor, sources: ActionSources): { items: CompletionCandidate[]; incomplete: boolean } {
  const { catalog } = sources;
  const typed = cursor.prefix.trim();
  const items: CompletionCandidate[] = [];
  if (hasWildcard(typed)) items.push(wildcardItem(typed, cursor, sources, 0));
  const colon = typed.indexOf(':');
  if (colon < 0) {
    for (const service of catalog.services()) {
      items.push({
        label: `${service}:`,
        kind: 'service',
        detail: sources.reference?.serviceName(service) ?? '',
        insertText: valueText(`${service}:`, cursor),
        sortText: sortKey(1, service),
        retrigger: true,
      });
    }
    items.push(wildcardItem('*', cursor, sources, 6));
    if (typed.length < SEARCH_MIN_LENGTH) return { items, incomplete: true };
    // Found across services: named by their service only (reading every service's details would
    // load data for services the user never meant).
    for (const action of catalog.actionsStartingWith(typed, SEARCH_LIMIT)) {
      const service = action.slice(0, action.indexOf(':'));
      items.push({
        label: action,
        kind: 'action',
        detail: sources.reference?.serviceName(service) ?? service,
        insertText: valueText(action, cursor),
        filterText: `${action.slice(service.length + 1)} ${action}`,
        sortText: sortKey(2, action),
      });
    }
    return { items, incomplete: true };
  }
  const service = typed.slice(0, colon).toLowerCase();
  if (!catalog.hasService(service)) return { items, incomplete: false };
  for (const name of catalog.actionsOf(service)) items.push(actionItem(`${service}:${name}`, cursor, sources, 2));
  for (const family of wildcardFamilies(catalog.actionsOf(service))) items.push(wildcardItem(`${service}:${family}*`, cursor, sources, 4));
  items.push(wildcardItem(`${service}:*`, cursor, sources, 5));
  return { items, incomplete: false };
}

function actionItem(action: string, cursor: PolicyCursor, sources: ActionSources, group: number): CompletionCandidate {
  const info = sources.reference?.action(action);
  return {
    label: action,
    kind: 'action',
    ...(info ? { detail: `${info.accessLevel} · ${info.serviceName}`, documentation: describeAction(info, sources.reference, sources.locale) } : {}),
    insertText: valueText(action, cursor),
    sortText: sortKey(group, action),
  };
}

function wildcardItem(pattern: string, cursor: PolicyCursor, sources: ActionSources, group: number): CompletionCandidate {
  const described = describeWildcard(pattern, sources.catalog, sources.locale);
  const colon = pattern.indexOf(':');
  const detail =
    pattern.endsWith(':*') && colon > 0
      ? localize(labels.allActionsOf(pattern.slice(0, colon), described.count), sources.locale)
      : described.detail;
  return { label: pattern, kind: 'wildcard', detail, documentation: described.markdown, insertText: valueText(pattern, cursor), sortText: sortKey(group, pattern) };
}

/**
 * Prefixes at word boundaries that two or more actions share and that no other action starts with
 * (so the wildcard covers exactly them): `ReEncrypt` for ReEncryptFrom/ReEncryptTo, `Describe`,
 * `GenerateDataKey`... Of prefixes covering the same actions the longest is kept.
 */
export function wildcardFamilies(names: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    // A name is a prefix of itself: `GenerateDataKey*` covers GenerateDataKey too.
    for (const boundary of [...wordBoundaries(name), name.length]) {
      const prefix = name.slice(0, boundary);
      const group = groups.get(prefix);
      if (group) group.push(name);
      else groups.set(prefix, [name]);
    }
  }
  const lowerNames = names.map((n) => n.toLowerCase());
  const bySet = new Map<string, string>();
  for (const [prefix, members] of groups) {
    if (members.length < 2) continue;
    // Wildcards match case-insensitively: every action starting with the prefix must be a member.
    const lower = prefix.toLowerCase();
    const covered = lowerNames.filter((n) => n.startsWith(lower)).length;
    if (covered !== members.length) continue;
    const set = members.join(' ');
    const existing = bySet.get(set);
    if (!existing || prefix.length > existing.length) bySet.set(set, prefix);
  }
  return [...bySet.values()].sort();
}

/** Where words end in a PascalCase name (`ReEncryptFrom` → 2, 9). */
function wordBoundaries(name: string): number[] {
  const boundaries: number[] = [];
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const previous = name.charCodeAt(i - 1);
    const upper = c >= 65 && c <= 90;
    const previousLower = (previous >= 97 && previous <= 122) || (previous >= 48 && previous <= 57);
    if (upper && previousLower) boundaries.push(i);
  }
  return boundaries;
}
