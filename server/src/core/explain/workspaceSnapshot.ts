import type { Message } from '../finding';
import type { GrantDeclaration, KeyIdentity, ParsedFile, Policy, PrincipalIdentity, PString, ResourceRef } from '../model';
import { isTemplateRef, principalRefKind } from '../refs';
import { isAwsManagedAlias, keyIdOf, parseArn } from '../arn';
import { sameRef, Workspace } from '../workspace';
import { parseKeyReference, type KeyMetadataInfo, type KeySnapshot, type KmsAlias, type SnapshotGrant } from './snapshot';
import { valueText } from './statements';
import { guessKeyAccount } from './keyAccount';

export type WorkspaceSnapshotResult =
  | { readonly ok: true; readonly snapshot: KeySnapshot; readonly identityPolicies: IdentityPolicyUse[] }
  | { readonly ok: false; readonly error: Message };

/** An identity policy as it applies to one principal (a managed policy attached to three roles is three uses). */
export interface IdentityPolicyUse {
  readonly policy: Policy;
  /** The role or user the policy applies to; undefined when the workspace does not say. */
  readonly principal?: PrincipalIdentity;
  /** The group through which `principal` (a member) gets the policy. */
  readonly group?: PrincipalIdentity;
}

/**
 * The IAM identity policies of the workspace, which the key policy may delegate to, once for each
 * principal they apply to: inline and attached policies, and a group's policies for each member.
 */
export function identityPoliciesOf(files: readonly ParsedFile[], workspace = new Workspace(files)): IdentityPolicyUse[] {
  const uses: IdentityPolicyUse[] = [];
  for (const policy of workspace.policiesOf('identity')) {
    // A permissions boundary grants nothing; a policy's part in another file is the policy again.
    if (policy.grantsNothing || policy.partOf) continue;
    const principals = workspace.principalsOf(policy);
    if (principals.length === 0) uses.push({ policy });
    for (const principal of principals) {
      const members = principalKind(principal) === 'group' ? workspace.membersOf(principal) : [];
      // A group is no principal of its own: its members get its policies. With no member known, the group is shown.
      if (members.length === 0) uses.push({ policy, principal });
      for (const member of members) uses.push({ policy, principal: member, group: principal });
    }
  }
  return uses;
}

function principalKind(principal: PrincipalIdentity): 'role' | 'user' | 'group' | undefined {
  if (principal.ref) return principalRefKind(principal.ref);
  const match = principal.arn ? /^arn:[^:]+:iam::[^:]*:(role|user|group)\//.exec(principal.arn) : null;
  return (match?.[1] as 'role' | 'user' | 'group' | undefined) ?? undefined;
}

/**
 * Builds a key snapshot from workspace files (offline mode): the key policy governing the key, the
 * `aws_kms_grant`s and `list-grants` outputs on it, and the aliases pointing at it. `keyInput` is a key
 * ARN, key id, alias name or ARN, or a Terraform address (`aws_kms_key.app`, `aws_kms_alias.app`).
 */
