import type { Message } from '../finding';
import type { Policy, ResourceRef } from '../model';
import { isAccountId, isKeyId, parseArn } from '../arn';

/** Where one part of a snapshot came from. */
export type SourceState = 'live' | 'workspace' | 'denied' | 'missing';

export type KeyManager = 'AWS' | 'CUSTOMER';

/** The parts of `DescribeKey`'s KeyMetadata the report uses; anything unknown stays undefined. */
export interface KeyMetadataInfo {
  readonly arn?: string;
  readonly keyId?: string;
  readonly account?: string;
  readonly region?: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: from the key ARN, or (workspace mode) the ARNs its key policy names. */
  readonly partition?: string;
  readonly keyManager?: KeyManager;
  /** `KeyState`: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, ... */
  readonly state?: string;
  readonly description?: string;
  readonly keyUsage?: string;
  readonly keySpec?: string;
  readonly origin?: string;
  readonly multiRegion?: boolean;
  readonly creationDate?: string;
  /** Workspace mode: the Terraform address of the key (`aws_kms_key.app`), when that is all we know. */
  readonly terraformAddress?: string;
  /** Workspace mode: the declaration the key comes from (a Terraform resource, naming its module; a template's `AWS::KMS::Key`). */
  readonly ref?: ResourceRef;
}

/** `GrantConstraints` as KMS returns them. */
export interface KmsGrantConstraints {
  readonly EncryptionContextEquals?: Readonly<Record<string, string>>;
  readonly EncryptionContextSubset?: Readonly<Record<string, string>>;
}

/** One `GrantListEntry` as `ListGrants` returns it (dates as ISO strings). */
export interface KmsGrant {
  readonly KeyId?: string;
  readonly GrantId?: string;
  readonly Name?: string;
  readonly CreationDate?: string;
  readonly GranteePrincipal?: string;
  readonly RetiringPrincipal?: string;
  readonly IssuingAccount?: string;
  readonly Operations?: readonly string[];
  readonly Constraints?: KmsGrantConstraints;
}

/** One `AliasListEntry` as `ListAliases` returns it. */
export interface KmsAlias {
  readonly AliasName: string;
  readonly AliasArn?: string;
  readonly TargetKeyId?: string;
}

/** The key policy: JSON text (live `GetKeyPolicy`, a JSON file) or a policy already parsed from the workspace. */
export type KeyPolicySource =
  | { readonly kind: 'json'; readonly text: string; readonly label: string }
  | { readonly kind: 'model'; readonly policy: Policy };

/** A workspace grant (Terraform `aws_kms_grant`) keeps where it was declared. */
export interface SnapshotGrant extends KmsGrant {
  readonly declaredIn?: { readonly file: string; readonly label: string };
  /** The declared role or user a workspace grant names as grantee (`aws_iam_role.worker.arn`). */
  readonly granteeRef?: ResourceRef;
}

/**
 * Everything known about one key, from the live account or from workspace files. `explainKey` is
 * pure over this, so the editor, the CLI and tests share one engine.
 */
export interface KeySnapshot {
  readonly metadata: KeyMetadataInfo;
  readonly keyPolicy?: KeyPolicySource;
  readonly grants: readonly SnapshotGrant[];
  readonly aliases: readonly KmsAlias[];
  readonly sources: { readonly keyPolicy: SourceState; readonly grants: SourceState; readonly aliases: SourceState };
  /** Problems met while collecting the snapshot (denied calls, guesses), shown in the report. */
  readonly warnings: readonly Message[];
}

/** What a `KEY` argument names. */
export type KeyReference =
  | { readonly kind: 'key-arn'; readonly arn: string; readonly keyId: string; readonly account: string; readonly region: string; readonly partition: string }
  | { readonly kind: 'key-id'; readonly keyId: string }
  | { readonly kind: 'alias-arn'; readonly arn: string; readonly aliasName: string; readonly account: string; readonly region: string; readonly partition: string }
  | { readonly kind: 'alias-name'; readonly aliasName: string }
  | {
      readonly kind: 'terraform';
      readonly type: 'aws_kms_key' | 'aws_kms_alias';
      readonly name: string;
      /** The module path of an address inside a module (`module.data_key`), when given. */
      readonly module?: string;
    }
  /** A template's key or alias by logical id: `template.yaml#DataKey` (SPEC §5). */
  | { readonly kind: 'template'; readonly file: string; readonly logicalId: string };

/** References that name a declaration in files: they are explained from the workspace only, never live. */
export function isWorkspaceOnly(reference: KeyReference): boolean {
  return reference.kind === 'terraform' || reference.kind === 'template';
}

const TEMPLATE_KEY = /^(.+\.(?:ya?ml|json|template))#([A-Za-z0-9]+)$/i;

const TERRAFORM_ADDRESS = /^((?:module\.[A-Za-z_][A-Za-z0-9_-]*(?:\[[^\]]*\])?\.)*)(aws_kms_key|aws_kms_alias)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.[a-z_]+)?$/;

/** Classifies a KEY argument (key ARN, key id, alias name or ARN, Terraform address, template logical id); undefined when it names no key. */
export function parseKeyReference(input: string): KeyReference | undefined {
  const text = input.trim();
  const arn = parseArn(text);
  if (arn) {
    if (arn.service !== 'kms' || !isAccountId(arn.account) || !arn.region) return undefined;
    if (arn.resource.startsWith('key/') && arn.resource.length > 4) {
      return { kind: 'key-arn', arn: text, keyId: arn.resource.slice(4), account: arn.account, region: arn.region, partition: arn.partition };
    }
    if (arn.resource.startsWith('alias/') && arn.resource.length > 6) {
      return { kind: 'alias-arn', arn: text, aliasName: arn.resource, account: arn.account, region: arn.region, partition: arn.partition };
    }
    return undefined;
  }
  if (/^alias\/[A-Za-z0-9/_-]+$/.test(text)) return { kind: 'alias-name', aliasName: text };
  if (isKeyId(text)) return { kind: 'key-id', keyId: text };
  const address = TERRAFORM_ADDRESS.exec(text);
  if (address) {
    const module = address[1] ? address[1].slice(0, -1) : undefined;
    return { kind: 'terraform', type: address[2] as 'aws_kms_key' | 'aws_kms_alias', name: address[3]!, ...(module ? { module } : {}) };
  }
  const template = TEMPLATE_KEY.exec(text);
  if (template) return { kind: 'template', file: template[1]!, logicalId: template[2]! };
  return undefined;
}
