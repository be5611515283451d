import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { keyIdOf } from '../arn';
import { nestedTooDeep, readJsonPolicy, recognizeKind, TOO_DEEP_MESSAGE } from '../json/index';
import { lowerJson } from '../json/lower';
import type {
  AliasDeclaration,
  BucketEncryption,
  BucketIdentity,
  GrantDeclaration,
  KeyDeclaration,
  GroupMembership,
  KeyIdentity,
  ParsedFile,
  PolicyAttachment,
  ParseProblem,
  PNode,
  PObject,
  Policy,
  PolicyKind,
  PolicyTarget,
  PrincipalIdentity,
  PString,
  ResourceRef,
} from '../model';
import { readStatements } from '../policy';
import { HclValueEditor, JsonencodeEditor, PolicyDocumentEditor } from './edit/editors';
import { detectLayout } from './edit/hclEdits';
import { IndentedHeredocEditor } from './edit/heredocEditor';
import type { Layout } from './edit/render';
import { attribute, blocks, listItems, parseHcl, staticString, unwrapTemplate, type Block, type Body, type Expression, type HeredocExpr, type ObjectExpr } from './hcl';
import { Lowering, resourceRef } from './lower';
import { documentStatements, readPolicyDocument, type PolicyDocument } from './policyDocument';

export { parseHcl } from './hcl';

/**
 * Reads a Terraform file: policies (in `jsonencode`, heredoc JSON and `aws_iam_policy_document`),
 * which resource each belongs to (SPEC §1), and the KMS keys, aliases, grants and bucket encryption
 * declared. Never throws; HCL problems become parse problems and everything else still parses.
 */
export function parseTerraform(file: string, text: string): ParsedFile {
  const { body, problems } = parseHcl(text);
  const reader = new TerraformReader(file, text, body);
  reader.read();
  return {
    file,
    text,
    language: 'terraform',
    policies: reader.policies,
    encryption: reader.encryption,
    keys: reader.keys,
    aliases: reader.aliases,
    grants: reader.grants,
    attachments: reader.attachments,
    memberships: reader.memberships,
    problems: [...problems.map((p): ParseProblem => ({ message: { en: p.message, ja: p.messageJa }, span: p.span })), ...reader.problems],
  };
}

/** Resources whose `policy` argument is a policy of the given kind. */
const POLICY_RESOURCES: Readonly<Record<string, PolicyKind>> = {
  aws_iam_policy: 'identity',
  aws_iam_role_policy: 'identity',
  aws_iam_user_policy: 'identity',
  aws_iam_group_policy: 'identity',
  aws_kms_key: 'key',
  aws_kms_key_policy: 'key',
  aws_s3_bucket_policy: 'bucket',
  // The deprecated inline `policy` of `aws_s3_bucket`.
  aws_s3_bucket: 'bucket',
};

interface PolicyUse {
  readonly kind: PolicyKind;
  readonly target: PolicyTarget;
  /** The `aws_iam_policy` using the document, which attachments name. */
  readonly self?: ResourceRef;
}

/** The principal resource each single-principal attachment names, by attachment type. */
const ATTACHMENT_PRINCIPALS: Readonly<Record<string, 'aws_iam_role' | 'aws_iam_user' | 'aws_iam_group'>> = {
  aws_iam_role_policy_attachment: 'aws_iam_role',
  aws_iam_user_policy_attachment: 'aws_iam_user',
  aws_iam_group_policy_attachment: 'aws_iam_group',
};

const MAX_LOCAL_HOPS = 8;

class TerraformReader {
  readonly policies: Policy[] = [];
  readonly encryption: BucketEncryption[] = [];
  readonly keys: KeyDeclaration[] = [];
  readonly aliases: AliasDeclaration[] = [];
  readonly grants: GrantDeclaration[] = [];
  readonly attachments: PolicyAttachment[] = [];
  readonly memberships: GroupMembership[] = [];
  readonly problems: ParseProblem[] = [];

