import type { Fix, Message } from '../finding';
import type { ActionCatalog } from '../iam/catalog';
import { actionMatches, deniedOn, listGrants, statementKeyScope, type KeyScope } from '../iam/semantics';
import type { Condition, ElementList, Policy, PString, Statement } from '../model';
import type { Workspace } from '../workspace';
import type { Rule, RuleContext } from './rule';
import { canWrite, codeList, fixIn, mergeFileEdits, principalValue, uniqueCaseInsensitive } from './util';

/** The actions that let a principal read data protected by a key (Security Hub KMS.1/KMS.2). */
export const DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'] as const;

/** Expanding a wildcard into more explicit actions than this makes an unreadable fix; none is offered. */
const MAX_EXPANSION = 80;

export const rule: Rule = {
  meta: {
    id: 'kms-decrypt-in-identity-policy',
    defaultSeverity: 'warning',
    summary: {
      en: 'An IAM identity policy allows kms:Decrypt or kms:ReEncryptFrom; decryption belongs in key policies.',
      ja: 'IAM アイデンティティポリシーが kms:Decrypt / kms:ReEncryptFrom を許可しています。復号の許可はキーポリシーに置きます。',
    },
    docs: 'docs/rules/kms-decrypt-in-identity-policy.md',
  },
  check(context) {
    for (const policy of context.workspace.policiesOf('identity')) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      // A permissions boundary grants nothing by itself: its Allow is a ceiling, not decryption rights.
      if (policy.grantsNothing) continue;
      for (const statement of policy.statements) {
        if (statement.effect !== 'Allow' || !statement.actions) continue;
        checkStatement(context, policy, statement, statement.actions);
      }
    }
  },
};

function checkStatement(context: RuleContext, policy: Policy, statement: Statement, actions: ElementList): void {
  // Decryption is granted only on resources that can be KMS keys (an S3 ARN or an alias ARN is none).
  const { scope, narrowedBy } = statementKeyScope(statement);
  if (scope === 'none') return;
  const severity = scope === 'all' ? 'warning' : 'info';
  // An unconditional Deny in the same policy on every key this statement reaches takes an action away again.
  const decrypting = DECRYPT_ACTIONS.filter((a) => !deniedOn(policy, a, statement.resources));
  if (actions.negated) {
    const granted = decrypting.filter((a) => listGrants(actions, a) === 'yes');
    if (granted.length === 0) return;
    context.report({
      file: policy.file,
      span: actions.node.span,
      severity,
      message: message(granted, scope, narrowedBy, true),
      fixes: () => fixIn(
        policy.file,
        { en: `Exclude ${granted.join(', ')} from ${actions.name}`, ja: `${actions.name} に ${granted.join(', ')} を追加して除外する` },
        policy.editor.addItems(actions, [...granted]),
        true,
      ),
    });
    return;
  }
  for (const item of actions.items) {
    if (!item.known) continue;
    const granted = decrypting.filter((a) => actionMatches(item.value, a));
    if (granted.length === 0) continue;
    context.report({
      file: policy.file,
      span: item.span,
      severity,
      message: message(granted, scope, narrowedBy, false),
      fixes: () => {
        const removal = removalFix(context.catalog, policy, actions, item);
        const move = keyPolicyFix(context.workspace, policy, statement, granted, removal[0]);
        // In a policy that uploads objects, kms:Decrypt may be what keeps multipart uploads working
        // (kms-multipart-upload-permissions): there it is moved to the key policy, never just dropped.
        return [...(uploadsObjects(policy) ? [] : removal), ...move];
      },
    });
  }
}

function message(granted: readonly string[], scope: KeyScope, narrowedBy: readonly Condition[], notAction: boolean): Message {
  const names = codeList(granted);
  const how = notAction ? ' through NotAction' : '';
  const howJa = notAction ? ' (NotAction 経由)' : '';
  if (scope === 'all') {
    return {
      en: `This identity policy allows ${names}${how} on all KMS keys (Security Hub KMS.1/KMS.2): anyone it is attached to can decrypt data under any key that trusts the account. Remove it here and allow decryption in the key policy of the keys that need it.`,
      ja: `このアイデンティティポリシーは ${names}${howJa} をすべての KMS キーに許可しています (Security Hub KMS.1/KMS.2)。アタッチされた全員が、アカウントを信頼するすべてのキーでデータを復号できます。ここから削除し、必要なキーのキーポリシーで復号を許可してください。`,
    };
  }
  if (narrowedBy.length) {
    const conditions = codeList(uniqueCaseInsensitive(narrowedBy.map((c) => c.key)));
    return {
      en: `This identity policy allows ${names}${how} on the keys that ${conditions} selects (attribute-based access control), not on all keys. Decryption rights still belong in the key policy: whoever can tag a key or change its aliases decides who may decrypt with it.`,
      ja: `このアイデンティティポリシーは ${conditions} で選ばれたキー (属性ベースのアクセス制御) に ${names}${howJa} を許可しています。すべてのキーではありません。それでも復号の権限はキーポリシーに置くべきです。キーのタグやエイリアスを変更できる人が、そのキーで誰が復号できるかを決めることになります。`,
    };
  }
  if (scope === 'unknown') {
    return {
      en: `This identity policy allows ${names}${how} on keys that are not known here (the Resource is a value known only when it is deployed); if that value is "*" this is Security Hub KMS.1/KMS.2. Decryption rights belong in the key policy: remove them here and allow the principal in the policy of the keys that need it.`,
      ja: `このアイデンティティポリシーは、ここでは分からないキー (Resource はデプロイ時にしか分からない値です) に ${names}${howJa} を許可しています。その値が "*" なら Security Hub KMS.1/KMS.2 に該当します。復号の権限はキーポリシーに置くべきです。ここから削除し、必要なキーのキーポリシーでプリンシパルに許可してください。`,
    };
  }
  return {
    en: `This identity policy allows ${names}${how} on specific keys. Decryption rights belong in the key policy: remove them here and allow the principal in that key's policy.`,
    ja: `このアイデンティティポリシーは特定のキーに ${names}${howJa} を許可しています。復号の権限はキーポリシーに置くべきです。ここから削除し、そのキーのキーポリシーでプリンシパルに許可してください。`,
  };
}

