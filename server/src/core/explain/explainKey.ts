import { localize, type Message } from '../finding';
import type { Policy } from '../model';
import type { IdentityPolicyUse } from './workspaceSnapshot';
import type { ActionCatalog } from '../iam/catalog';
import { parseArn } from '../arn';
import { recognizeGrant } from './grants';
import { genericExplanation, hasConstraints, reportGrant } from './grantReport';
import { terraformRef, type KeyTarget } from './keyTarget';
import { namesOwnAccount } from './keyAccount';
import { allKmsOperations, grantOperation, sortOperations } from './operations';
import { narrowsCaller } from './principals';
import type { ExplainReport, GrantVia, IamDelegationVia, KeyPolicyVia, ReportGrant, Via } from './report';
import type { KeySnapshot } from './snapshot';
import { keyPolicyFromText } from './statements';
import { satisfiable } from './conditions';
import { conjoinConditions } from './conjoin';
import { acrossAccounts } from './crossAccount';
import { EntryList, Warnings, type MutableEntry } from './entries';
import { applyDenies, exceptLabels, listDenies, writtenKey } from './denies';
import { delegatedPolicy, readIdentityPolicy, readKeyStatements, WILDCARD, type Block, type IdentityPolicy, type KeyStatement } from './policyPaths';
import * as say from './pathMessages';
import { OWN_ACCOUNT, accountId, isCrossAccount, principalContext, sameAccount, subjectKey, subjectOfIdentity, subjectOfText, type AccountScope, type Subject } from './subjects';

export interface ExplainOptions {
  readonly catalog: ActionCatalog;
  /** `en` (default) or `ja`: the language of explanations and warnings. */
  readonly locale?: string;
}

/** An Allow statement of the key policy naming an account (root ARN, bare id, caller identity): IAM decides inside it. */
interface Delegation {
  readonly subject: Subject;
  readonly statement: KeyStatement;
  /** What the account's principals may be given (for another account: what KMS allows across accounts). */
  readonly operations: string[];
  readonly ineffective: string[];
  readonly crossAccount: boolean;
}

/**
 * Who can use a key and why: key policy statements (the root of trust), IAM policies the key policy
 * delegates to through an account principal, and grants; then the Denies that always apply on a path.
 * Each path keeps all of its statements' conditions (all must hold) and is dropped when they cannot
 * hold together for its principal. Pure: the same engine serves the CLI, the editor and tests, from a
 * live snapshot or one built from workspace files.
 */