  private readonly lowering: Lowering;
  private readonly layout: Layout;
  private readonly resources = new Map<string, Block>();
  private readonly dataSources = new Map<string, Block>();
  private readonly locals = new Map<string, Expression>();
  /** How each `aws_iam_policy_document` is used in this file (first use wins). */
  private readonly documentUses = new Map<string, PolicyUse>();
  /** Documents used as `assume_role_policy`: trust policies are out of scope. */
  private readonly trustDocuments = new Set<string>();
  private readonly documents = new Map<string, PolicyDocument>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly body: Body,
  ) {
    this.lowering = new Lowering(text);
    this.layout = detectLayout(text);
  }

  read(): void {
    for (const block of this.body.items) {
      if (block.kind !== 'block') continue;
      const [type, name] = block.labels.map((label) => label.value);
      if (!type || !name) {
        if (block.type === 'locals') {
          for (const item of block.body.items) if (item.kind === 'attribute') this.locals.set(item.name, item.value);
        }
        continue;
      }
      if (block.type === 'resource') this.resources.set(`${type}.${name}`, block);
      else if (block.type === 'data') this.dataSources.set(`${type}.${name}`, block);
    }
    for (const [address, block] of this.resources) this.readResource(address, block);
    for (const [address, block] of this.dataSources) this.readDataSource(address, block);
  }

  // ------------------------------------------------------------------ resources

  private readResource(address: string, block: Block): void {
    const [type, name] = address.split('.') as [string, string];
    const self: ResourceRef = { type, name };
    const kind = POLICY_RESOURCES[type];
    const policy = attribute(block.body, 'policy');
    if (kind && policy) this.readPolicy(policy.value, kind, this.targetOf(type, self, block), address, 0, type === 'aws_iam_policy' ? self : undefined);

    switch (type) {
      case 'aws_iam_role':
        for (const inline of blocks(block.body, 'inline_policy')) {
          const inlinePolicy = attribute(inline.body, 'policy');
          if (inlinePolicy) this.readPolicy(inlinePolicy.value, 'identity', { principal: { ref: self } }, `${address}.inline_policy`);
        }
        this.markTrust(attribute(block.body, 'assume_role_policy')?.value);
        for (const arn of listItems(attribute(block.body, 'managed_policy_arns')?.value)) this.attach(arn, { ref: self }, block);
        break;
      case 'aws_iam_role_policy_attachment':
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_group_policy_attachment': {
        const principalType = ATTACHMENT_PRINCIPALS[type]!;
        const principal = this.principalTarget(attribute(block.body, principalType.slice('aws_iam_'.length))?.value, principalType);
        const policyArn = attribute(block.body, 'policy_arn')?.value;
        if (principal && policyArn) this.attach(policyArn, principal, block);
        break;
      }
      case 'aws_iam_policy_attachment': {
        const policyArn = attribute(block.body, 'policy_arn')?.value;
        if (!policyArn) break;
        for (const [list, principalType] of [['roles', 'aws_iam_role'], ['users', 'aws_iam_user'], ['groups', 'aws_iam_group']] as const) {
          for (const item of listItems(attribute(block.body, list)?.value)) {
            const principal = this.principalTarget(item, principalType);
            if (principal) this.attach(policyArn, principal, block);
          }
        }
        break;
      }
      case 'aws_iam_group_membership': {
        const group = this.principalTarget(attribute(block.body, 'group')?.value, 'aws_iam_group');
        if (!group) break;
        for (const item of listItems(attribute(block.body, 'users')?.value)) {
          const user = this.principalTarget(item, 'aws_iam_user');
          if (user) this.memberships.push({ file: this.file, group, user, span: block.span });
        }
        break;
      }
      case 'aws_iam_user_group_membership': {
        const user = this.principalTarget(attribute(block.body, 'user')?.value, 'aws_iam_user');
        if (!user) break;
        for (const item of listItems(attribute(block.body, 'groups')?.value)) {
          const group = this.principalTarget(item, 'aws_iam_group');
          if (group) this.memberships.push({ file: this.file, group, user, span: block.span });
        }
        break;
      }
      case 'aws_vpc_endpoint':
        // A VPC endpoint policy ("*" may use the endpoint) is neither a key nor a bucket policy: out of
        // scope like a trust policy, so its document is not recognized by shape either.
        this.markTrust(attribute(block.body, 'policy')?.value);
        break;
      case 'aws_kms_key':
        this.keys.push({ file: this.file, ref: self, span: block.span, ...optional('description', this.staticAttribute(block, 'description')) });
        break;
      case 'aws_kms_alias':
        this.aliases.push({
          file: this.file,
          ref: self,
          ...optional('name', this.staticAttribute(block, 'name')),
          ...optional('target', this.stringAttribute(block, 'target_key_id')),
          span: block.span,
        });
        break;
      case 'aws_kms_grant':
        this.grants.push(this.readGrant(block, self));
        break;
      case 'aws_s3_bucket':
        for (const configuration of blocks(block.body, 'server_side_encryption_configuration')) {
          this.readEncryptionRules(configuration, this.bucketIdentity(self));
        }
        break;
      case 'aws_s3_bucket_server_side_encryption_configuration': {
        const bucket = attribute(block.body, 'bucket');
        this.readEncryptionRules(block, bucket ? this.bucketTarget(bucket.value) : undefined);
        break;
      }
    }
  }

  private readDataSource(address: string, block: Block): void {
    const [type, name] = address.split('.') as [string, string];
    const self: ResourceRef = { type: `data.${type}`, name };
    if (type === 'aws_kms_alias') {
      this.aliases.push({ file: this.file, ref: self, ...optional('name', this.staticAttribute(block, 'name')), span: block.span });
    } else if (type === 'aws_kms_key') {
      this.keys.push({ file: this.file, ref: self, span: block.span });
    } else if (type === 'aws_iam_policy_document') {
      this.readDocumentPolicy(name, block);
    }
  }

  /** What a resource's `policy` governs: its key, its bucket, or the principal it is attached to. */
  private targetOf(type: string, self: ResourceRef, block: Block): PolicyTarget {
    const argument = (name: string): Expression | undefined => attribute(block.body, name)?.value;
    switch (type) {
      case 'aws_kms_key':
        return { key: { ref: self } };
      case 'aws_kms_key_policy': {
        const key = argument('key_id');
        return key ? optional('key', this.keyTarget(key)) : {};
      }
      case 'aws_s3_bucket_policy': {
        const bucket = argument('bucket');
        return bucket ? optional('bucket', this.bucketTarget(bucket)) : {};
      }
      case 'aws_s3_bucket':
        return { bucket: this.bucketIdentity(self) };
      case 'aws_iam_role_policy':
        return optional('principal', this.principalTarget(argument('role'), 'aws_iam_role'));
      case 'aws_iam_user_policy':
        return optional('principal', this.principalTarget(argument('user'), 'aws_iam_user'));
      case 'aws_iam_group_policy':
        return optional('principal', this.principalTarget(argument('group'), 'aws_iam_group'));
      default:
        return {};
    }
  }

  private keyTarget(expr: Expression): KeyIdentity | undefined {
    const ref = resourceRef(expr);
    if (ref) return ref.type === 'aws_kms_key' || ref.type === 'data.aws_kms_key' ? { ref: { type: ref.type, name: ref.name } } : undefined;
    const value = staticString(expr);
    if (!value) return undefined;
    if (value.startsWith('arn:')) return { arn: value, ...optional('keyId', keyIdOf(value)) };
    return { keyId: value };
  }

  private bucketTarget(expr: Expression): BucketIdentity | undefined {
    const ref = resourceRef(expr);
    if (ref) return ref.type === 'aws_s3_bucket' ? this.bucketIdentity(ref) : undefined;
    const name = staticString(expr);
    return name ? { name } : undefined;
  }

  /** A bucket by reference, with its name when the `aws_s3_bucket` in this file states it. */
  private bucketIdentity(ref: ResourceRef): BucketIdentity {
    const bucket = this.resources.get(`aws_s3_bucket.${ref.name}`);
    const name = bucket ? this.staticAttribute(bucket, 'bucket') : undefined;
    return { ref: { type: 'aws_s3_bucket', name: ref.name }, ...optional('name', name) };
  }

  private principalTarget(expr: Expression | undefined, type: 'aws_iam_role' | 'aws_iam_user' | 'aws_iam_group'): PrincipalIdentity | undefined {
    const ref = expr ? resourceRef(expr) : undefined;
    return ref && ref.type === type ? { ref: { type, name: ref.name } } : undefined;
  }

  /**
   * A managed policy attached to a principal: `policy_arn` (or a `managed_policy_arns` item) is a
   * reference to an `aws_iam_policy` or a literal ARN (AWS managed policies); anything else is unknown.
   */
  private attach(policyArn: Expression, principal: PrincipalIdentity, block: Block): void {
    const ref = resourceRef(policyArn);
    if (ref) {
      if (ref.type === 'aws_iam_policy' || ref.type === 'data.aws_iam_policy') {
        this.attachments.push({ file: this.file, policy: { ref: { type: ref.type, name: ref.name } }, principal, span: block.span });
      }
      return;
    }
    const arn = staticString(policyArn);
    if (arn?.startsWith('arn:')) this.attachments.push({ file: this.file, policy: { arn }, principal, span: block.span });
  }

  // ------------------------------------------------------------------ policies

  /** A `policy` value: jsonencode, heredoc JSON, a policy document's `.json`, or a local holding one. */
  private readPolicy(expr: Expression, kind: PolicyKind, target: PolicyTarget, label: string, hops = 0, self?: ResourceRef): void {
    const value = unwrapTemplate(expr);
    if (value.kind === 'call' && value.name === 'jsonencode' && value.args.length === 1) {
      const argument = unwrapTemplate(value.args[0]!);
      if (argument.kind === 'object') this.readJsonencodePolicy(argument, kind, target, label, self);
      else this.readPolicy(argument, kind, target, label, hops + 1, self);
      return;
    }
    if (value.kind === 'heredoc') {
      this.readHeredocPolicy(value, kind, target, label, self);
      return;
    }
    const ref = resourceRef(value);
    if (ref?.type === 'data.aws_iam_policy_document' && (ref.attribute === 'json' || ref.attribute === 'minified_json')) {
      if (!this.documentUses.has(ref.name)) this.documentUses.set(ref.name, { kind, target, ...optional('self', self) });
      return;
    }
    if (value.kind === 'getattr' && value.object.kind === 'variable' && value.object.name === 'local' && hops < MAX_LOCAL_HOPS) {
      const local = this.locals.get(value.name);
      if (local) this.readPolicy(local, kind, target, label, hops + 1, self);
    }
  }

  private markTrust(expr: Expression | undefined): void {
    const ref = expr ? resourceRef(expr) : undefined;
    if (ref?.type === 'data.aws_iam_policy_document') this.trustDocuments.add(ref.name);
  }

  private readJsonencodePolicy(object: ObjectExpr, kind: PolicyKind, target: PolicyTarget, label: string, self?: ResourceRef): void {
    const root = this.lowering.lower(object) as PObject;
    const { statementNode, statements } = readStatements(root);
    if (!statementNode) return;
    this.policies.push({
      kind,
      file: this.file,
      syntax: 'jsonencode',
      root,
      statementNode,
      statements,
      target,
      label,
      editor: new JsonencodeEditor(this.text, this.lowering, this.layout, root),
      ...optional('ref', self),
    });
  }

  /** JSON in a heredoc, parsed by jsonc-parser with its offsets shifted into the .tf file. */
  private readHeredocPolicy(heredoc: HeredocExpr, kind: PolicyKind, target: PolicyTarget, label: string, self?: ResourceRef): void {
    const json = heredoc.bodyText;
    const base = heredoc.bodySpan.start;
    if (nestedTooDeep(json)) {
      this.problems.push({ message: TOO_DEEP_MESSAGE, span: { start: base, end: base + Math.min(1, json.length) } });
      return;
    }
    const errors: ParseError[] = [];
    const tree = parseTree(json, errors, { allowTrailingComma: true, disallowComments: false });
    const first = errors[0];
    if (first) {
      const code = printParseErrorCode(first.error);
      this.problems.push({
        message: {
          en: `The JSON policy in this heredoc cannot be parsed (${code}); KeyLens checks what it can read.`,
          ja: `このヒアドキュメントの JSON ポリシーは解析できません (${code})。読み取れた部分だけを検査します。`,
        },
        span: { start: base + first.offset, end: base + first.offset + Math.max(1, first.length) },
      });
    }
    if (!tree || tree.type !== 'object') return;
    const root = markTemplates(lowerJson(tree, json, base)) as PObject;
    const policy = readJsonPolicy(this.file, this.text, root, base, json.length, kind, label);
    if (!policy) return;
    const indent = IndentedHeredocEditor.commonIndent(json);
    const editor = indent ? new IndentedHeredocEditor(json, base, indent, root, markTemplates) : policy.editor;
    this.policies.push({ ...policy, syntax: 'heredoc', target, editor, ...optional('ref', self) });
  }

  private readDocumentPolicy(name: string, block: Block): void {
    const use = this.documentUses.get(name);
    if (!use && this.trustDocuments.has(name)) return;
    const document = this.mergedDocument(name, new Set());
    if (!document) return;
    const statements = document.statements;
    // A document not used in this file: recognized from its statements like a JSON file (SPEC §1).
    const kind = use?.kind ?? recognizeKind(this.file, statements);
    if (!kind) return;
    this.policies.push({
      kind,
      file: this.file,
      syntax: 'policy-document',
      root: document.root,
      statementNode: document.statementNode,
      statements,
      target: use?.target ?? {},
      label: `data.aws_iam_policy_document.${name}`,
      editor: new PolicyDocumentEditor(this.text, this.lowering, this.layout, block, document.statementBlocks),
      ...optional('ref', use?.self),
    });
  }

  /**
   * A document with the statements of `source_policy_documents` (overridden by same-Sid statements
   * here) and `override_policy_documents` (overriding same-Sid statements here) that are in this file.
   */
  private mergedDocument(name: string, visiting: Set<string>): PolicyDocument | undefined {
    const cached = this.documents.get(name);
    if (cached) return cached;
    const block = this.dataSources.get(`aws_iam_policy_document.${name}`);
    if (!block || visiting.has(name)) return undefined;
    visiting.add(name);
    const own = readPolicyDocument(block, this.lowering);
    const resolve = (expr: Expression): PolicyDocument | undefined => {
      const ref = resourceRef(expr);
      return ref?.type === 'data.aws_iam_policy_document' ? this.mergedDocument(ref.name, visiting) : undefined;
    };
    const sources = own.sources.map(resolve).filter((d): d is PolicyDocument => d !== undefined);
    const overrides = own.overrides.map(resolve).filter((d): d is PolicyDocument => d !== undefined);
    let document = own;
    if (sources.length > 0 || overrides.length > 0) {
      const statementOf = (node: PNode): string | undefined => {
        const sid = node.kind === 'object' ? node.entries.find((e) => e.key === 'Sid')?.value : undefined;
        return sid?.kind === 'string' && sid.known && sid.value ? sid.value : undefined;
      };
      const ownItems = (own.statementNode as { items: readonly PNode[] }).items;
      const ownSids = new Set(ownItems.map(statementOf).filter(Boolean));
      let items: PNode[] = [
        ...sources.flatMap((d) => (d.statementNode as { items: readonly PNode[] }).items).filter((n) => !ownSids.has(statementOf(n))),
        ...ownItems,
      ];
      for (const override of overrides) {
        for (const item of (override.statementNode as { items: readonly PNode[] }).items) {
          const sid = statementOf(item);
          const at = sid ? items.findIndex((n) => statementOf(n) === sid) : -1;
          if (at >= 0) items = items.map((n, i) => (i === at ? item : n));
          else items.push(item);
        }
      }
      const statementBlocks = new Map(own.statementBlocks);
      for (const d of [...sources, ...overrides]) for (const [node, b] of d.statementBlocks) statementBlocks.set(node, b);
      const statementNode: PNode = { ...(own.statementNode as { kind: 'array'; span: { start: number; end: number } }), items };
      const root: PObject = { ...own.root, entries: own.root.entries.map((e) => (e.key === 'Statement' ? { ...e, value: statementNode } : e)) };
      document = { ...own, root, statementNode, statements: documentStatements(root, statementBlocks), statementBlocks };
    }
    this.documents.set(name, document);
    return document;
  }

  // ------------------------------------------------------------------ declarations

  private readGrant(block: Block, self: ResourceRef): GrantDeclaration {
    const operations: string[] = [];
    for (const item of listItems(attribute(block.body, 'operations')?.value)) {
      const operation = staticString(item);
      if (operation) operations.push(operation);
    }
    let equals: Record<string, string> | undefined;
    let subset: Record<string, string> | undefined;
    for (const constraint of blocks(block.body, 'constraints')) {
      equals = mergeMap(equals, staticMap(attribute(constraint.body, 'encryption_context_equals')?.value));
      subset = mergeMap(subset, staticMap(attribute(constraint.body, 'encryption_context_subset')?.value));
    }
    return {
      file: this.file,
      ref: self,
      ...optional('name', this.staticAttribute(block, 'name')),
      ...optional('key', this.stringAttribute(block, 'key_id')),
      ...optional('grantee', this.stringAttribute(block, 'grantee_principal')),
      ...optional('retiringPrincipal', this.stringAttribute(block, 'retiring_principal')),
      operations,
      ...(equals || subset ? { constraints: { ...optional('encryptionContextEquals', equals), ...optional('encryptionContextSubset', subset) } } : {}),
      span: block.span,
    };
  }

  /** `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } }` */
  private readEncryptionRules(container: Block, bucket: BucketIdentity | undefined): void {
    const editor = new HclValueEditor(this.text, this.lowering, this.layout);
    for (const rule of blocks(container.body, 'rule')) {
      for (const byDefault of blocks(rule.body, 'apply_server_side_encryption_by_default')) {
        this.encryption.push({
          file: this.file,
          ...optional('bucket', bucket),
          ...optional('algorithm', this.stringAttribute(byDefault, 'sse_algorithm')),
          ...optional('keyId', this.stringAttribute(byDefault, 'kms_master_key_id')),
          span: byDefault.span,
          editor,
        });
      }
    }
  }

  private staticAttribute(block: Block, name: string): string | undefined {
    const found = attribute(block.body, name);
    return found ? staticString(found.value) : undefined;
  }

  /** An argument that holds a string: unknown expressions (`var.key_id`) stay as unknown strings, never absent. */
  private stringAttribute(block: Block, name: string): PString | undefined {
    const found = attribute(block.body, name);
    if (!found || found.value.kind === 'invalid') return undefined;
    const node = this.lowering.lower(found.value);
    if (node.kind === 'string') return node;
    if (node.kind !== 'unknown') return undefined;
    const unknown: PString = { kind: 'string', value: '${' + node.text + '}', known: false, span: node.span };
    this.lowering.origins.set(unknown, found.value);
    return unknown;
  }
}