/** Removes the item, or replaces a wildcard with the explicit actions it granted other than decryption. */
function removalFix(catalog: ActionCatalog, policy: Policy, actions: ElementList, item: PString): Fix[] {
  const others = actions.items.filter((other) => other !== item);
  let replacement: string[] = [];
  if (/[*?]/.test(item.value)) {
    if (item.value === '*' || item.value.startsWith('*')) return [];
    const expanded = catalog
      .expand(item.value)
      .filter((action) => !DECRYPT_ACTIONS.some((d) => d.toLowerCase() === action.toLowerCase()))
      .filter((action) => !others.some((other) => other.known && actionMatches(other.value, action)));
    if (expanded.length > MAX_EXPANSION) return [];
    replacement = uniqueCaseInsensitive(expanded);
  }
  if (replacement.length === 0) {
    // A literal action listed twice is removed twice: otherwise the same finding (and fix) comes back.
    const same = actions.items.filter((other) => other.known && other.value.toLowerCase() === item.value.toLowerCase());
    if (same.length === actions.items.length) return [];
    const edits = same.length > 1 ? policy.editor.removeItems(actions, same) : policy.editor.replaceItem(actions, item, []);
    return fixIn(policy.file, { en: `Remove ${item.value} from this statement`, ja: `このステートメントから ${item.value} を削除する` }, edits, true);
  }
  const title = { en: `Replace ${item.value} with the actions it allows except decryption`, ja: `${item.value} を復号以外の明示的なアクションに置き換える` };
  return fixIn(policy.file, title, policy.editor.replaceItem(actions, item, replacement), true);
}

/**
 * When the principal and the key's policy are both in the workspace, move decryption there: one fix that
 * removes the action here and allows it to the principal in the key policy.
 */
function keyPolicyFix(workspace: Workspace, policy: Policy, statement: Statement, granted: readonly string[], removal: Fix | undefined): Fix[] {
  const attached = workspace.onlyPrincipalOf(policy);
  const principal = principalValue(attached);
  if (!removal || !principal || !statement.resources || statement.resources.negated) return [];
  const keyPolicies = new Set<Policy>();
  for (const resource of statement.resources.items) {
    const resolved = workspace.resolveKey(resource);
    const keyPolicy = resolved.key ? workspace.keyPolicyFor(resolved.key) : undefined;
    if (keyPolicy) keyPolicies.add(keyPolicy);
  }
  const fixes: Fix[] = [];
  for (const keyPolicy of keyPolicies) {
    if (!canWrite(keyPolicy, principal)) continue;
    const edits = keyPolicy.editor.addStatement({
      Sid: `AllowDecryptFor${sidWord(attached?.ref?.name ?? policy.label)}`,
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: granted.length === 1 ? granted[0]! : [...granted],
      Resource: '*',
    });
    if (edits.length === 0) continue;
    fixes.push({
      title: { en: `Move ${granted.join(', ')} to the key policy (${keyPolicy.label})`, ja: `${granted.join(', ')} をキーポリシー (${keyPolicy.label}) に移す` },
      edits: mergeFileEdits([...removal.edits, { file: keyPolicy.file, edits }]),
      // The key policy names the principal directly: it no longer depends on the key policy
      // delegating to the account, nor on the statement's conditions here.
      widensAccess: true,
    });
  }
  return fixes;
}

/** `my_app-role` → `MyAppRole`: Sids allow only ASCII letters and digits. */
function sidWord(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
    .slice(0, 80);
}

function uploadsObjects(policy: Policy): boolean {
  return policy.statements.some((s) => s.effect === 'Allow' && listGrants(s.actions, 's3:PutObject') === 'yes');
}
