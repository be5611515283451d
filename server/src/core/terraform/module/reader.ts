import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { keyIdOf } from '../../arn';
import { baseName, nestedTooDeep, readJsonPolicy, recognizeKind, TOO_DEEP_MESSAGE } from '../../json/index';
import { lowerJson } from '../../json/lower';
import type {
  AliasDeclaration,
  BucketEncryption,
  BucketIdentity,
  GrantDeclaration,
  GroupMembership,
  KeyDeclaration,
  KeyIdentity,
  ParseProblem,
  PNode,
  PObject,
  Policy,
  PolicyAttachment,
  PolicyKind,
  PolicyTarget,
  PrincipalIdentity,
  PString,
  ResourceRef,
  SelfAccount,
  ValueNote,
} from '../../model';
import { ELSEWHERE, Expression as FixExpression, type PEntry } from '../../model';
import { readStatements, statementsIncomplete } from '../../policy';
import { documentStatements } from '../policyDocument';
import type { Message } from '../../finding';
import { LineIndex, type Span } from '../../text';
import { HclValueEditor, JsonencodeEditor, PolicyDocumentEditor } from '../edit/editors';
import { IndentedHeredocEditor } from '../edit/heredocEditor';
import type { EvalMode } from '../eval/evaluate';
import { primitiveText, type Value } from '../eval/value';
import { attribute, blocks, listItems, parseHcl, staticString, unwrapTemplate, type Block, type Expression, type HeredocExpr, type ObjectExpr } from '../hcl';
import { holeOf, Lowering } from '../lower';
import { arnShape, type ArnShape, type TemplatePiece } from '../../arnShape';
import type { TerraformSource } from '../source';
import { ModuleEnvironment, readsMessage, type Definition, type ModuleValues, type Read } from './environment';
import { mergeDocuments, respan, type DocumentResolver, type MergedDocument } from './documents';

/** Resources whose `policy` argument is a policy of the given kind. */
export const POLICY_RESOURCES: Readonly<Record<string, PolicyKind>> = {
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

type PrincipalType = 'aws_iam_role' | 'aws_iam_user' | 'aws_iam_group';

/** The principal resource each single-principal attachment names, and the argument naming it. */
const ATTACHMENT_PRINCIPALS: Readonly<Record<string, readonly [PrincipalType, string]>> = {
  aws_iam_role_policy_attachment: ['aws_iam_role', 'role'],
  aws_iam_user_policy_attachment: ['aws_iam_user', 'user'],
  aws_iam_group_policy_attachment: ['aws_iam_group', 'group'],
};

/** `*_policy_attachments_exclusive`: the complete set of managed policies of one principal. */
const EXCLUSIVE_ATTACHMENTS: Readonly<Record<string, readonly [PrincipalType, string]>> = {
  aws_iam_role_policy_attachments_exclusive: ['aws_iam_role', 'role_name'],
  aws_iam_user_policy_attachments_exclusive: ['aws_iam_user', 'user_name'],
  aws_iam_group_policy_attachments_exclusive: ['aws_iam_group', 'group_name'],
};

const MAX_LOCAL_HOPS = 8;

interface PolicyUse {
  readonly kind: PolicyKind;
  readonly target: PolicyTarget;
  /** The `aws_iam_policy` using the document, which attachments name. */
  readonly self?: ResourceRef;
}

/** How one module (or one instance of it) is read. */
export interface ModuleContext {
  /** The namespace of the module's resource names (its folder; an instance's own scope). */
  readonly scope: string;
  readonly mode: EvalMode;
  readonly values: Omit<ModuleValues, 'variables' | 'locals'>;
  /** `module.data_key.` for an instance, '' for a root module: labels and addresses start with it. */
  readonly addressPrefix: string;
  /** The file id findings in a source's text get (the source's own file, or an instance's virtual file). */
  readonly fileOf: (source: TerraformSource) => string;
  readonly budget?: number;
}

/** What one file of the module holds. */
export interface FileReading {
  readonly policies: Policy[];
  readonly encryption: BucketEncryption[];
  readonly keys: KeyDeclaration[];
  readonly aliases: AliasDeclaration[];
  readonly grants: GrantDeclaration[];
  readonly attachments: PolicyAttachment[];
  readonly memberships: GroupMembership[];
  readonly problems: ParseProblem[];
  readonly notes: ValueNote[];
  /** Which module inputs each range read (module instances). */
  readonly reads: { span: Span; variables: string[] }[];
}

/** A `module "x" {}` block of the module, for the linker to evaluate. */
export interface ModuleCall {
  readonly name: string;
  readonly block: Block;
  readonly source: TerraformSource;
  readonly file: string;
}

/** One instance a module call makes (`count`/`for_each` may make none or several), with its inputs evaluated where the call is. */
export interface CallInstance {
  readonly call: ModuleCall;
  /** `module.data_key`, `module.data_key["a"]`, `module.data_key[0]` (relative to the calling module). */
  readonly address: string;
  /** The call's `source`, when it is a literal string. */
  readonly source?: string;
  readonly inputs: ReadonlyMap<string, { readonly value: Value; readonly span: Span; readonly file: string }>;
}

/** Arguments of a module block that are not inputs of the module. */
const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);
/** A call's `for_each` over more items than this is not evaluated item by item. */
const MAX_CALL_ITEMS = 10;

interface SourceState {
  readonly source: TerraformSource;
  readonly file: string;
  readonly lowering: Lowering;
  /** What is being produced for this file right now (by the file being read; see `Produced`). */
  out: FileReading;
  /** Evaluations that read locals, variables or inputs, by where the value is used. */
  valueReads: { span: Span; reads: Read[] }[];
}

/** What reading one file produced for each file of the module (a merged document's part, a policy held by a local, land elsewhere). */
type Produced = Map<TerraformSource, { readonly out: FileReading; readonly valueReads: readonly { span: Span; reads: Read[] }[] }>;

/**
 * What one reading of a module leaves for the next: per file, what reading it produced and the
 * module facts it was read under. A file is read again only when it, a file it produced for, or
 * those facts changed.
 */
export type ReaderCache = ReadonlyMap<TerraformSource, { readonly signature: string; readonly produced: Produced }>;

function emptyReading(): FileReading {
  return { policies: [], encryption: [], keys: [], aliases: [], grants: [], attachments: [], memberships: [], problems: [], notes: [], reads: [] };
}

interface Declared<T = Block> {
  readonly value: T;
  readonly state: SourceState;
}

