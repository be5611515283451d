import { GLOBAL_CONDITION_KEYS, type GlobalConditionKey } from './globalConditionKeys';
import type { Message } from '../finding';

/**
 * One service as scripts/build-iam-reference.mjs writes it (one line of iam-reference.jsonl).
 * Rows are positional to keep the file small; condition keys are referred to by their index.
 */
export interface ServiceData {
  readonly prefix: string;
  readonly name: string;
  /** [name, access level, description, [[resource type, required 0|1, [key index]]], [key index]] */
  readonly actions: readonly (readonly [string, string, string, readonly (readonly [string, number, readonly number[]])[], readonly number[]])[];
  /** [resource type, ARN format, [key index]] */
  readonly resourceTypes: readonly (readonly [string, string, readonly number[]])[];
  /** [key, type, description] */
  readonly conditionKeys: readonly (readonly [string, string, string])[];
}

/** Where service data comes from: the packaged file on disk in the server, a fixture in tests. */
export interface ServiceDataSource {
  /** Service prefix → display name ("kms" → "AWS Key Management Service"), for every service. */
  readonly names: Readonly<Record<string, string>>;
  /** One service's data; undefined when it is unknown or cannot be read. */
  load(prefix: string): ServiceData | undefined;
}

export interface ActionInfo {
  /** `kms:Decrypt`, as documented. */
  readonly action: string;
  readonly service: string;
  readonly serviceName: string;
  readonly name: string;
  /** `Write`, `Read`, `List`, `Permissions management, Write`, ... */
  readonly accessLevel: string;
  readonly description: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean; readonly arn?: string }[];
  /** Condition keys the action supports, its resource types' keys included. */
  readonly conditionKeys: readonly string[];
}

export interface ConditionKeyInfo {
  /** As documented, placeholders kept: `kms:EncryptionContext:${EncryptionContextKey}`. */
  readonly key: string;
  /** `String`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, `ArrayOfString`, ... */
  readonly type: string;
  /** From the service data (English only), or both languages for the global keys KeyLens describes itself. */
  readonly description: Message | string;
  /** Global keys apply to every action; service keys to the actions that list them. */
  readonly global: boolean;
}

/** How many services stay parsed; a user works in a handful at a time. */
const CACHED_SERVICES = 12;

/**
 * What KeyLens knows about actions and condition keys beyond their names, for completion and hover:
 * descriptions, access levels, resource types, condition keys and their types. Services are read
 * from the source one at a time when first asked for and only a few are kept.
 */
export class IamReference {
  private readonly cache = new Map<string, { data: ServiceData; byAction: Map<string, number>; byKey: Map<string, number> } | null>();

  constructor(private readonly source: ServiceDataSource) {}

  /** Every service prefix, sorted. */
  servicePrefixes(): string[] {
    return Object.keys(this.source.names).sort();
  }

  serviceName(prefix: string): string | undefined {
    return this.source.names[prefix.toLowerCase()];
  }

