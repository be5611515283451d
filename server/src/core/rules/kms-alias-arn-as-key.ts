import { aliasName, isAliasName, isKmsAliasArn, parseArn } from '../arn';
import type { Fix, Message } from '../finding';
import type { ActionCatalog } from '../iam/catalog';
import { listGrants, resourceKeyScope } from '../iam/semantics';
import { wildcardMatch } from '../iam/wildcard';
import { type BucketEncryption, type ElementList, type FixValue, type KeyIdentity, type Policy, type PString, type Statement } from '../model';
import type { KeyResolution, Workspace } from '../workspace';
import type { Rule, RuleContext } from './rule';
import { canWrite, canWriteEncryption, editInSequence, fixIn, referenceValue, valueLabel } from './util';
import { refKind } from '../refs';
import { arnOf } from '../arnShape';

/** The operations for which an alias ARN in `Resource` means something (when the action table has no resource types). */
const ALIAS_OPERATIONS = ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'];
const S3_KEY_ID_CONDITION = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const ALIAS_NAME_CONDITIONS = ['kms:requestalias', 'kms:resourcealiases'];

export const rule: Rule = {
  meta: {
    id: 'kms-alias-arn-as-key',
    defaultSeverity: 'error',
    summary: {
      en: 'An alias ARN (or alias name) stands where KMS or S3 needs a key ARN.',
      ja: 'キー ARN が必要な場所にエイリアス ARN (またはエイリアス名) が指定されています。',
    },
    docs: 'docs/rules/kms-alias-arn-as-key.md',
  },
  check(context) {
    const { workspace } = context;
    for (const policy of workspace.policies) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      for (const statement of policy.statements) {
        checkResources(context, policy, statement);
        checkConditions(context, policy, statement);
      }
    }
    for (const encryption of workspace.encryption) {
      if (context.targets && !context.targets.has(encryption.file)) continue;
      checkEncryption(context, encryption);
    }
  },
};

function checkResources(context: RuleContext, policy: Policy, statement: Statement): void {
  const resources = statement.resources;
  if (!resources || resources.negated || !statement.actions) return;
  let use: KmsActionUse | undefined | null = null;
  for (const item of resources.items) {
    const resolution = aliasResolution(context.workspace, item);
    if (!resolution) continue;
    if (use === null) {
      use = kmsActionUse(context.catalog, statement.actions);
      // Alias ARNs are right for the alias operations (CreateAlias, UpdateAlias, DeleteAlias), and
      // key use is covered when a resource beside them can be a key: only the rest is a mistake.
      if (use && use.keyUse && use.aliasOperations && resourceKeyScope(resources) !== 'none') use = undefined;
    }
    if (!use || !use.keyUse) return;
    const aliasOperations = use.aliasOperations;
    const shown = item.known ? item.value : item.value.replace(/^\$\{|\}$/g, '');
    const fixes = (): Fix[] => {
      const keyValue = keyArnValue(resolution.key, item);
      // Naming the key makes an Allow apply to it for the first time (widening); key/* with a
      // kms:ResourceAliases condition carries the alias as the narrowing condition.
      const widens = statement.effect !== 'Deny';
      if (keyValue && canWrite(policy, keyValue)) {
        if (!aliasOperations) return fixIn(policy.file, replaceTitle(keyValue), policy.editor.replaceString(item, keyValue), true, widens);
        // The alias operations still need the alias ARN: the key joins it instead of replacing it.
        if (typeof keyValue === 'string') {
          return fixIn(policy.file, { en: `Add the key ARN (${keyValue}) beside the alias`, ja: `エイリアスの横にキー ARN (${keyValue}) を追加する` }, policy.editor.addItems(resources, [keyValue]), true, widens);
        }
        return [];
      }
      // A condition on the key's aliases would also apply to the alias operations: only without them.
      if (item.known && resources.items.length === 1 && !aliasOperations) return aliasScopeFix(context.workspace, policy, statement, item);
      return [];
    };
    context.report({
      file: policy.file,
      span: item.span,
      severity: 'error',
      message: {
        en: `${shown} is an alias ARN: in a policy's Resource it only governs CreateAlias, UpdateAlias and DeleteAlias, so this statement does not apply to the key behind the alias. Use the key ARN, or key/* with a kms:ResourceAliases condition.`,
        ja: `${shown} はエイリアス ARN です。ポリシーの Resource では CreateAlias / UpdateAlias / DeleteAlias にしか効かないため、このステートメントはエイリアスの指すキーには適用されません。キー ARN を使うか、key/* と kms:ResourceAliases 条件を使ってください。`,
      },
      fixes,
    });
  }
}

