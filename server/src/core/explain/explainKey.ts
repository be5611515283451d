import { localize, type Message } from '../finding';
import type { Policy, ResourceRef } from '../model';
import type { IdentityPolicyUse } from './workspaceSnapshot';
import { refLabel } from '../refs';
import type { ActionCatalog } from '../iam/catalog';
import { wildcardMatch } from '../iam/wildcard';
import { parseArn, principalAccount } from '../arn';
import { sameRef } from '../workspace';
import { recognizeGrant } from './grants';
import { allKmsOperations, grantOperation, kmsOperations, sortOperations } from './operations';
import { classifyPrincipal, narrowsCaller } from './principals';
import type { AccessEntry, Conditions, DelegatedPolicy, ExplainReport, GrantVia, IamDelegationVia, ReportGrant, Via } from './report';
import type { KeySnapshot, KmsGrant, KmsGrantConstraints, SnapshotGrant } from './snapshot';
import { keyPolicyFromText, statementLabel, statementsFromPolicy, type ValueList } from './statements';

export interface ExplainOptions {
  readonly catalog: ActionCatalog;
  /** `en` (default) or `ja`: the language of explanations and warnings. */
  readonly locale?: string;
}

/** What is known about the key, for matching `Resource` elements against it. */
interface KeyTarget {
  readonly arn?: string;
  readonly keyId?: string;
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly ref?: ResourceRef;
}

/** An Allow statement of the key policy naming an account (root ARN or bare id): IAM decides inside it. */
interface Delegation {
  readonly account: string;
  readonly statement: string;
  readonly operations: string[];
  readonly conditions: Conditions;
  readonly crossAccount: boolean;
}

/** One statement of a workspace IAM identity policy that applies to this key. */
interface IdentityStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly operations: string[];
  readonly conditions: Conditions;
}

interface IdentityPolicy {
  readonly policy: Policy;
  /** The attached role/user/group as shown (ARN or Terraform address), when the workspace says. */
  readonly principal?: string;
  readonly account?: string;
  readonly statements: IdentityStatement[];
  readonly allowed: string[];
}

/**
 * Who can use a key and why: key policy statements (the root of trust), IAM policies the key policy
 * delegates to through the account root, and grants. Pure: the same engine serves the CLI, the editor
 * and tests, from a live snapshot or one built from workspace files.
 */