/**
 * Reads a Terraform module — every `.tf` file of a folder — into the policy model: policies (in
 * `jsonencode`, heredoc JSON and `aws_iam_policy_document`), which resource each belongs to (SPEC §1),
 * attachments, and the keys, aliases, grants and bucket encryption declared. References, documents
 * and attachments resolve across the files; each result lands in the file whose text it is.
 * Never throws; reading problems become parse problems.
 */
export class ModuleReader {
  private readonly states: SourceState[];
  private env?: ModuleEnvironment;
  private callEnvironment?: ModuleEnvironment;
  private readonly resources = new Map<string, Declared>();
  /** `resources` by type, built on first use after the declarations (principals named by string look one type up). */
  private resourcesByType: Map<string, [string, Declared][]> | undefined;
  private readonly dataSources = new Map<string, Declared>();
  private readonly locals = new Map<string, Declared<Expression>>();
  private readonly variables = new Map<string, Declared>();
  private readonly outputBlocks = new Map<string, Declared>();
  /** Second declarations of one address in the module, which Terraform rejects: reported, not read. */
  private readonly duplicates: { state: SourceState; span: Span; message: Message }[] = [];
  readonly calls: ModuleCall[] = [];
  /** The instances the module's calls make, with their inputs (evaluated by `read`). */
  readonly instances: CallInstance[] = [];
  /** How each `aws_iam_policy_document` is used in the module (first use wins). */
  private readonly documentUses = new Map<string, PolicyUse>();
  /** Uses through an expression that may pick another value (`coalesce(var.policy, data.x.json)`). */
  private readonly possibleUses = new Map<string, PolicyUse>();
  /** Documents merged into other documents (`source_policy_documents`): statements of those, not policies. */
  private readonly mergedOnly = new Set<string>();
  /** Documents used as `assume_role_policy`: trust policies are out of scope. */
  private readonly trustDocuments = new Set<string>();
  /** `aws_iam_policy`s named as a `permissions_boundary`. */
  private readonly boundaries = new Set<string>();
  private readonly documents = new Map<string, MergedDocument | undefined>();

  constructor(
    sources: readonly TerraformSource[],
    private readonly context: ModuleContext,
  ) {
    this.states = sources.map((source) => this.stateOf(source));
  }

  /** Variables and locals of the whole module, once every file's declarations are known. */
  private get environment(): ModuleEnvironment {
    return (this.env ??= new ModuleEnvironment(
      { ...this.context.values, variables: definitions(this.variables), locals: definitions(this.locals) },
      this.context.scope,
      this.context.mode,
      this.context.budget,
    ));
  }

  private stateOf(source: TerraformSource): SourceState {
    const state: SourceState = {
      source,
      file: this.context.fileOf(source),
      lowering: new Lowering(source.text, this.context.scope, (expr, bindings, at) => {
        const { value, reads } = this.environment.trace(() => this.environment.evaluator.evaluate(expr, source, bindings));
        if (reads.length && this.recording) state.valueReads.push({ span: at, reads });
        return value;
      }),
      out: emptyReading(),
      valueReads: [],
    };
    return state;
  }

  /** Off while the uses of documents are collected: what those evaluations read is recorded when the file is read. */
  private recording = true;
  private produced = new Map<TerraformSource, { signature: string; produced: Produced }>();

  /** What this reading leaves for the next reading of the module (see `ReaderCache`). */
  get cache(): ReaderCache {
    return this.produced;
  }

  /**
   * Reads everything; results by source file. With `previous`, files whose reading cannot have
   * changed (same text, same module facts) keep what they produced then.
   */
  read(previous?: ReaderCache): Map<string, FileReading> {
    for (const state of this.states) this.declare(state);
    this.resourcesByType = undefined;
    this.collectUses();
    const signature = this.signature();
    const sources = new Set(this.states.map((s) => s.source));
    for (const producer of this.states) {
      const earlier = previous?.get(producer.source);
      if (earlier && earlier.signature === signature && [...earlier.produced.keys()].every((s) => sources.has(s))) {
        this.produced.set(producer.source, earlier);
        continue;
      }
      for (const state of this.states) {
        state.out = emptyReading();
        state.valueReads = [];
      }
      for (const [address, declared] of this.resources) if (declared.state === producer) this.readResource(address, declared);
      for (const [address, declared] of this.dataSources) if (declared.state === producer) this.readDataSource(address, declared);
      const produced: Produced = new Map();
      for (const state of this.states) {
        if (!isEmpty(state.out) || state.valueReads.length) produced.set(state.source, { out: state.out, valueReads: state.valueReads });
      }
      this.produced.set(producer.source, { signature, produced });
    }
    // Each file's results: what every file produced for it, in file order.
    for (const state of this.states) {
      state.out = emptyReading();
      state.valueReads = [];
      for (const producer of this.states) {
        const part = this.produced.get(producer.source)?.produced.get(state.source);
        if (!part) continue;
        for (const key of Object.keys(state.out) as (keyof FileReading)[]) (state.out[key] as unknown[]).push(...(part.out[key] as unknown[]));
        state.valueReads.push(...part.valueReads);
      }
    }
    this.markBoundaries();
    for (const call of this.calls) this.instances.push(...this.instancesOf(call));
    const result = new Map<string, FileReading>();
    for (const state of this.states) {
      this.finishNotes(state);
      for (const duplicate of this.duplicates) if (duplicate.state === state) state.out.problems.push({ message: duplicate.message, span: duplicate.span });
      result.set(state.source.file, state.out);
    }
    return result;
  }

  /**
   * Which documents are used where (a document's kind comes from its use anywhere in the module),
   * which are trust policies, which policies are permissions boundaries: before any file is read.
   */
  private collectUses(): void {
    this.recording = false;
    try {
      for (const [address, { value: block, state }] of this.resources) {
        const [type, name] = address.split('.') as [string, string];
        const self = this.self(type, name);
        const kind = POLICY_RESOURCES[type];
        const policy = attribute(block.body, 'policy')?.value;
        if (kind && policy) this.readPolicy(policy, state, kind, this.targetOf(type, self, block, state), address, 0, type === 'aws_iam_policy' ? self : undefined, false, true);
        if (type === 'aws_iam_role') this.markTrust(attribute(block.body, 'assume_role_policy')?.value, state);
        // A VPC endpoint policy ("*" may use the endpoint) is neither a key nor a bucket policy: out of
        // scope like a trust policy, so its document is not recognized by shape either.
        if (type === 'aws_vpc_endpoint') this.markTrust(attribute(block.body, 'policy')?.value, state);
        if (type === 'aws_iam_role' || type === 'aws_iam_user') {
          const boundary = attribute(block.body, 'permissions_boundary')?.value;
          const boundaryRef = boundary ? this.refOf(boundary, state) : undefined;
          if (boundaryRef?.type === 'aws_iam_policy' && this.inScope(boundaryRef)) this.boundaries.add(boundaryRef.name);
        }
      }
    } finally {
      this.recording = true;
    }
  }

