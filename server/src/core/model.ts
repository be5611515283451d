import type { Span, TextEdit } from './text';
import type { ArnShape } from './arnShape';

/**
 * A source-independent tree of policy values. JSON and Terraform both lower into it, keeping the
 * exact span of every value so rules can point at it and fixes can edit it.
 */
export type PNode = PString | PArray | PObject | PLiteral | PUnknown;

/**
 * A reference to a resource declared in source: a Terraform resource or data source attribute
 * (`aws_kms_key.app.arn`) or a CloudFormation resource (`!GetAtt DataKey.Arn`). Rules never look at
 * `type` strings directly: `refKind` (refs.ts) says what the resource is, whatever the format.
 */
export interface ResourceRef {
  /** As the source spells it: `aws_kms_key`, `data.aws_iam_policy_document`, `AWS::KMS::Key`. */
  readonly type: string;
  /** The resource name (Terraform) or logical id (CloudFormation). */
  readonly name: string;
  readonly attribute?: string;
  /**
   * Where the name is defined: a Terraform module's folder, a template's file. Two references
   * match only in the same scope; a reference without one (older readers, tests) matches any.
   */
  readonly scope?: string;
}

export interface PString {
  readonly kind: 'string';
  /** The literal value; for Terraform templates the text with `${...}` kept verbatim. */
  readonly value: string;
  /** False when the value depends on Terraform expressions (variables, references, interpolation). */
  readonly known: boolean;
  /** When the whole value is one resource attribute reference (`aws_kms_key.k.arn` or `"${aws_kms_key.k.arn}"`). */
  readonly ref?: ResourceRef;
  /** Every resource referenced inside an unknown template value, when the reader knows them (see `referencesIn`). */
  readonly refs?: readonly ResourceRef[];
  /**
   * For an unknown value that is an ARN whose known parts say what it is
   * (`arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app`): its shape. Rules read
   * literal and template ARNs alike through `arnOf` (arnShape.ts).
   */
  readonly arn?: ArnShape;
  readonly span: Span;
}

export interface PArray {
  readonly kind: 'array';
  readonly items: readonly PNode[];
  readonly span: Span;
}

export interface PEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: PNode;
  /** The whole `key: value` member. */
  readonly span: Span;
}

export interface PObject {
  readonly kind: 'object';
  readonly entries: readonly PEntry[];
  readonly span: Span;
}

export interface PLiteral {
  readonly kind: 'literal';
  readonly value: boolean | number | null;
  readonly span: Span;
}

/** A value that cannot be known statically (a Terraform variable, function call, for expression...). */
export interface PUnknown {
  readonly kind: 'unknown';
  readonly text: string;
  readonly span: Span;
}

/** Looks a member up by exact name, then case-insensitively (AWS tolerates `action` for `Action`). */
export function member(object: PObject, key: string): PEntry | undefined {
  let loose: PEntry | undefined;
  for (const entry of object.entries) {
    if (entry.key === key) return entry;
    if (!loose && entry.key.toLowerCase() === key.toLowerCase()) loose = entry;
  }
  return loose;
}

/** The string items of a string-or-array value; unknown items are reported by `hasUnknown`. */
export function stringItems(node: PNode | undefined): { items: PString[]; hasUnknown: boolean } {
  if (!node) return { items: [], hasUnknown: false };
  if (node.kind === 'string') return { items: [node], hasUnknown: !node.known };
  if (node.kind === 'array') {
    const items: PString[] = [];
    let hasUnknown = false;
    for (const item of node.items) {
      if (item.kind === 'string') {
        items.push(item);
        if (!item.known) hasUnknown = true;
      } else hasUnknown = true;
    }
    return { items, hasUnknown };
  }
  return { items: [], hasUnknown: true };
}

export type PolicyKind = 'identity' | 'key' | 'bucket';

/** The reader a file goes through. */
export type SourceLanguage = 'json' | 'terraform' | 'yaml';

/** `template`: a policy document inside a CloudFormation/SAM template (YAML or JSON). */
export type PolicySyntax = 'json' | 'jsonencode' | 'heredoc' | 'policy-document' | 'template';

/** `Action`/`NotAction`, `Resource`/`NotResource`: a string or a list of strings. */
export interface ElementList {
  readonly negated: boolean;
  /** The member name as written (`Action`, `not_actions`, ...). */
  readonly name: string;
  readonly keySpan: Span;
  readonly node: PNode;
  readonly items: readonly PString[];
  /** Some item (or the whole list) is a Terraform expression whose value is unknown. */
  readonly hasUnknown: boolean;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | string;

export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly value: PString;
}

