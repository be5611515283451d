import type { Message } from '../finding';
import type { Policy } from '../model';
import { wildcardMatch } from '../iam/wildcard';
import { statementsFromPolicy, type PolicyStatement } from './statements';
import { OWN_ACCOUNT, subjectOfExpression, subjectOfText, type Subject } from './subjects';

/** The principals an Allow statement names, classified. */
function allowedSubjects(statement: PolicyStatement): Subject[] {
  if (statement.effect !== 'Allow' || !statement.principal || statement.principal.negated) return [];
  return statement.principal.entries.map((entry) => (entry.known ? subjectOfText(entry.type, entry.text) : subjectOfExpression(entry.text, entry.refs ?? [])));
}

/** Whether a key policy names its own account through an expression (`data.aws_caller_identity`, `${AWS::AccountId}`), in any statement. */
export function namesOwnAccount(keyPolicy: Policy): boolean {
  return ownAccountIn(statementsFromPolicy(keyPolicy));
}

function ownAccountIn(statements: readonly PolicyStatement[]): boolean {
  return statements.some((statement) =>
    (statement.principal?.entries ?? []).some((entry) => {
      if (entry.known) return false;
      const subject = subjectOfExpression(entry.text, entry.refs ?? []);
      return subject.kind === 'account' && subject.account === OWN_ACCOUNT;
    }),
  );
}

function allowsAction(statement: PolicyStatement, action: string): boolean {
  const items = statement.actions?.items.filter((item) => item.known) ?? [];
  const matched = items.some((item) => wildcardMatch(item.text.trim(), action, true));
  return statement.actions?.negated ? !matched : matched;
}

export interface KeyAccountGuess {
  readonly account?: string;
  /** The partition every ARN the key policy names is in (`aws` when it names none). */
  readonly partition?: string;
  /** The key policy names the key's own account through an expression (`data.aws_caller_identity`). */
  readonly ownAccountExpression: boolean;
  readonly note?: Message;
}

/**
 * The key's account when only its key policy is known (a Terraform key has no ARN before it is
 * created): the one account the policy allows; else the account of the "Enable IAM User
 * Permissions" statement AWS writes into every default key policy; else the one account whose
 * principals may change the key policy (its administrators). Without a unique answer, none.
 */
export function guessKeyAccount(keyPolicy: Policy): KeyAccountGuess {
  const statements = statementsFromPolicy(keyPolicy);
  const partitions = new Set(statements.flatMap((s) => s.principal?.entries.map((e) => /^arn:([\w-]+):(?:iam|sts):/.exec(e.text.trim())?.[1]).filter((p): p is string => !!p) ?? []));
  // With no ARN to tell (bare account ids), the commercial partition, where nearly every key lives.
  const partition = partitions.size === 1 ? [...partitions][0] : partitions.size === 0 ? 'aws' : undefined;
  return { ...guessAccount(statements), ...(partition ? { partition } : {}) };
}

function guessAccount(statements: readonly PolicyStatement[]): KeyAccountGuess {
  if (ownAccountIn(statements)) return { ownAccountExpression: true };
  const named = statements.map((statement) => ({ statement, subjects: allowedSubjects(statement) }));
  const accountsOf = (subjects: readonly Subject[]) => new Set(subjects.map((s) => s.account).filter((a): a is string => !!a && a !== OWN_ACCOUNT));
  const all = accountsOf(named.flatMap(({ subjects }) => subjects));
  const reasoned = (account: string, en: string, ja: string): KeyAccountGuess => ({
    account,
    ownAccountExpression: false,
    note: {
      en: `The key's account is not in the files; taking it to be ${account} (${en}). Pass the key ARN to be sure.`,
      ja: `キーのアカウントがファイルにないため、${account} とみなしました (${ja})。確実にするにはキー ARN を指定してください。`,
    },
  });
  if (all.size === 1) {
    const [account] = all;
    return reasoned(account!, 'the only account its key policy allows', 'キーポリシーが許可している唯一のアカウント');
  }
  if (all.size === 0) return { ownAccountExpression: false };
  const defaultRoot = named.find(({ statement }) => /^enable iam user permissions$/i.test(statement.sid ?? ''));
  const rootAccount = defaultRoot?.subjects.find((s) => s.kind === 'account')?.account;
  if (rootAccount && rootAccount !== OWN_ACCOUNT) {
    return reasoned(rootAccount, 'the account of the "Enable IAM User Permissions" statement', '"Enable IAM User Permissions" ステートメントのアカウント');
  }
  const administrators = accountsOf(named.filter(({ statement }) => allowsAction(statement, 'kms:PutKeyPolicy')).flatMap(({ subjects }) => subjects.filter((s) => s.kind !== 'account')));
  if (administrators.size === 1) {
    const [account] = administrators;
    return reasoned(account!, 'the account of the principals that may change its key policy', 'キーポリシーを変更できるプリンシパルのアカウント');
  }
  return {
    ownAccountExpression: false,
    note: {
      en: `The key's account is not in the files and its key policy names several accounts (${[...all].sort().join(', ')}); which principals are in another account cannot be told. Pass the key ARN.`,
      ja: `キーのアカウントがファイルになく、キーポリシーに複数のアカウント (${[...all].sort().join(', ')}) があるため、どのプリンシパルが別アカウントか判断できません。キー ARN を指定してください。`,
    },
  };
}