  /**
   * The facts of the module one file's reading may use from other files: locals, variables, inputs
   * and outputs, document uses, principal and bucket names, merged documents, policies held by
   * locals. Equal signatures: a file whose text did not change reads the same.
   */
  private signature(): string {
    const parts: string[] = [];
    const text = (state: SourceState, span: Span) => state.source.text.slice(span.start, span.end);
    for (const [name, { value, state }] of this.locals) parts.push(`L${name}=${text(state, value.span)}`);
    for (const [name, { value, state }] of this.variables) parts.push(`V${name}=${text(state, value.span)}`);
    for (const [name, definition] of this.context.values.tfvars ?? []) parts.push(`T${name}=${definition.source.text.slice(definition.value.span.start, definition.value.span.end)}`);
    if (this.context.values.inputs) parts.push(`I${JSON.stringify([...this.context.values.inputs].map(([k, v]) => [k, v.value, v.span, v.file]))}`);
    if (this.context.values.signature) parts.push(`M${this.context.values.signature}`);
    parts.push(`U${JSON.stringify([...this.documentUses])}`, `P${JSON.stringify([...this.possibleUses])}`);
    parts.push(`S${[...this.mergedOnly].join(',')}`, `R${[...this.trustDocuments].join(',')}`, `B${[...this.boundaries].join(',')}`);
    for (const [address, { value: block, state }] of this.resources) {
      const named = attribute(block.body, 'name') ?? attribute(block.body, 'bucket');
      if (named && /^aws_(iam_(role|user|group)|s3_bucket)\./.test(address)) parts.push(`N${address}=${text(state, named.span)}`);
      const policy = attribute(block.body, 'policy')?.value;
      if (policy && unwrapTemplate(policy).kind === 'getattr') parts.push(`H${address}=${text(state, block.span)}`);
    }
    for (const [address, { value: block, state }] of this.dataSources) {
      if (!address.startsWith('aws_iam_policy_document.')) continue;
      const merging = attribute(block.body, 'source_policy_documents') || attribute(block.body, 'override_policy_documents');
      if (merging || this.mergedOnly.has(address.slice('aws_iam_policy_document.'.length))) parts.push(`D${address}=${text(state, block.span)}`);
    }
    return parts.join('\n');
  }

  /**
   * The instances of a module call: inputs are evaluated with the full expression subset (module
   * inputs are shaped with conditionals and functions), `count = 0` makes none, a known `for_each`
   * one per item; what each input read is recorded where it is written.
   */
  private instancesOf(call: ModuleCall): CallInstance[] {
    const state = this.states.find((s) => s.source === call.source)!;
    const environment = (this.callEnvironment ??= new ModuleEnvironment(
      { ...this.context.values, variables: definitions(this.variables), locals: definitions(this.locals) },
      this.context.scope,
      'full',
      this.context.budget,
    ));
    const body = call.block.body;
    const source = attribute(body, 'source');
    const sourceText = source ? staticString(source.value) : undefined;
    const evaluate = (expr: Expression, bindings: ReadonlyMap<string, Value>, at: Span = expr.span) => {
      const { value, reads } = environment.trace(() => environment.evaluator.evaluate(expr, call.source, bindings));
      if (reads.length) state.valueReads.push({ span: at, reads });
      return value;
    };
    const instance = (address: string, bindings: ReadonlyMap<string, Value>): CallInstance => {
      const inputs = new Map<string, { value: Value; span: Span; file: string }>();
      for (const item of body.items) {
        if (item.kind !== 'attribute' || META_ARGUMENTS.has(item.name)) continue;
        // Findings caused by an input are reported at the whole argument: what it read is recorded there.
        inputs.set(item.name, { value: evaluate(item.value, bindings, item.span), span: item.span, file: call.file });
      }
      return { call, address, ...optional('source', sourceText), inputs };
    };
    const base = `module.${call.name}`;
    const count = attribute(body, 'count');
    if (count) {
      const value = evaluate(count.value, new Map());
      if (value.kind === 'number' && value.value <= 0) return [];
      return [instance(`${base}[0]`, new Map([['count', { kind: 'object', entries: [{ key: 'index', value: { kind: 'number', value: 0 } }] } as Value]]))];
    }
    const forEach = attribute(body, 'for_each');
    if (forEach) {
      const collection = evaluate(forEach.value, new Map());
      const pairs: [string, Value][] | undefined =
        collection.kind === 'object'
          ? collection.entries.map((e) => [e.key, e.value])
          : collection.kind === 'list' && collection.items.every((i) => primitiveText(i) !== undefined)
            ? collection.items.map((i) => [primitiveText(i)!, i])
            : undefined;
      // An unknown for_each: one instance whose `each` is unknown (nothing it decides produces a finding).
      if (!pairs || pairs.length > MAX_CALL_ITEMS) return [instance(`${base}[*]`, new Map([['each', { kind: 'unknown', text: 'each' } as Value]]))];
      return pairs.map(([key, value]) =>
        instance(`${base}[${JSON.stringify(key)}]`, new Map([['each', { kind: 'object', entries: [{ key: 'key', value: { kind: 'string', value: key } }, { key: 'value', value }] } as Value]])),
      );
    }
    return [instance(base, new Map())];
  }

  /** The module's `output` values, as the caller of an instance sees them (`module.x.name`). */
  outputs(): Value {
    const entries = [...this.outputBlocks].map(([name, { value: block, state }]) => {
      const expr = attribute(block.body, 'value')?.value;
      return { key: name, value: expr ? this.environment.evaluator.evaluate(expr, state.source) : ({ kind: 'unknown', text: `output.${name}` } as Value) };
    });
    return { kind: 'object', entries };
  }