export function explainKey(snapshot: KeySnapshot, identityPolicies: readonly IdentityPolicyUse[], options: ExplainOptions): ExplainReport {
  const { catalog, locale } = options;
  const warnings = new Warnings();
  for (const warning of snapshot.warnings) warnings.add(warning);
  const meta = snapshot.metadata;
  const metaArn = meta.arn ? parseArn(meta.arn) : undefined;
  const target: KeyTarget = {
    arn: meta.arn,
    keyId: meta.keyId,
    account: meta.account ?? metaArn?.account,
    region: meta.region ?? metaArn?.region,
    partition: meta.partition ?? metaArn?.partition,
    ref: meta.ref ?? terraformRef(meta.terraformAddress),
  };
  const keyAccount = target.account;

  // 1. The key policy.
  let keyPolicy: Policy | undefined;
  if (snapshot.keyPolicy?.kind === 'json') {
    const read = keyPolicyFromText(snapshot.keyPolicy.text, snapshot.keyPolicy.label);
    keyPolicy = read.policy;
    if (read.problem) warnings.add(read.problem);
  } else if (snapshot.keyPolicy?.kind === 'model') {
    keyPolicy = snapshot.keyPolicy.policy;
  }
  const keyStatements = keyPolicy ? readKeyStatements(keyPolicy, target, catalog, warnings) : [];
  const ownAccountNamed = keyPolicy !== undefined && namesOwnAccount(keyPolicy);
  const scope: AccountScope = { keyAccount, literalsAreOther: !keyAccount && ownAccountNamed, partition: target.partition };
  if (scope.literalsAreOther) {
    const literal = new Set(keyStatements.flatMap((s) => s.principal.entries.map((e) => e.account).filter((a): a is string => !!a && a !== OWN_ACCOUNT)));
    if (literal.size > 0) warnings.add(say.literalAccountsAreOther([...literal].sort()));
  }

  const access = new EntryList();
  const crossAccounts = new Set<string>();
  /** Adds a path unless its conditions cannot hold together for its principal. */
  const addPath = (subject: Subject, operations: string[], blocks: readonly Block[], via: Via, what: Message, extra: { crossAccount?: boolean; except?: string[]; ineffective?: string[] } = {}): boolean => {
    if (operations.length === 0 && !extra.ineffective?.length) return false;
    const clauses = blocks.flatMap((block) => block.clauses);
    const verdict = satisfiable(clauses, [], principalContext(subject, scope));
    if (verdict.result === 'no') {
      warnings.add(say.conditionsCannotHold(what, subject.display, writtenKey(clauses, verdict.conflict)));
      return false;
    }
    const { conditions, more } = conjoinConditions(blocks.map((block) => block.conditions));
    access.add(subject.display, operations, conditions, via, { subject, clauses, moreConditions: more, ...extra });
    return true;
  };

  const read = identityPolicies.filter((use) => use.policy.kind === 'identity').map((use) => readIdentityPolicy(use, target, catalog));
  const identities = read.filter((identity) => identity.statements.length > 0);
  /** Principals whose IAM policies the workspace holds (some may say nothing about this key). */
  const policiesKnown = new Set(read.flatMap((identity) => (identity.subject ? [subjectKey(identity.subject)] : [])));
  const delegatedPolicies = new Set<IdentityPolicy>();

  const delegations: Delegation[] = [];
  for (const statement of keyStatements) {
    if (statement.effect !== 'Allow') continue;
    const { label, principal, operations } = statement;
    const via: KeyPolicyVia = { kind: 'key-policy', statement: label, operations };
    if (principal.negated) {
      const except = exceptLabels(principal.written, locale);
      addPath(WILDCARD, operations, [statement], via, say.keyStatementPath(label), { except });
      warnings.add({
        en: `Key policy statement ${label} allows everyone except ${except.join(', ')} (NotPrincipal with Allow).`,
        ja: `キーポリシーのステートメント ${label} は ${except.join(', ')} 以外の全員に許可しています (Allow と NotPrincipal の組み合わせ)。`,
      });
      continue;
    }
    if (principal.wildcard) {
      addPath(WILDCARD, operations, [statement], via, say.keyStatementPath(label));
      if (!narrowsCaller(statement.conditions) && !statement.conditionsUnknown) {
        warnings.add({
          en: `Key policy statement ${label} allows ${summarize(operations, catalog)} to any principal in any AWS account ("*") without a condition that narrows the caller (such as kms:CallerAccount).`,
          ja: `キーポリシーのステートメント ${label} は、呼び出し元を絞る条件 (kms:CallerAccount など) なしに、あらゆる AWS アカウントのあらゆるプリンシパル ("*") に ${summarize(operations, catalog)} を許可しています。`,
        });
      }
    }
    for (const subject of principal.entries) {
      const crossAccount = isCrossAccount(subject, scope);
      const { effective, ineffective } = crossAccount ? acrossAccounts(operations) : { effective: operations, ineffective: [] };
      if (crossAccount) {
        const account = accountId(subject.account, scope);
        if (account) crossAccounts.add(account);
        if (ineffective.length > 0) warnings.add(say.ineffectiveAcrossAccounts(label, subject.display, ineffective));
      }
      if (subject.kind === 'account') {
        delegations.push({ subject, statement, operations: effective, ineffective, crossAccount });
        continue;
      }
      if (crossAccount && policiesKnown.has(subjectKey(subject))) {
        // Another account's principal also needs its own IAM policy: the workspace has its policies.
        for (const identity of identities.filter((i) => i.subject && subjectKey(i.subject) === subjectKey(subject))) {
          delegatedPolicies.add(identity);
          for (const identityStatement of identity.statements) {
            if (identityStatement.effect !== 'Allow') continue;
            const both = effective.filter((op) => identityStatement.operations.includes(op));
            const path: KeyPolicyVia = { ...via, operations: both, policies: [delegatedPolicy(identity)] };
            addPath(subject, both, [statement, identityStatement], path, say.delegatedPath(identity.policy.label, label), { crossAccount, ineffective });
          }
        }
        continue;
      }
      addPath(subject, effective, [statement], { ...via, operations: effective }, say.keyStatementPath(label), { crossAccount, ineffective });
    }
  }

  // 2. IAM identity policies, which only count where the key policy delegates to their account.
  for (const delegation of delegations) {
    const { subject: account, statement, crossAccount } = delegation;
    const inAccount = identities.filter((identity) => identity.allowed.length > 0 && sameAccount(account.account, identity.subject?.account ?? OWN_ACCOUNT, scope) !== 'no');
    for (const identity of inAccount) delegatedPolicies.add(identity);
    const via: IamDelegationVia = {
      kind: 'iam-delegation',
      account: accountId(account.account, scope) ?? account.display,
      policies: inAccount.map(delegatedPolicy),
      statement: statement.label,
      crossAccount,
      operations: delegation.operations,
    };
    addPath(account, delegation.operations, [statement], via, say.keyStatementPath(statement.label), { crossAccount, ineffective: delegation.ineffective });
    for (const identity of inAccount) {
      if (!identity.subject) continue;
      for (const identityStatement of identity.statements) {
        if (identityStatement.effect !== 'Allow') continue;
        const operations = delegation.operations.filter((op) => identityStatement.operations.includes(op));
        if (operations.length === 0) continue;
        const path: Via = { ...via, policies: [delegatedPolicy(identity)], operations };
        addPath(identity.subject, operations, [statement, identityStatement], path, say.delegatedPath(identity.policy.label, statement.label), { crossAccount });
      }
    }
  }
  const keyPolicyKnown = keyPolicy !== undefined;
  for (const identity of identities) {
    if (identity.allowed.length === 0 || delegatedPolicies.has(identity)) continue;
    const where = identity.subject ? ` (${identity.subject.display})` : '';
    const account = accountId(identity.subject?.account ?? OWN_ACCOUNT, scope) ?? keyAccount;
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
      const grantee = grant.granteeRef ? subjectOfIdentity({ ref: grant.granteeRef }) : subjectOfText('', grant.GranteePrincipal);
      access.add(grantee.display, operations, {}, via, { subject: grantee, clauses: [], crossAccount: isCrossAccount(grantee, scope) });
    }
    if (grant.RetiringPrincipal) {
      const retiring = subjectOfText('', grant.RetiringPrincipal);
      access.add(retiring.display, ['kms:RetireGrant'], {}, { ...via, role: 'retiring-principal', operations: ['kms:RetireGrant'] }, { subject: retiring, clauses: [] });
    }
    grants.push(reportGrant(grant, createdBy, origin ? localize(origin.explanation, locale) : localize(genericExplanation(grant), locale), origin && localize(origin.retireImpact, locale), origin?.service));
  }

  // 4. Explicit Denies win: an operation a Deny always removes on a path is no access.
  const denyStatements = keyStatements.filter((statement) => statement.effect === 'Deny');
  for (const entry of access.building()) applyDenies(entry, denyStatements, identities, scope, warnings);
  const denies = listDenies(denyStatements, identities, scope, warnings, locale);

  // 5. Key-level facts.
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
  const ownDelegation = delegations.some((d) => sameAccount(d.subject.account, OWN_ACCOUNT, scope) === 'yes');
  if (keyPolicyKnown && meta.keyManager !== 'AWS' && (keyAccount || ownAccountNamed) && !ownDelegation) {
    const root = keyAccount ? `arn:aws:iam::${keyAccount}:root` : 'arn:aws:iam::ACCOUNT:root';
    warnings.add({
      en: `The key policy never allows the account root (${root}): IAM policies cannot grant access to this key, and only the principals listed here can manage it.`,
      ja: `キーポリシーがアカウントのルート (${root}) を許可していません。IAM ポリシーではこのキーへのアクセスを付与できず、管理できるのはここに挙げたプリンシパルだけです。`,
    });
  }

  if (keyPolicyKnown) markGrantOnly([...access.building()], delegations, scope);

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
      ...(meta.terraformAddress ? { address: meta.terraformAddress } : {}),
    },
    sources: { ...snapshot.sources },
    access: access.list(),
    denies: denies.list(),
    grants,
    warnings: warnings.list(locale),
  };
}

/**
 * Flags principals whose access comes from grants alone (seed 000): the key policy neither names them
 * nor delegates to their account, and it has no wildcard Allow that could cover them.
 */
function markGrantOnly(entries: MutableEntry[], delegations: readonly Delegation[], scope: AccountScope): void {
  const otherwise = new Set(entries.filter((entry) => entry.via.some((via) => via.kind !== 'grant')).map((entry) => entry.principal));
  if (otherwise.has('*')) return;
  for (const entry of entries) {
    if (otherwise.has(entry.principal) || entry.via.length === 0) continue;
    if (delegations.some((d) => sameAccount(d.subject.account, entry.subject.account, scope) === 'yes')) continue;
    entry.grantOnly = true;
  }
}

/** `all KMS operations (kms:*)` or the list itself, for messages. */
function summarize(operations: readonly string[], catalog: ActionCatalog): string {
  if (operations.length >= allKmsOperations(catalog).length) return 'all KMS operations (kms:*)';
  return operations.join(', ');
}
