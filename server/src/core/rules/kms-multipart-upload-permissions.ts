import { keyIdOf } from '../arn';
import type { Fix, Message } from '../finding';
import { actionMatches, allowsAction, listGrants, mayAllowAction } from '../iam/semantics';
import type { BucketEncryption, ElementList, FixValue, KeyIdentity, Policy, Statement } from '../model';
import { keyPolicyAllows, keyPolicyAllowsSomeSpecificPrincipal, type Caller } from './access';
import type { Rule, RuleContext } from './rule';
import { canWrite, codeList, fixIn, principalValue } from './util';

const GENERATE = 'kms:GenerateDataKey';
const DECRYPT = 'kms:Decrypt';

export const rule: Rule = {
  meta: {
    id: 'kms-multipart-upload-permissions',
    defaultSeverity: 'warning',
    summary: {
      en: 'Uploads to an SSE-KMS bucket need kms:GenerateDataKey, and multipart uploads also kms:Decrypt.',
      ja: 'SSE-KMS バケットへのアップロードには kms:GenerateDataKey が、マルチパートアップロードにはさらに kms:Decrypt が必要です。',
    },
    docs: 'docs/rules/kms-multipart-upload-permissions.md',
  },
  check(context) {
    for (const policy of context.workspace.policiesOf('identity')) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      checkIdentityPolicy(context, policy);
    }
    for (const policy of context.workspace.policiesOf('key')) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      checkKeyPolicy(context, policy);
    }
  },
};

function checkIdentityPolicy(context: RuleContext, policy: Policy): void {
  const { workspace } = context;
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || listGrants(statement.actions, 's3:PutObject') !== 'yes') continue;
    if (!statement.resources || !coversObjects(statement)) continue;
    const buckets = workspace.bucketsIn(statement.resources.items);
    const encryption = buckets.map((b) => workspace.encryptionFor(b, policy.file)).find((e) => e !== undefined);
    const sseKms = usesSseKms(policy, encryption);
    if (!sseKms) continue;
    const key = encryption?.keyId ? workspace.resolveKey(encryption.keyId).key : undefined;
    const keyPolicy = workspace.keyPolicyFor(key, policy.file);
    const caller: Caller = { arn: policy.target.principal?.arn, ref: policy.target.principal?.ref };
    const hasGenerate = policy.statements.some((s) => mayAllowAction(s, GENERATE));
    const hasDecrypt =
      policy.statements.some((s) => mayAllowAction(s, DECRYPT)) ||
      (!!keyPolicy &&
        (caller.arn || caller.ref ? keyPolicyAllows(keyPolicy, DECRYPT, caller) : keyPolicyAllowsSomeSpecificPrincipal(keyPolicy, DECRYPT)));
    const missing = [...(hasGenerate ? [] : [GENERATE]), ...(hasDecrypt ? [] : [DECRYPT])];
    if (missing.length === 0) continue;

    const fixes: Fix[] = [];
    if (!hasGenerate) fixes.push(...addGenerateFix(policy, key));
    if (!hasDecrypt && keyPolicy) fixes.push(...addDecryptToKeyPolicyFix(keyPolicy, policy));
    context.report({
      file: policy.file,
      span: putObjectSpan(statement),
      message: identityMessage(missing, keyPolicy),
      fixes,
    });
  }
}

function checkKeyPolicy(context: RuleContext, policy: Policy): void {
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || !statement.actions || statement.actions.hasUnknown) continue;
    if (!viaS3(statement)) continue;
    const granted = [GENERATE, DECRYPT].filter((a) => allowsAction(statement, a));
    // A statement for S3 that allows neither is about something else (e.g. DescribeKey only).
    const usesForWriting = granted.length > 0 || allowsAction(statement, 'kms:Encrypt');
    if (!usesForWriting) continue;
    const missing = [GENERATE, DECRYPT].filter((a) => !granted.includes(a));
    if (missing.length === 0) continue;
    context.report({
      file: policy.file,
      span: statement.actions.node.span,
      message: {
        en: `This key policy statement lets principals use the key through S3 but not ${codeList(missing)}: uploads with SSE-KMS need kms:GenerateDataKey, and multipart uploads (what the CLI and SDKs use for large files) also need kms:Decrypt.`,
        ja: `このキーポリシーのステートメントは S3 経由でのキーの使用を許可していますが、${codeList(missing)} がありません。SSE-KMS でのアップロードには kms:GenerateDataKey が、マルチパートアップロード (CLI や SDK が大きなファイルで使う方式) にはさらに kms:Decrypt が必要です。`,
      },
      fixes: addActionsFix(policy, statement.actions, missing),
    });
  }
}

function identityMessage(missing: readonly string[], keyPolicy: Policy | undefined): Message {
  const list = codeList(missing);
  const decryptOnly = missing.length === 1 && missing[0] === DECRYPT;
  const where = keyPolicy ? ` (${keyPolicy.label})` : '';
  if (decryptOnly) {
    return {
      en: `This principal can upload to an SSE-KMS bucket but is not allowed kms:Decrypt, so multipart uploads (large files) fail with AccessDenied while small ones work. Allow kms:Decrypt for it in the key policy${where}.`,
      ja: `このプリンシパルは SSE-KMS バケットにアップロードできますが kms:Decrypt が許可されていないため、小さいファイルは成功してもマルチパートアップロード (大きなファイル) は AccessDenied で失敗します。キーポリシー${where}でこのプリンシパルに kms:Decrypt を許可してください。`,
    };
  }
  return {
    en: `This principal can upload to an SSE-KMS bucket but lacks ${list}: every SSE-KMS upload needs kms:GenerateDataKey, and multipart uploads also need kms:Decrypt. Add kms:GenerateDataKey here${missing.includes(DECRYPT) ? ` and allow kms:Decrypt in the key policy${where}` : ''}.`,
    ja: `このプリンシパルは SSE-KMS バケットにアップロードできますが ${list} がありません。SSE-KMS のアップロードには必ず kms:GenerateDataKey が、マルチパートアップロードにはさらに kms:Decrypt が必要です。ここに kms:GenerateDataKey を追加${missing.includes(DECRYPT) ? `し、キーポリシー${where}で kms:Decrypt を許可` : ''}してください。`,
  };
}