  private declare(state: SourceState): void {
    for (const block of state.source.body.items) {
      if (block.kind !== 'block') continue;
      const [type, name] = block.labels.map((label) => label.value);
      if (block.type === 'locals') {
        for (const item of block.body.items) if (item.kind === 'attribute' && !this.locals.has(item.name)) this.locals.set(item.name, { value: item.value, state });
        continue;
      }
      if (!type) continue;
      if (block.type === 'variable') setOnce(this.variables, type, { value: block, state });
      else if (block.type === 'output') setOnce(this.outputBlocks, type, { value: block, state });
      else if (block.type === 'module') this.calls.push({ name: type, block, source: state.source, file: state.file });
      else if (!name) continue;
      else if (block.type === 'resource') this.declareOnce(this.resources, `${type}.${name}`, `${type}.${name}`, block, state);
      else if (block.type === 'data') this.declareOnce(this.dataSources, `${type}.${name}`, `data.${type}.${name}`, block, state);
    }
    // Uses are known before documents are read: a document's kind comes from its use anywhere in the module.
    for (const block of state.source.body.items) {
      if (block.kind !== 'block' || block.type !== 'data' || block.labels[0]?.value !== 'aws_iam_policy_document') continue;
      for (const attr of ['source_policy_documents', 'override_policy_documents']) {
        const expr = attribute(block.body, attr)?.value;
        for (const item of expr ? listItems(expr) : []) {
          const ref = state.lowering.ref(item);
          if (ref?.type === 'data.aws_iam_policy_document') this.mergedOnly.add(ref.name);
        }
      }
    }
  }

  private ownAccount: { readonly value?: SelfAccount } | undefined;

  /**
   * With a caller identity anywhere in the module, fixes can name the configuration's own account
   * (read once all files are declared).
   */
  private selfAccount(): { selfAccount?: SelfAccount } {
    if (!this.ownAccount) {
      const callerIdentity = [...this.dataSources.keys()].find((address) => address.startsWith('aws_caller_identity.'));
      const account = callerIdentity ? `data.${callerIdentity}.account_id` : undefined;
      this.ownAccount = account
        ? {
            value: {
              id: new FixExpression(account, '${' + account + '}'),
              root: (partition) => new FixExpression(`"arn:${partition}:iam::\${${account}}:root"`, `arn:${partition}:iam::\${${account}}:root`),
            },
          }
        : {};
    }
    return this.ownAccount.value ? { selfAccount: this.ownAccount.value } : {};
  }

  /** Terraform allows one block per address in a module: a second one is an error, said where the first is. */
  private declareOnce(map: Map<string, Declared>, key: string, address: string, block: Block, state: SourceState): void {
    const first = map.get(key);
    if (!first) {
      map.set(key, { value: block, state });
      return;
    }
    const line = new LineIndex(first.state.source.text).positionAt(first.value.span.start).line + 1;
    const where = `${baseName(first.state.file)} line ${line}`;
    const whereJa = `${baseName(first.state.file)} ${line} 行目`;
    const labels = block.labels;
    const span = labels.length > 0 ? { start: labels[0]!.span.start, end: labels[labels.length - 1]!.span.end } : block.span;
    this.duplicates.push({
      state,
      span,
      message: {
        en: `${address} is declared twice in this module (first in ${where}); Terraform rejects the module, and KeyLens reads only the first.`,
        ja: `${address} がこのモジュールで 2 回宣言されています (最初は ${whereJa})。Terraform はこのモジュールを受け付けません。KeyLens は最初の宣言だけを読みます。`,
      },
    });
  }

  private self(type: string, name: string): ResourceRef {
    return { type, name, scope: this.context.scope };
  }

  private address(type: string, name: string): string {
    return `${this.context.addressPrefix}${type}.${name}`;
  }

  // ------------------------------------------------------------------ resources

  private readResource(address: string, { value: block, state }: Declared): void {
    const [type, name] = address.split('.') as [string, string];
    const self = this.self(type, name);
    const label = this.context.addressPrefix + address;
    const argument = (n: string) => attribute(block.body, n)?.value;
    const kind = POLICY_RESOURCES[type];
    const policy = argument('policy');
    if (kind && policy) this.readPolicy(policy, state, kind, this.targetOf(type, self, block, state), label, 0, type === 'aws_iam_policy' ? self : undefined);

    const single = ATTACHMENT_PRINCIPALS[type];
    if (single) {
      const principal = this.principalTarget(argument(single[1]), single[0], state);
      const policyArn = argument('policy_arn');
      if (principal && policyArn) this.attach(policyArn, principal, block, state);
      return;
    }
    const exclusive = EXCLUSIVE_ATTACHMENTS[type];
    if (exclusive) {
      const principal = this.principalTarget(argument(exclusive[1]), exclusive[0], state);
      if (principal) for (const arn of this.items(argument('policy_arns'), state)) this.attach(arn, principal, block, state);
      return;
    }
    switch (type) {
      case 'aws_iam_role':
      case 'aws_iam_user': {
        if (type === 'aws_iam_role') {
          for (const inline of blocks(block.body, 'inline_policy')) {
            const inlinePolicy = attribute(inline.body, 'policy');
            if (inlinePolicy) this.readPolicy(inlinePolicy.value, state, 'identity', { principal: { ref: self } }, `${label}.inline_policy`);
          }
          this.markTrust(argument('assume_role_policy'), state);
          for (const arn of this.items(argument('managed_policy_arns'), state)) this.attach(arn, { ref: self }, block, state);
        }
        const boundary = argument('permissions_boundary');
        const boundaryRef = boundary ? this.refOf(boundary, state) : undefined;
        if (boundaryRef?.type === 'aws_iam_policy' && this.inScope(boundaryRef)) this.boundaries.add(boundaryRef.name);
        break;
      }
      case 'aws_iam_policy_attachment': {
        const policyArn = argument('policy_arn');
        if (!policyArn) break;
        for (const [list, principalType] of [['roles', 'aws_iam_role'], ['users', 'aws_iam_user'], ['groups', 'aws_iam_group']] as const) {
          for (const item of this.items(argument(list), state)) {
            const principal = this.principalTarget(item, principalType, state);
            if (principal) this.attach(policyArn, principal, block, state);
          }
        }
        break;
      }
      case 'aws_iam_group_membership': {
        const group = this.principalTarget(argument('group'), 'aws_iam_group', state);
        if (!group) break;
        for (const item of this.items(argument('users'), state)) {
          const user = this.principalTarget(item, 'aws_iam_user', state);
          if (user) state.out.memberships.push({ file: state.file, group, user, span: block.span });
        }
        break;
      }
      case 'aws_iam_user_group_membership': {
        const user = this.principalTarget(argument('user'), 'aws_iam_user', state);
        if (!user) break;
        for (const item of this.items(argument('groups'), state)) {
          const group = this.principalTarget(item, 'aws_iam_group', state);
          if (group) state.out.memberships.push({ file: state.file, group, user, span: block.span });
        }
        break;
      }
      case 'aws_kms_key':
      case 'aws_kms_replica_key':
        state.out.keys.push({
          file: state.file,
          ref: self,
          address: this.address(type, name),
          span: block.span,
          ...optional('description', this.staticAttribute(block, 'description', state)),
        });
        break;
      case 'aws_kms_alias':
        state.out.aliases.push({
          file: state.file,
          ref: self,
          address: this.address(type, name),
          ...optional('name', this.staticAttribute(block, 'name', state)),
          ...optional('target', this.stringAttribute(block, 'target_key_id', state)),
          span: block.span,
        });
        break;
      case 'aws_kms_grant':
        state.out.grants.push(this.readGrant(block, self, state));
        break;
      case 'aws_s3_bucket':
        for (const configuration of blocks(block.body, 'server_side_encryption_configuration')) {
          this.readEncryptionRules(configuration, this.bucketIdentity(self), state);
        }
        break;
      case 'aws_s3_bucket_server_side_encryption_configuration': {
        const bucket = argument('bucket');
        this.readEncryptionRules(block, bucket ? this.bucketTarget(bucket, state) : undefined, state);
        break;
      }
    }
  }