export function explainKey(snapshot: KeySnapshot, identityPolicies: readonly IdentityPolicyUse[], options: ExplainOptions): ExplainReport {
  const { catalog } = options;
  const warnings = new Warnings();
  for (const warning of snapshot.warnings) warnings.add(warning);
  const meta = snapshot.metadata;
  const metaArn = meta.arn ? parseArn(meta.arn) : undefined;
  const target: KeyTarget = {
    arn: meta.arn,
    keyId: meta.keyId,
    account: meta.account ?? metaArn?.account,
    region: meta.region ?? metaArn?.region,
    partition: metaArn?.partition,
    ref: meta.ref ?? terraformRef(meta.terraformAddress),
  };
  const keyAccount = target.account;
  const access = new EntryList();
  const denies = new EntryList();
  const crossAccounts = new Set<string>();

  // 1. The key policy.
  let keyPolicy: Policy | undefined;
  if (snapshot.keyPolicy?.kind === 'json') {
    const read = keyPolicyFromText(snapshot.keyPolicy.text, snapshot.keyPolicy.label);
    keyPolicy = read.policy;
    if (read.problem) warnings.add(read.problem);
  } else if (snapshot.keyPolicy?.kind === 'model') {
    keyPolicy = snapshot.keyPolicy.policy;
  }
  const delegations: Delegation[] = [];
  for (const statement of keyPolicy ? statementsFromPolicy(keyPolicy) : []) {
    const label = statementLabel(statement);
    if (!statement.effect) {
      warnings.add({
        en: `Key policy statement ${label} has no valid Effect ("Allow" or "Deny"); KMS rejects such a policy, so it is ignored here.`,
        ja: `キーポリシーのステートメント ${label} に有効な Effect ("Allow" または "Deny") がありません。KMS はこのポリシーを受け付けないため、ここでは無視します。`,
      });
      continue;
    }
    if (!statement.principal) {
      warnings.add({
        en: `Key policy statement ${label} has no Principal; key policy statements must name one, so it is ignored here.`,
        ja: `キーポリシーのステートメント ${label} に Principal がありません。キーポリシーでは必須のため、ここでは無視します。`,
      });
      continue;
    }
    if (!resourceApplies(statement.resources, target, true)) continue;
    const { operations, unknown } = kmsOperations(statement.actions, catalog);
    if (unknown.length > 0 || statement.actions?.hasUnknown) {
      warnings.add({
        en: `Key policy statement ${label} has actions KeyLens cannot know statically (${unknown.join(', ') || 'an expression'}); they are not listed.`,
        ja: `キーポリシーのステートメント ${label} に静的に分からないアクションがあります (${unknown.join(', ') || '式'})。一覧には含めていません。`,
      });
    }
    if (operations.length === 0) continue;
    const list = statement.effect === 'Allow' ? access : denies;
    const conditions = statement.conditions;
    const via: Via = { kind: 'key-policy', statement: label, operations };
    const principal = statement.principal;

    if (principal.negated) {
      const except = principal.entries.map((entry) => classifyPrincipal(entry.type, entry.text).display);
      list.add('*', operations, conditions, via, { except });
      if (statement.effect === 'Allow') {
        warnings.add({
          en: `Key policy statement ${label} allows everyone except ${except.join(', ')} (NotPrincipal with Allow).`,
          ja: `キーポリシーのステートメント ${label} は ${except.join(', ')} 以外の全員に許可しています (Allow と NotPrincipal の組み合わせ)。`,
        });
      }
      continue;
    }
    if (principal.wildcard) {
      list.add('*', operations, conditions, via);
      if (statement.effect === 'Allow' && !narrowsCaller(conditions) && !statement.conditionsUnknown) {
        warnings.add({
          en: `Key policy statement ${label} allows ${summarize(operations, catalog)} to any principal in any AWS account ("*") without a condition that narrows the caller (such as kms:CallerAccount).`,
          ja: `キーポリシーのステートメント ${label} は、呼び出し元を絞る条件 (kms:CallerAccount など) なしに、あらゆる AWS アカウントのあらゆるプリンシパル ("*") に ${summarize(operations, catalog)} を許可しています。`,
        });
      }
    }
    for (const entry of principal.entries) {
      if (!entry.known && entry.ownAccountRoot && statement.effect === 'Allow') {
        // The deploying account's root is the key's own account: IAM policies there decide.
        delegations.push({ account: keyAccount ?? entry.text, statement: label, operations, conditions, crossAccount: false });
        continue;
      }
      if (!entry.known) {
        list.add(entry.text, operations, conditions, via);
        continue;
      }
      const principalClass = classifyPrincipal(entry.type, entry.text);
      if (principalClass.kind === 'account') {
        const crossAccount = !!keyAccount && principalClass.account !== keyAccount;
        if (statement.effect === 'Allow') {
          delegations.push({ account: principalClass.account, statement: label, operations, conditions, crossAccount });
        } else {
          denies.add(principalClass.display, operations, conditions, via, { crossAccount });
        }
        continue;
      }
      const account = principalClass.kind === 'iam' ? principalClass.account : undefined;
      const crossAccount = !!keyAccount && !!account && account !== keyAccount;
      if (crossAccount && statement.effect === 'Allow') crossAccounts.add(account!);
      list.add(principalClass.display, operations, conditions, via, { crossAccount });
    }
  }

  // 2. IAM identity policies, which only count where the key policy delegates to their account.
  const identities = identityPolicies
    .filter((use) => use.policy.kind === 'identity')
    .map((use) => readIdentityPolicy(use, target, catalog))
    .filter((identity) => identity.statements.length > 0);
  const keyPolicyKnown = keyPolicy !== undefined;
  const delegatedPolicies = new Set<IdentityPolicy>();
  for (const delegation of delegations) {
    const { account, crossAccount } = delegation;
    if (crossAccount) crossAccounts.add(account);
    const inAccount = identities.filter((identity) => identity.allowed.length > 0 && belongsTo(identity, account, keyAccount));
    for (const identity of inAccount) delegatedPolicies.add(identity);
    const via: IamDelegationVia = {
      kind: 'iam-delegation',
      account,
      policies: inAccount.map(delegatedPolicy),
      statement: delegation.statement,
      crossAccount,
      operations: delegation.operations,
    };
    access.add(account, delegation.operations, delegation.conditions, via, { crossAccount });
    for (const identity of inAccount) {
      if (!identity.principal) continue;
      for (const statement of identity.statements) {
        if (statement.effect !== 'Allow') continue;
        const operations = delegation.operations.filter((op) => statement.operations.includes(op));
        if (operations.length === 0) continue;
        access.add(identity.principal, operations, mergeConditions(delegation.conditions, statement.conditions), { ...via, policies: [delegatedPolicy(identity)], operations }, { crossAccount });
      }
    }
  }
  for (const identity of identities) {
    const account = identity.account ?? keyAccount;
    if (identity.principal) {
      for (const statement of identity.statements) {
        if (statement.effect !== 'Deny') continue;
        const via: IamDelegationVia = {
          kind: 'iam-delegation',
          account: account ?? '',
          policies: [delegatedPolicy(identity)],
          crossAccount: !!keyAccount && !!account && account !== keyAccount,
          operations: statement.operations,
        };
        denies.add(identity.principal, statement.operations, statement.conditions, via);
      }
    }
    if (identity.allowed.length === 0 || delegatedPolicies.has(identity)) continue;
    const where = identity.principal ? ` (${identity.principal})` : '';
    if (keyPolicyKnown) {
      warnings.add({
        en: `IAM policy ${identity.policy.label}${where} allows ${summarize(identity.allowed, catalog)} on this key, but the key policy does not delegate to account ${account ?? '(unknown)'} through its root, so that IAM policy grants nothing here.`,
        ja: `IAM ポリシー ${identity.policy.label}${where} はこのキーに ${summarize(identity.allowed, catalog)} を許可していますが、キーポリシーがアカウント ${account ?? '(不明)'} のルートに委任していないため、この IAM ポリシーは効果がありません。`,
      });
    } else {
      warnings.add({
        en: `IAM policy ${identity.policy.label}${where} allows ${summarize(identity.allowed, catalog)} on this key; that takes effect only if the key policy (not available) allows the account root.`,
        ja: `IAM ポリシー ${identity.policy.label}${where} はこのキーに ${summarize(identity.allowed, catalog)} を許可しています。キーポリシー (取得できていません) がアカウントのルートを許可している場合にのみ有効です。`,
      });
    }
  }

  // 3. Grants add access on top of both.
  const grants: ReportGrant[] = [];
  for (const grant of snapshot.grants) {
    const origin = recognizeGrant(grant);
    const operations = sortOperations((grant.Operations ?? []).map((op) => grantOperation(op, catalog)));
    const createdBy = origin?.createdBy ?? grant.declaredIn?.label ?? null;
    const via: GrantVia = {
      kind: 'grant',
      grantId: grant.GrantId ?? null,
      name: grant.Name ?? null,
      constraints: grant.Constraints && hasConstraints(grant.Constraints) ? grant.Constraints : null,
      retiringPrincipal: grant.RetiringPrincipal ?? null,
      createdBy,
      role: 'grantee',
      operations,
    };
    if (grant.GranteePrincipal) {
      const grantee = classifyPrincipal('', grant.GranteePrincipal);
      const account = grantee.kind === 'iam' ? grantee.account : grantee.kind === 'account' ? grantee.account : undefined;
      access.add(grantee.display, operations, {}, via, { crossAccount: !!keyAccount && !!account && account !== keyAccount });
    }
    if (grant.RetiringPrincipal) {
      access.add(classifyPrincipal('', grant.RetiringPrincipal).display, ['kms:RetireGrant'], {}, { ...via, role: 'retiring-principal', operations: ['kms:RetireGrant'] });
    }
    grants.push(reportGrant(grant, createdBy, origin ? localize(origin.explanation, options.locale) : localize(genericExplanation(grant), options.locale), origin && localize(origin.retireImpact, options.locale), origin?.service));
  }

  // 4. Key-level facts.
  if (meta.keyManager === 'AWS') {
    warnings.add({
      en: 'This is an AWS managed key: AWS owns its key policy (it cannot be edited) and it can never be used from another account. Use a customer managed key for cross-account access.',
      ja: 'これは AWS マネージドキーです。キーポリシーは AWS が管理していて編集できず、他のアカウントからは決して使えません。クロスアカウントで使うにはカスタマーマネージドキーを使ってください。',
    });
  }
  if (meta.state && meta.state !== 'Enabled') {
    warnings.add({
      en: `The key is ${meta.state}: cryptographic operations fail whatever the policies and grants below say.`,
      ja: `キーの状態は ${meta.state} です。以下のポリシーやグラントにかかわらず暗号化オペレーションは失敗します。`,
    });
  }
  for (const account of crossAccounts) {
    if (meta.keyManager === 'AWS') continue;
    warnings.add({
      en: `Account ${account} is not the key's account: its principals need both this key policy AND an IAM policy in account ${account} that allows the operations on this key.`,
      ja: `アカウント ${account} はキーのアカウントではありません。そのプリンシパルには、このキーポリシーに加えて、アカウント ${account} 側でこのキーへの操作を許可する IAM ポリシーが必要です。`,
    });
  }
  if (keyPolicyKnown && meta.keyManager !== 'AWS' && keyAccount && !delegations.some((d) => d.account === keyAccount)) {
    warnings.add({
      en: `The key policy never allows the account root (arn:aws:iam::${keyAccount}:root): IAM policies cannot grant access to this key, and only the principals listed here can manage it.`,
      ja: `キーポリシーがアカウントのルート (arn:aws:iam::${keyAccount}:root) を許可していません。IAM ポリシーではこのキーへのアクセスを付与できず、管理できるのはここに挙げたプリンシパルだけです。`,
    });
  }

  const accessEntries = access.list();
  if (keyPolicyKnown) markGrantOnly(accessEntries, delegations);

  const aliases = [...new Set(snapshot.aliases.map((alias) => alias.AliasName))].sort();
  return {
    key: {
      arn: meta.arn ?? null,
      keyId: meta.keyId ?? null,
      account: keyAccount ?? null,
      region: target.region ?? null,
      keyManager: meta.keyManager ?? null,
      state: meta.state ?? null,
      aliases,
      ...(meta.description ? { description: meta.description } : {}),
    },
    sources: { ...snapshot.sources },
    access: accessEntries,
    denies: denies.list(),
    grants,
    warnings: warnings.list(options.locale),
  };
}

