import { aliasName, bucketOfS3Arn, isAwsManagedAlias, keyIdOf, parseArn } from './arn';
import type { Span } from './text';
import type { ValueNote, AliasDeclaration, BucketEncryption, BucketIdentity, GroupMembership, KeyIdentity, ParsedFile, Policy, PolicyAttachment, PolicyKind, PrincipalIdentity, PString, ResourceRef } from './model';
import { principalRefKind, refKind, sameRef } from './refs';
import { dirOf } from './paths';
import { linkModules } from './terraform/module/link';
import { linkPlans } from './terraform/plan/link';
import { arnOf } from './arnShape';

export { sameRef } from './refs';

/** What a value standing for a KMS key resolves to in the workspace. */
export interface KeyResolution {
  /** The value names an alias (ARN, name, or `aws_kms_alias` reference). */
  readonly isAlias: boolean;
  readonly aliasName?: string;
  /** `alias/aws/...`: an AWS managed key. */
  readonly awsManaged: boolean;
  /** The key, when known: a literal ARN/id, or the Terraform `aws_kms_key` it refers to. */
  readonly key?: KeyIdentity;
}

/** Terraform references inside a template (`"${aws_s3_bucket.b.arn}/*"`) or a bare reference. */
export function referencesIn(value: PString): readonly ResourceRef[] {
  if (value.ref) return [value.ref];
  if (value.known) return [];
  if (value.refs) return value.refs;
  const refs: ResourceRef[] = [];
  const pattern = /\$\{\s*(data\.)?([A-Za-z][\w-]*)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?[^}]*\}/g;
  for (const match of value.value.matchAll(pattern)) {
    const [, data, type, name, attribute] = match;
    if (!data && (type === 'var' || type === 'local' || type === 'module' || type === 'each' || type === 'count' || type === 'path' || type === 'terraform')) continue;
    refs.push({ type: data ? `data.${type}` : type!, name: name!, attribute });
  }
  return refs;
}

export { dirOf } from './paths';

/** The files analysed together, with the look-ups cross-file rules need. */
export class Workspace {
  readonly policies: readonly Policy[];
  readonly encryption: readonly BucketEncryption[];
  readonly aliases: readonly AliasDeclaration[];
  readonly attachments: readonly PolicyAttachment[];
  readonly memberships: readonly GroupMembership[];
  /** The files as analysed: Terraform files linked into their modules (see `linkModules`). */
  readonly files: readonly ParsedFile[];
  private readonly texts = new Map<string, string>();
  private readonly byFile = new Map<string, ParsedFile>();
  private readonly principalsCache = new Map<Policy, PrincipalIdentity[]>();

  constructor(files: readonly ParsedFile[]) {
    this.files = linkPlans(linkModules(files));
    files = this.files;
    this.policies = files.flatMap((f) => f.policies);
    this.encryption = files.flatMap((f) => f.encryption);
    this.aliases = files.flatMap((f) => f.aliases);
    this.attachments = files.flatMap((f) => f.attachments);
    this.memberships = files.flatMap((f) => f.memberships);
    for (const f of files) {
      this.texts.set(f.file, f.text);
      this.byFile.set(f.file, f);
    }
  }

  file(file: string): ParsedFile | undefined {
    return this.byFile.get(file);
  }

  /** What findings at `span` should say about where the values there came from (locals, variables, other files). */
  notesAt(file: string, span: Span): ValueNote[] {
    const notes = this.byFile.get(file)?.notes;
    if (!notes) return [];
    return notes.filter((note) => note.within.start <= span.start && span.end <= note.within.end);
  }

  /**
   * Every role, user and group an identity policy applies to: the one it is declared on (inline
   * policies) and every principal an attachment attaches it to. Groups stay groups (see `membersOf`).
   */
  principalsOf(policy: Policy): readonly PrincipalIdentity[] {
    let found = this.principalsCache.get(policy);
    if (found) return found;
    found = [];
    const add = (principal: PrincipalIdentity) => {
      if (!found!.some((p) => samePrincipal(p, principal))) found!.push(principal);
    };
    if (policy.target.principal) add(policy.target.principal);
    if (policy.ref) {
      for (const attachment of this.attachments) if (sameRef(attachment.policy.ref, policy.ref)) add(attachment.principal);
    }
    this.principalsCache.set(policy, found);
    return found;
  }

  /** The one principal a policy applies to, when there is exactly one (fixes that name it need one). */
  onlyPrincipalOf(policy: Policy): PrincipalIdentity | undefined {
    const principals = this.principalsOf(policy);
    return principals.length === 1 ? principals[0] : undefined;
  }

  /** The users the workspace puts in a group. */
  membersOf(group: PrincipalIdentity): PrincipalIdentity[] {
    const members: PrincipalIdentity[] = [];
    for (const membership of this.memberships) {
      if (samePrincipal(membership.group, group) && !members.some((m) => samePrincipal(m, membership.user))) members.push(membership.user);
    }
    return members;
  }

  text(file: string): string {
    return this.texts.get(file) ?? '';
  }

  policiesOf(kind: PolicyKind): Policy[] {
    return this.policies.filter((p) => p.kind === kind);
  }

  /** Resolves a value that should name a KMS key: key ARN/id, alias ARN/name, or Terraform reference. */
  resolveKey(value: PString): KeyResolution {
    if (value.ref) return this.resolveKeyRef(value.ref);
    if (!value.known) return this.resolveKeyShape(value);
    const alias = aliasName(value.value);
    if (alias) {
      const declaration = this.aliases.find((a) => a.name === alias);
      const target = declaration?.target ? this.resolveKey(declaration.target).key : undefined;
      return { isAlias: true, aliasName: alias, awsManaged: isAwsManagedAlias(alias), key: target };
    }
    const keyId = keyIdOf(value.value);
    if (keyId) return { isAlias: false, awsManaged: false, key: { keyId, arn: value.value.startsWith('arn:') ? value.value : undefined } };
    return { isAlias: false, awsManaged: false };
  }

