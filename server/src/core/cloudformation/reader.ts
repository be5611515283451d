import { Expression, READ_ONLY_EDITOR, type SelfAccount, type AliasDeclaration, type BucketEncryption, type BucketIdentity, type GroupMembership, type KeyDeclaration, type ParsedFile, type ParseProblem, type PNode, type PObject, type Policy, type PolicyAttachment, type PolicyEditor, type PolicyKind, type PolicyTarget, type PrincipalIdentity, type PString, type ResourceRef } from '../model';
import { readStatements } from '../policy';
import { principalRefKind, refKind, sameRef } from '../refs';
import { isCall, resolveIntrinsics, type TemplateScope } from './intrinsics';
import { exact, knownString, objectValue } from './recognize';
import { serverlessPolicies, SERVERLESS_WITH_ROLE } from './sam';
import { Dependencies } from './dependencies';
import type { WritePlace } from './edit/writable';

/** How the template is written: the reader builds the same model for YAML and JSON, only the editors differ. */
export interface TemplateSyntax {
  readonly language: 'yaml' | 'json';
  /** An editor for values inside `root` (a policy document, a resource's properties), which belong to `place.owners`. */
  editor(root: PObject, place: WritePlace): PolicyEditor;
}

/** The deploying account as a template names it, for fixes that need the account and find no literal one. */
const SELF_ACCOUNT: SelfAccount = {
  id: new Expression('', '', { Ref: 'AWS::AccountId' }),
  // `AWS::Partition` is the partition the stack runs in, whatever the policy's other ARNs say.
  root: () => new Expression('', '', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }),
};

type PrincipalType = 'AWS::IAM::Role' | 'AWS::IAM::User' | 'AWS::IAM::Group';

/** The property holding each principal type's name, for principals named by a literal name. */
const NAME_PROPERTY: Readonly<Record<PrincipalType, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
};

interface Resource {
  readonly id: string;
  readonly type: string;
  /** The whole `Id: {Type, Properties}` member. */
  readonly entry: { readonly span: { start: number; end: number }; readonly keySpan: { start: number; end: number } };
  /** `Properties` as written (intrinsics unresolved). */
  readonly raw?: PObject;
  /** `Properties` with intrinsics resolved. */
  readonly properties?: PObject;
}

/**
 * Reads a CloudFormation/SAM template (already recognized, either format) into the policy model:
 * key, identity and bucket policies, keys, aliases, bucket encryption, attachments and group
 * memberships. References are scoped to the template's file. Never throws on odd shapes: what is
 * not understood is skipped.
 */
export function readTemplate(file: string, text: string, root: PObject, syntax: TemplateSyntax, problems: readonly ParseProblem[]): ParsedFile {
  const reader = new TemplateReader(file, root, syntax);
  reader.read();
  return {
    file,
    text,
    language: syntax.language,
    template: true,
    policies: reader.policies,
    encryption: reader.encryption,
    keys: reader.keys,
    aliases: reader.aliases,
    grants: [],
    attachments: reader.attachments,
    memberships: reader.memberships,
    problems,
  };
}

class TemplateReader {
  readonly policies: Policy[] = [];
  readonly encryption: BucketEncryption[] = [];
  readonly keys: KeyDeclaration[] = [];
  readonly aliases: AliasDeclaration[] = [];
  readonly attachments: PolicyAttachment[] = [];
  readonly memberships: GroupMembership[] = [];
  private readonly resources: Resource[] = [];
  private readonly scope: TemplateScope;
  /** Managed policies named as a permissions boundary. */
  private readonly boundaries: ResourceRef[] = [];
  private readonly dependencies: Dependencies;

