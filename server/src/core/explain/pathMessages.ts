import type { Message } from '../finding';

/** Warnings about access paths: conditions that cannot hold, Denies that always apply, operations other accounts cannot use. */

export function conditionsCannotHold(what: Message, principal: string, key: string | undefined): Message {
  const on = key ? { en: ` (${key})`, ja: ` (${key})` } : { en: '', ja: '' };
  return {
    en: `${what.en}: its conditions cannot hold together for ${principal}${on.en}, so this path gives no access.`,
    ja: `${what.ja}: 条件が ${principal} について同時に成り立たない${on.ja}ため、この経路ではアクセスできません。`,
  };
}

export function keyStatementPath(statement: string): Message {
  return { en: `Key policy statement ${statement}`, ja: `キーポリシーのステートメント ${statement}` };
}

export function delegatedPath(policy: string, statement: string): Message {
  return {
    en: `IAM policy ${policy} through key policy statement ${statement}`,
    ja: `キーポリシーのステートメント ${statement} を経由する IAM ポリシー ${policy}`,
  };
}

export function denyNeverApplies(statement: string, principal: string, key: string | undefined): Message {
  const on = key ? ` (${key})` : '';
  return {
    en: `Deny statement ${statement} never applies to ${principal}: its conditions cannot hold for it${on}.`,
    ja: `Deny ステートメント ${statement} は ${principal} には適用されません。条件が成り立たないためです${on}。`,
  };
}

/** Key administration first: what a reader most needs to see is not delegated. */
const ADMINISTRATION = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:CancelKeyDeletion', 'kms:EnableKey', 'kms:GetKeyPolicy'];
const SHOWN = 6;

export function ineffectiveAcrossAccounts(statement: string, principal: string, operations: readonly string[]): Message {
  const ordered = [...ADMINISTRATION.filter((op) => operations.includes(op)), ...operations.filter((op) => !ADMINISTRATION.includes(op))];
  const rest = ordered.length - SHOWN;
  const list = ordered.slice(0, SHOWN).join(', ');
  return {
    en: `Key policy statement ${statement} gives ${principal} (another account) ${list}${rest > 0 ? ` and ${rest} more` : ''}; KMS never performs these for another account, so they are granted but have no effect.`,
    ja: `キーポリシーのステートメント ${statement} は別アカウントの ${principal} に ${list}${rest > 0 ? ` ほか ${rest} 件` : ''} を許可していますが、KMS はこれらを別アカウントからは実行しないため、許可されていても効果はありません。`,
  };
}

export function everythingDenied(principal: string): Message {
  return {
    en: `Every operation the policies allow ${principal} is removed by a Deny that always applies to it (see Denies).`,
    ja: `${principal} に許可されている操作はすべて、常に適用される Deny によって取り消されています (拒否を参照)。`,
  };
}

export function notPrincipalRole(statement: string, role: string): Message {
  return {
    en: `Deny statement ${statement} lists the role ${role} in NotPrincipal: that exempts no session of the role (a session is exempt only when its own session ARN, arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION, is listed), so the role's sessions are denied too.`,
    ja: `Deny ステートメント ${statement} は NotPrincipal にロール ${role} を挙げていますが、それではロールのセッションは除外されません (除外されるのはセッション ARN arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION を挙げたセッションだけです)。このロールのセッションも拒否されます。`,
  };
}

export function notPrincipalUserWithoutAccount(statement: string, user: string): Message {
  return {
    en: `Deny statement ${statement} lists ${user} in NotPrincipal without its account (arn:aws:iam::ACCOUNT:root); AWS may check the account first and deny the user anyway. List the account as well.`,
    ja: `Deny ステートメント ${statement} は NotPrincipal に ${user} をアカウント (arn:aws:iam::ACCOUNT:root) なしで挙げています。AWS は先にアカウントを確認してユーザーを拒否することがあります。アカウントも挙げてください。`,
  };
}

export function literalAccountsAreOther(accounts: readonly string[]): Message {
  const list = accounts.join(', ');
  return {
    en: `The key policy names the key's own account through an expression (data.aws_caller_identity); KeyLens takes ${list} to be other accounts. Pass the key ARN to be sure.`,
    ja: `キーポリシーはキー自身のアカウントを式 (data.aws_caller_identity) で指定しているため、${list} は別アカウントとみなしました。確実にするにはキー ARN を指定してください。`,
  };
}

/** `arn:aws:iam::111122223333:root (the account principal, not its roles)`: how an account in NotPrincipal reads. */
export function accountPrincipalLabel(arn: string): Message {
  return { en: `${arn} (the account principal, not its roles)`, ja: `${arn} (アカウントプリンシパルのみ。そのロールは含まない)` };
}
