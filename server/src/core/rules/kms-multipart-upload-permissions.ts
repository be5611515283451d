import { keyIdOf } from '../arn';
import type { Fix, Message } from '../finding';
import { actionMatches, allowsAction, deniedOn, isNegatedOperator, listGrants, listIncludesResource, mayAllowAction } from '../iam/semantics';
import type { BucketEncryption, ElementList, FixValue, KeyIdentity, Policy, PrincipalIdentity, Statement } from '../model';
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
      // A permissions boundary allows nothing by itself.
      if (policy.grantsNothing) continue;
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
  const evidence = kmsEvidence(policy);
  let policyKey: { key: KeyIdentity | undefined } | undefined;
  // Verdicts depend on (action, key) only, not on the statement: computed once each.
  const identityVerdicts = new Map<string, boolean>();
  const identityAllowsOnce = (action: string, keyArn: string | undefined) => {
    const cacheKey = `${action} ${keyArn ?? ''}`;
    let verdict = identityVerdicts.get(cacheKey);
    if (verdict === undefined) identityVerdicts.set(cacheKey, (verdict = identityAllows(policy, action, keyArn)));
    return verdict;
  };
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || listGrants(statement.actions, 's3:PutObject') !== 'yes') continue;
    if (!statement.resources || !coversObjects(statement)) continue;
    const buckets = workspace.bucketsIn(statement.resources.items);
    const encryption = buckets.map((b) => workspace.encryptionFor(b, policy.file)).find((e) => e !== undefined);
    if (!usesSseKms(evidence, encryption)) continue;
    // The bucket's key: from its encryption configuration, else the key this policy's own KMS statements name.
    const key = (encryption?.keyId ? workspace.resolveKey(encryption.keyId).key : undefined) ?? (policyKey ??= { key: ownKey(policy) }).key;
    const keyPolicy = workspace.keyPolicyFor(key, policy.file);
    const attached = workspace.onlyPrincipalOf(policy);
    const caller: Caller = { arn: attached?.arn, ref: attached?.ref };
    const allowed = (action: string) =>
      identityAllowsOnce(action, key?.arn) ||
      (!!keyPolicy && (caller.arn || caller.ref ? keyPolicyAllows(keyPolicy, action, caller) : keyPolicyAllowsSomeSpecificPrincipal(keyPolicy, action)));
    const span = putObjectSpan(statement);
    // One finding per missing action, each with the fix that supplies it where it belongs.
    if (!allowed(GENERATE)) {
      context.report({
        file: policy.file,
        span,
        message: generateMessage(),
        fixes: () => (deniedOn(policy, GENERATE, key?.arn) ? [] : addGenerateFix(policy, key)),
      });
    }
    if (!allowed(DECRYPT)) {
      context.report({
        file: policy.file,
        span,
        message: decryptMessage(keyPolicy),
        fixes: () => (keyPolicy && !deniedOn(policy, DECRYPT, key?.arn) ? addDecryptToKeyPolicyFix(keyPolicy, attached) : []),
      });
    }
  }
}

/** The identity policy allows the action (possibly through a Terraform value), on the key when known, and no Deny takes it away. */
function identityAllows(policy: Policy, action: string, keyArn: string | undefined): boolean {
  if (deniedOn(policy, action, keyArn)) return false;
  if (policy.incomplete) return true;
  return policy.statements.some((s) => mayAllowAction(s, action) && (!keyArn || listIncludesResource(s.resources, keyArn) !== 'no'));
}

/** A single key ARN named by the policy's own KMS statements. */
function ownKey(policy: Policy): KeyIdentity | undefined {
  const arns = new Set<string>();
  for (const s of policy.statements) {
    if (s.effect !== 'Allow' || !s.actions || s.actions.negated) continue;
    if (!s.actions.items.some((a) => a.known && a.value.toLowerCase().startsWith('kms:'))) continue;
    for (const r of s.resources?.items ?? []) if (r.known && keyIdOf(r.value) && r.value.startsWith('arn:')) arns.add(r.value);
  }
  return arns.size === 1 ? { arn: [...arns][0], keyId: keyIdOf([...arns][0]!) } : undefined;
}

function checkKeyPolicy(context: RuleContext, policy: Policy): void {
  for (const statement of policy.statements) {
    const actions = statement.actions;
    if (statement.effect !== 'Allow' || !actions || actions.hasUnknown) continue;
    if (!viaS3(statement)) continue;
    const granted = [GENERATE, DECRYPT].filter((a) => allowsAction(statement, a));
    // Uploads are what generate data keys (or encrypt); kms:Decrypt alone through S3 is for reading
    // objects, and a statement with neither is about something else (e.g. DescribeKey only).
    const usesForWriting = granted.includes(GENERATE) || allowsAction(statement, 'kms:Encrypt');
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
      // Adding to a NotAction list would exclude more, not allow more.
      fixes: () => (actions.negated ? [] : addActionsFix(policy, actions, missing)),
    });
  }
}