  private readDataSource(address: string, { value: block, state }: Declared): void {
    const [type, name] = address.split('.') as [string, string];
    const self = this.self(`data.${type}`, name);
    if (type === 'aws_kms_alias') {
      state.out.aliases.push({ file: state.file, ref: self, ...optional('name', this.staticAttribute(block, 'name', state)), span: block.span });
    } else if (type === 'aws_kms_key') {
      state.out.keys.push({ file: state.file, ref: self, address: this.address(`data.${type}`, name), span: block.span });
    } else if (type === 'aws_iam_policy_document') {
      this.readDocumentPolicy(name, block, state);
    }
  }

  /** What a resource's `policy` governs: its key, its bucket, or the principal it is attached to. */
  private targetOf(type: string, self: ResourceRef, block: Block, state: SourceState): PolicyTarget {
    const argument = (name: string): Expression | undefined => attribute(block.body, name)?.value;
    switch (type) {
      case 'aws_kms_key':
        return { key: { ref: self } };
      case 'aws_kms_key_policy': {
        const key = argument('key_id');
        return key ? optional('key', this.keyTarget(key, state)) : {};
      }
      case 'aws_s3_bucket_policy': {
        const bucket = argument('bucket');
        return bucket ? optional('bucket', this.bucketTarget(bucket, state)) : {};
      }
      case 'aws_s3_bucket':
        return { bucket: this.bucketIdentity(self) };
      case 'aws_iam_role_policy':
        return optional('principal', this.principalTarget(argument('role'), 'aws_iam_role', state));
      case 'aws_iam_user_policy':
        return optional('principal', this.principalTarget(argument('user'), 'aws_iam_user', state));
      case 'aws_iam_group_policy':
        return optional('principal', this.principalTarget(argument('group'), 'aws_iam_group', state));
      default:
        return {};
    }
  }

  /** A resource reference written directly or reaching here as a value (`var.role` passed `aws_iam_role.app`). */
  private refOf(operand: Operand, state: SourceState): ResourceRef | undefined {
    if (operand instanceof Evaluated) return operand.value.kind === 'ref' ? operand.value.ref : undefined;
    const expr = operand;
    const direct = state.lowering.ref(expr);
    if (direct) return direct;
    if (isLiteralShape(expr)) return undefined;
    const value = state.lowering.evaluate(expr);
    return value?.kind === 'ref' ? value.ref : undefined;
  }

  /** A string written directly, or known through locals, variables and inputs. */
  private stringOf(operand: Operand, state: SourceState): string | undefined {
    if (operand instanceof Evaluated) return primitiveText(operand.value);
    const expr = operand;
    const literal = staticString(expr);
    if (literal !== undefined) return literal;
    const value = state.lowering.evaluate(expr);
    return value ? primitiveText(value) : undefined;
  }

  /** The items of a list argument: a literal list's items, or the items of the list its value is. */
  private items(expr: Expression | undefined, state: SourceState): readonly Operand[] {
    if (!expr) return [];
    if (expr.kind === 'tuple') return expr.items;
    if (isLiteralShape(expr) || state.lowering.ref(expr)) return [expr];
    const value = state.lowering.evaluate(expr);
    if (value?.kind !== 'list') return [expr];
    return value.items.map((item) => new Evaluated(item));
  }

  private inScope(ref: ResourceRef): boolean {
    return ref.scope === undefined || ref.scope === this.context.scope;
  }

  private keyTarget(expr: Operand, state: SourceState): KeyIdentity | undefined {
    const ref = this.refOf(expr, state);
    if (ref) return ref.type === 'aws_kms_key' || ref.type === 'data.aws_kms_key' || ref.type === 'aws_kms_replica_key' ? { ref: { type: ref.type, name: ref.name, ...optional('scope', ref.scope) } } : undefined;
    const value = this.stringOf(expr, state);
    if (!value) return undefined;
    if (value.startsWith('arn:')) return { arn: value, ...optional('keyId', keyIdOf(value)) };
    return { keyId: value };
  }

  private bucketTarget(expr: Operand, state: SourceState): BucketIdentity | undefined {
    const ref = this.refOf(expr, state);
    if (ref) return ref.type === 'aws_s3_bucket' ? this.bucketIdentity(ref) : undefined;
    const name = this.stringOf(expr, state);
    return name ? { name } : undefined;
  }

  /** A bucket by reference, with its name when the module's `aws_s3_bucket` states it. */
  private bucketIdentity(ref: ResourceRef): BucketIdentity {
    const declared = this.inScope(ref) ? this.resources.get(`aws_s3_bucket.${ref.name}`) : undefined;
    const name = declared ? this.staticAttribute(declared.value, 'bucket', declared.state) : undefined;
    return { ref: { type: 'aws_s3_bucket', name: ref.name, ...optional('scope', ref.scope) }, ...optional('name', name) };
  }

  /** A role, user or group by reference, or by the literal name of one the module declares. */
  private principalTarget(expr: Operand | undefined, type: PrincipalType, state: SourceState): PrincipalIdentity | undefined {
    if (!expr) return undefined;
    const ref = this.refOf(expr, state);
    if (ref) return ref.type === type ? { ref: { type, name: ref.name, ...optional('scope', ref.scope) } } : undefined;
    const name = this.stringOf(expr, state);
    if (!name) return undefined;
    if (!this.resourcesByType) {
      this.resourcesByType = new Map();
      for (const entry of this.resources) {
        const type = entry[0].slice(0, entry[0].indexOf('.'));
        const list = this.resourcesByType.get(type);
        if (list) list.push(entry);
        else this.resourcesByType.set(type, [entry]);
      }
    }
    for (const [address, declared] of this.resourcesByType.get(type) ?? []) {
      if (this.staticAttribute(declared.value, 'name', declared.state) === name) return { ref: this.self(type, address.slice(type.length + 1)) };
    }
    return undefined;
  }

