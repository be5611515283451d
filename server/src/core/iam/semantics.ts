import { parseArn, replaceInterpolations } from '../arn';
import type { ArnShape } from '../arnShape';
import type { Condition, ElementList, Policy, PString, Statement } from '../model';
import { refKind, type RefKind } from '../refs';
import { referencesIn } from '../workspace';
import { hasWildcard, wildcardMatch, wildcardsOverlap } from './wildcard';

export type Tri = 'yes' | 'no' | 'unknown';

/** Action names are case-insensitive; `*` and `?` wildcards apply. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/** Whether an Action/NotAction list grants `action` ('unknown' when a Terraform value could). */
export function listGrants(list: ElementList | undefined, action: string): Tri {
  if (!list) return 'no';
  const known = list.items.filter((item) => item.known);
  const matched = known.some((item) => actionMatches(item.value, action));
  if (list.negated) {
    if (matched) return 'no';
    return list.hasUnknown ? 'unknown' : 'yes';
  }
  if (matched) return 'yes';
  return list.hasUnknown ? 'unknown' : 'no';
}

/** The items of a positive Action list that grant `action`. */
export function itemsGranting(list: ElementList | undefined, action: string): PString[] {
  if (!list || list.negated) return [];
  return list.items.filter((item) => item.known && actionMatches(item.value, action));
}

export function allowsAction(statement: Statement, action: string): boolean {
  return statement.effect === 'Allow' && listGrants(statement.actions, action) === 'yes';
}

export function policyAllowsAction(policy: Policy, action: string, where: (s: Statement) => boolean = () => true): boolean {
  return policy.statements.some((s) => where(s) && allowsAction(s, action));
}

/** An action some statement allows, possibly only through a Terraform value we cannot see. */
export function mayAllowAction(statement: Statement, action: string): boolean {
  return statement.effect === 'Allow' && listGrants(statement.actions, action) !== 'no';
}

