import { isAccountId, isRootPrincipal, parseArn, rootArn } from '../arn';
import { wildcardAllowsWholeAccount } from '../iam/semantics';
import { member, type FixValue, type PNode, type Policy, type PString } from '../model';
import type { Rule } from './rule';
import { principalRefKind } from '../refs';
import { keyAccount } from './kms-key-policy-wildcard-principal';
import { fixIn, selfAccountRootValue } from './util';

export const rule: Rule = {
  meta: {
    id: 'kms-key-policy-no-root-delegation',
    defaultSeverity: 'info',
    summary: {
      en: 'A key policy never allows the account root, so IAM policies cannot grant access and a lost admin locks the key.',
      ja: 'キーポリシーがアカウントのルートを許可していないため、IAM ポリシーでアクセスを付与できず、管理者を失うとキーを管理できなくなります。',
    },
    docs: 'docs/rules/kms-key-policy-no-root-delegation.md',
  },
  check(context) {
    for (const policy of context.workspace.policiesOf('key')) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      // Statements KeyLens cannot see (an unknown source document) may delegate.
      if (policy.statements.length === 0 || policy.incomplete || delegatesToAccount(policy, context.workspace.keyAccount(policy.target.key))) continue;
      const account = accountValue(policy, keyAccount(context.workspace, policy));
      const statementEntry = member(policy.root, 'Statement');
      const span = statementEntry ? statementEntry.keySpan : policy.root.span;
      context.report({
        file: policy.file,
        span,
        message: {
          en: `No statement of this key policy allows the account root (arn:aws:iam::ACCOUNT:root). IAM policies in the account then cannot grant use of the key, and if the principals named here are deleted nobody can manage it. Add the standard "Enable IAM User Permissions" statement.`,
          ja: `このキーポリシーにはアカウントのルート (arn:aws:iam::ACCOUNT:root) を許可するステートメントがありません。アカウント内の IAM ポリシーでキーの使用を許可できず、ここで指定したプリンシパルが削除されると誰もキーを管理できなくなります。標準の "Enable IAM User Permissions" ステートメントを追加してください。`,
        },
        fixes: () => account
          ? fixIn(
              policy.file,
              { en: 'Add the "Enable IAM User Permissions" statement', ja: '"Enable IAM User Permissions" ステートメントを追加する' },
              policy.editor.addStatement({
                Sid: 'Enable IAM User Permissions',
                Effect: 'Allow',
                Principal: { AWS: account },
                Action: 'kms:*',
                Resource: '*',
              }),
              true,
              // IAM policies of the account can grant use of the key from then on.
              true,
            )
          : [],
      });
    }
  },
};

/**
 * True when some Allow statement lets in every principal of the key's account (`account`, when its
 * ARN says): the account root in any spelling (`arn:aws:iam::ACCOUNT_ID:root`,
 * `${AWS::AccountId}`, a Terraform interpolation), the bare account id, or `"*"` whose conditions
 * admit the whole account (`kms:CallerAccount` = the account, as the wildcard rule's fix writes) — or
 * might: a Terraform value we cannot see (a variable) is given the benefit of the doubt.
 */
export function delegatesToAccount(policy: Policy, account: string | undefined): boolean {
  return policy.statements.some((s) => {
    if (s.effect !== 'Allow' || !s.principals) return false;
    const principals = s.principals;
    // Allow + NotPrincipal lets in everyone but those listed.
    if (principals.negated) return !principals.wildcard;
    if (principals.wildcard) return wildcardAllowsWholeAccount(s, account) !== 'no';
    if (hasOpaquePrincipals(principals.node)) return true;
    return principals.entries.some((e) => e.type === 'AWS' && mayNameAccount(e.value, account));
  });
}

/** Whether an AWS principal value is (or, unseen, may be) the account itself. */
function mayNameAccount(value: PString, account: string | undefined): boolean {
  if (value.known) {
    if (isAccountId(value.value)) return account === undefined || value.value === account;
    if (!isRootPrincipal(value.value)) return false;
    const named = parseArn(value.value)?.account;
    // A placeholder (ACCOUNT_ID, ${AWS::AccountId}) stands for the key's own account.
    return account === undefined || !named || !isAccountId(named) || named === account;
  }
  // A reference to a role or user is a specific principal, never the account.
  if (value.ref) return principalRefKind(value.ref) === undefined;
  // A template whose literal parts make it a root ARN (`!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root`).
  if (value.arn) return value.arn.service !== 'iam' || !value.arn.resourceKnown || value.arn.resource === 'root';
  return isRootPrincipal(value.value) || !/^arn:[^:]*:(iam|sts)::[^:]*:(role|user|assumed-role|group)\//.test(value.value);
}

/** The root principal to write: a literal ARN, or the Terraform caller-identity expression the policy uses. */
function accountValue(policy: Policy, account: string | undefined): FixValue | undefined {
  const partition = policy.statements
    .flatMap((s) => s.principals?.entries ?? [])
    .map((e) => (e.value.known ? parseArn(e.value.value)?.partition : undefined))
    .find((p) => p !== undefined) ?? 'aws';
  if (account) return rootArn(account, partition);
  return selfAccountRootValue(policy, partition);
}

/** Principals given by an expression we cannot see into (`var.principals`, `concat(...)`), as opposed to strings. */
function hasOpaquePrincipals(node: PNode): boolean {
  if (node.kind === 'unknown') return true;
  if (node.kind !== 'object') return false;
  return node.entries.some((e) => e.value.kind === 'unknown' || (e.value.kind === 'array' && e.value.items.some((i) => i.kind !== 'string')));
}
