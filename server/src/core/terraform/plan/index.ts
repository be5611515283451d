import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { keyIdOf } from '../../arn';
import { readJsonPolicy } from '../../json/index';
import { lowerJson } from '../../json/lower';
import type {
  BucketIdentity,
  KeyIdentity,
  ParsedFile,
  PlannedResource,
  PNode,
  PObject,
  Policy,
  PolicyKind,
  PolicyTarget,
  PrincipalIdentity,
  PString,
  ResourceRef,
} from '../../model';
import { emptyParsedFile } from '../../parsedFile';
import { READ_ONLY_EDITOR } from '../../model';
import { POLICY_RESOURCES } from '../module/reader';
import type { Span } from '../../text';
import { decodeJsonString, fileSpan } from './jsonString';

/**
 * Whether a JSON text is `terraform show -json` output: `format_version` with `planned_values` or
 * `resource_changes` at the top (SPEC §5).
 */
export function isPlanJson(text: string): boolean {
  if (!text.includes('"format_version"') || !(text.includes('"planned_values"') || text.includes('"resource_changes"'))) return false;
  const root = parseTree(text, [], { allowTrailingComma: true });
  return !!root && root.type === 'object' && !!child(root, 'format_version') && (!!child(root, 'planned_values') || !!child(root, 'resource_changes'));
}

type PrincipalType = 'aws_iam_role' | 'aws_iam_user' | 'aws_iam_group';

interface Resource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** `module.a["x"].module.b` ('' for the root module). */
  readonly modulePath: string;
  readonly values: JsonNode;
  readonly span: Span;
  /** The configuration's expressions for this resource (references of values unknown at plan time). */
  readonly expressions?: JsonNode;
  readonly moduleSource?: string;
}


/**
 * Reads a `terraform show -json` plan: the resolved values of every resource of every module
 * (variables and module inputs are applied there), policies parsed from their JSON strings with
 * every span mapped back into the plan file, and what the configuration section says about values
 * only known after apply (`references`). Never throws.
 */
export function parsePlan(file: string, text: string): ParsedFile {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const result = emptyParsedFile(file, text, 'json');
  if (!root || root.type !== 'object') return result;
  const reader = new PlanReader(file, text, root);
  reader.read();
  return { ...result, ...reader.output(), planned: reader.planned };
}