/**
 * Flags principals whose access comes from grants alone (seed 000): the key policy neither names them
 * nor delegates to their account, and it has no wildcard Allow that could cover them.
 */
function markGrantOnly(entries: AccessEntry[], delegations: readonly Delegation[]): void {
  const otherwise = new Set(entries.filter((entry) => entry.via.some((via) => via.kind !== 'grant')).map((entry) => entry.principal));
  if (otherwise.has('*')) return;
  const delegated = new Set(delegations.map((d) => d.account));
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (otherwise.has(entry.principal) || entry.via.length === 0) continue;
    const account = principalAccount(entry.principal);
    if (account && delegated.has(account)) continue;
    entries[i] = { ...entry, grantOnly: true };
  }
}

function readIdentityPolicy(use: IdentityPolicyUse, target: KeyTarget, catalog: ActionCatalog): IdentityPolicy {
  const { policy, principal: principalIdentity } = use;
  const principal = principalIdentity?.arn ?? (principalIdentity?.ref ? refLabel(principalIdentity.ref) : principalIdentity?.expression);
  const statements: IdentityStatement[] = [];
  for (const statement of statementsFromPolicy(policy)) {
    if (!statement.effect || statement.principal) continue;
    if (!resourceApplies(statement.resources, target, false)) continue;
    const { operations } = kmsOperations(statement.actions, catalog);
    if (operations.length === 0) continue;
    statements.push({ effect: statement.effect, operations, conditions: statement.conditions });
  }
  const allowed = sortOperations(statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.operations));
  return { policy, principal, account: principalIdentity?.arn ? principalAccount(principalIdentity.arn) : undefined, statements, allowed };
}