export interface Principals {
  readonly negated: boolean;
  readonly node: PNode;
  /** `"Principal": "*"` */
  readonly wildcard: boolean;
  readonly entries: readonly PrincipalEntry[];
  readonly hasUnknown: boolean;
}

export interface Condition {
  /** The operator as written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `StringEqualsIfExists`. */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly PString[];
  readonly hasUnknown: boolean;
  readonly span: Span;
}

export interface Statement {
  readonly index: number;
  readonly node: PObject;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly actions?: ElementList;
  readonly resources?: ElementList;
  readonly principals?: Principals;
  readonly conditions: readonly Condition[];
  /** The `Condition` member's node (or block span in Terraform), if any. */
  readonly conditionNode?: PNode;
  /**
   * Conditions KeyLens cannot read (`Condition = var.cond`, a `dynamic "condition"` block): the
   * statement may be narrowed in ways `conditions` does not show, so it is never taken as unconditional.
   */
  readonly conditionsUnknown?: boolean;
  /**
   * Whether the statement exists depends on a value KeyLens cannot see (a `dynamic "statement"`
   * block over an unknown `for_each`): it may be there (it may delegate, may allow) or not (it denies nothing for sure).
   */
  readonly mayBeAbsent?: boolean;
}

/** What a policy belongs to, when the source says so (Terraform resources, file names). */
export interface PolicyTarget {
  /** The key a key policy governs: an ARN, key id, or a Terraform reference. */
  readonly key?: KeyIdentity;
  /** The bucket a bucket policy governs. */
  readonly bucket?: BucketIdentity;
  /** The principal an identity policy is attached to (role/user/group ARN or Terraform reference). */
  readonly principal?: PrincipalIdentity;
}

export interface KeyIdentity {
  readonly arn?: string;
  readonly keyId?: string;
  readonly ref?: ResourceRef;
}

export interface BucketIdentity {
  readonly name?: string;
  readonly ref?: ResourceRef;
}

/** An IAM role, user or group: by ARN, or by a reference to where it is declared. */
export interface PrincipalIdentity {
  readonly arn?: string;
  readonly ref?: ResourceRef;
  /** Source text of the Terraform expression naming the principal, for fixes that write it. */
  readonly expression?: string;
}

export interface Policy {
  readonly kind: PolicyKind;
  readonly file: string;
  readonly syntax: PolicySyntax;
  readonly root: PObject;
  /** The `Statement` value (array or single object). */
  readonly statementNode?: PNode;
  readonly statements: readonly Statement[];
  readonly target: PolicyTarget;
  /** A short human label: the Terraform address (`aws_kms_key.app`) or the file name. */
  readonly label: string;
  readonly editor: PolicyEditor;
  /**
   * The resource this policy is, when it can be attached elsewhere by reference (Terraform
   * `aws_iam_policy.x`, CloudFormation `AWS::IAM::ManagedPolicy`): see `PolicyAttachment`.
   */
  readonly ref?: ResourceRef;
  /**
   * Set when the policy grants nothing by itself (a permissions boundary): rules that judge what
   * a policy allows skip it.
   */
  readonly grantsNothing?: boolean;
  /**
   * Statements KeyLens cannot see may belong to the policy (`source_policy_documents = var.extra`, a
   * statement list built by an expression): what it does not allow or delegate is not known.
   */
  readonly incomplete?: boolean;
  /**
   * Set on the part of a policy written in another file than the policy itself (a document merging
   * in a document from another file): it holds every statement, so rules judge the whole policy,
   * but only the statements written in this file have places here. Explain and key look-ups use the
   * whole policy, never its parts.
   */
  readonly partOf?: Policy;
  /**
   * How this policy's source names the account it is deployed in, for fixes that must write it and
   * find no literal account: CloudFormation `AWS::AccountId`, Terraform's `data.aws_caller_identity`
   * when the file declares one.
   */
  readonly selfAccount?: SelfAccount;
}

/** How a source names the account it is deployed in (see `Policy.selfAccount`). */
export interface SelfAccount {
  /** The account id. */
  readonly id: Expression;
  /** The account root principal in a partition (`aws` unless the policy says otherwise). */
  root(partition: string): Expression;
}

