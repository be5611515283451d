import { isAwsManagedS3Key, parseArn, principalAccount, rootArn } from '../arn';
import type { Fix, Message } from '../finding';
import { isNegatedOperator, listGrants } from '../iam/semantics';
import type { BucketEncryption, FixValue, Policy, Statement } from '../model';
import type { Span } from '../text';
import { keyPolicyAllows, keyPolicyDenies } from './access';
import { keyAccount } from './kms-key-policy-wildcard-principal';
import type { Rule, RuleContext } from './rule';
import { codeList, fixIn } from './util';

const READ = ['kms:Decrypt'];
/** Reading an object or one of its versions decrypts it. */
const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
// Multipart uploads read the parts back: writers need Decrypt as well.
const WRITE = ['kms:GenerateDataKey', 'kms:Decrypt'];

export const rule: Rule = {
  meta: {
    id: 'kms-cross-account-access',
    defaultSeverity: 'warning',
    summary: {
      en: 'A bucket policy shares an SSE-KMS bucket with another account that the key does not allow (or the key is AWS managed).',
      ja: 'バケットポリシーが SSE-KMS バケットを別アカウントに共有していますが、キーがそのアカウントを許可していません (または AWS マネージドキーです)。',
    },
    docs: 'docs/rules/kms-cross-account-access.md',
  },
  check(context) {
    for (const policy of context.workspace.policiesOf('bucket')) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      checkBucketPolicy(context, policy);
    }
  },
};

function checkBucketPolicy(context: RuleContext, policy: Policy): void {
  const { workspace } = context;
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || !statement.principals || statement.principals.negated || !statement.resources) continue;
    const reads = READ_ACTIONS.some((a) => listGrants(statement.actions, a) === 'yes');
    const writes = listGrants(statement.actions, 's3:PutObject') === 'yes';
    if (!reads && !writes) continue;
    const bucket = policy.target.bucket ?? workspace.bucketsIn(statement.resources.items)[0];
    if (!bucket) continue;
    const encryption = workspace.encryptionFor(bucket, policy.file);
    if (!encryption || !isKms(encryption)) continue;

    const awsManaged = !encryption.keyId || (encryption.keyId.known && isAwsManagedS3Key(encryption.keyId.value));
    const resolved = encryption.keyId ? workspace.resolveKey(encryption.keyId) : undefined;
    const key = resolved?.key;
    const keyPolicy = awsManaged ? undefined : workspace.keyPolicyFor(key, encryption.file);
    // The bucket owner's account: the key's (a bucket's KMS key lives in its account), as any ARN shows it.
    const owner =
      workspace.keyAccount(key) ??
      (encryption.keyId?.known ? parseArn(encryption.keyId.value)?.account || undefined : undefined) ??
      (keyPolicy ? keyAccount(workspace, keyPolicy) : undefined);
    const needed = [...new Set([...(reads ? READ : []), ...(writes ? WRITE : [])])];
    const region = keyRegion(key?.arn, encryption, keyPolicy);

    for (const { account, span, partition, arn } of grantees(statement, owner, awsManaged)) {
      if (awsManaged) {
        context.report({ file: policy.file, span, message: awsManagedMessage(account, encryption), fixes: [] });
        continue;
      }
      if (!keyPolicy) continue;
      const caller = { arn, account };
      const missing = needed.filter((action) => !keyPolicyAllows(keyPolicy, action, caller));
      if (missing.length === 0) continue;
      context.report({
        file: policy.file,
        span,
        message: {
          en: `The bucket is encrypted with a KMS key whose policy (${keyPolicy.label}) does not allow account ${account} ${codeList(missing)}, so its ${writes ? 'uploads' : 'reads'} fail with AccessDenied even though this bucket policy allows them. Add a key policy statement for ${account}; its own IAM policy must allow the key too.`,
          ja: `このバケットは KMS キーで暗号化されていますが、そのキーポリシー (${keyPolicy.label}) はアカウント ${account} に ${codeList(missing)} を許可していません。このバケットポリシーが許可していても${writes ? 'アップロード' : '読み取り'}は AccessDenied になります。${account} 用のステートメントをキーポリシーに追加してください。相手側の IAM ポリシーでもキーを許可する必要があります。`,
        },
        // An explicit Deny in the key policy cannot be overridden by adding an Allow: no fix then.
        // The new statement carries every action this use needs through S3, so it stands on its own.
        fixes: () => (missing.some((a) => keyPolicyDenies(keyPolicy, a, caller)) ? [] : keyPolicyFix(keyPolicy, account, needed, partition, region)),
      });
    }
  }
}