  /**
   * An ARN template whose known parts name an alias or a key (`!Sub "arn:...:${AWS::AccountId}:alias/app"`):
   * the alias by name, the key by id when the id is literal; anything else stays unresolved.
   */
  private resolveKeyShape(value: PString): KeyResolution {
    const shape = arnOf(value);
    if (!shape || shape.service !== 'kms') return { isAlias: false, awsManaged: false };
    if (shape.resource.startsWith('alias/')) {
      const alias = shape.resourceKnown ? shape.resource : undefined;
      const declaration = alias ? this.aliases.find((a) => a.name === alias) : undefined;
      const target = declaration?.target ? this.resolveKey(declaration.target).key : undefined;
      return { isAlias: true, aliasName: alias, awsManaged: !!alias && isAwsManagedAlias(alias), key: target };
    }
    const keyId = shape.resourceKnown ? keyIdOf(shape.resource) ?? (shape.resource.startsWith('key/') ? keyIdOf(shape.resource.slice(4)) : undefined) : undefined;
    return keyId ? { isAlias: false, awsManaged: false, key: { keyId } } : { isAlias: false, awsManaged: false };
  }

  private resolveKeyRef(ref: ResourceRef): KeyResolution {
    const kind = refKind(ref);
    if (kind === 'key') return { isAlias: false, awsManaged: false, key: { ref } };
    if (kind === 'alias') {
      const declaration = this.aliases.find((a) => sameRef(a.ref, ref));
      const name = declaration?.name;
      const target = declaration?.target ? this.resolveKey(declaration.target).key : undefined;
      return { isAlias: true, aliasName: name, awsManaged: !!name && isAwsManagedAlias(name), key: target };
    }
    return { isAlias: false, awsManaged: false };
  }

  /**
   * The key policy governing a key: by key id/ARN or Terraform reference; failing that, the only key
   * policy without a declared key in the same folder as `nearFile` (files in one folder describe one setup).
   */
  keyPolicyFor(key: KeyIdentity | undefined, nearFile?: string): Policy | undefined {
    // A policy's parts in other files are the policy itself: look-ups find the whole.
    const keyPolicies = this.policiesOf('key').filter((p) => !p.partOf);
    if (key) {
      const keyId = key.keyId ?? (key.arn ? keyIdOf(key.arn) : undefined);
      const exact = keyPolicies.find((p) => {
        const target = p.target.key;
        if (!target) return false;
        if (key.ref && target.ref) return sameRef(key.ref, target.ref);
        const targetId = target.keyId ?? (target.arn ? keyIdOf(target.arn) : undefined);
        return !!keyId && targetId === keyId;
      });
      if (exact) return exact;
    }
    if (nearFile === undefined) return undefined;
    const dir = dirOf(nearFile);
    const candidates = keyPolicies.filter((p) => !p.target.key && dirOf(p.file) === dir);
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** The default encryption of a bucket, by name or Terraform reference; else the only unnamed one in the folder. */
  encryptionFor(bucket: BucketIdentity, nearFile?: string): BucketEncryption | undefined {
    const exact = this.encryption.find(
      (e) => (bucket.name && e.bucket?.name === bucket.name) || (bucket.ref && e.bucket?.ref && sameRef(bucket.ref, e.bucket.ref)),
    );
    if (exact) return exact;
    if (nearFile === undefined) return undefined;
    const dir = dirOf(nearFile);
    const candidates = this.encryption.filter((e) => !e.bucket && dirOf(e.file) === dir);
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  /** The buckets a policy's resources point at (`arn:aws:s3:::name/...` or Terraform bucket references). */
  bucketsIn(values: readonly PString[]): BucketIdentity[] {
    const result: BucketIdentity[] = [];
    for (const value of values) {
      if (value.known) {
        const name = bucketOfS3Arn(value.value);
        if (name && !name.includes('*') && !result.some((b) => b.name === name)) result.push({ name });
      } else {
        for (const ref of referencesIn(value)) {
          if (refKind(ref) === 'bucket' && !result.some((b) => sameRef(b.ref, ref))) result.push({ ref });
        }
        // `arn:${AWS::Partition}:s3:::logs/*`: the bucket name is literal even if the partition is not.
        const shape = arnOf(value);
        const name = shape?.service === 's3' && shape.account === '' && shape.region === '' && shape.resourceKnown ? shape.resource.split('/')[0] : undefined;
        if (name && !name.includes('*') && !result.some((b) => b.name === name)) result.push({ name });
      }
    }
    return result;
  }

  /** The account a key lives in, when an ARN says so. */
  keyAccount(key: KeyIdentity | undefined): string | undefined {
    const arn = key?.arn ? parseArn(key.arn) : undefined;
    return arn?.account || undefined;
  }
}

/** Whether two identities name the same role, user or group (same ARN, or same reference). */
export function samePrincipal(a: PrincipalIdentity, b: PrincipalIdentity): boolean {
  if (a.arn && b.arn) return a.arn === b.arn;
  if (a.ref && b.ref) return sameRef(a.ref, b.ref) && principalRefKind(a.ref) === principalRefKind(b.ref);
  return !!a.expression && a.expression === b.expression;
}