  /**
   * A managed policy attached to a principal: `policy_arn` (or a `managed_policy_arns` item) is a
   * reference to an `aws_iam_policy` or a literal ARN (AWS managed policies); anything else is unknown.
   */
  private attach(policyArn: Operand, principal: PrincipalIdentity, block: Block, state: SourceState): void {
    const ref = this.refOf(policyArn, state);
    if (ref) {
      if (ref.type === 'aws_iam_policy' || ref.type === 'data.aws_iam_policy') {
        state.out.attachments.push({ file: state.file, policy: { ref: { type: ref.type, name: ref.name, ...optional('scope', ref.scope) } }, principal, span: block.span });
      }
      return;
    }
    const arn = this.stringOf(policyArn, state);
    if (arn?.startsWith('arn:')) state.out.attachments.push({ file: state.file, policy: { arn }, principal, span: block.span });
  }

  /** A policy used only as a permissions boundary grants nothing (attached anywhere, it does). */
  private markBoundaries(): void {
    if (this.boundaries.size === 0) return;
    const attached = new Set<string>();
    for (const state of this.states) {
      for (const attachment of state.out.attachments) {
        const ref = attachment.policy.ref;
        if (ref?.type === 'aws_iam_policy' && this.inScope(ref)) attached.add(ref.name);
      }
    }
    for (const state of this.states) {
      state.out.policies.forEach((policy, i) => {
        const ref = policy.ref;
        if (ref?.type === 'aws_iam_policy' && this.boundaries.has(ref.name) && !attached.has(ref.name)) state.out.policies[i] = { ...policy, grantsNothing: true };
      });
    }
  }

  // ------------------------------------------------------------------ policies

  /** A `policy` value: jsonencode, heredoc JSON, a policy document's `.json`, or a local holding one. */
  private readPolicy(expr: Expression, state: SourceState, kind: PolicyKind, target: PolicyTarget, label: string, hops = 0, self?: ResourceRef, encoded = false, usesOnly = false): void {
    const value = unwrapTemplate(expr);
    if (value.kind === 'call' && value.name === 'jsonencode' && value.args.length === 1) {
      const argument = unwrapTemplate(value.args[0]!);
      if (argument.kind === 'object') {
        if (!usesOnly) this.readJsonencodePolicy(argument, state, kind, target, label, self);
      } else this.readPolicy(argument, state, kind, target, label, hops + 1, self, true, usesOnly);
      return;
    }
    if (encoded && value.kind === 'object') {
      if (!usesOnly) this.readJsonencodePolicy(value, state, kind, target, label, self);
      return;
    }
    if (value.kind === 'heredoc') {
      if (!usesOnly) this.readHeredocPolicy(value, state, kind, target, label, self);
      return;
    }
    const ref = state.lowering.ref(value);
    if (ref) {
      if (ref.type === 'data.aws_iam_policy_document' && (ref.attribute === 'json' || ref.attribute === 'minified_json')) setOnce(this.documentUses, ref.name, { kind, target, ...optional('self', self) });
      return;
    }
    if (value.kind === 'getattr' && value.object.kind === 'variable' && value.object.name === 'local' && hops < MAX_LOCAL_HOPS) {
      const local = this.locals.get(value.name);
      if (local) this.readPolicy(local.value, local.state, kind, target, label, hops + 1, self, encoded, usesOnly);
      return;
    }
    if (isLiteralShape(value)) return;
    // An expression choosing the policy (`coalesce(var.policy, data.x.json)`, a variable passed a document).
    const evaluated = state.lowering.evaluate(value);
    if (evaluated?.kind === 'ref') {
      const chosen = evaluated.ref;
      if (chosen.type === 'data.aws_iam_policy_document' && this.inScope(chosen) && (chosen.attribute === 'json' || chosen.attribute === 'minified_json')) {
        setOnce(this.documentUses, chosen.name, { kind, target, ...optional('self', self) });
      }
      return;
    }
    const documents = (evaluated?.kind === 'unknown' ? evaluated.refs ?? [] : []).filter((r) => r.type === 'data.aws_iam_policy_document' && this.inScope(r));
    if (new Set(documents.map((d) => d.name)).size === 1) setOnce(this.possibleUses, documents[0]!.name, { kind, target, ...optional('self', self) });
  }

  private markTrust(expr: Expression | undefined, state: SourceState): void {
    const ref = expr ? this.refOf(expr, state) : undefined;
    if (ref?.type === 'data.aws_iam_policy_document') this.trustDocuments.add(ref.name);
  }

  private readJsonencodePolicy(object: ObjectExpr, state: SourceState, kind: PolicyKind, target: PolicyTarget, label: string, self?: ResourceRef): void {
    const root = state.lowering.lower(object) as PObject;
    const { statementNode, statements } = readStatements(root);
    if (!statementNode) return;
    state.out.policies.push({
      kind,
      file: state.file,
      syntax: 'jsonencode',
      root,
      statementNode,
      statements,
      target,
      label,
      editor: new JsonencodeEditor(state.source.text, state.lowering, state.source.layout, root),
      ...optional('ref', self),
      ...(statementsIncomplete(statementNode) ? { incomplete: true } : {}),
      ...this.selfAccount(),
    });
  }

  /** JSON in a heredoc, parsed by jsonc-parser with its offsets shifted into the .tf file. */
  private readHeredocPolicy(heredoc: HeredocExpr, state: SourceState, kind: PolicyKind, target: PolicyTarget, label: string, self?: ResourceRef): void {
    const json = heredoc.bodyText;
    const base = heredoc.bodySpan.start;
    if (nestedTooDeep(json)) {
      state.out.problems.push({ message: TOO_DEEP_MESSAGE, span: { start: base, end: base + Math.min(1, json.length) } });
      return;
    }
    const errors: ParseError[] = [];
    const tree = parseTree(json, errors, { allowTrailingComma: true, disallowComments: false });
    const first = errors[0];
    if (first) {
      const code = printParseErrorCode(first.error);
      state.out.problems.push({
        message: {
          en: `The JSON policy in this heredoc cannot be parsed (${code}); KeyLens checks what it can read.`,
          ja: `このヒアドキュメントの JSON ポリシーは解析できません (${code})。読み取れた部分だけを検査します。`,
        },
        span: { start: base + first.offset, end: base + first.offset + Math.max(1, first.length) },
      });
    }
    if (!tree || tree.type !== 'object') return;
    const mark = (node: PNode) => markTemplates(node, state.lowering);
    const root = mark(lowerJson(tree, json, base)) as PObject;
    const policy = readJsonPolicy(state.file, state.source.text, root, base, json.length, kind, label);
    if (!policy) return;
    const indent = IndentedHeredocEditor.commonIndent(json);
    const editor = indent ? new IndentedHeredocEditor(json, base, indent, root, mark) : policy.editor;
    state.out.policies.push({ ...policy, syntax: 'heredoc', target, editor, ...optional('ref', self), ...this.selfAccount() });
  }

