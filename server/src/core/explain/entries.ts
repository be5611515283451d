import { localize, type Message } from '../finding';
import type { Clause } from './conditions';
import { sortOperations } from './operations';
import type { AccessEntry, Conditions, DelegatedPolicy, Via } from './report';
import type { Subject } from './subjects';

/** Messages for the report, each once. */
export class Warnings {
  private readonly messages: Message[] = [];
  private readonly seen = new Set<string>();

  add(message: Message): void {
    if (this.seen.has(message.en)) return;
    this.seen.add(message.en);
    this.messages.push(message);
  }

  list(locale: string | undefined): { message: string }[] {
    return this.messages.map((message) => ({ message: localize(message, locale) }));
  }
}

/** What one path adds to an entry besides its operations. */
export interface PathFacts {
  readonly subject: Subject;
  /** Every clause of every statement on the path (all must hold). */
  readonly clauses: readonly Clause[];
  readonly moreConditions?: readonly Conditions[];
  readonly crossAccount?: boolean;
  readonly except?: string[];
  readonly ineffective?: readonly string[];
}

export interface MutableEntry {
  readonly principal: string;
  operations: Set<string>;
  readonly conditions: Conditions;
  readonly moreConditions: readonly Conditions[];
  readonly via: Via[];
  /** viaKey → index in `via`, so merging stays linear with thousands of grants. */
  readonly viaIndex: Map<string, number>;
  crossAccount: boolean;
  readonly except?: string[];
  readonly subject: Subject;
  readonly clauses: readonly Clause[];
  readonly ineffective: Set<string>;
  denied: string[];
  /** Access comes from grants alone (see AccessEntry.grantOnly). */
  grantOnly?: boolean;
}

/** Access entries merged by principal and conditions; paths giving the same principal access are kept side by side. */
export class EntryList {
  private readonly entries = new Map<string, MutableEntry>();

  add(principal: string, operations: readonly string[], conditions: Conditions, via: Via, facts: PathFacts): void {
    const more = facts.moreConditions ?? [];
    const key = JSON.stringify([principal, canonicalConditions(conditions), more.map(canonicalConditions), facts.except ?? null]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        principal,
        operations: new Set(),
        conditions,
        moreConditions: more,
        via: [],
        viaIndex: new Map(),
        crossAccount: false,
        except: facts.except,
        subject: facts.subject,
        clauses: facts.clauses,
        ineffective: new Set(),
        denied: [],
      };
      this.entries.set(key, entry);
    }
    for (const op of operations) entry.operations.add(op);
    for (const op of facts.ineffective ?? []) entry.ineffective.add(op);
    if (facts.crossAccount) entry.crossAccount = true;
    const pathKey = viaKey(via);
    const same = entry.viaIndex.get(pathKey);
    if (same === undefined) {
      entry.viaIndex.set(pathKey, entry.via.length);
      entry.via.push(via);
      return;
    }
    const existing = entry.via[same]!;
    const mergedOperations = sortOperations([...existing.operations, ...via.operations]);
    if (existing.kind === 'iam-delegation' && via.kind === 'iam-delegation') {
      const policies = [...existing.policies];
      for (const policy of via.policies) if (!policies.some((p) => samePolicyUse(p, policy))) policies.push(policy);
      entry.via[same] = { ...existing, policies, operations: mergedOperations };
    } else {
      entry.via[same] = { ...existing, operations: mergedOperations };
    }
  }

  /** The entries being built, for the Deny pass. */
  building(): Iterable<MutableEntry> {
    return this.entries.values();
  }

  /** The report's entries; entries left with no operation at all (every one denied) are dropped. */
  list(): AccessEntry[] {
    const result: AccessEntry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.operations.size === 0 && entry.denied.length > 0) continue;
      const ineffective = sortOperations([...entry.ineffective].filter((op) => !entry.operations.has(op)));
      result.push({
        principal: entry.principal,
        operations: sortOperations(entry.operations),
        conditions: entry.conditions,
        ...(entry.moreConditions.length > 0 ? { moreConditions: [...entry.moreConditions] } : {}),
        via: entry.via,
        ...(entry.crossAccount ? { crossAccount: true } : {}),
        ...(entry.grantOnly ? { grantOnly: true } : {}),
        ...(entry.except ? { except: entry.except } : {}),
        ...(ineffective.length > 0 ? { ineffective } : {}),
        ...(entry.denied.length > 0 ? { denied: sortOperations(entry.denied) } : {}),
      });
    }
    return result;
  }
}

function samePolicyUse(a: DelegatedPolicy, b: DelegatedPolicy): boolean {
  return a.policy === b.policy && a.file === b.file && a.principal === b.principal && a.group === b.group;
}

function viaKey(via: Via): string {
  switch (via.kind) {
    case 'key-policy':
      return `key-policy\u0000${via.statement}`;
    case 'iam-delegation':
      return `iam\u0000${via.account}\u0000${via.statement ?? ''}`;
    case 'grant':
      return `grant\u0000${via.grantId ?? via.name ?? ''}\u0000${via.createdBy ?? ''}\u0000${via.role}`;
  }
}

export function canonicalConditions(conditions: Conditions): string {
  const sorted = Object.keys(conditions)
    .sort()
    .map((operator) => [operator, Object.keys(conditions[operator]!).sort().map((key) => [key, [...conditions[operator]![key]!].sort()])]);
  return JSON.stringify(sorted);
}