class PlanReader {
  readonly planned: PlannedResource[] = [];
  private readonly out = {
    policies: [] as Policy[],
    encryption: [] as ParsedFile['encryption'][number][],
    keys: [] as ParsedFile['keys'][number][],
    aliases: [] as ParsedFile['aliases'][number][],
    grants: [] as ParsedFile['grants'][number][],
    attachments: [] as ParsedFile['attachments'][number][],
    memberships: [] as ParsedFile['memberships'][number][],
  };
  private readonly resources: Resource[] = [];
  private readonly boundaries = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly root: JsonNode,
  ) {}

  output() {
    return this.out;
  }

  read(): void {
    const configuration = child(child(this.root, 'configuration'), 'root_module');
    const planned = child(child(this.root, 'planned_values'), 'root_module');
    if (planned) this.collect(planned, configuration, '', '');
    else this.collectChanges(configuration);
    for (const resource of this.resources) this.readResource(resource);
    this.markBoundaries();
  }

  /** `planned_values.root_module` and its `child_modules`, with each module's configuration. */
  private collect(module: JsonNode, configuration: JsonNode | undefined, modulePath: string, moduleSource: string, depth = 0): void {
    if (depth > 16) return;
    for (const item of items(child(module, 'resources'))) {
      const resource = this.resourceOf(item, child(item, 'values'), configuration, moduleSource);
      if (resource) this.resources.push(resource);
    }
    for (const childModule of items(child(module, 'child_modules'))) {
      const address = stringOf(child(childModule, 'address'));
      if (!address) continue;
      const name = /module\.([^.[]+)(\[[^\]]*\])?$/.exec(address)?.[1];
      const call = name ? child(child(configuration, 'module_calls'), name) : undefined;
      const source = stringOf(child(call, 'source'));
      const dir = source && (source.startsWith('./') || source.startsWith('../')) ? joinRelative(moduleSource, source) : undefined;
      this.collect(childModule, child(call, 'module'), address, dir ?? '\u0000', depth + 1);
    }
  }

  /** Without `planned_values`: each `resource_changes` entry's planned `after` values. */
  private collectChanges(configuration: JsonNode | undefined): void {
    for (const change of items(child(this.root, 'resource_changes'))) {
      const after = child(child(change, 'change'), 'after');
      const modulePath = stringOf(child(change, 'module_address')) ?? '';
      const resource = this.resourceOf(change, after, modulePath ? undefined : configuration, modulePath ? '\u0000' : '');
      if (resource) this.resources.push(resource);
    }
  }

  private resourceOf(item: JsonNode, values: JsonNode | undefined, configuration: JsonNode | undefined, moduleSource: string): Resource | undefined {
    const address = stringOf(child(item, 'address'));
    const type = stringOf(child(item, 'type'));
    const name = stringOf(child(item, 'name'));
    const mode = stringOf(child(item, 'mode'));
    if (!address || !type || !name || !values || values.type !== 'object' || mode === 'data') return undefined;
    const at = address.lastIndexOf(`${type}.${name}`);
    const modulePath = at > 0 ? address.slice(0, at - 1) : '';
    const expressions = items(child(configuration, 'resources')).find((r) => stringOf(child(r, 'type')) === type && stringOf(child(r, 'name')) === name);
    const span = { start: item.offset, end: item.offset + item.length };
    this.planned.push({ address, type, name, span, ...(moduleSource !== '\u0000' ? { moduleSource } : {}) });
    return { address, type, name, modulePath, values, span, ...(expressions ? { expressions: child(expressions, 'expressions') } : {}) };
  }

  private scope(resource: Resource): string {
    return `${this.file}#${resource.modulePath}`;
  }

  private self(resource: Resource): ResourceRef {
    return { type: resource.type, name: resource.name, scope: this.scope(resource) };
  }

  // ------------------------------------------------------------------ resources

  private readResource(resource: Resource): void {
    const { type, values } = resource;
    const self = this.self(resource);
    const kind = POLICY_RESOURCES[type];
    const policy = child(values, 'policy');
    if (kind && policy) this.readPolicy(policy, kind, this.targetOf(resource), resource.address, type === 'aws_iam_policy' ? self : undefined);
    switch (type) {
      case 'aws_iam_role':
        for (const inline of items(child(values, 'inline_policy'))) {
          const inlinePolicy = child(inline, 'policy');
          if (inlinePolicy) this.readPolicy(inlinePolicy, 'identity', { principal: { ref: self } }, `${resource.address}.inline_policy`);
        }
        this.attachAll(resource, 'managed_policy_arns', { ref: self });
        this.markBoundary(resource);
        break;
      case 'aws_iam_user':
        this.markBoundary(resource);
        break;
      case 'aws_iam_role_policy_attachment':
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_group_policy_attachment': {
        const principalType = type.replace(/_policy_attachment$/, '') as PrincipalType;
        const principal = this.principal(resource, principalType.slice('aws_iam_'.length), principalType);
        if (principal) this.attachOne(resource, 'policy_arn', principal);
        break;
      }
      case 'aws_iam_role_policy_attachments_exclusive':
      case 'aws_iam_user_policy_attachments_exclusive':
      case 'aws_iam_group_policy_attachments_exclusive': {
        const principalType = type.replace(/_policy_attachments_exclusive$/, '') as PrincipalType;
        const principal = this.principal(resource, `${principalType.slice('aws_iam_'.length)}_name`, principalType);
        if (principal) this.attachAll(resource, 'policy_arns', principal);
        break;
      }
      case 'aws_iam_policy_attachment':
        for (const [list, principalType] of [['roles', 'aws_iam_role'], ['users', 'aws_iam_user'], ['groups', 'aws_iam_group']] as const) {
          for (const principal of this.principals(resource, list, principalType)) this.attachOne(resource, 'policy_arn', principal);
        }
        break;
      case 'aws_iam_group_membership': {
        const group = this.principal(resource, 'group', 'aws_iam_group');
        if (group) for (const user of this.principals(resource, 'users', 'aws_iam_user')) this.out.memberships.push({ file: this.file, group, user, span: resource.span });
        break;
      }
      case 'aws_iam_user_group_membership': {
        const user = this.principal(resource, 'user', 'aws_iam_user');
        if (user) for (const group of this.principals(resource, 'groups', 'aws_iam_group')) this.out.memberships.push({ file: this.file, group, user, span: resource.span });
        break;
      }
      case 'aws_kms_key':
      case 'aws_kms_replica_key': {
        const description = stringOf(child(values, 'description'));
        this.out.keys.push({ file: this.file, ref: self, address: resource.address.replace(/\[[^\]]*\]$/, ''), span: resource.span, ...(description ? { description } : {}) });
        break;
      }
      case 'aws_kms_alias': {
        const name = stringOf(child(values, 'name'));
        const target = this.value(resource, 'target_key_id');
        this.out.aliases.push({ file: this.file, ref: self, address: resource.address.replace(/\[[^\]]*\]$/, ''), ...(name ? { name } : {}), ...(target ? { target } : {}), span: resource.span });
        break;
      }
      case 'aws_kms_grant': {
        const operations = items(child(values, 'operations')).map(stringOf).filter((o): o is string => !!o);
        const name = stringOf(child(values, 'name'));
        const key = this.value(resource, 'key_id');
        const grantee = this.value(resource, 'grantee_principal');
        const retiring = this.value(resource, 'retiring_principal');
        this.out.grants.push({
          file: this.file,
          ref: self,
          ...(name ? { name } : {}),
          ...(key ? { key } : {}),
          ...(grantee ? { grantee } : {}),
          ...(retiring ? { retiringPrincipal: retiring } : {}),
          operations,
          span: resource.span,
        });
        break;
      }
      case 'aws_s3_bucket':
        for (const configuration of items(child(values, 'server_side_encryption_configuration'))) {
          this.readEncryption(resource, configuration, this.bucketOf(resource, undefined), ['server_side_encryption_configuration']);
        }
        break;
      case 'aws_s3_bucket_server_side_encryption_configuration':
        this.readEncryption(resource, values, this.bucketOf(resource, 'bucket'), []);
        break;
    }
  }

  private readEncryption(resource: Resource, container: JsonNode, bucket: BucketIdentity | undefined, path: readonly string[]): void {
    for (const rule of items(child(container, 'rule'))) {
      for (const byDefault of items(child(rule, 'apply_server_side_encryption_by_default'))) {
        const algorithm = literal(child(byDefault, 'sse_algorithm'));
        const keyNode = child(byDefault, 'kms_master_key_id');
        // An empty key id is how a plan writes "not set": the AWS managed key.
        const keyId = keyNode && stringOf(keyNode) ? literal(keyNode) : this.reference(resource, [...path, 'rule', 'apply_server_side_encryption_by_default', 'kms_master_key_id']);
        this.out.encryption.push({
          file: this.file,
          ...(bucket ? { bucket } : {}),
          ...(algorithm ? { algorithm } : {}),
          ...(keyId ? { keyId } : {}),
          span: { start: byDefault.offset, end: byDefault.offset + byDefault.length },
        });
      }
    }
  }

  private targetOf(resource: Resource): PolicyTarget {
    switch (resource.type) {
      case 'aws_kms_key':
        return { key: { ref: this.self(resource) } };
      case 'aws_kms_key_policy': {
        const key = this.keyOf(resource);
        return key ? { key } : {};
      }
      case 'aws_s3_bucket_policy': {
        const bucket = this.bucketOf(resource, 'bucket');
        return bucket ? { bucket } : {};
      }
      case 'aws_s3_bucket':
        return { bucket: this.bucketOf(resource, undefined)! };
      case 'aws_iam_role_policy':
      case 'aws_iam_user_policy':
      case 'aws_iam_group_policy': {
        const principalType = resource.type.replace(/_policy$/, '') as PrincipalType;
        const principal = this.principal(resource, principalType.slice('aws_iam_'.length), principalType);
        return principal ? { principal } : {};
      }
      default:
        return {};
    }
  }

  private keyOf(resource: Resource): KeyIdentity | undefined {
    const ref = this.referenceOf(resource, 'key_id');
    if (ref) return ref.type === 'aws_kms_key' || ref.type === 'aws_kms_replica_key' ? { ref: { type: ref.type, name: ref.name, scope: ref.scope } } : undefined;
    const value = stringOf(child(resource.values, 'key_id'));
    if (!value) return undefined;
    return value.startsWith('arn:') ? { arn: value, ...(keyIdOf(value) ? { keyId: keyIdOf(value) } : {}) } : { keyId: value };
  }

  /** A bucket: the resource itself, or the one its `attribute` names (by reference or by name). */
  private bucketOf(resource: Resource, attribute: string | undefined): BucketIdentity | undefined {
    const ref = attribute ? this.referenceOf(resource, attribute) : this.self(resource);
    const name = attribute ? stringOf(child(resource.values, attribute)) : stringOf(child(resource.values, 'bucket'));
    if (ref && ref.type === 'aws_s3_bucket') {
      const bucket = this.resources.find((r) => r.type === 'aws_s3_bucket' && r.name === ref.name && this.scope(r) === ref.scope);
      const bucketName = name ?? (bucket ? stringOf(child(bucket.values, 'bucket')) : undefined);
      return { ref: { type: 'aws_s3_bucket', name: ref.name, scope: ref.scope }, ...(bucketName ? { name: bucketName } : {}) };
    }
    return name ? { name } : undefined;
  }

  /** The role, user or group an attribute names: by the configuration's reference, or by name among the plan's. */
  private principal(resource: Resource, attribute: string, type: PrincipalType): PrincipalIdentity | undefined {
    const ref = this.referenceOf(resource, attribute);
    if (ref) return ref.type === type ? { ref: { type, name: ref.name, scope: ref.scope } } : undefined;
    return this.principalNamed(resource, stringOf(child(resource.values, attribute)), type);
  }

  private principals(resource: Resource, attribute: string, type: PrincipalType): PrincipalIdentity[] {
    const byName = items(child(resource.values, attribute))
      .map((item) => this.principalNamed(resource, stringOf(item), type))
      .filter((p): p is PrincipalIdentity => !!p);
    const byRef = this.referencesOf(resource, attribute).filter((r) => r.type === type).map((ref) => ({ ref: { type, name: ref.name, scope: ref.scope } }));
    return [...byName, ...byRef.filter((p) => !byName.some((n) => n.ref?.name === p.ref.name))];
  }

  private principalNamed(resource: Resource, name: string | undefined, type: PrincipalType): PrincipalIdentity | undefined {
    if (!name) return undefined;
    const declared = this.resources.find((r) => r.type === type && r.modulePath === resource.modulePath && stringOf(child(r.values, 'name')) === name);
    return declared ? { ref: this.self(declared) } : undefined;
  }

  private attachOne(resource: Resource, attribute: string, principal: PrincipalIdentity): void {
    const ref = this.referenceOf(resource, attribute);
    if (ref?.type === 'aws_iam_policy') {
      this.out.attachments.push({ file: this.file, policy: { ref: { type: ref.type, name: ref.name, scope: ref.scope } }, principal, span: resource.span });
      return;
    }
    const arn = stringOf(child(resource.values, attribute));
    if (arn?.startsWith('arn:')) this.out.attachments.push({ file: this.file, policy: { arn }, principal, span: resource.span });
  }

  private attachAll(resource: Resource, attribute: string, principal: PrincipalIdentity): void {
    for (const item of items(child(resource.values, attribute))) {
      const arn = stringOf(item);
      if (arn?.startsWith('arn:')) this.out.attachments.push({ file: this.file, policy: { arn }, principal, span: resource.span });
    }
    for (const ref of this.referencesOf(resource, attribute)) {
      if (ref.type === 'aws_iam_policy') this.out.attachments.push({ file: this.file, policy: { ref: { type: ref.type, name: ref.name, scope: ref.scope } }, principal, span: resource.span });
    }
  }

  private markBoundary(resource: Resource): void {
    const ref = this.referenceOf(resource, 'permissions_boundary');
    if (ref?.type === 'aws_iam_policy') this.boundaries.add(`${ref.scope}\u0000${ref.name}`);
  }

  private markBoundaries(): void {
    const attached = new Set(this.out.attachments.map((a) => (a.policy.ref ? `${a.policy.ref.scope}\u0000${a.policy.ref.name}` : '')));
    this.out.policies = this.out.policies.map((policy) => {
      const key = policy.ref ? `${policy.ref.scope}\u0000${policy.ref.name}` : '';
      return this.boundaries.has(key) && !attached.has(key) ? { ...policy, grantsNothing: true } : policy;
    });
  }

  // ------------------------------------------------------------------ values

  /** A string attribute: its planned value, or (known only after apply) the resource the configuration names. */
  private value(resource: Resource, attribute: string): PString | undefined {
    const node = child(resource.values, attribute);
    if (node && node.type === 'string') return literal(node);
    return this.reference(resource, attribute);
  }

  private reference(resource: Resource, attribute: string | readonly string[]): PString | undefined {
    const ref = this.referenceOf(resource, attribute);
    if (!ref) return undefined;
    const text = `${ref.type}.${ref.name}${ref.attribute ? `.${ref.attribute}` : ''}`;
    return { kind: 'string', value: '${' + text + '}', known: false, ref, span: resource.span };
  }

  private referenceOf(resource: Resource, attribute: string | readonly string[]): ResourceRef | undefined {
    return this.referencesOf(resource, attribute)[0];
  }

  /**
   * The resources an attribute's configuration expression refers to, in this resource's module:
   * `"references": ["aws_iam_policy.key_user.arn", "aws_iam_policy.key_user"]` names one resource twice.
   */
  private referencesOf(resource: Resource, attribute: string | readonly string[]): ResourceRef[] {
    // Nested blocks are lists of objects in the configuration: the first block is followed.
    let expression = resource.expressions;
    for (const step of typeof attribute === 'string' ? [attribute] : attribute) {
      expression = child(expression?.type === 'array' ? items(expression)[0] : expression, step);
    }
    const found: ResourceRef[] = [];
    const references = [...items(child(expression, 'references')), ...items(expression).flatMap((e) => items(child(e, 'references')))];
    for (const reference of references) {
      const text = stringOf(reference);
      const match = text ? /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w]*))?/.exec(text) : null;
      if (!match || ['var', 'local', 'module', 'each', 'count', 'path'].includes(match[2]!)) continue;
      const ref: ResourceRef = { type: `${match[1] ?? ''}${match[2]}`, name: match[3]!, scope: this.scope(resource), ...(match[4] ? { attribute: match[4] } : {}) };
      if (!found.some((f) => f.type === ref.type && f.name === ref.name)) found.push(ref);
    }
    return found;
  }

  // ------------------------------------------------------------------ policies

  /** A policy stored as a JSON string: parsed from the decoded text, spans mapped back into the plan. */
  private readPolicy(node: JsonNode, kind: PolicyKind, target: PolicyTarget, label: string, self?: ResourceRef): void {
    if (node.type !== 'string') return;
    const decoded = decodeJsonString(this.text, node.offset, node.offset + node.length);
    if (!decoded || decoded.value.trim() === '') return;
    const errors: ParseError[] = [];
    const tree = parseTree(decoded.value, errors, { allowTrailingComma: true });
    if (!tree || tree.type !== 'object' || errors.length > 0) return;
    const root = remap(lowerJson(tree, decoded.value), (span) => fileSpan(decoded, span.start, span.end)) as PObject;
    const policy = readJsonPolicy(this.file, this.text, root, 0, this.text.length, kind, label);
    if (!policy) return;
    this.out.policies.push({ ...policy, target, editor: READ_ONLY_EDITOR /* a plan is generated; fixes belong in the configuration */, ...(self ? { ref: self } : {}) });
  }
}

function remap(node: PNode, map: (span: Span) => Span): PNode {
  switch (node.kind) {
    case 'array':
      return { ...node, items: node.items.map((item) => remap(item, map)), span: map(node.span) };
    case 'object':
      return { ...node, entries: node.entries.map((e) => ({ ...e, keySpan: map(e.keySpan), value: remap(e.value, map), span: map(e.span) })), span: map(node.span) };
    default:
      return { ...node, span: map(node.span) };
  }
}

function child(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const property of node.children ?? []) {
    const [name, value] = property.children ?? [];
    if (name?.value === key) return value;
  }
  return undefined;
}

function items(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? node.children ?? [] : [];
}

function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

function literal(node: JsonNode | undefined): PString | undefined {
  const value = stringOf(node);
  return value !== undefined && node ? { kind: 'string', value, known: true, span: { start: node.offset, end: node.offset + node.length } } : undefined;
}

/** `a/b` + `./c` → `a/b/c`; `a/b` + `../c` → `a/c` (module sources relative to the calling module). */
export function joinRelative(dir: string, relative: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else parts.push('..');
    } else parts.push(part);
  }
  return parts.join('/');
}