/**
 * Where a value written in another file stands in a policy that is not that file's: findings there
 * are reported by the policy part of the file the text is in (see `Policy.partOf`), never here.
 */
export const ELSEWHERE: Span = { start: -1, end: -1 };

/**
 * A managed policy attached to a role, user or group by a separate declaration (Terraform
 * `aws_iam_role_policy_attachment`, `managed_policy_arns`; CloudFormation `ManagedPolicyArns`,
 * `Roles`/`Users`/`Groups` of a managed policy). One policy may be attached to many principals.
 */
export interface PolicyAttachment {
  readonly file: string;
  /** The attached policy: a reference to its declaration, or its ARN. */
  readonly policy: { readonly ref?: ResourceRef; readonly arn?: string };
  readonly principal: PrincipalIdentity;
  readonly span: Span;
}

/** A user's membership of a group (Terraform `aws_iam_group_membership`, CloudFormation `UserToGroupAddition`). */
export interface GroupMembership {
  readonly file: string;
  readonly group: PrincipalIdentity;
  readonly user: PrincipalIdentity;
  readonly span: Span;
}

/** A value a fix writes: JSON data, or an expression of the source format (Terraform, a template intrinsic). */
export type FixValue = string | number | boolean | null | FixValue[] | { [key: string]: FixValue } | Expression;

/** A CloudFormation intrinsic a fix writes: as JSON in a JSON template, as a short form (`!GetAtt DataKey.Arn`) in YAML. */
export type TemplateIntrinsic =
  | { readonly Ref: string }
  | { readonly 'Fn::GetAtt': readonly [string, string] }
  | { readonly 'Fn::Sub': string };

/**
 * A value that names something by reference, written in the syntax of the file it goes into. Each
 * form is optional in effect: an empty `terraform` text cannot go into Terraform, an absent
 * `template` not into a template (editors say so through `canWrite`).
 */
export class Expression {
  constructor(
    /** Terraform expression text (`aws_kms_key.app.arn`); empty when there is none. */
    readonly terraform: string,
    /** The same inside a JSON heredoc (`${aws_kms_key.app.arn}`). */
    readonly jsonFallback: string,
    /** The CloudFormation form. */
    readonly template?: TemplateIntrinsic,
    /** The template (or module) whose names the expression uses: it is valid only there. */
    readonly scope?: string,
  ) {}
}

/**
 * Source-specific edits on a policy, so rules state what to change and each syntax (JSON, jsonencode,
 * heredoc, aws_iam_policy_document) decides how to write it while keeping the layout.
 */
export interface PolicyEditor {
  /** Removes the given items from a list; removing every item is not allowed (callers replace instead). */
  removeItems(list: ElementList, items: readonly PString[]): TextEdit[];
  /** Replaces one item of a list (or the list's single string) with zero or more values, in place. */
  replaceItem(list: ElementList, item: PString, values: readonly string[]): TextEdit[];
  /** Adds values at the end of a list, turning a single string into a list where needed. */
  addItems(list: ElementList, values: readonly string[]): TextEdit[];
  /** Replaces a string (or reference) value. */
  replaceString(node: PString, value: FixValue): TextEdit[];
  /** Appends a statement to the policy. */
  addStatement(statement: { [key: string]: FixValue }): TextEdit[];
  /** Adds a condition to a statement (creating the Condition member/block when absent). */
  addCondition(statement: Statement, operator: string, key: string, values: readonly FixValue[]): TextEdit[];
  /**
   * Whether a value can be written here (an expression of another format or scope cannot). Editors
   * without it follow the policy's syntax: Terraform syntaxes write Terraform expressions, JSON none.
   */
  canWrite?(value: FixValue): boolean;
}

/** An editor for policies with no text of their own to edit (derived policies, plan files): every edit is none. */
export const READ_ONLY_EDITOR: PolicyEditor = {
  removeItems: () => [],
  replaceItem: () => [],
  addItems: () => [],
  replaceString: () => [],
  addStatement: () => [],
  addCondition: () => [],
  canWrite: () => false,
};

export type EncryptionAlgorithm = 'AES256' | 'aws:kms' | 'aws:kms:dsse' | string;

/** An S3 bucket's default encryption (put-bucket-encryption input or Terraform). */
export interface BucketEncryption {
  readonly file: string;
  readonly bucket?: BucketIdentity;
  readonly algorithm?: PString;
  /** `KMSMasterKeyID` / `kms_master_key_id`; absent means the AWS managed `aws/s3` key. */
  readonly keyId?: PString;
  readonly span: Span;
  readonly editor?: PolicyEditor;
}