function isKms(encryption: BucketEncryption): boolean {
  const algorithm = encryption.algorithm;
  if (!algorithm) return !!encryption.keyId;
  return !algorithm.known || algorithm.value === 'aws:kms' || algorithm.value === 'aws:kms:dsse';
}

interface Grantee {
  readonly account: string;
  readonly arn?: string;
  readonly span: Span;
  readonly partition: string;
}

/**
 * The other accounts a statement lets in: named AWS principals, and for `"*"` the accounts an
 * `aws:PrincipalAccount`/`kms:CallerAccount`-style condition narrows it to. An account counts as other
 * when it differs from the owner's (or, the owner unknown, when the key is AWS managed).
 */
function grantees(statement: Statement, owner: string | undefined, awsManaged: boolean): Grantee[] {
  const isOther = (account: string) => (owner ? account !== owner : awsManaged);
  const result: Grantee[] = [];
  for (const entry of statement.principals!.entries) {
    if (entry.type !== 'AWS' || !entry.value.known) continue;
    const account = principalAccount(entry.value.value);
    if (account && isOther(account)) {
      result.push({ account, arn: entry.value.value, span: entry.value.span, partition: parseArn(entry.value.value)?.partition ?? 'aws' });
    }
  }
  if (statement.principals!.wildcard) {
    for (const condition of statement.conditions) {
      if (isNegatedOperator(condition.operator) || condition.key.toLowerCase() !== 'aws:principalaccount') continue;
      for (const value of condition.values) {
        if (value.known && /^\d{12}$/.test(value.value) && isOther(value.value)) {
          result.push({ account: value.value, span: value.span, partition: 'aws' });
        }
      }
    }
  }
  return result;
}



function awsManagedMessage(account: string, encryption: BucketEncryption): Message {
  const how = encryption.keyId ? encryption.keyId.value : 'aws:kms without a key id';
  return {
    en: `The bucket's objects are encrypted with the AWS managed key aws/s3 (${how}). Its key policy cannot be changed, so account ${account} can never decrypt them, whatever this bucket policy allows. Switch the bucket to a customer managed key and allow ${account} in its key policy.`,
    ja: `このバケットのオブジェクトは AWS マネージドキー aws/s3 (${how}) で暗号化されています。そのキーポリシーは変更できないため、このバケットポリシーが何を許可してもアカウント ${account} は復号できません。バケットをカスタマーマネージドキーに切り替え、そのキーポリシーで ${account} を許可してください。`,
  };
}

/** The key's region, from whichever ARN names the key. */
function keyRegion(keyArn: string | undefined, encryption: BucketEncryption, keyPolicy: Policy | undefined): string | undefined {
  const candidates = [keyArn, encryption.keyId?.known ? encryption.keyId.value : undefined, keyPolicy?.target.key?.arn];
  for (const candidate of candidates) {
    const region = candidate ? parseArn(candidate)?.region : undefined;
    if (region && !/[*?]/.test(region)) return region;
  }
  return undefined;
}

/**
 * A key policy statement for the other account, narrowed as the KMS Developer Guide narrows use by
 * another account through S3: only through S3 in the key's region (`kms:ViaService`) and only by
 * callers of that account (`kms:CallerAccount`). Carrying both, it is not a widening fix.
 */
function keyPolicyFix(keyPolicy: Policy, account: string, actions: readonly string[], partition: string, region: string | undefined): Fix[] {
  const viaS3: { [operator: string]: { [key: string]: FixValue } } = region
    ? { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com`, 'kms:CallerAccount': account } }
    : { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' }, StringEquals: { 'kms:CallerAccount': account } };
  return fixIn(
    keyPolicy.file,
    { en: `Allow account ${account} ${actions.join(', ')} through S3 in the key policy (${keyPolicy.label})`, ja: `キーポリシー (${keyPolicy.label}) でアカウント ${account} に S3 経由の ${actions.join(', ')} を許可する` },
    keyPolicy.editor.addStatement({
      Sid: `AllowAccount${account}UseThroughS3`,
      Effect: 'Allow',
      Principal: { AWS: rootArn(account, partition) },
      Action: actions.length === 1 ? actions[0]! : [...actions],
      Resource: '*',
      Condition: viaS3,
    }),
    true,
  );
}