function checkConditions(context: RuleContext, policy: Policy, statement: Statement): void {
  for (const condition of statement.conditions) {
    const key = condition.key.toLowerCase();
    if (key === S3_KEY_ID_CONDITION) {
      for (const value of condition.values) {
        const resolution = aliasResolution(context.workspace, value, true);
        if (!resolution) continue;
        const keyValue = keyArnValue(resolution.key, value);
        context.report({
          file: policy.file,
          span: value.span,
          severity: 'error',
          message: {
            en: `S3 compares ${condition.key} with the key ARN of the request, never with an alias, so this condition cannot match. Use the key ARN.`,
            ja: `S3 は ${condition.key} をリクエストのキー ARN と比較し、エイリアスとは比較しないため、この条件は一致しません。キー ARN を使ってください。`,
          },
          // A condition that never matched starts matching: an Allow applies, a Deny stops applying.
          fixes: () => keyValue && canWrite(policy, keyValue) ? fixIn(policy.file, replaceTitle(keyValue), policy.editor.replaceString(value, keyValue), true, true) : [],
        });
      }
    } else if (ALIAS_NAME_CONDITIONS.includes(key)) {
      for (const value of condition.values) {
        if (!value.known || !isKmsAliasArn(value.value)) continue;
        const name = aliasName(value.value)!;
        context.report({
          file: policy.file,
          span: value.span,
          severity: 'error',
          message: {
            en: `${condition.key} takes alias names such as ${name}, not alias ARNs; this value never matches.`,
            ja: `${condition.key} には ${name} のようなエイリアス名を指定します。エイリアス ARN は一致しません。`,
          },
          // In an Allow the alias condition starts to match and narrows the keys; in a Deny it stops denying.
          fixes: () => fixIn(policy.file, { en: `Replace with ${name}`, ja: `${name} に置き換える` }, policy.editor.replaceString(value, name), true, statement.effect !== 'Allow'),
        });
      }
    }
  }
}

function checkEncryption(context: RuleContext, encryption: BucketEncryption): void {
  const keyId = encryption.keyId;
  if (!keyId) return;
  const resolution = aliasResolution(context.workspace, keyId, true);
  if (!resolution) return;
  const keyValue = keyArnValue(resolution.key, keyId);
  const editor = encryption.editor;
  const message: Message = resolution.awsManaged
    ? {
        en: `The bucket's default encryption names the AWS managed key by alias (${resolution.aliasName}). An alias resolves in the requester's account, and AWS managed keys cannot be shared: use a customer managed key ARN.`,
        ja: `バケットのデフォルト暗号化が AWS マネージドキーをエイリアス (${resolution.aliasName}) で指定しています。エイリアスはリクエスタのアカウントで解決され、AWS マネージドキーは共有できません。カスタマーマネージドキーの ARN を使ってください。`,
      }
    : {
        en: `The bucket's default encryption names a key by alias. S3 resolves an alias in the requester's account, so writers from other accounts encrypt with a different key (or fail). Use the full key ARN.`,
        ja: `バケットのデフォルト暗号化がエイリアスでキーを指定しています。S3 はエイリアスをリクエスタのアカウントで解決するため、他のアカウントからの書き込みは別のキーで暗号化されます (または失敗します)。完全なキー ARN を使ってください。`,
      };
  context.report({
    file: encryption.file,
    span: keyId.span,
    severity: 'warning',
    message,
    fixes: () => keyValue && editor && canWriteEncryption(encryption, keyValue)
      ? fixIn(encryption.file, replaceTitle(keyValue), editor.replaceString(keyId, keyValue), true)
      : [],
  });
}

/** What the KMS actions a statement grants are authorised on (`catalog.resourceTypesOf`). */
interface KmsActionUse {
  /** Some action is authorised on keys and not on aliases (Decrypt, DescribeKey, ...): it needs a key resource. */
  readonly keyUse: boolean;
  /** Some action is authorised on aliases (CreateAlias, UpdateAlias, DeleteAlias): an alias ARN is meant for it. */
  readonly aliasOperations: boolean;
}