  private readDocumentPolicy(name: string, block: Block, state: SourceState): void {
    const use = this.documentUses.get(name) ?? this.possibleUses.get(name);
    if (!use && (this.trustDocuments.has(name) || this.mergedOnly.has(name))) return;
    const document = this.mergedDocument(name);
    if (!document) return;
    // A document not used in the module: recognized from its statements like a JSON file (SPEC §1).
    const kind = use?.kind ?? recognizeKind(state.file, document.statements);
    if (!kind) return;
    const editable = new Map([...document.statementBlocks].filter(([, s]) => s.editable).map(([node, s]) => [node, s.block]));
    const whole = this.documentPart(document, state.source.file, state.source.file);
    const policy: Policy = {
      kind,
      file: state.file,
      syntax: 'policy-document',
      root: whole.root,
      statementNode: whole.statementNode,
      statements: whole.statements,
      target: use?.target ?? {},
      label: `${this.context.addressPrefix}data.aws_iam_policy_document.${name}`,
      editor: new PolicyDocumentEditor(state.source.text, state.lowering, state.source.layout, block, editable),
      ...optional('ref', use?.self),
      ...(document.incomplete ? { incomplete: true } : {}),
      ...this.selfAccount(),
    };
    state.out.policies.push(policy);
    // The statements merged in from other files are reported there, judged as part of this policy.
    for (const other of new Set(document.statementFiles.values())) {
      const where = this.states.find((s) => s.source.file === other);
      if (!where) continue;
      const part = this.documentPart(document, state.source.file, other);
      where.out.policies.push({
        ...policy,
        file: where.file,
        root: part.root,
        statementNode: part.statementNode,
        statements: part.statements,
        editor: new HclValueEditor(where.source.text, where.lowering, where.source.layout),
        partOf: policy,
      });
    }
  }

  /**
   * The document as seen from one file: statements written elsewhere stand `ELSEWHERE`, and so does
   * the document's own text when `file` is not its file.
   */
  private documentPart(document: MergedDocument, ownFile: string, file: string) {
    const foreignRoot = file !== ownFile;
    if (document.statementFiles.size === 0 && !foreignRoot) return document;
    const blocks = new Map(document.statementBlocks);
    const home = (node: PObject) => document.statementFiles.get(node) ?? ownFile;
    const items = (document.statementNode as { items: readonly PNode[] }).items.map((node) => {
      if (node.kind !== 'object' || home(node) === file) return node;
      const moved = respan(node, ELSEWHERE) as PObject;
      const source = document.statementBlocks.get(node);
      if (source) blocks.set(moved, { ...source, editable: false });
      return moved;
    });
    const statementNode: PNode = { ...(document.statementNode as { kind: 'array'; span: Span }), items, ...(foreignRoot ? { span: ELSEWHERE } : {}) };
    const root: PObject = {
      ...document.root,
      ...(foreignRoot ? { span: ELSEWHERE } : {}),
      entries: document.root.entries.map((e) => (e.key === 'Statement' ? { ...e, value: statementNode, ...(foreignRoot ? { keySpan: ELSEWHERE, span: ELSEWHERE } : {}) } : foreignRoot ? (respanEntry(e)) : e)),
    };
    return { root, statementNode, statements: documentStatements(root, blocks) };
  }

  private mergedDocument(name: string): MergedDocument | undefined {
    if (this.documents.has(name)) return this.documents.get(name);
    this.documents.set(name, undefined); // a document merging itself (directly or not) merges nothing
    const resolver: DocumentResolver = {
      document: (ref) => {
        if (ref.type !== 'data.aws_iam_policy_document' || !this.inScope(ref) || (ref.attribute !== 'json' && ref.attribute !== 'minified_json')) return undefined;
        const merged = this.mergedDocument(ref.name);
        const declared = this.dataSources.get(`aws_iam_policy_document.${ref.name}`);
        return merged && declared ? { document: merged, file: declared.state.source.file } : undefined;
      },
    };
    const declared = this.dataSources.get(`aws_iam_policy_document.${name}`);
    const merged = declared ? mergeDocuments(declared.value, declared.state.lowering, declared.state.source.file, resolver) : undefined;
    this.documents.set(name, merged);
    return merged;
  }

  // ------------------------------------------------------------------ declarations

  private readGrant(block: Block, self: ResourceRef, state: SourceState): GrantDeclaration {
    const operations: string[] = [];
    for (const item of this.items(attribute(block.body, 'operations')?.value, state)) {
      const operation = this.stringOf(item, state);
      if (operation) operations.push(operation);
    }
    let equals: Record<string, string> | undefined;
    let subset: Record<string, string> | undefined;
    for (const constraint of blocks(block.body, 'constraints')) {
      equals = mergeMap(equals, staticMap(attribute(constraint.body, 'encryption_context_equals')?.value));
      subset = mergeMap(subset, staticMap(attribute(constraint.body, 'encryption_context_subset')?.value));
    }
    return {
      file: state.file,
      ref: self,
      ...optional('name', this.staticAttribute(block, 'name', state)),
      ...optional('key', this.stringAttribute(block, 'key_id', state)),
      ...optional('grantee', this.stringAttribute(block, 'grantee_principal', state)),
      ...optional('retiringPrincipal', this.stringAttribute(block, 'retiring_principal', state)),
      operations,
      ...(equals || subset ? { constraints: { ...optional('encryptionContextEquals', equals), ...optional('encryptionContextSubset', subset) } } : {}),
      span: block.span,
    };
  }

  /** `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } }` */
  private readEncryptionRules(container: Block, bucket: BucketIdentity | undefined, state: SourceState): void {
    const editor = new HclValueEditor(state.source.text, state.lowering, state.source.layout);
    for (const rule of blocks(container.body, 'rule')) {
      for (const byDefault of blocks(rule.body, 'apply_server_side_encryption_by_default')) {
        state.out.encryption.push({
          file: state.file,
          ...optional('bucket', bucket),
          ...optional('algorithm', this.stringAttribute(byDefault, 'sse_algorithm', state)),
          ...optional('keyId', this.stringAttribute(byDefault, 'kms_master_key_id', state)),
          span: byDefault.span,
          editor,
        });
      }
    }
  }

