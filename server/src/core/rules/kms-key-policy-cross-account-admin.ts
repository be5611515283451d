import { parseArn, principalAccount } from '../arn';
import type { ActionCatalog } from '../iam/catalog';
import { wildcardMatch } from '../iam/wildcard';
import type { Policy, PString, Statement } from '../model';
import { CROSS_ACCOUNT_OPERATIONS } from '../explain/crossAccount';
import { guessKeyAccount } from '../explain/keyAccount';
import type { Rule } from './rule';
import { fixIn } from './util';

/**
 * A key policy gives another account operations KMS never performs across accounts (AWS KMS developer
 * guide, "Allowing users in other accounts to use a KMS key"): typically `kms:*` for a partner, which
 * reads as "the partner may administer the key" and does not work. The fix keeps what does work.
 */
export const rule: Rule = {
  meta: {
    id: 'kms-key-policy-cross-account-admin',
    defaultSeverity: 'warning',
    summary: {
      en: 'A key policy gives another account key operations KMS never allows across accounts (key administration); they have no effect.',
      ja: 'キーポリシーが、KMS がアカウントをまたいでは許可しないキー操作 (キーの管理) を別アカウントに与えています。これらには効果がありません。',
    },
    docs: 'docs/rules/kms-key-policy-cross-account-admin.md',
  },
  check(context) {
    const keyOperations = keyResourceOperations(context.catalog);
    for (const policy of context.workspace.policiesOf('key')) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      const owner = ownerAccount(context.workspace.keyAccount(policy.target.key), policy);
      if (!owner) continue;
      for (const statement of policy.statements) {
        const actions = statement.actions;
        if (statement.effect !== 'Allow' || !statement.principals || statement.principals.negated || !actions) continue;
        const others = otherAccounts(statement, owner);
        if (others.length === 0) continue;
        const granted = keyOperations.filter((op) => grants(statement, op));
        const ineffective = granted.filter((op) => !CROSS_ACCOUNT_OPERATIONS.has(op));
        if (ineffective.length === 0) continue;
        const offending = actions.negated ? [] : actions.items.filter((item) => item.known && ineffective.some((op) => wildcardMatch(item.value.trim(), op, true)));
        const spans = offending.length > 0 ? offending.map((item) => item.span) : [actions.keySpan];
        const shown = listed(ineffective);
        const accounts = others.join(', ');
        const fixes = () => (onlyOtherAccounts(statement, owner) ? narrowingFix(policy, statement, offending, keyOperations) : []);
        for (const span of spans) {
          context.report({
            file: policy.file,
            span,
            message: {
              en: `This statement gives account ${accounts} ${shown}, which KMS never performs for another account: they have no effect, and no principal there can administer this key. Give another account only the operations it can use (cryptographic operations, DescribeKey, GetPublicKey, GetKeyRotationStatus and the grant operations).`,
              ja: `このステートメントはアカウント ${accounts} に ${shown} を与えていますが、KMS はこれらを別アカウントからは実行しません。効果はなく、そのアカウントのプリンシパルはこのキーを管理できません。別アカウントには使える操作 (暗号化オペレーション、DescribeKey、GetPublicKey、GetKeyRotationStatus、グラントの操作) だけを与えてください。`,
            },
            fixes,
          });
        }
      }
    }
  },
};

/** KMS operations authorised on a key (not `kms:CreateKey`, `kms:ListKeys`, which no key policy governs). */
function keyResourceOperations(catalog: ActionCatalog): string[] {
  return catalog
    .actionsOf('kms')
    .map((name) => `kms:${name}`)
    .filter((op) => catalog.resourceTypesOf(op)?.includes('key') ?? true);
}

function grants(statement: Statement, operation: string): boolean {
  const list = statement.actions!;
  const matched = list.items.some((item) => item.known && wildcardMatch(item.value.trim(), operation, true));
  return list.negated ? !matched && !list.hasUnknown : matched;
}

/** The key's account, when it is known or its key policy tells it; a key policy naming its account by expression has no literal one. */
function ownerAccount(fromTarget: string | undefined, policy: Policy): string | { readonly own: true } | undefined {
  if (fromTarget) return fromTarget;
  const guess = guessKeyAccount(policy);
  return guess.account ?? (guess.ownAccountExpression ? { own: true } : undefined);
}

function accountOf(value: PString): string | undefined {
  if (!value.known) return undefined;
  const text = value.value.trim();
  const arn = parseArn(text);
  if (arn && arn.service !== 'iam' && arn.service !== 'sts') return undefined;
  return principalAccount(text);
}

function isOther(account: string | undefined, owner: string | { readonly own: true }): account is string {
  return !!account && (typeof owner === 'string' ? account !== owner : true);
}

/** The other accounts a statement names (account principals, or roles and users of another account). */
function otherAccounts(statement: Statement, owner: string | { readonly own: true }): string[] {
  const accounts = statement.principals!.entries.filter((e) => e.type === 'AWS').map((e) => accountOf(e.value));
  return [...new Set(accounts.filter((a): a is string => isOther(a, owner)))];
}

/** Narrowing the actions is safe only when no principal of the key's own account shares the statement. */
function onlyOtherAccounts(statement: Statement, owner: string | { readonly own: true }): boolean {
  const principals = statement.principals!;
  return !principals.wildcard && !principals.hasUnknown && principals.entries.every((e) => e.type === 'AWS' && isOther(accountOf(e.value), owner));
}

function listed(operations: readonly string[]): string {
  const first = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey'].filter((op) => operations.includes(op));
  const rest = operations.filter((op) => !first.includes(op));
  const shown = [...first, ...rest].slice(0, 4);
  const more = operations.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * The offending action (`kms:*`, `kms:Put*`, ...) becomes the cross-account operations it covers, or
 * goes when it covers none. One offending action per fix, so the edit stays one replacement.
 */
function narrowingFix(policy: Policy, statement: Statement, offending: readonly PString[], keyOperations: readonly string[]) {
  if (offending.length !== 1) return [];
  const list = statement.actions!;
  const item = offending[0]!;
  const kept = new Set(list.items.filter((other) => other !== item).map((other) => other.value.trim().toLowerCase()));
  const values = compact(keyOperations.filter((op) => CROSS_ACCOUNT_OPERATIONS.has(op) && wildcardMatch(item.value.trim(), op, true))).filter((v) => !kept.has(v.toLowerCase()));
  if (values.length === 0 && kept.size === 0) return [];
  return fixIn(policy.file, { en: 'Keep only the operations another account can use', ja: '別アカウントが使える操作だけを残す' }, policy.editor.replaceItem(list, item, values), true);
}

/** `kms:GenerateDataKey*` and `kms:ReEncrypt*` where every operation they name is in the list. */
function compact(operations: readonly string[]): string[] {
  const out = [...operations];
  for (const prefix of ['kms:GenerateDataKey', 'kms:ReEncrypt']) {
    const members = [...CROSS_ACCOUNT_OPERATIONS].filter((op) => op.startsWith(prefix));
    if (!members.every((op) => out.includes(op))) continue;
    const at = out.indexOf(members[0]!);
    const rest = out.filter((op) => !members.includes(op));
    rest.splice(Math.min(at, rest.length), 0, `${prefix}*`);
    out.splice(0, out.length, ...rest);
  }
  return out;
}