/** Objects of the bucket are within the statement's resources (`bucket/*`, `*`, a Terraform value). */
function coversObjects(statement: Statement): boolean {
  const resources = statement.resources!;
  if (resources.negated) return true;
  return resources.items.some((r) => !r.known || r.value === '*' || (r.value.includes(':s3:::') && r.value.includes('/')) || r.value === 'arn:aws:s3:::*');
}

/** SSE-KMS is in play: the bucket's encryption says so, or the policy itself uses KMS through S3. */
function usesSseKms(policy: Policy, encryption: BucketEncryption | undefined): boolean {
  if (encryption?.algorithm?.known) {
    const algorithm = encryption.algorithm.value;
    if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') return true;
  }
  const kmsStatements = policy.statements.some(
    (s) => s.effect === 'Allow' && s.actions && !s.actions.negated && s.actions.items.some((a) => a.known && a.value.toLowerCase().startsWith('kms:')),
  );
  if (encryption?.algorithm?.known && encryption.algorithm.value === 'AES256') return policy.statements.some(viaS3);
  return kmsStatements || policy.statements.some(viaS3);
}

/** A `kms:ViaService` condition naming S3 (`s3.<region>.amazonaws.com`). */
function viaS3(statement: Statement): boolean {
  return statement.conditions.some(
    (c) => c.key.toLowerCase() === 'kms:viaservice' && c.values.some((v) => /^s3[.*]/.test(v.value) || v.value.startsWith('s3.')),
  );
}

function putObjectSpan(statement: Statement) {
  const actions = statement.actions!;
  if (actions.negated) return actions.node.span;
  const item = actions.items.find((a) => a.known && actionMatches(a.value, 's3:PutObject'));
  return (item ?? actions.node).span;
}

/** Adds kms:GenerateDataKey to the policy's own KMS statement, or a new statement for the bucket's key. */
function addGenerateFix(policy: Policy, key: KeyIdentity | undefined): Fix[] {
  const title = { en: 'Add kms:GenerateDataKey to this policy', ja: 'このポリシーに kms:GenerateDataKey を追加する' };
  const kmsStatement = policy.statements.find(
    (s) =>
      s.effect === 'Allow' &&
      s.actions &&
      !s.actions.negated &&
      !s.actions.hasUnknown &&
      s.actions.items.some((a) => a.value.toLowerCase().startsWith('kms:')) &&
      s.conditions.length === 0,
  );
  if (kmsStatement) return fixIn(policy.file, title, policy.editor.addItems(kmsStatement.actions!, [GENERATE]), true);
  const resource = keyResource(key);
  if (!resource || !canWrite(policy, resource)) return [];
  return fixIn(policy.file, title, policy.editor.addStatement({ Effect: 'Allow', Action: GENERATE, Resource: resource }), true);
}

function keyResource(key: KeyIdentity | undefined): FixValue | undefined {
  if (!key) return undefined;
  if (key.arn && keyIdOf(key.arn)) return key.arn;
  return principalValue(key.ref ? { ref: key.ref } : undefined);
}

/**
 * Puts kms:Decrypt in the key policy: into the statement that already lets specific principals use the
 * key for S3 uploads, or as a new statement for the principal this identity policy is attached to.
 */
function addDecryptToKeyPolicyFix(keyPolicy: Policy, identityPolicy: Policy): Fix[] {
  const title = { en: `Allow kms:Decrypt in the key policy (${keyPolicy.label})`, ja: `キーポリシー (${keyPolicy.label}) で kms:Decrypt を許可する` };
  const principal = principalValue(identityPolicy.target.principal);
  if (principal && canWrite(keyPolicy, principal)) {
    return fixIn(keyPolicy.file, title, keyPolicy.editor.addStatement({
      Sid: 'AllowDecryptForMultipartUpload',
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: DECRYPT,
      Resource: '*',
    }));
  }
  const usage = keyPolicy.statements.find(
    (s) =>
      s.effect === 'Allow' &&
      s.actions &&
      !s.actions.negated &&
      !s.actions.hasUnknown &&
      allowsAction(s, GENERATE) &&
      !allowsAction(s, DECRYPT) &&
      s.principals &&
      !s.principals.wildcard &&
      s.principals.entries.length > 0,
  );
  if (!usage) return [];
  return fixIn(keyPolicy.file, title, keyPolicy.editor.addItems(usage.actions!, [DECRYPT]));
}

function addActionsFix(policy: Policy, actions: ElementList, missing: readonly string[]): Fix[] {
  return fixIn(
    policy.file,
    { en: `Add ${missing.join(', ')} to this statement`, ja: `このステートメントに ${missing.join(', ')} を追加する` },
    policy.editor.addItems(actions, [...missing]),
    true,
  );
}