/**
 * The KMS actions a statement grants, by what they are authorised on; operations that use no
 * particular key (ListAliases, ListKeys, CreateKey, GenerateRandom) count as neither. Undefined
 * when a Terraform value we cannot see might grant what decides the question.
 */
function kmsActionUse(catalog: ActionCatalog, actions: ElementList): KmsActionUse | undefined {
  const granted = actions.negated
    ? catalog.expand('kms:*').filter((action) => listGrants(actions, action) === 'yes')
    : actions.items.filter((item) => item.known).flatMap((item) => kmsActionsOf(catalog, item.value));
  let keyUse = false;
  let aliasOperations = false;
  for (const action of granted) {
    const types = catalog.resourceTypesOf(action) ?? (ALIAS_OPERATIONS.includes(action) ? ['alias', 'key'] : ['key']);
    if (types.includes('alias')) aliasOperations = true;
    else if (types.includes('key')) keyUse = true;
  }
  if (actions.hasUnknown && !actions.negated) return keyUse ? { keyUse, aliasOperations: true } : undefined;
  return { keyUse, aliasOperations };
}

/** The KMS actions a (possibly wildcarded) action pattern reaches: `*`, `kms:*`, `km?:Re*`, `*:Decrypt`. */
function kmsActionsOf(catalog: ActionCatalog, pattern: string): string[] {
  if (pattern === '*') return catalog.expand('kms:*');
  const colon = pattern.indexOf(':');
  if (colon < 0 || !wildcardMatch(pattern.slice(0, colon), 'kms', true)) return [];
  return catalog.expand(`kms:${pattern.slice(colon + 1)}`);
}

/** The resolution when `value` names an alias (ARN, name, or Terraform alias reference), else undefined. */
function aliasResolution(workspace: Workspace, value: PString, allowName = false): KeyResolution | undefined {
  if (value.known) {
    if (!isKmsAliasArn(value.value) && !(allowName && isAliasName(value.value))) return undefined;
  } else if (!value.ref) {
    // An ARN template whose literal parts make it an alias ARN (`!Sub "arn:...:${AWS::AccountId}:alias/app"`).
    const shape = arnOf(value);
    if (shape?.service !== 'kms' || !shape.resource.startsWith('alias/')) return undefined;
  } else if (refKind(value.ref) !== 'alias') {
    return undefined;
  } else if (value.ref!.attribute && value.ref!.attribute !== 'arn' && value.ref!.attribute !== 'name') {
    // `aws_kms_alias.x.target_key_arn` / `target_key_id` already name the key.
    return undefined;
  }
  const resolution = workspace.resolveKey(value);
  return resolution.isAlias ? resolution : undefined;
}

/** How to write the key ARN behind an alias: a literal ARN, or `aws_kms_key.y.arn` in Terraform. */
function keyArnValue(key: KeyIdentity | undefined, original: PString): FixValue | undefined {
  if (!key) return undefined;
  if (key.arn) return key.arn;
  if (key.ref) return referenceValue(key.ref);
  if (key.keyId && original.known) {
    const arn = parseArn(original.value);
    if (arn) return `arn:${arn.partition}:kms:${arn.region}:${arn.account}:key/${key.keyId}`;
  }
  return undefined;
}

function aliasScopeFix(workspace: Workspace, policy: Policy, statement: Statement, item: PString): Fix[] {
  const arn = parseArn(item.value)!;
  const keys = `arn:${arn.partition}:kms:${arn.region}:${arn.account}:key/*`;
  const name = arn.resource;
  const edits = editInSequence(workspace, policy, [
    (current) => {
      const resource = current.statements.find((s) => s.index === statement.index)?.resources?.items[0];
      return resource ? current.editor.replaceString(resource, keys) : [];
    },
    (current) => {
      const same = current.statements.find((s) => s.index === statement.index);
      return same ? current.editor.addCondition(same, 'ForAnyValue:StringEquals', 'kms:ResourceAliases', [name]) : [];
    },
  ]);
  return fixIn(
    policy.file,
    { en: `Use ${keys} with a kms:ResourceAliases condition for ${name}`, ja: `${keys} と ${name} の kms:ResourceAliases 条件を使う` },
    edits,
  );
}

function replaceTitle(value: FixValue): Message {
  const shown = valueLabel(value);
  return { en: `Replace with the key ARN (${shown})`, ja: `キー ARN (${shown}) に置き換える` };
}
