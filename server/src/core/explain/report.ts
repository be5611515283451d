import type { KeyManager, KmsGrant, KmsGrantConstraints, SourceState } from './snapshot';

/** IAM-style conditions: `{ "StringEquals": { "kms:CallerAccount": ["111122223333"] } }` (values always lists). */
export type Conditions = Record<string, Record<string, string[]>>;

export interface KeyPolicyVia {
  readonly kind: 'key-policy';
  /** The statement's Sid, or `#<index>` (0-based) when it has none. */
  readonly statement: string;
  /** The operations this path gives (an addition to SPEC §3, so one entry can list several paths). */
  readonly operations: string[];
  /**
   * For a principal of another account whose IAM policies are in the workspace: the policies that
   * allow it what the statement gives (both are needed).
   */
  readonly policies?: DelegatedPolicy[];
}

export interface DelegatedPolicy {
  /** The policy's label: Terraform address or file name. */
  readonly policy: string;
  readonly file: string;
  /** The role/user/group the policy is attached to, when the workspace says. */
  readonly principal?: string;
  /** The group through which `principal` (a member of it) gets the policy. */
  readonly group?: string;
  /** Operations on this key the IAM policy allows (before the key policy's limit). */
  readonly operations: string[];
}

export interface IamDelegationVia {
  readonly kind: 'iam-delegation';
  readonly account: string;
  /** Workspace IAM identity policies that allow kms operations on this key for principals of `account`. */
  readonly policies: DelegatedPolicy[];
  /** The key policy statement that delegates to the account. */
  readonly statement?: string;
  /** The account is not the key's: its principals need this key policy AND their own IAM policy. */
  readonly crossAccount: boolean;
  readonly operations: string[];
}

export interface GrantVia {
  readonly kind: 'grant';
  readonly grantId: string | null;
  readonly name: string | null;
  readonly constraints: KmsGrantConstraints | null;
  readonly retiringPrincipal: string | null;
  /** `service:<name>` for service-created grants, the Terraform address for workspace grants, else null. */
  readonly createdBy: string | null;
  /** `grantee` for the grant's operations, `retiring-principal` for the right to retire it. */
  readonly role: 'grantee' | 'retiring-principal';
  readonly operations: string[];
}

export type Via = KeyPolicyVia | IamDelegationVia | GrantVia;

export interface AccessEntry {
  /** An ARN, an account id, `"*"` or `"service:<name>"` (or Terraform expression text in workspace mode). */
  readonly principal: string;
  /** Full `kms:` action names after wildcard expansion, sorted. */
  readonly operations: string[];
  readonly conditions: Conditions;
  /**
   * Further condition blocks that must hold as well as `conditions` (another policy on the same path
   * uses the same operator and key, and the two cannot be written as one block). All must hold.
   */
  readonly moreConditions?: Conditions[];
  readonly via: Via[];
  /** The principal belongs to another account than the key's. */
  readonly crossAccount?: boolean;
  /**
   * Access comes from grants alone: the key policy (known) neither allows this principal nor
   * delegates to its account, so retiring the grants removes it.
   */
  readonly grantOnly?: boolean;
  /** For `NotPrincipal`: everyone except these. */
  readonly except?: string[];
  /**
   * Operations the paths grant to a principal of another account that KMS never performs across
   * accounts (key administration, ...): granted, without effect. Not in `operations`.
   */
  readonly ineffective?: string[];
  /** Operations the paths allow that a Deny always removes for this principal (see `denies`). Not in `operations`. */
  readonly denied?: string[];
}

export interface ReportGrant extends KmsGrant {
  readonly createdBy: string | null;
  readonly explanation: string;
  /** What breaks when the grant is retired or revoked, for recognized service grants. */
  readonly retireImpact?: string;
  /** Short id of the recognized AWS service (`lambda`, `ebs`, ...). */
  readonly service?: string;
}

/** The `keylens explain --format json` object (SPEC §3). */
export interface ExplainReport {
  readonly key: {
    readonly arn: string | null;
    readonly keyId: string | null;
    readonly account: string | null;
    readonly region: string | null;
    readonly keyManager: KeyManager | null;
    readonly state: string | null;
    readonly aliases: string[];
    readonly description?: string;
    /** Workspace mode: where the key is declared (`aws_kms_key.app`), when it has no ARN yet. */
    readonly address?: string;
  };
  readonly sources: { readonly keyPolicy: SourceState; readonly grants: SourceState; readonly aliases: SourceState };
  readonly access: AccessEntry[];
  readonly denies: AccessEntry[];
  readonly grants: ReportGrant[];
  readonly warnings: { readonly message: string }[];
}