/** An identity policy counts for an account when attached there, or (attachment unknown) when that is the key's account. */
function belongsTo(identity: IdentityPolicy, account: string, keyAccount: string | undefined): boolean {
  if (identity.account) return identity.account === account;
  return keyAccount === undefined || account === keyAccount;
}

function delegatedPolicy(identity: IdentityPolicy): DelegatedPolicy {
  return {
    policy: identity.policy.label,
    file: identity.policy.file,
    ...(identity.principal ? { principal: identity.principal } : {}),
    operations: identity.allowed,
  };
}

/**
 * Whether a statement's `Resource` covers this key. In a key policy `"*"` means the key itself. An
 * unknown part of the key's ARN only matches a wildcard, so a literal ARN of another key never does.
 */
function resourceApplies(resources: ValueList | undefined, target: KeyTarget, keyPolicy: boolean): boolean {
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

function mergeConditions(a: Conditions, b: Conditions): Conditions {
  const merged: Conditions = {};
  for (const source of [a, b]) {
    for (const [operator, block] of Object.entries(source)) {
      const target = (merged[operator] ??= {});
      for (const [key, values] of Object.entries(block)) target[key] = [...new Set([...(target[key] ?? []), ...values])];
    }
  }
  return merged;
}

function hasConstraints(constraints: KmsGrantConstraints): boolean {
  return Object.keys(constraints.EncryptionContextEquals ?? {}).length > 0 || Object.keys(constraints.EncryptionContextSubset ?? {}).length > 0;
}

function terraformRef(address: string | undefined): ResourceRef | undefined {
  if (!address) return undefined;
  const [type, name] = address.split('.');
  return type && name ? { type, name } : undefined;
}

/** `all KMS operations (kms:*)` or the list itself, for messages. */
function summarize(operations: readonly string[], catalog: ActionCatalog): string {
  if (operations.length >= allKmsOperations(catalog).length) return 'all KMS operations (kms:*)';
  return operations.join(', ');
}

function describeConstraints(constraints: KmsGrantConstraints | undefined): { en: string; ja: string } | undefined {
  if (!constraints || !hasConstraints(constraints)) return undefined;
  const pairs = (map: Readonly<Record<string, string>> | undefined) => Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  if (constraints.EncryptionContextEquals && Object.keys(constraints.EncryptionContextEquals).length > 0) {
    const text = pairs(constraints.EncryptionContextEquals);
    return { en: `only when the encryption context is exactly ${text}`, ja: `暗号化コンテキストが ${text} と完全に一致する場合のみ` };
  }
  const text = pairs(constraints.EncryptionContextSubset);
  return { en: `only when the encryption context includes ${text}`, ja: `暗号化コンテキストに ${text} を含む場合のみ` };
}

function genericExplanation(grant: SnapshotGrant): Message {
  const operations = (grant.Operations ?? []).join(', ') || '(no operations)';
  const grantee = grant.GranteePrincipal ?? '(unknown grantee)';
  const constraints = describeConstraints(grant.Constraints);
  const declared = grant.declaredIn ? { en: ` Declared in the workspace as ${grant.declaredIn.label}.`, ja: ` ワークスペースでは ${grant.declaredIn.label} として宣言されています。` } : { en: '', ja: '' };
  const issuer = grant.IssuingAccount ? { en: ` Issued by ${grant.IssuingAccount}.`, ja: ` 発行元は ${grant.IssuingAccount} です。` } : { en: '', ja: '' };
  return {
    en: `Grant to ${grantee} for ${operations}${constraints ? `, ${constraints.en}` : ''}. It adds access on top of the key policy and IAM policies.${issuer.en}${declared.en}`,
    ja: `${grantee} に ${operations} を許可するグラントです${constraints ? ` (${constraints.ja})` : ''}。キーポリシーと IAM ポリシーに加えてアクセスを与えます。${issuer.ja}${declared.ja}`,
  };
}

function reportGrant(grant: SnapshotGrant, createdBy: string | null, explanation: string, retireImpact: string | undefined, service: string | undefined): ReportGrant {
  const { declaredIn: _declaredIn, ...kms } = grant;
  const fields: KmsGrant = kms;
  return {
    ...fields,
    createdBy,
    explanation,
    ...(retireImpact ? { retireImpact } : {}),
    ...(service ? { service } : {}),
  };
}

class Warnings {
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

interface MutableEntry {
  principal: string;
  operations: Set<string>;
  conditions: Conditions;
  via: Via[];
  /** viaKey → index in `via`, so merging stays linear with thousands of grants. */
  viaIndex: Map<string, number>;
  crossAccount: boolean;
  except?: string[];
}

/** Access entries merged by principal and conditions; paths giving the same principal access are kept side by side. */
class EntryList {
  private readonly entries = new Map<string, MutableEntry>();

  add(principal: string, operations: readonly string[], conditions: Conditions, via: Via, extra: { crossAccount?: boolean; except?: string[] } = {}): void {
    const key = JSON.stringify([principal, canonicalConditions(conditions), extra.except ?? null]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { principal, operations: new Set(), conditions, via: [], viaIndex: new Map(), crossAccount: false, except: extra.except };
      this.entries.set(key, entry);
    }
    for (const op of operations) entry.operations.add(op);
    if (extra.crossAccount) entry.crossAccount = true;
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
      for (const policy of via.policies) {
        const index = policies.findIndex((p) => p.policy === policy.policy && p.file === policy.file);
        if (index < 0) policies.push(policy);
      }
      entry.via[same] = { ...existing, policies, operations: mergedOperations };
    } else {
      entry.via[same] = { ...existing, operations: mergedOperations };
    }
  }

  list(): AccessEntry[] {
    return [...this.entries.values()].map((entry) => ({
      principal: entry.principal,
      operations: sortOperations(entry.operations),
      conditions: entry.conditions,
      via: entry.via,
      ...(entry.crossAccount ? { crossAccount: true } : {}),
      ...(entry.except ? { except: entry.except } : {}),
    }));
  }
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

function canonicalConditions(conditions: Conditions): string {
  const sorted = Object.keys(conditions)
    .sort()
    .map((operator) => [operator, Object.keys(conditions[operator]!).sort().map((key) => [key, [...conditions[operator]![key]!].sort()])]);
  return JSON.stringify(sorted);
}

