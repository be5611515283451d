import { isAccountId, parseArn, principalAccount } from '../arn';
import { hasNarrowingCondition } from '../iam/semantics';
import type { FixValue, Policy, Statement } from '../model';
import type { Workspace } from '../workspace';
import type { Rule } from './rule';
import { fixIn, selfAccountValue, valueLabel } from './util';

export const rule: Rule = {
  meta: {
    id: 'kms-key-policy-wildcard-principal',
    defaultSeverity: 'error',
    summary: {
      en: 'A key policy allows "*" as principal without a condition that narrows the caller.',
      ja: 'キーポリシーが呼び出し元を絞り込む条件なしで "*" をプリンシパルとして許可しています。',
    },
    docs: 'docs/rules/kms-key-policy-wildcard-principal.md',
  },
  check(context) {
    for (const policy of context.workspace.policiesOf('key')) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      const literalAccount = keyAccount(context.workspace, policy);
      const account: FixValue | undefined = literalAccount ?? selfAccountValue(policy);
      const shown = account === undefined ? undefined : valueLabel(account);
      for (const statement of policy.statements) {
        if (statement.effect !== 'Allow' || !statement.principals) continue;
        const principals = statement.principals;
        // Allow + NotPrincipal means everyone except the listed principals: as open as "*".
        const open = principals.negated || principals.wildcard;
        if (!open || hasNarrowingCondition(statement)) continue;
        const span = principals.negated
          ? principals.node.span
          : principals.entries.find((e) => e.value.known && e.value.value === '*')?.value.span ?? principals.node.span;
        const fix = () => account
          ? fixIn(
              policy.file,
              { en: `Add a kms:CallerAccount condition for ${shown}`, ja: `${shown} の kms:CallerAccount 条件を追加する` },
              policy.editor.addCondition(statement, 'StringEquals', 'kms:CallerAccount', [account]),
              true,
            )
          : [];
        context.report({
          file: policy.file,
          span,
          message: {
            en: `This statement lets any AWS principal in any account use the key${describe(statement)}. Add a condition that narrows the caller, such as kms:CallerAccount${literalAccount ? ` = ${literalAccount}` : ''} or aws:PrincipalOrgID.`,
            ja: `このステートメントは、あらゆるアカウントのあらゆる AWS プリンシパルにキーの使用を許可しています${describeJa(statement)}。kms:CallerAccount${literalAccount ? ` = ${literalAccount}` : ''} や aws:PrincipalOrgID など、呼び出し元を絞り込む条件を追加してください。`,
          },
          fixes: fix,
        });
      }
    }
  },
};

function describe(statement: Statement): string {
  return statement.sid ? ` (statement "${statement.sid}")` : '';
}

function describeJa(statement: Statement): string {
  return statement.sid ? ` (ステートメント "${statement.sid}")` : '';
}

/** The key's account: from its ARN, else from the account principals the policy already names. */
export function keyAccount(workspace: Workspace, policy: Policy): string | undefined {
  const fromTarget = workspace.keyAccount(policy.target.key);
  if (fromTarget) return fromTarget;
  const accounts = new Set<string>();
  for (const statement of policy.statements) {
    for (const entry of statement.principals?.entries ?? []) {
      if (entry.type !== 'AWS' || !entry.value.known) continue;
      const account = principalAccount(entry.value.value);
      if (account) accounts.add(account);
    }
    for (const condition of statement.conditions) {
      const key = condition.key.toLowerCase();
      if (key === 'kms:calleraccount' || key === 'aws:principalaccount') {
        for (const v of condition.values) if (v.known && /^\d{12}$/.test(v.value)) accounts.add(v.value);
      }
    }
  }
  // Only an unambiguous account is used; a policy naming several accounts gives no single answer.
  if (accounts.size === 1) return [...accounts][0];
  const rootAccounts = policy.statements
    .flatMap((s) => s.principals?.entries ?? [])
    .filter((e) => e.value.known && parseArn(e.value.value)?.resource === 'root')
    .map((e) => parseArn(e.value.value)!.account)
    .filter(isAccountId);
  const unique = new Set(rootAccounts);
  return unique.size === 1 ? [...unique][0] : undefined;
}