  constructor(
    private readonly file: string,
    root: PObject,
    private readonly syntax: TemplateSyntax,
  ) {
    const types = new Map<string, string>();
    const declared = objectValue(exact(root, 'Resources')?.value);
    for (const entry of declared?.entries ?? []) {
      const body = objectValue(entry.value);
      types.set(entry.key, knownString(exact(body, 'Type')?.value) ?? '');
    }
    // SAM creates `<Function>Role` for a function without a Role, and templates may reference it.
    for (const entry of declared?.entries ?? []) {
      const body = objectValue(entry.value);
      const type = knownString(exact(body, 'Type')?.value);
      if (type && SERVERLESS_WITH_ROLE.has(type) && !exact(objectValue(exact(body, 'Properties')?.value), 'Role') && !types.has(`${entry.key}Role`)) {
        types.set(`${entry.key}Role`, 'AWS::IAM::Role');
      }
    }
    this.scope = { file, resources: types };
    this.dependencies = new Dependencies(declared);
    for (const entry of declared?.entries ?? []) {
      const body = objectValue(entry.value);
      const type = knownString(exact(body, 'Type')?.value);
      if (!body || !type) continue;
      const raw = objectValue(exact(body, 'Properties')?.value);
      const properties = raw ? (resolveIntrinsics(raw, this.scope) as PObject) : undefined;
      this.resources.push({ id: entry.key, type, entry, raw, properties });
    }
  }

  read(): void {
    for (const resource of this.resources) {
      try {
        this.readResource(resource);
      } catch {
        // An odd shape in one resource must not cost the others; it is simply not read.
      }
    }
    for (const boundary of this.boundaries) {
      const index = this.policies.findIndex((p) => sameRef(p.ref, boundary));
      if (index >= 0 && !this.attachments.some((a) => sameRef(a.policy.ref, boundary))) this.policies[index] = { ...this.policies[index]!, grantsNothing: true };
    }
  }

  private self(resource: Resource): ResourceRef {
    return { type: resource.type, name: resource.id, scope: this.file };
  }

  private property(resource: Resource, name: string): PNode | undefined {
    return exact(resource.properties, name)?.value;
  }