/** Strings in heredoc JSON holding Terraform templates are unknown; `"${aws_kms_key.k.arn}"` keeps its reference. */
function markTemplates(node: PNode): PNode {
  switch (node.kind) {
    case 'string':
      return templateString(node);
    case 'array':
      return { ...node, items: node.items.map(markTemplates) };
    case 'object':
      return { ...node, entries: node.entries.map((entry) => ({ ...entry, value: markTemplates(entry.value) })) };
    default:
      return node;
  }
}

function templateString(node: PString): PString {
  const value = node.value;
  if (!value.includes('{')) return node;
  // `$${` and `%%{` are escapes for a literal `${` / `%{`.
  const unescaped = value.replace(/\$\$\{/g, '').replace(/%%\{/g, '');
  if (!unescaped.includes('${') && !unescaped.includes('%{')) {
    const decoded = value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    return decoded === value ? node : { ...node, value: decoded };
  }
  const whole = /^\$\{([^{}]*)\}$/.exec(value);
  const ref = whole ? referenceIn(whole[1]!) : undefined;
  return ref ? { ...node, known: false, ref } : { ...node, known: false };
}

function referenceIn(source: string): ResourceRef | undefined {
  const { body, problems } = parseHcl(`x = ${source.trim()}\n`);
  const item = body.items[0];
  return problems.length === 0 && item?.kind === 'attribute' ? resourceRef(item.value) : undefined;
}

function staticMap(expr: Expression | undefined): Record<string, string> | undefined {
  if (!expr || expr.kind !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const item of expr.items) {
    const value = staticString(item.value);
    if (item.keyName !== undefined && value !== undefined) out[item.keyName] = value;
  }
  return out;
}

function mergeMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): Record<string, string> | undefined {
  return a || b ? { ...a, ...b } : undefined;
}

/** `{ [key]: value }` when the value is defined, `{}` otherwise (the model's optional members stay absent). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