  /** The Service Authorization Reference page that documents a service's actions, resources and keys. */
  referenceUrl(prefix: string): string | undefined {
    const name = this.serviceName(prefix);
    if (!name) return undefined;
    // AWS names each page after the service's display name with everything but letters and digits removed.
    const slug = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html`;
  }

  /** Every action of a service with its details, in the data's order (by name). */
  actionsOf(prefix: string): ActionInfo[] {
    const service = this.service(prefix);
    if (!service) return [];
    return service.data.actions.map((_, index) => this.actionAt(service.data, index));
  }

  /** Details of one action (case-insensitive), or undefined when the service or action is unknown. */
  action(action: string): ActionInfo | undefined {
    const colon = action.indexOf(':');
    if (colon <= 0) return undefined;
    const service = this.service(action.slice(0, colon));
    const index = service?.byAction.get(action.slice(colon + 1).toLowerCase());
    return service && index !== undefined ? this.actionAt(service.data, index) : undefined;
  }

  /**
   * A condition key as written in a policy (`kms:EncryptionContext:Department`, `aws:PrincipalTag/team`),
   * matched against the documented keys and their `${...}` / `<...>` placeholders.
   */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const global = matchKey(key, GLOBAL_CONDITION_KEYS.map((k) => k.key));
    if (global) return globalInfo(GLOBAL_CONDITION_KEYS.find((k) => k.key === global)!);
    const colon = key.indexOf(':');
    if (colon <= 0) return undefined;
    const service = this.service(key.slice(0, colon));
    if (!service) return undefined;
    const exact = service.byKey.get(key.toLowerCase());
    if (exact !== undefined) return this.keyAt(service.data, exact);
    const documented = matchKey(key, service.data.conditionKeys.map(([name]) => name));
    return documented ? this.keyAt(service.data, service.byKey.get(documented.toLowerCase())!) : undefined;
  }

  /** The global condition keys (aws:...), which every action supports. */
  globalConditionKeys(): ConditionKeyInfo[] {
    return GLOBAL_CONDITION_KEYS.map(globalInfo);
  }

  /** A service's condition keys, as documented. */
  serviceConditionKeys(prefix: string): ConditionKeyInfo[] {
    const service = this.service(prefix);
    return service ? service.data.conditionKeys.map((_, index) => this.keyAt(service.data, index)) : [];
  }

  private actionAt(data: ServiceData, index: number): ActionInfo {
    const [name, accessLevel, description, types, keys] = data.actions[index]!;
    const keyNames = new Set<string>();
    for (const k of keys) keyNames.add(data.conditionKeys[k]![0]);
    const resourceTypes = types.map(([type, required, typeKeys]) => {
      for (const k of typeKeys) keyNames.add(data.conditionKeys[k]![0]);
      const declared = data.resourceTypes.find(([declaredName]) => declaredName === type);
      for (const k of declared?.[2] ?? []) keyNames.add(data.conditionKeys[k]![0]);
      return { name: type, required: required === 1, ...(declared?.[1] ? { arn: declared[1] } : {}) };
    });
    return {
      action: `${data.prefix}:${name}`,
      service: data.prefix,
      serviceName: data.name,
      name,
      accessLevel,
      description,
      resourceTypes,
      conditionKeys: [...keyNames].sort(),
    };
  }

  private keyAt(data: ServiceData, index: number): ConditionKeyInfo {
    const [key, type, description] = data.conditionKeys[index]!;
    const global = GLOBAL_CONDITION_KEYS.find((k) => k.key.toLowerCase() === key.toLowerCase());
    // The global keys' own meaning is better than a service's paraphrase of it.
    return global ? globalInfo(global) : { key, type, description, global: false };
  }

  private service(prefix: string) {
    const lower = prefix.toLowerCase();
    if (this.cache.has(lower)) {
      const hit = this.cache.get(lower)!;
      // Most recently used last, so the first entry is the one to evict.
      this.cache.delete(lower);
      this.cache.set(lower, hit);
      return hit ?? undefined;
    }
    let data: ServiceData | undefined;
    try {
      data = this.source.names[lower] !== undefined ? this.source.load(lower) : undefined;
    } catch {
      data = undefined;
    }
    const entry = data
      ? {
          data,
          byAction: new Map(data.actions.map(([name], i) => [name.toLowerCase(), i])),
          byKey: new Map(data.conditionKeys.map(([key], i) => [key.toLowerCase(), i])),
        }
      : null;
    this.cache.set(lower, entry);
    if (this.cache.size > CACHED_SERVICES) this.cache.delete(this.cache.keys().next().value!);
    return entry ?? undefined;
  }
}

function globalInfo(key: GlobalConditionKey): ConditionKeyInfo {
  return { key: key.key, type: key.type, description: key.description, global: true };
}

/**
 * The documented key a written key stands for: the same key (case-insensitive), or a key with a
 * placeholder (`aws:PrincipalTag/${TagKey}`, `s3:ExistingObjectTag/<key>`) whose fixed part matches.
 */
export function matchKey(written: string, documented: readonly string[]): string | undefined {
  const lower = written.toLowerCase();
  let best: string | undefined;
  for (const key of documented) {
    const candidate = key.toLowerCase();
    if (candidate === lower) return key;
    const placeholder = placeholderStart(candidate);
    if (placeholder < 0) continue;
    const fixed = candidate.slice(0, placeholder);
    const rest = candidate.slice(placeholder).replace(/^(\$\{[^}]*\}|<[^>]*>)/, '');
    if (lower.length > fixed.length + rest.length && lower.startsWith(fixed) && lower.endsWith(rest)) {
      if (!best || fixed.length > placeholderStart(best.toLowerCase())) best = key;
    }
  }
  return best;
}

/** Where a documented key's placeholder starts (`${TagKey}` or `<key>`), or -1. */
export function placeholderStart(key: string): number {
  const dollar = key.indexOf('${');
  const angle = key.indexOf('<');
  if (dollar < 0) return angle;
  if (angle < 0) return dollar;
  return Math.min(dollar, angle);
}
