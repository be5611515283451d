import type { ResourceRef } from '../model';
import { wildcardMatch } from '../iam/wildcard';
import { sameRef } from '../workspace';
import type { ValueList } from './statements';

/** What is known about the key, for matching `Resource` elements against it. */
export interface KeyTarget {
  readonly arn?: string;
  readonly keyId?: string;
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly ref?: ResourceRef;
}

/**
 * Whether a statement's `Resource` covers this key. In a key policy `"*"` means the key itself. An
 * unknown part of the key's ARN only matches a wildcard, so a literal ARN of another key never does.
 */
export function resourceApplies(resources: ValueList | undefined, target: KeyTarget, keyPolicy: boolean): boolean {
  if (!resources) return keyPolicy;
  const unknownPart = '\u0000';
  const candidate = target.arn ?? `arn:${target.partition ?? unknownPart}:kms:${target.region ?? unknownPart}:${target.account ?? unknownPart}:key/${target.keyId ?? unknownPart}`;
  const matched = resources.items.some((item) => {
    if (!item.known) {
      if (item.refs?.some((ref) => sameRef(ref, target.ref))) return true;
      // A key policy's unknown Resource is about this key in practice; an identity policy's may be any key.
      return keyPolicy;
    }
    const pattern = item.text.trim();
    return pattern === '*' || wildcardMatch(pattern, candidate, false);
  });
  return resources.negated ? !matched : matched || (keyPolicy && resources.hasUnknown);
}

export function terraformRef(address: string | undefined): ResourceRef | undefined {
  if (!address) return undefined;
  const [type, name] = address.split('.');
  return type && name ? { type, name } : undefined;
}