export function snapshotFromWorkspace(files: readonly ParsedFile[], keyInput: string): WorkspaceSnapshotResult {
  const reference = parseKeyReference(keyInput);
  if (!reference) {
    return {
      ok: false,
      error: {
        en: `"${keyInput}" is not a KMS key ARN, key id, alias name or alias ARN.`,
        ja: `"${keyInput}" は KMS キーの ARN・キー ID・エイリアス名・エイリアス ARN のいずれでもありません。`,
      },
    };
  }
  const workspace = new Workspace(files);
  const warnings: Message[] = [];
  let key: KeyIdentity | undefined;
  let account: string | undefined;
  let region: string | undefined;
  let aliasName: string | undefined;

  switch (reference.kind) {
    case 'key-arn':
      key = { arn: reference.arn, keyId: reference.keyId };
      account = reference.account;
      region = reference.region;
      break;
    case 'key-id':
      key = { keyId: reference.keyId };
      break;
    case 'alias-arn':
    case 'alias-name': {
      aliasName = reference.aliasName;
      if (reference.kind === 'alias-arn') {
        account = reference.account;
        region = reference.region;
      }
      const declaration = workspace.aliases.find((alias) => alias.name === reference.aliasName);
      key = declaration?.target ? workspace.resolveKey(declaration.target).key : undefined;
      if (!key && !isAwsManagedAlias(reference.aliasName)) {
        return {
          ok: false,
          error: {
            en: `No aws_kms_alias named ${reference.aliasName} with a known target key was found in the given files. Pass the key ARN, or use a live look-up (--profile/--region).`,
            ja: `指定したファイルに、ターゲットキーが分かる ${reference.aliasName} という aws_kms_alias が見つかりません。キー ARN を指定するか、ライブ参照 (--profile/--region) を使ってください。`,
          },
        };
      }
      break;
    }
    case 'terraform': {
      const ref = { type: reference.type, name: reference.name };
      const address = `${reference.module ? reference.module + '.' : ''}${reference.type}.${reference.name}`;
      // By full address (module path included) first; an address without one also finds a key of any folder.
      const pick = <T extends { ref?: ResourceRef; address?: string }>(declarations: readonly T[]): T | undefined =>
        declarations.find((d) => d.address === address) ?? (reference.module ? undefined : declarations.find((d) => sameRef(d.ref, ref) && !d.address?.startsWith('module.')));
      if (reference.type === 'aws_kms_alias') {
        const declaration = pick(workspace.aliases);
        aliasName = declaration?.name;
        key = declaration?.target ? workspace.resolveKey(declaration.target).key : undefined;
      } else {
        // The declaration's own reference: it knows the module the key is in.
        const declared = pick(workspace.files.flatMap((file) => file.keys));
        if (declared) key = { ref: declared.ref };
      }
      if (!key) {
        return {
          ok: false,
          error: {
            en: `${address} is not declared in the given files.`,
            ja: `${address} は指定したファイルで宣言されていません。`,
          },
        };
      }
      break;
    }
    case 'template': {
      const found = templateKey(files, workspace, reference.file, reference.logicalId);
      if (!found.ok) return found;
      key = found.key;
      aliasName = found.aliasName;
      break;
    }
  }
  if (key?.arn) {
    const arn = parseArn(key.arn);
    account ??= arn?.account;
    region ??= arn?.region;
  }

  let keyPolicy = workspace.keyPolicyFor(key);
  if (!keyPolicy) {
    const untargeted = workspace.policiesOf('key').filter((policy) => !policy.target.key && !policy.partOf);
    if (untargeted.length === 1) {
      keyPolicy = untargeted[0];
      warnings.push({
        en: `No key policy in the files names this key; assuming ${keyPolicy!.label} (the only key policy without a key) is its policy.`,
        ja: `このキーを指すキーポリシーがファイルにないため、キーの指定がない唯一のキーポリシー ${keyPolicy!.label} をこのキーのポリシーとみなしました。`,
      });
    } else {
      warnings.push({
        en: 'No key policy for this key was found in the files: access from the key policy (and any IAM delegation) is unknown.',
        ja: 'このキーのキーポリシーがファイルに見つかりません。キーポリシーによるアクセス (および IAM への委任) は不明です。',
      });
    }
  }

  let partition = key?.arn ? parseArn(key.arn)?.partition : undefined;
  if (keyPolicy && (!account || !partition)) {
    const guess = guessKeyAccount(keyPolicy);
    partition ??= guess.partition;
    if (!account) {
      account = guess.account;
      if (guess.note) warnings.push(guess.note);
    }
  }

  const declaredGrants = workspace.files.flatMap((file) => file.grants);
  const grants = declaredGrants.filter((grant) => grant.key && sameKey(workspace, grant.key, key)).map((grant) => snapshotGrant(grant));
  if (!declaredGrants.some((grant) => !grant.ref)) {
    warnings.push({
      en: 'Grants that AWS services create (Lambda, EBS, RDS, ...) exist only in the account, not in your files; use a live look-up to see them.',
      ja: 'AWS のサービスが作成するグラント (Lambda、EBS、RDS など) はアカウントにだけ存在し、ファイルにはありません。確認するにはライブ参照を使ってください。',
    });
  }

  const aliases: KmsAlias[] = [];
  for (const alias of workspace.aliases) {
    if (!alias.name || !alias.target || !sameKey(workspace, alias.target, key)) continue;
    aliases.push({ AliasName: alias.name, TargetKeyId: key?.keyId ?? valueText(alias.target) });
  }
  if (aliasName && !aliases.some((alias) => alias.AliasName === aliasName)) aliases.push({ AliasName: aliasName });

  const declaration = key?.ref ? workspace.files.flatMap((file) => file.keys).find((k) => sameRef(k.ref, key!.ref)) : undefined;
  const metadata: KeyMetadataInfo = {
    arn: key?.arn,
    keyId: key?.keyId ?? (key?.arn ? keyIdOf(key.arn) : undefined),
    account,
    region,
    ...(partition ? { partition } : {}),
    keyManager: aliasName && isAwsManagedAlias(aliasName) ? 'AWS' : declaration ? 'CUSTOMER' : undefined,
    description: declaration?.description,
    terraformAddress: key?.ref && !isTemplateRef(key.ref) ? declaration?.address ?? `${key.ref.type}.${key.ref.name}` : undefined,
    ...(key?.ref ? { ref: key.ref } : {}),
  };
  return {
    ok: true,
    snapshot: {
      metadata,
      keyPolicy: keyPolicy ? { kind: 'model', policy: keyPolicy } : undefined,
      grants,
      aliases,
      sources: {
        keyPolicy: keyPolicy ? 'workspace' : 'missing',
        grants: declaredGrants.length > 0 ? 'workspace' : 'missing',
        aliases: workspace.aliases.length > 0 ? 'workspace' : 'missing',
      },
      warnings,
    },
    identityPolicies: identityPoliciesOf(workspace.files, workspace),
  };
}