/** Whether a resource pattern covers every KMS key (of an account or of all accounts). */
export function coversAllKeys(resource: string): boolean {
  if (resource === '*') return true;
  if (!hasWildcard(resource)) return false;
  const arn = parseArn(resource);
  if (!arn) return wildcardMatch(resource, 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000', false);
  if (!wildcardMatch(arn.service, 'kms', false)) return false;
  // A key id the author could not have listed: if the pattern still matches it, it matches every key.
  return wildcardMatch(arn.resource, 'key/f00dfeed-0000-4000-8000-a11keysa11ke', false);
}

/** The KMS resource types a Resource item can name: `key/<id>` and `alias/<name>`. */
export type KmsResourceType = 'key' | 'alias';

/**
 * Whether a Resource pattern can match some KMS key (or alias) ARN: `*`, `arn:aws:kms:*:*:key/*`,
 * `arn:aws:kms:us-east-1:111122223333:*`, a key ARN — but not `arn:aws:s3:::bucket/*`, and not an
 * alias ARN for keys (an alias ARN in `Resource` governs the alias, never the key behind it).
 * Wildcards are matched per ARN field when the pattern has all six; otherwise across the string.
 */
export function mayMatchKmsResource(resource: string, type: KmsResourceType): boolean {
  if (resource === '*') return true;
  if (!resource.startsWith('arn:') && !resource.startsWith('*')) return false;
  const arn = parseArn(resource);
  if (arn) return overlaps(arn.service, 'kms') && overlaps(arn.resource, `${type}/*`);
  return overlaps(resource, `arn:*:kms:*:*:${type}/*`);
}

/** Patterns too large to compare (megabytes) are given the benefit of the doubt. */
function overlaps(a: string, b: string): boolean {
  return wildcardsOverlap(a, b) ?? true;
}

/**
 * Which KMS keys a statement's Resource list reaches for an action authorised on keys: `all`
 * (`*`, `key/*`, a NotResource that leaves keys in), `some` (key ARNs, or patterns matching some
 * keys), `none` (S3 ARNs, alias ARNs, a NotResource excluding every key, no Resource at all) or
 * `unknown` (a value KeyLens cannot see, such as `var.key_arn`).
 */
export type KeyScope = 'all' | 'some' | 'none' | 'unknown';

export function resourceKeyScope(list: ElementList | undefined): KeyScope {
  // A statement without Resource is rejected by IAM: it applies to nothing.
  if (!list) return 'none';
  if (list.negated) {
    if (list.items.some((item) => item.known && coversAllKeys(item.value))) return 'none';
    return list.hasUnknown ? 'unknown' : 'all';
  }
  let scope: KeyScope = list.hasUnknown && list.items.every((item) => item.known) ? 'unknown' : 'none';
  for (const item of list.items) {
    const itemScope = itemKeyScope(item);
    if (itemScope === 'all') return 'all';
    if (itemScope === 'some' || (itemScope === 'unknown' && scope === 'none')) scope = itemScope;
  }
  return scope;
}

/** Kinds of resource whose ARN is never a KMS key's. */
const NOT_KEY_KINDS: ReadonlySet<RefKind> = new Set(['alias', 'bucket', 'role', 'user', 'group', 'managed-policy', 'policy-document', 'caller-identity']);

function itemKeyScope(item: PString): KeyScope {
  if (item.known) return coversAllKeys(item.value) ? 'all' : mayMatchKmsResource(item.value, 'key') ? 'some' : 'none';
  if (item.ref) return refKind(item.ref) === 'key' ? 'some' : NOT_KEY_KINDS.has(refKind(item.ref)!) ? 'none' : 'unknown';
  // An ARN whose known parts say what it is (`arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*`).
  if (item.arn) return shapeKeyScope(item.arn);
  // A template: judge the literal text around the interpolations when it spells out an ARN.
  const open = replaceInterpolations(item.value, '*');
  if (open.startsWith('arn:')) {
    if (coversAllKeys(replaceInterpolations(item.value, 'X'))) return 'all';
    return mayMatchKmsResource(open, 'key') ? 'some' : 'none';
  }
  // It starts with an expression: `${aws_s3_bucket.b.arn}/*` is an object ARN, `${aws_kms_key.k.arn}` a key.
  const kinds = referencesIn(item).filter((ref) => !ref.attribute || ref.attribute === 'arn').map((ref) => refKind(ref)!);
  if (kinds.includes('key')) return 'some';
  if (kinds.length && kinds.every((kind) => NOT_KEY_KINDS.has(kind))) return 'none';
  return 'unknown';
}

function shapeKeyScope(shape: ArnShape): KeyScope {
  if (shapeCoversAllKeys(shape)) return 'all';
  // The unknown parts may be anything: as wildcards, the pattern says whether a key can match.
  const resource = shape.resourceKnown ? shape.resource : shape.resource.replace(/\uFFFC/g, '*');
  const pattern = `arn:${shape.partition ?? '*'}:${shape.service}:${shape.region ?? '*'}:${shape.account ?? '*'}:${resource}`;
  return mayMatchKmsResource(pattern, 'key') ? 'some' : 'none';
}

/**
 * Whether a condition narrows the set of KMS keys a statement applies to (ABAC), per the KMS
 * Developer Guide's *ABAC for AWS KMS*, *Use tags to control access to KMS keys* and *Use aliases to
 * control access to KMS keys*: `aws:ResourceTag/<tag>` (also with `${aws:PrincipalTag/<tag>}`
 * values), `kms:ResourceAliases` and `kms:RequestAlias`, with a positive string operator. Not
 * narrowing: `ForAllValues:` (true for a key with no aliases), `...IfExists` (true for keys without
 * the tag), negated operators, values that match anything (`*`, `alias/*`); and keys that narrow the
 * caller or the request rather than the keys (`kms:CallerAccount`, `kms:ViaService`,
 * `kms:EncryptionContext*`) or name key properties every key of a kind shares (`kms:KeySpec`,
 * `kms:KeyOrigin`, `kms:KeyUsage`, `kms:KeyManager`, `kms:MultiRegion`, `aws:ResourceAccount`).
 * Explain's account-wide summaries call this too, with their own condition shape.
 */
export function conditionNarrowsKeys(operator: string, key: string, values: readonly string[], hasUnknownValue = false): boolean {
  const name = key.toLowerCase();
  const tag = name.startsWith('aws:resourcetag/');
  if (!tag && name !== 'kms:resourcealiases' && name !== 'kms:requestalias') return false;
  const op = operator.toLowerCase();
  if (op.startsWith('forallvalues:')) return false;
  const base = op.replace(/^foranyvalue:/, '');
  if (base !== 'stringequals' && base !== 'stringequalsignorecase' && base !== 'stringlike') return false;
  if (hasUnknownValue) return true;
  return values.some((value) => !(tag ? /^\**$/.test(value) || value === '' : /^(alias\/)?\**$/i.test(value)));
}

/** The conditions of a statement that narrow the keys it applies to (see `conditionNarrowsKeys`). */
export function keyNarrowingConditions(statement: Statement): Condition[] {
  return statement.conditions.filter((c) => conditionNarrowsKeys(c.operator, c.key, c.values.filter((v) => v.known).map((v) => v.value), c.hasUnknown));
}

/**
 * Which keys a statement applies to for an action authorised on keys: its Resource scope, with
 * `all` reduced to `some` when an ABAC condition picks the keys (`narrowedBy` names it). The one
 * place "all keys" (Security Hub KMS.1/KMS.2) is decided.
 */
export function statementKeyScope(statement: Statement): { scope: KeyScope; narrowedBy: Condition[] } {
  const scope = resourceKeyScope(statement.resources);
  if (scope === 'none') return { scope, narrowedBy: [] };
  const narrowedBy = keyNarrowingConditions(statement);
  return { scope: scope === 'all' && narrowedBy.length ? 'some' : scope, narrowedBy };
}

/**
 * Whether an ARN template covers every key of the deploying account or of all accounts
 * (`arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*`): its service and resource
 * are literal and match any key; the unknown partition, Region and account take one value each.
 */
export function shapeCoversAllKeys(shape: ArnShape | undefined): boolean {
  if (!shape || !shape.resourceKnown || !wildcardMatch(shape.service, 'kms', false)) return false;
  return wildcardMatch(shape.resource, 'key/f00dfeed-0000-4000-8000-a11keysa11ke', false);
}

/** Whether a resource list includes the given key ARN ('unknown' for Terraform values). */
export function listIncludesResource(list: ElementList | undefined, arn: string): Tri {
  if (!list) return 'no';
  const matched = list.items.some((item) => item.known && wildcardMatch(item.value, arn, false));
  if (list.negated) return matched ? 'no' : list.hasUnknown ? 'unknown' : 'yes';
  return matched ? 'yes' : list.hasUnknown ? 'unknown' : 'no';
}

/** Condition keys on which a key policy statement's caller is narrowed to known accounts/principals. */
export const NARROWING_CONDITION_KEYS = [
  'kms:calleraccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
];

/** True when the statement has a condition that narrows who the caller can be. */
export function hasNarrowingCondition(statement: Statement): boolean {
  // Conditions KeyLens cannot read (a Terraform value) may narrow the caller: never guessed away.
  if (statement.conditionsUnknown) return true;
  return statement.conditions.some((condition) => {
    const operator = condition.operator.toLowerCase();
    if (operator.includes('not') || operator.endsWith('ifexists') || operator === 'null') return false;
    if (!NARROWING_CONDITION_KEYS.includes(condition.key.toLowerCase())) return false;
    if (condition.hasUnknown) return true;
    // A condition whose values are themselves all-wildcards narrows nothing.
    return condition.values.some((v) => v.value !== '*' && v.value !== '');
  });
}

/** Condition keys holding the caller's account. */
const CALLER_ACCOUNT_KEYS = ['kms:calleraccount', 'aws:principalaccount'];

/**
 * Whether a statement's account conditions (`kms:CallerAccount`, `aws:PrincipalAccount`) let callers
 * of `account` through: 'yes' when there are none or each admits it, 'no' when one excludes it,
 * 'unknown' when the account or a Terraform value is not known. Both keys are always in the request,
 * so `...IfExists` changes nothing; `StringNotEquals` admits every account it does not name.
 */
export function conditionsAdmitAccount(statement: Statement, account: string | undefined): Tri {
  // Conditions KeyLens cannot read (a Terraform value) may exclude the account, or not.
  let verdict: Tri = statement.conditionsUnknown ? 'unknown' : 'yes';
  for (const condition of statement.conditions) {
    if (!CALLER_ACCOUNT_KEYS.includes(condition.key.toLowerCase())) continue;
    const op = condition.operator.toLowerCase().replace(/^for(any|all)values?:/, '').replace(/ifexists$/, '');
    const negated = op === 'stringnotequals' || op === 'stringnotequalsignorecase' || op === 'stringnotlike';
    if (!negated && op !== 'stringequals' && op !== 'stringequalsignorecase' && op !== 'stringlike') {
      verdict = 'unknown';
      continue;
    }
    if (account === undefined) {
      verdict = 'unknown';
      continue;
    }
    const named = condition.values.some((v) => v.known && (op.endsWith('like') ? wildcardMatch(v.value, account, false) : v.value === account));
    if (negated ? named : !named && !condition.hasUnknown) return 'no';
    if (condition.hasUnknown && !(negated ? false : named)) verdict = 'unknown';
  }
  return verdict;
}

/** Condition keys that single out some principals of an account (or services acting for a resource). */
const PRINCIPAL_SELECTING_KEYS = [
  'aws:principalarn', 'aws:userid', 'aws:username', 'aws:principaltype', 'aws:principalisawsservice', 'aws:principalservicename',
  'aws:principalservicenameslist', 'aws:sourceidentity', 'aws:federatedprovider', 'aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner',
];

/** Principal keys in every request an IAM principal makes. */
const ALWAYS_PRESENT_KEYS = ['aws:principalarn', 'aws:userid', 'aws:principaltype', 'aws:principalisawsservice'];

/**
 * Whether a statement whose principal is `"*"` (or NotPrincipal) allows every principal of
 * `account`: its account conditions admit the account (see `conditionsAdmitAccount`) and no
 * condition singles out particular principals (`aws:PrincipalArn`, `aws:PrincipalTag/*`, ...).
 * Conditions on how the key is used (`kms:ViaService`, encryption context) do not change who may.
 */
export function wildcardAllowsWholeAccount(statement: Statement, account: string | undefined): Tri {
  const selecting = statement.conditions.some((c) => {
    const key = c.key.toLowerCase();
    if (!(PRINCIPAL_SELECTING_KEYS.includes(key) || key.startsWith('aws:principaltag/')) || isNegatedOperator(c.operator)) return false;
    // `...IfExists` lets in every request without the key (a caller's own call has no aws:SourceAccount,
    // the root no principal tag); only keys every IAM request carries still select with it.
    if (/ifexists$/i.test(c.operator) && !ALWAYS_PRESENT_KEYS.includes(key)) return false;
    // Not an AWS service: every IAM principal of the account.
    if (key === 'aws:principalisawsservice') return c.values.some((v) => v.known && v.value.toLowerCase() === 'true');
    return true;
  });
  if (selecting) return 'no';
  // A statement that may not exist (a dynamic block over an unknown for_each) may still let them in.
  const admits = conditionsAdmitAccount(statement, account);
  return admits === 'yes' && statement.mayBeAbsent ? 'unknown' : admits;
}

const deniesByPolicy = new WeakMap<Policy, Map<string, Statement[]>>();

/** The unconditional Deny statements of `action` with a Resource list (computed once per policy and action). */
function unconditionalDenies(policy: Policy, action: string): Statement[] {
  let byAction = deniesByPolicy.get(policy);
  if (!byAction) deniesByPolicy.set(policy, (byAction = new Map()));
  let denies = byAction.get(action);
  if (!denies) {
    denies = policy.statements.filter(
      (s) => s.effect === 'Deny' && isUnconditional(s) && listGrants(s.actions, action) === 'yes' && s.resources !== undefined && !s.resources.negated,
    );
    byAction.set(action, denies);
  }
  return denies;
}

/** A key no policy author could have listed: a pattern matching it matches keys of any region and account. */
const UNLISTED_KEY_ID = 'f00dfeed-0000-4000-8000-a11keysa11ke';
const UNLISTED_KEY = `arn:aws:kms:zq-west-9:990011223344:key/${UNLISTED_KEY_ID}`;

/**
 * A key standing for everything a Resource pattern reaches: the pattern with its wildcards filled in
 * by text no other pattern names (`*` → an unlisted key of any account).
 */
function representativeKey(pattern: string): string {
  if (pattern === '*') return UNLISTED_KEY;
  const arn = parseArn(pattern);
  if (!arn) return pattern.replace(/\*/g, 'zq').replace(/\?/g, 'z');
  const fill = (field: string) => field.replace(/\*/g, 'zq').replace(/\?/g, 'z');
  const resource = wildcardMatch(arn.resource, `key/${UNLISTED_KEY_ID}`, false) ? `key/${UNLISTED_KEY_ID}` : fill(arn.resource);
  return `arn:${fill(arn.partition)}:${fill(arn.service)}:${fill(arn.region)}:${fill(arn.account)}:${resource}`;
}

/**
 * Whether unconditional Deny statements of the policy take `action` away on every key `reach` names
 * (Deny always wins): a key ARN, an Allow statement's Resource list, or — undefined — any key at
 * all. A Deny covers an Allow's `key/*` of one account, not its `"*"` (keys of other accounts that
 * trust this one stay reachable). Only Resource lists count: a Deny with NotResource leaves the keys
 * it names allowed; a Resource given by a Terraform value we cannot see is never proven denied.
 */
export function deniedOn(policy: Policy, action: string, reach?: string | ElementList): boolean {
  const denies = unconditionalDenies(policy, action);
  if (denies.length === 0) return false;
  let keys: string[];
  if (reach === undefined || typeof reach === 'string') keys = [representativeKey(reach ?? '*')];
  else if (reach.negated) keys = [UNLISTED_KEY];
  else {
    // A value KeyLens cannot see is denied only by a Deny on everything; a reference to a key, by one on every key.
    const anything = denies.some((s) => s.resources!.items.some((item) => item.known && item.value === '*'));
    if (reach.hasUnknown && reach.items.every((item) => item.known) && !anything) return false;
    keys = [];
    for (const item of reach.items) {
      const scope = itemKeyScope(item);
      if (scope === 'none') continue;
      if (item.known) keys.push(representativeKey(item.value));
      else if (scope === 'unknown') {
        if (!anything) return false;
      } else keys.push(UNLISTED_KEY);
    }
    if (keys.length === 0) return anything;
  }
  return keys.every((key) => denies.some((s) => s.resources!.items.some((item) => item.known && wildcardMatch(item.value, key, false))));
}

/**
 * A statement that certainly applies: it has no condition (nor conditions KeyLens cannot read) and
 * certainly exists (not a `dynamic` block over values KeyLens cannot see). Only such a Deny denies for sure.
 */
export function isUnconditional(statement: Statement): boolean {
  return statement.conditions.length === 0 && !statement.conditionsUnknown && !statement.mayBeAbsent;
}

/** Whether a condition operator negates (`StringNotEquals`, `ArnNotLike`, ...). */
export function isNegatedOperator(operator: string): boolean {
  return /not/i.test(operator.replace(/^For(All|Any)Values?:/i, ''));
}
