import { wildcardMatch, hasWildcard } from './wildcard';

/** The compact table written by scripts/build-iam-data.mjs. */
export interface ActionTable {
  readonly source: string;
  readonly version: string;
  /** Space-separated action names per service prefix, sorted. */
  readonly services: Readonly<Record<string, string>>;
  /**
   * Per service, aligned with `services`: for each action (separated by ";") the resource types it is
   * authorised on, space-separated (empty: the action takes no resource, only `"*"`).
   */
  readonly resourceTypes?: Readonly<Record<string, string>>;
}

/** One service's actions, split out of the table the first time a rule or completion asks for it. */
interface ServiceActions {
  /** Action names in their documented case, sorted by code unit (as the table lists them). */
  readonly names: readonly string[];
  /** Lower-case name → documented name. */
  readonly byLowerName: ReadonlyMap<string, string>;
  /** Per action (aligned with `names`) the resource types, when the table has them. */
  readonly resourceTypes?: readonly string[];
}

/**
 * Every IAM action of every service, for typo checks and wildcard expansion. A policy names a few
 * services out of hundreds, so a service's action list is only split out of the table when first
 * used: the server keeps the packed table (one string per service) and what its workspace needs.
 */
export class ActionCatalog {
  /** Lower-case service prefix → the table's key for it. */
  private readonly serviceKeys = new Map<string, string>();
  private readonly loaded = new Map<string, ServiceActions>();

  constructor(readonly table: ActionTable) {
    for (const service of Object.keys(table.services)) this.serviceKeys.set(service.toLowerCase(), service);
  }

  private service(service: string): ServiceActions | undefined {
    const lower = service.toLowerCase();
    const cached = this.loaded.get(lower);
    if (cached) return cached;
    const key = this.serviceKeys.get(lower);
    if (key === undefined) return undefined;
    const packed = this.table.services[key]!;
    const names = packed.length ? packed.split(' ') : [];
    const byLowerName = new Map(names.map((name) => [name.toLowerCase(), name]));
    const lists = this.table.resourceTypes?.[key];
    const actions: ServiceActions = { names, byLowerName, ...(lists !== undefined ? { resourceTypes: lists.split(';') } : {}) };
    this.loaded.set(lower, actions);
    return actions;
  }

  /**
   * The resource types an action is authorised on (`["key"]` for kms:Decrypt, `["alias", "key"]` for
   * kms:CreateAlias, `[]` for kms:ListAliases, which takes only `"*"`); undefined for an unknown action
   * or when the table has no resource data.
   */
  resourceTypesOf(action: string): readonly string[] | undefined {
    const canonical = this.canonical(action);
    if (!canonical) return undefined;
    const colon = canonical.indexOf(':');
    const actions = this.service(canonical.slice(0, colon))!;
    if (!actions.resourceTypes) return undefined;
    const index = binarySearch(actions.names, canonical.slice(colon + 1));
    const entry = index >= 0 ? actions.resourceTypes[index] : undefined;
    return entry === undefined ? undefined : entry === '' ? [] : entry.split(' ');
  }

  hasService(service: string): boolean {
    return this.serviceKeys.has(service.toLowerCase());
  }

  services(): string[] {
    return [...this.serviceKeys.keys()];
  }

  /** The action names (without prefix) of a service, in their documented case. */
  actionsOf(service: string): readonly string[] {
    return this.service(service)?.names ?? [];
  }

  /** The documented spelling of `service:Action`, or undefined when no such action exists. */
  canonical(action: string): string | undefined {
    const colon = action.indexOf(':');
    if (colon < 0) return undefined;
    const service = action.slice(0, colon).toLowerCase();
    const name = this.service(service)?.byLowerName.get(action.slice(colon + 1).toLowerCase());
    return name === undefined ? undefined : `${service}:${name}`;
  }

  /** How many actions there are in all (without splitting every service's list). */
  actionCount(): number {
    let count = 0;
    for (const packed of Object.values(this.table.services)) if (packed.length) count += packed.split(' ').length;
    return count;
  }

  /**
   * Actions of any service whose name starts with `prefix` (case-insensitive), at most `limit`, in
   * service order — read from the packed lists so a search does not keep every service split.
   */
  actionsStartingWith(prefix: string, limit: number): string[] {
    const lower = prefix.toLowerCase();
    const found: string[] = [];
    if (!lower) return found;
    for (const [key, packed] of Object.entries(this.table.services)) {
      const lowerPacked = packed.toLowerCase();
      let at = lowerPacked.startsWith(lower) ? 0 : lowerPacked.indexOf(' ' + lower) + 1;
      while (at > 0 || (at === 0 && lowerPacked.startsWith(lower))) {
        const end = packed.indexOf(' ', at);
        found.push(`${key.toLowerCase()}:${packed.slice(at, end < 0 ? packed.length : end)}`);
        if (found.length >= limit) return found;
        const next = lowerPacked.indexOf(' ' + lower, at + 1);
        if (next < 0) break;
        at = next + 1;
      }
    }
    return found;
  }

  /** All real actions a (possibly wildcarded) action pattern matches, as `service:Action`. */
  expand(pattern: string): string[] {
    if (pattern === '*') {
      return this.services().flatMap((s) => this.actionsOf(s).map((a) => `${s}:${a}`));
    }
    const colon = pattern.indexOf(':');
    if (colon < 0) return [];
    const servicePattern = pattern.slice(0, colon);
    const namePattern = pattern.slice(colon + 1);
    const services = hasWildcard(servicePattern)
      ? this.services().filter((s) => wildcardMatch(servicePattern, s, true))
      : [servicePattern.toLowerCase()];
    const result: string[] = [];
    for (const service of services) {
      for (const name of this.actionsOf(service)) {
        if (wildcardMatch(namePattern, name, true)) result.push(`${service}:${name}`);
      }
    }
    return result;
  }

  /** The closest real action to a misspelt one (same service, else closest service), or undefined. */
  closest(action: string): string | undefined {
    const colon = action.indexOf(':');
    if (colon < 0) return undefined;
    let service = action.slice(0, colon).toLowerCase();
    const name = action.slice(colon + 1);
    if (!this.hasService(service)) {
      const nearService = nearest(service, this.services(), 2);
      if (!nearService) return undefined;
      service = nearService;
      const exact = this.canonical(`${service}:${name}`);
      if (exact) return exact;
    }
    const candidates = this.actionsOf(service);
    const best = nearest(name, candidates, Math.max(2, Math.floor(name.length / 3)));
    return best ? `${service}:${best}` : undefined;
  }
}

/** Index of `name` in a list sorted by code unit, or -1. */
function binarySearch(sorted: readonly string[], name: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = sorted[middle]!;
    if (value === name) return middle;
    if (value < name) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

function nearest(word: string, candidates: readonly string[], maxDistance: number): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - lower.length) >= bestDistance) continue;
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

/** Levenshtein distance with transpositions, giving up past `cap`. */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= cap) return cap;
    prevPrev = prev;
    prev = current;
  }
  return prev[cols - 1]!;
}