  private staticAttribute(block: Block, name: string, state: SourceState): string | undefined {
    const found = attribute(block.body, name);
    return found ? this.stringOf(found.value, state) : undefined;
  }

  /** An argument that holds a string: unknown expressions (`var.key_id`) stay as unknown strings, never absent. */
  private stringAttribute(block: Block, name: string, state: SourceState): PString | undefined {
    const found = attribute(block.body, name);
    if (!found || found.value.kind === 'invalid') return undefined;
    const node = state.lowering.lower(found.value);
    if (node.kind === 'string') return node;
    if (node.kind !== 'unknown') return undefined;
    const unknown: PString = { kind: 'string', value: '${' + node.text + '}', known: false, span: node.span };
    state.lowering.origins.set(unknown, found.value);
    return unknown;
  }

  // ------------------------------------------------------------------ notes

  /** Turns what evaluations read into notes for findings, and input reads into the instance's read map. */
  private finishNotes(state: SourceState): void {
    const spans = statementSpans(state.out.policies);
    const within = (span: Span): Span => spans.find((s) => s.start <= span.start && span.end <= s.end) ?? span;
    for (const { span, reads } of state.valueReads) {
      // The text is made only for the notes a finding uses (most never are).
      if (reads.some((r) => r.kind !== 'input')) state.out.notes.push(lazyNote(span, within(span), () => readsMessage(reads)!));
      const variables = [...new Set(reads.filter((r) => r.kind === 'input').map((r) => r.name))];
      if (variables.length) state.out.reads.push({ span, variables });
    }
  }
}

function respanEntry(entry: PEntry): PEntry {
  return { ...entry, keySpan: ELSEWHERE, span: ELSEWHERE, value: respan(entry.value, ELSEWHERE) };
}

function isEmpty(reading: FileReading): boolean {
  return Object.values(reading).every((items) => (items as unknown[]).length === 0);
}

function lazyNote(span: Span, within: Span, message: () => Message): ValueNote {
  let made: Message | undefined;
  return {
    span,
    within,
    get message() {
      return (made ??= message());
    },
  };
}

/** Statement spans first (innermost), then policy spans: where a note applies. */
function statementSpans(policies: readonly Policy[]): Span[] {
  const statements = policies.flatMap((p) => p.statements.map((s) => s.node.span)).sort((a, b) => a.end - a.start - (b.end - b.start));
  return [...statements, ...policies.map((p) => p.root.span)];
}

/** Expressions whose shape the reader reads itself (nothing for the evaluator to add). */
function isLiteralShape(expr: Expression): boolean {
  const value = unwrapTemplate(expr);
  return value.kind === 'literal' || value.kind === 'tuple' || value.kind === 'object' || value.kind === 'heredoc' || (value.kind === 'template' && staticString(value) !== undefined);
}

/** A value that reached the reader through the evaluator (an item of `var.roles`), not as written text. */
class Evaluated {
  constructor(readonly value: Value) {}
}

type Operand = Expression | Evaluated;

/** A parsed snippet with every span moved to `span` (it stands for text written there). */
function relocate(expr: Expression, span: Span): Expression {
  const moved = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(moved);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = key.endsWith('pan') && inner && typeof inner === 'object' && 'start' in inner ? span : moved(inner);
    return out;
  };
  return moved(expr) as Expression;
}

/** Strings in heredoc JSON holding Terraform templates are unknown; `"${aws_kms_key.k.arn}"` keeps its reference. */
function markTemplates(node: PNode, lowering: Lowering): PNode {
  switch (node.kind) {
    case 'string':
      return templateString(node, lowering);
    case 'array':
      return { ...node, items: node.items.map((item) => markTemplates(item, lowering)) };
    case 'object':
      return { ...node, entries: node.entries.map((entry) => ({ ...entry, value: markTemplates(entry.value, lowering) })) };
    default:
      return node;
  }
}

function templateString(node: PString, lowering: Lowering): PString {
  const value = node.value;
  if (!value.includes('{')) return node;
  // `$${` and `%%{` are escapes for a literal `${` / `%{`.
  const unescaped = value.replace(/\$\$\{/g, '').replace(/%%\{/g, '');
  if (!unescaped.includes('${') && !unescaped.includes('%{')) {
    const decoded = value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    return decoded === value ? node : { ...node, value: decoded };
  }
  const arn = arnShapeOfTemplate(value);
  const unknown: PString = { ...node, known: false, ...(arn ? { arn } : {}) };
  const whole = /^\$\{([^{}]*)\}$/.exec(value);
  if (!whole) return unknown;
  const { body, problems } = parseHcl(`x = ${whole[1]!.trim()}\n`);
  const item = body.items[0];
  if (problems.length > 0 || item?.kind !== 'attribute') return unknown;
  const expr = relocate(item.value, node.span);
  const ref = lowering.ref(expr);
  if (ref) return { ...unknown, ref };
  // `"${var.key_arn}"`: the value, when the module's values say it.
  const resolved = isLiteralShape(expr) ? undefined : lowering.evaluate(expr, node.span);
  if (resolved?.kind === 'string') return { ...node, value: resolved.value, known: true };
  if (resolved?.kind === 'ref') return { ...unknown, ref: resolved.ref };
  return unknown;
}

/** The ARN shape of a heredoc string with `${...}` interpolations (directives make it unknown throughout). */
function arnShapeOfTemplate(value: string): ArnShape | undefined {
  if (value.includes('%{')) return undefined;
  const pieces: TemplatePiece[] = [];
  let at = 0;
  for (const match of value.matchAll(/\$\{([^{}]*)\}/g)) {
    pieces.push({ literal: value.slice(at, match.index).replace(/\$\$\{/g, '${') }, { hole: holeOf(match[1]!) });
    at = match.index! + match[0].length;
  }
  pieces.push({ literal: value.slice(at).replace(/\$\$\{/g, '${') });
  return arnShape(pieces);
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

function setOnce<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

function definitions<T>(declared: ReadonlyMap<string, Declared<T>>): ReadonlyMap<string, Definition<T>> {
  return new Map([...declared].map(([name, { value, state }]) => [name, { value, source: state.source }]));
}

/** `{ [key]: value }` when the value is defined, `{}` otherwise (the model's optional members stay absent). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