function generateMessage(): Message {
  return {
    en: 'This principal can upload to an SSE-KMS bucket but is not allowed kms:GenerateDataKey, which every SSE-KMS upload needs. Add kms:GenerateDataKey on the bucket\'s key.',
    ja: 'このプリンシパルは SSE-KMS バケットにアップロードできますが、すべての SSE-KMS アップロードに必要な kms:GenerateDataKey が許可されていません。バケットのキーに対する kms:GenerateDataKey を追加してください。',
  };
}

function decryptMessage(keyPolicy: Policy | undefined): Message {
  const where = keyPolicy ? ` (${keyPolicy.label})` : '';
  return {
    en: `This principal can upload to an SSE-KMS bucket but is not allowed kms:Decrypt, so multipart uploads (large files) fail with AccessDenied while small ones work. Allow kms:Decrypt for it in the key policy${where}.`,
    ja: `このプリンシパルは SSE-KMS バケットにアップロードできますが kms:Decrypt が許可されていないため、小さいファイルは成功してもマルチパートアップロード (大きなファイル) は AccessDenied で失敗します。キーポリシー${where}でこのプリンシパルに kms:Decrypt を許可してください。`,
  };
}

/** Objects of the bucket are within the statement's resources (`bucket/*`, `*`, a Terraform value). */
function coversObjects(statement: Statement): boolean {
  const resources = statement.resources!;
  if (resources.negated) return true;
  return resources.items.some((r) => !r.known || r.value === '*' || (r.value.includes(':s3:::') && r.value.includes('/')) || r.value === 'arn:aws:s3:::*');
}

interface KmsEvidence {
  /** The policy allows some KMS action itself. */
  readonly kmsStatements: boolean;
  /** The policy has a `kms:ViaService` condition naming S3. */
  readonly viaS3: boolean;
}

function kmsEvidence(policy: Policy): KmsEvidence {
  return {
    kmsStatements: policy.statements.some(
      (s) => s.effect === 'Allow' && s.actions && !s.actions.negated && s.actions.items.some((a) => a.known && a.value.toLowerCase().startsWith('kms:')),
    ),
    viaS3: policy.statements.some(viaS3),
  };
}

/** SSE-KMS is in play: the bucket's encryption says so, or the policy itself uses KMS through S3. */
function usesSseKms(evidence: KmsEvidence, encryption: BucketEncryption | undefined): boolean {
  if (encryption?.algorithm?.known) {
    const algorithm = encryption.algorithm.value;
    if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') return true;
    if (algorithm === 'AES256') return evidence.viaS3;
  }
  return evidence.kmsStatements || evidence.viaS3;
}

/** A `kms:ViaService` condition naming S3 (`s3.<region>.amazonaws.com`). */
function viaS3(statement: Statement): boolean {
  return statement.conditions.some(
    (c) => c.key.toLowerCase() === 'kms:viaservice' && !isNegatedOperator(c.operator) && c.values.some((v) => /^s3[.*]/.test(v.value) || v.value.startsWith('s3.')),
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
  // The policy's own KMS statement, when nothing but an S3 kms:ViaService condition restricts it (uploads go through S3).
  const kmsStatement = policy.statements.find(
    (s) =>
      s.effect === 'Allow' &&
      s.actions &&
      !s.actions.negated &&
      !s.actions.hasUnknown &&
      s.actions.items.some((a) => a.value.toLowerCase().startsWith('kms:')) &&
      s.conditions.every((c) => c.key.toLowerCase() === 'kms:viaservice' && viaS3(s)) &&
      (!key?.arn || listIncludesResource(s.resources, key.arn) === 'yes') &&
      listGrants(s.actions, GENERATE) === 'no',
  );
  // Into a statement narrowed to S3 (kms:ViaService), the action is narrowed too; elsewhere it is not.
  if (kmsStatement) return fixIn(policy.file, title, policy.editor.addItems(kmsStatement.actions!, [GENERATE]), true, !viaS3(kmsStatement));
  const resource = keyResource(key);
  if (!resource || !canWrite(policy, resource)) return [];
  return fixIn(policy.file, title, policy.editor.addStatement({ Effect: 'Allow', Action: GENERATE, Resource: resource }), true, true);
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
function addDecryptToKeyPolicyFix(keyPolicy: Policy, attached: PrincipalIdentity | undefined): Fix[] {
  const title = { en: `Allow kms:Decrypt in the key policy (${keyPolicy.label})`, ja: `キーポリシー (${keyPolicy.label}) で kms:Decrypt を許可する` };
  const principal = principalValue(attached);
  if (principal && canWrite(keyPolicy, principal)) {
    return fixIn(keyPolicy.file, title, keyPolicy.editor.addStatement({
      Sid: 'AllowDecryptForMultipartUpload',
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: DECRYPT,
      Resource: '*',
    }), false, true);
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
  return fixIn(keyPolicy.file, title, keyPolicy.editor.addItems(usage.actions!, [DECRYPT]), false, !viaS3(usage));
}

function addActionsFix(policy: Policy, actions: ElementList, missing: readonly string[]): Fix[] {
  return fixIn(
    policy.file,
    { en: `Add ${missing.join(', ')} to this statement`, ja: `このステートメントに ${missing.join(', ')} を追加する` },
    policy.editor.addItems(actions, [...missing]),
    true,
  );
}