/** A KMS key declared in the workspace (Terraform `aws_kms_key`). */
export interface KeyDeclaration {
  readonly file: string;
  readonly ref: ResourceRef;
  /** The Terraform address, module path included (`aws_kms_key.app`, `module.data_key.aws_kms_key.this`). */
  readonly address?: string;
  readonly span: Span;
  readonly description?: string;
}

export interface AliasDeclaration {
  readonly file: string;
  readonly ref?: ResourceRef;
  /** The Terraform address, module path included (`module.data_key.aws_kms_alias.this`). */
  readonly address?: string;
  readonly name?: string;
  /** `target_key_id`: usually a reference to an `aws_kms_key`. */
  readonly target?: PString;
  readonly span: Span;
}

export interface GrantDeclaration {
  readonly file: string;
  readonly ref?: ResourceRef;
  readonly name?: string;
  /** Live grants saved from `aws kms list-grants` carry these; Terraform declarations do not. */
  readonly grantId?: string;
  readonly creationDate?: string;
  readonly issuingAccount?: string;
  readonly key?: PString;
  readonly grantee?: PString;
  readonly retiringPrincipal?: PString;
  readonly operations: readonly string[];
  readonly constraints?: { encryptionContextEquals?: Record<string, string>; encryptionContextSubset?: Record<string, string> };
  readonly span: Span;
}

export interface ParseProblem {
  readonly message: { en: string; ja: string };
  readonly span: Span;
  /**
   * A syntax error of the file's own language (not a KeyLens limit such as nesting depth): an editor
   * whose language support already reports syntax errors need not show it twice.
   */
  readonly syntax?: boolean;
}

/**
 * What a finding inside `within` should say about where a value came from: a local, a variable's
 * default or a tfvars file the value was taken from, a document merged in from another file.
 */
export interface ValueNote {
  /** Where the value is used. */
  readonly span: Span;
  /** Findings whose span lies inside this range (the statement or policy using the value) get the note. */
  readonly within: Span;
  readonly message: { en: string; ja: string };
}

/**
 * A reusable module evaluated with the inputs of one call (Terraform `module "x" { source = ... }`):
 * its file is virtual (the module file's text, read with the call's values), and findings in it are
 * reported where the call is (see analyze's relocation).
 */
export interface ModuleInstance {
  /** `module.data_key` (nested: `module.a.module.b`), from the calling module. */
  readonly address: string;
  /** The module file this instance's text is. */
  readonly moduleFile: string;
  /** The `module "x"` block: its header, where findings with no better place go. */
  readonly call: { readonly file: string; readonly span: Span };
  /** Each input the call passes: variable name → the argument in the calling file. */
  readonly arguments: ReadonlyMap<string, { readonly file: string; readonly span: Span }>;
  /** Which input variables each range of the text read (directly or through locals). */
  readonly reads: readonly { readonly span: Span; readonly variables: readonly string[] }[];
}

/** A resource of a `terraform show -json` plan, to name it in findings and find its configuration block. */
export interface PlannedResource {
  /** `module.data_key.aws_kms_key.this` */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** The resource's object in the plan. */
  readonly span: Span;
  /** The folder of the module's configuration, relative to the plan file's folder ('' for the root module), when the plan says it. */
  readonly moduleSource?: string;
}

/** Everything KeyLens understood in one file. */
export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly language: SourceLanguage;
  /** The file is a CloudFormation/SAM template (JSON or YAML, CDK output included). */
  readonly template?: boolean;
  readonly policies: readonly Policy[];
  readonly encryption: readonly BucketEncryption[];
  readonly keys: readonly KeyDeclaration[];
  readonly aliases: readonly AliasDeclaration[];
  readonly grants: readonly GrantDeclaration[];
  readonly attachments: readonly PolicyAttachment[];
  readonly memberships: readonly GroupMembership[];
  readonly problems: readonly ParseProblem[];
  /** Where values used in the file's policies came from (Terraform locals, variables, other files). */
  readonly notes?: readonly ValueNote[];
  /** Set on a `terraform show -json` plan: its resources. */
  readonly planned?: readonly PlannedResource[];
  /** Set on the virtual file of a module instance. */
  readonly instance?: ModuleInstance;
}