/** Whether a value written where a key is expected (grant `key_id`, alias `target_key_id`) names this key. */
function sameKey(workspace: Workspace, value: PString, key: KeyIdentity | undefined): boolean {
  if (!key) return false;
  const resolved = workspace.resolveKey(value).key;
  if (!resolved) return false;
  if (key.ref && resolved.ref) return sameRef(key.ref, resolved.ref);
  const a = key.keyId ?? (key.arn ? keyIdOf(key.arn) : undefined);
  const b = resolved.keyId ?? (resolved.arn ? keyIdOf(resolved.arn) : undefined);
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

function snapshotGrant(grant: GrantDeclaration): SnapshotGrant {
  const equals = grant.constraints?.encryptionContextEquals;
  const subset = grant.constraints?.encryptionContextSubset;
  const constraints =
    (equals && Object.keys(equals).length) || (subset && Object.keys(subset).length)
      ? { ...(equals && Object.keys(equals).length ? { EncryptionContextEquals: equals } : {}), ...(subset && Object.keys(subset).length ? { EncryptionContextSubset: subset } : {}) }
      : undefined;
  return {
    KeyId: grant.key ? valueText(grant.key) : undefined,
    ...(grant.grantId ? { GrantId: grant.grantId } : {}),
    ...(grant.creationDate ? { CreationDate: grant.creationDate } : {}),
    ...(grant.issuingAccount ? { IssuingAccount: grant.issuingAccount } : {}),
    Name: grant.name,
    GranteePrincipal: grant.grantee ? valueText(grant.grantee) : undefined,
    ...(grant.grantee?.ref && principalRefKind(grant.grantee.ref) ? { granteeRef: grant.grantee.ref } : {}),
    RetiringPrincipal: grant.retiringPrincipal ? valueText(grant.retiringPrincipal) : undefined,
    Operations: grant.operations,
    ...(constraints ? { Constraints: constraints } : {}),
    // Terraform grants are declared here; `list-grants` output files only record live grants.
    ...(grant.ref ? { declaredIn: { file: grant.file, label: `${grant.ref.type}.${grant.ref.name}` } } : {}),
  };
}

/**
 * A key a template declares, by logical id (`template.yaml#DataKey`): an `AWS::KMS::Key` or
 * `ReplicaKey`, or an `AWS::KMS::Alias` and the key it targets. `file` matches a template's name
 * as given, or its end (`template.yaml` finds `stacks/app/template.yaml` when only one such file is given).
 */
function templateKey(
  files: readonly ParsedFile[],
  workspace: Workspace,
  file: string,
  logicalId: string,
): { ok: true; key: KeyIdentity; aliasName?: string } | { ok: false; error: Message } {
  const templates = files.filter((f) => f.template && sameFile(f.file, file));
  if (templates.length !== 1) {
    return {
      ok: false,
      error: templates.length === 0
        ? { en: `No CloudFormation template ${file} is among the given files.`, ja: `指定したファイルに CloudFormation テンプレート ${file} がありません。` }
        : { en: `Several given templates are named ${file}: ${templates.map((t) => t.file).join(', ')}. Give its path.`, ja: `${file} という名前のテンプレートが複数あります (${templates.map((t) => t.file).join(', ')})。パスで指定してください。` },
    };
  }
  const template = templates[0]!;
  const declared = template.keys.find((k) => k.ref.name === logicalId);
  if (declared) return { ok: true, key: { ref: declared.ref } };
  const alias = template.aliases.find((a) => a.ref?.name === logicalId);
  const target = alias?.target ? workspace.resolveKey(alias.target).key : undefined;
  if (alias && target) return { ok: true, key: target, ...(alias.name ? { aliasName: alias.name } : {}) };
  return {
    ok: false,
    error: {
      en: `${template.file} declares no AWS::KMS::Key (or alias with a known key) named ${logicalId}.`,
      ja: `${template.file} に ${logicalId} という AWS::KMS::Key (またはキーが分かるエイリアス) はありません。`,
    },
  };
}

/** Whether a workspace file (a path or a file uri) is the file a user named, or ends with it. */
function sameFile(file: string, named: string): boolean {
  const normalize = (value: string) => {
    let path = value;
    if (path.startsWith('file://')) {
      try {
        path = decodeURIComponent(path.slice('file://'.length));
      } catch {
        path = path.slice('file://'.length);
      }
    }
    return path.replace(/\\/g, '/').replace(/^\.\//, '');
  };
  const a = normalize(file);
  const b = normalize(named);
  return a === b || a.endsWith('/' + b);
}