  private readResource(resource: Resource): void {
    const self = this.self(resource);
    const p = (name: string) => this.property(resource, name);
    switch (resource.type) {
      case 'AWS::KMS::Key':
      case 'AWS::KMS::ReplicaKey': {
        const description = knownString(p('Description'));
        this.keys.push({ file: this.file, ref: self, span: resource.entry.span, ...(description !== undefined ? { description } : {}) });
        const keyPolicy = p('KeyPolicy');
        if (keyPolicy) this.addPolicy('key', keyPolicy, { key: { ref: self } }, resource.id, this.place(resource.id));
        // Without KeyPolicy, KMS attaches its default key policy: the account root may do everything.
        else this.addPolicy('key', defaultKeyPolicy(resource.entry.keySpan, this.scope), { key: { ref: self } }, `${resource.id} (default key policy)`, this.place(resource.id), undefined, READ_ONLY_EDITOR);
        break;
      }
      case 'AWS::KMS::Alias': {
        const name = knownString(p('AliasName'));
        const target = asString(p('TargetKeyId'));
        this.aliases.push({ file: this.file, ref: self, ...(name !== undefined ? { name } : {}), ...(target ? { target } : {}), span: resource.entry.span });
        break;
      }
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::IAM::Policy': {
        this.addPolicy('identity', p('PolicyDocument'), {}, resource.id, this.place(resource.id), self);
        for (const [list, type] of [['Roles', 'AWS::IAM::Role'], ['Users', 'AWS::IAM::User'], ['Groups', 'AWS::IAM::Group']] as const) {
          for (const item of items(p(list))) {
            const principal = this.principal(item, type);
            if (principal) this.attachments.push({ file: this.file, policy: { ref: self }, principal, span: item.span });
          }
        }
        break;
      }
      case 'AWS::IAM::Role':
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group': {
        const principal: PrincipalIdentity = { ref: self };
        items(p('Policies')).forEach((inline, index) => {
          const body = objectValue(inline);
          const name = knownString(exact(body, 'PolicyName')?.value) ?? String(index);
          this.addPolicy('identity', exact(body, 'PolicyDocument')?.value, { principal }, `${resource.id}.Policies.${name}`, this.place(resource.id));
        });
        for (const arn of items(p('ManagedPolicyArns'))) this.attach(arn, principal);
        const boundary = asString(p('PermissionsBoundary'));
        if (boundary?.ref && refKind(boundary.ref) === 'managed-policy') this.boundaries.push(boundary.ref);
        if (resource.type === 'AWS::IAM::User') {
          for (const item of items(p('Groups'))) {
            const group = this.principal(item, 'AWS::IAM::Group');
            if (group) this.memberships.push({ file: this.file, group, user: principal, span: item.span });
          }
        }
        break;
      }
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        const type = `AWS::IAM::${resource.type.slice('AWS::IAM::'.length, -'Policy'.length)}` as PrincipalType;
        const principal = this.principal(p(NAME_PROPERTY[type]), type);
        this.addPolicy('identity', p('PolicyDocument'), principal ? { principal } : {}, resource.id, this.place(resource.id));
        break;
      }
      case 'AWS::IAM::UserToGroupAddition': {
        const group = this.principal(p('GroupName'), 'AWS::IAM::Group');
        if (!group) break;
        for (const item of items(p('Users'))) {
          const user = this.principal(item, 'AWS::IAM::User');
          if (user) this.memberships.push({ file: this.file, group, user, span: item.span });
        }
        break;
      }
      case 'AWS::S3::Bucket':
        this.readBucketEncryption(resource, self);
        break;
      case 'AWS::S3::BucketPolicy': {
        const bucket = this.bucket(p('Bucket'));
        this.addPolicy('bucket', p('PolicyDocument'), bucket ? { bucket } : {}, resource.id, this.place(resource.id));
        break;
      }
      default:
        if (SERVERLESS_WITH_ROLE.has(resource.type)) this.readServerless(resource);
    }
  }

  /** SAM functions and state machines: `Policies` on the role SAM creates (unless `Role` names one). */
  private readServerless(resource: Resource): void {
    if (this.property(resource, 'Role')) return;
    const role: PrincipalIdentity = { ref: { type: 'AWS::IAM::Role', name: `${resource.id}Role`, scope: this.file } };
    const raw = exact(resource.raw, 'Policies')?.value;
    // The function's Policies become part of both the function and the role SAM makes for it.
    const place = this.place(resource.id, `${resource.id}Role`);
    for (const use of serverlessPolicies(raw, this.scope)) {
      if (use.kind === 'document') this.addPolicy('identity', use.document, { principal: role }, `${resource.id}.Policies${use.label}`, place);
      else if (use.kind === 'template') this.addPolicy('identity', use.document, { principal: role }, `${resource.id}.Policies.${use.name}`, place, undefined, READ_ONLY_EDITOR);
      else this.attach(use.arn, role);
    }
  }

  private place(...owners: string[]): WritePlace {
    return { file: this.file, owners, dependencies: this.dependencies };
  }

  private addPolicy(kind: PolicyKind, document: PNode | undefined, target: PolicyTarget, label: string, place: WritePlace, self?: ResourceRef, editor?: PolicyEditor): void {
    const root = objectValue(document);
    if (!root || isCall(root)) return;
    const { statementNode, statements } = readStatements(root);
    if (!statementNode) return;
    this.policies.push({
      kind,
      file: this.file,
      syntax: 'template',
      root,
      statementNode,
      statements,
      target,
      label,
      editor: editor ?? this.syntax.editor(root, place),
      ...(self ? { ref: self } : {}),
      selfAccount: SELF_ACCOUNT,
    });
  }

  /** A `ManagedPolicyArns` item: a managed policy of the template (`!Ref Policy` is its ARN) or a literal ARN. */
  private attach(value: PNode, principal: PrincipalIdentity): void {
    const arn = asString(value);
    if (!arn) return;
    if (arn.ref && refKind(arn.ref) === 'managed-policy') this.attachments.push({ file: this.file, policy: { ref: withoutAttribute(arn.ref) }, principal, span: value.span });
    else if (arn.known && arn.value.startsWith('arn:')) this.attachments.push({ file: this.file, policy: { arn: arn.value }, principal, span: value.span });
  }

  /**
   * A role, user or group named by `!Ref` (its name), `!GetAtt X.Arn`, a literal ARN, or a literal name
   * that a principal of the template declares as its `RoleName`/`UserName`/`GroupName`.
   */
  private principal(value: PNode | undefined, type: PrincipalType): PrincipalIdentity | undefined {
    const named = asString(value);
    if (!named) return undefined;
    if (named.ref) return principalRefKind(named.ref) === principalRefKind({ type, name: '' }) ? { ref: withoutAttribute(named.ref) } : undefined;
    if (!named.known) return undefined;
    if (named.value.startsWith('arn:')) return { arn: named.value };
    const declared = this.resources.find((r) => r.type === type && knownString(exact(r.properties, NAME_PROPERTY[type])?.value) === named.value);
    return declared ? { ref: this.self(declared) } : undefined;
  }

  /** A bucket by `!Ref Bucket` (with its `BucketName` when literal) or by a literal name. */
  private bucket(value: PNode | undefined): BucketIdentity | undefined {
    const named = asString(value);
    if (!named) return undefined;
    if (named.ref) {
      if (refKind(named.ref) !== 'bucket') return undefined;
      const declared = this.resources.find((r) => r.id === named.ref!.name);
      const name = declared ? knownString(exact(declared.properties, 'BucketName')?.value) : undefined;
      return { ref: withoutAttribute(named.ref), ...(name !== undefined ? { name } : {}) };
    }
    return named.known && named.value ? { name: named.value } : undefined;
  }

  /** `BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault`. */
  private readBucketEncryption(resource: Resource, self: ResourceRef): void {
    const configuration = exact(objectValue(this.property(resource, 'BucketEncryption')), 'ServerSideEncryptionConfiguration')?.value;
    const name = knownString(this.property(resource, 'BucketName'));
    const bucket: BucketIdentity = { ref: self, ...(name !== undefined ? { name } : {}) };
    for (const rule of items(configuration)) {
      const byDefault = objectValue(exact(objectValue(rule), 'ServerSideEncryptionByDefault')?.value);
      if (!byDefault) continue;
      const algorithm = asString(exact(byDefault, 'SSEAlgorithm')?.value);
      const keyId = asString(exact(byDefault, 'KMSMasterKeyID')?.value);
      this.encryption.push({
        file: this.file,
        bucket,
        ...(algorithm ? { algorithm } : {}),
        ...(keyId ? { keyId } : {}),
        span: byDefault.span,
        editor: this.syntax.editor(byDefault, this.place(resource.id)),
      });
    }
  }
}

/** The items of a list property (a single value counts as a list of one; unknown lists have none). */
function items(node: PNode | undefined): readonly PNode[] {
  if (!node || node.kind === 'unknown') return [];
  return node.kind === 'array' ? node.items : [node];
}

function asString(node: PNode | undefined): PString | undefined {
  return node?.kind === 'string' ? node : undefined;
}

/** The resource a reference names, without the attribute it reads (attachments and principals name resources). */
function withoutAttribute(ref: ResourceRef): ResourceRef {
  const { attribute: _attribute, ...rest } = ref;
  return rest;
}

/**
 * The key policy KMS attaches when none is given (AWS KMS Developer Guide, "Default key policy"): the
 * deploying account's root may use and manage the key, so IAM policies decide. Its values point at
 * the key's logical id.
 */
function defaultKeyPolicy(at: { start: number; end: number }, scope: TemplateScope): PObject {
  const text = (value: string): PNode => ({ kind: 'string', value, known: true, span: at });
  const entry = (key: string, value: PNode) => ({ key, keySpan: at, value, span: at });
  const root: PNode = { kind: 'object', span: at, entries: [entry('Fn::Sub', text('arn:${AWS::Partition}:iam::${AWS::AccountId}:root'))] };
  const statement: PObject = {
    kind: 'object',
    span: at,
    entries: [
      entry('Sid', text('Enable IAM User Permissions')),
      entry('Effect', text('Allow')),
      entry('Principal', { kind: 'object', span: at, entries: [entry('AWS', root)] }),
      entry('Action', text('kms:*')),
      entry('Resource', text('*')),
    ],
  };
  return resolveIntrinsics({ kind: 'object', span: at, entries: [entry('Version', text('2012-10-17')), entry('Statement', { kind: 'array', span: at, items: [statement] })] }, scope) as PObject;
}

