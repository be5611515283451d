import type { Message } from '../finding';
import type { AccessEntry, ExplainReport, Via } from './report';

/**
 * What a principal can do with a key, in the groups people ask about: using it (encrypt, decrypt,
 * data keys, re-encrypt, signing and MACs), managing it (policy, deletion and state, rotation,
 * aliases), and grants. Operations a group does not name fall into "other". Pure: shared by the
 * explain view, its Markdown copy and the key hover, over the SPEC §3 report shape (extra fields
 * are ignored).
 */
export interface CapabilityGroup {
  readonly id: string;
  readonly section: 'use' | 'manage' | 'grants' | 'other';
  readonly label: Message;
  /** Full action names (`kms:Encrypt`). */
  readonly operations: readonly string[];
}

const group = (id: string, section: CapabilityGroup['section'], en: string, ja: string, operations: readonly string[]): CapabilityGroup => ({
  id,
  section,
  label: { en, ja },
  operations: operations.map((o) => `kms:${o}`),
});

export const CAPABILITY_GROUPS: readonly CapabilityGroup[] = [
  group('encrypt', 'use', 'Encrypt', '暗号化', ['Encrypt']),
  group('decrypt', 'use', 'Decrypt', '復号', ['Decrypt']),
  group('data-keys', 'use', 'Data keys', 'データキー', ['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']),
  group('re-encrypt', 'use', 'Re-encrypt', '再暗号化', ['ReEncryptFrom', 'ReEncryptTo']),
  group('sign', 'use', 'Sign / MAC', '署名 / MAC', ['Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'GetPublicKey', 'DeriveSharedSecret']),
  group('policy', 'manage', 'Key policy', 'キーポリシー', ['PutKeyPolicy', 'GetKeyPolicy', 'ListKeyPolicies']),
  group('deletion', 'manage', 'Delete / disable', '削除 / 無効化', ['ScheduleKeyDeletion', 'CancelKeyDeletion', 'DisableKey', 'EnableKey', 'DeleteImportedKeyMaterial']),
  group('rotation', 'manage', 'Rotation', 'ローテーション', ['EnableKeyRotation', 'DisableKeyRotation', 'RotateKeyOnDemand', 'GetKeyRotationStatus', 'ListKeyRotations']),
  group('aliases', 'manage', 'Aliases', 'エイリアス', ['CreateAlias', 'UpdateAlias', 'DeleteAlias']),
  group('grants', 'grants', 'Grants', 'グラント', ['CreateGrant', 'RetireGrant', 'RevokeGrant', 'ListGrants', 'ListRetirableGrants']),
];

export const OTHER_GROUP: CapabilityGroup = { id: 'other', section: 'other', label: { en: 'Other', ja: 'その他' }, operations: [] };

/** The groups a matrix shows, "other" last. */
export const MATRIX_GROUPS: readonly CapabilityGroup[] = [...CAPABILITY_GROUPS, OTHER_GROUP];

const GROUP_OF = new Map<string, CapabilityGroup>();
for (const g of CAPABILITY_GROUPS) for (const operation of g.operations) GROUP_OF.set(operation.toLowerCase(), g);

export function groupOf(operation: string): CapabilityGroup {
  return GROUP_OF.get(operation.toLowerCase()) ?? OTHER_GROUP;
}

/** One path to access, shortened for a cell: which statement, delegation or grant. */
export interface PathLabel {
  readonly kind: Via['kind'];
  /** `"Allow use of the key"`, `111122223333 (app-policy.json)`, `grant app-grant`. */
  readonly text: string;
}

export interface CapabilityCell {
  readonly group: CapabilityGroup;
  /** Allowed operations of the group. */
  readonly operations: readonly string[];
  /** The group's size (for "other": the operations allowed). */
  readonly total: number;
  /** Every operation of the group is allowed. */
  readonly complete: boolean;
  /** Denied operations of the group (a Deny statement naming this principal). */
  readonly denied: readonly string[];
  readonly paths: readonly PathLabel[];
}

export interface MatrixRow {
  readonly principal: string;
  readonly entry?: AccessEntry;
  /** Every KMS operation (`kms:*`), when the report's operation count says so. */
  readonly allOperations: boolean;
  readonly conditional: boolean;
  readonly crossAccount: boolean;
  readonly grantOnly: boolean;
  readonly cells: ReadonlyMap<string, CapabilityCell>;
}

export interface AccessMatrix {
  readonly rows: readonly MatrixRow[];
  readonly groups: readonly CapabilityGroup[];
}

/**
 * The report as principals × capability groups. `allOperationsCount` (how many KMS actions exist)
 * lets a principal with `kms:*` read "all operations"; without it, a row is "all" when every group is complete.
 */
export function accessMatrix(report: Pick<ExplainReport, 'access' | 'denies'>, allOperationsCount?: number): AccessMatrix {
  const denied = new Map<string, Set<string>>();
  for (const deny of report.denies ?? []) {
    const set = denied.get(deny.principal) ?? new Set<string>();
    for (const operation of deny.operations ?? []) set.add(operation);
    denied.set(deny.principal, set);
  }
  const rows: MatrixRow[] = [];
  const seen = new Set<string>();
  for (const entry of report.access ?? []) {
    seen.add(entry.principal);
    rows.push(row(entry.principal, entry, denied.get(entry.principal) ?? new Set(), allOperationsCount));
  }
  // Principals that are only denied (`Deny` to `*`, to a role...) still get a row: the Deny matters.
  for (const [principal, operations] of denied) if (!seen.has(principal)) rows.push(row(principal, undefined, operations, allOperationsCount));
  return { rows, groups: MATRIX_GROUPS };
}

function row(principal: string, entry: AccessEntry | undefined, denied: ReadonlySet<string>, allOperationsCount: number | undefined): MatrixRow {
  const operations = entry?.operations ?? [];
  const cells = new Map<string, CapabilityCell>();
  for (const g of MATRIX_GROUPS) {
    const allowed = operations.filter((o) => groupOf(o) === g);
    const deniedHere = [...denied].filter((o) => groupOf(o) === g || (o === '*' && g !== OTHER_GROUP));
    if (allowed.length === 0 && deniedHere.length === 0) continue;
    const total = g === OTHER_GROUP ? allowed.length : g.operations.length;
    const paths = entry ? pathsFor(entry.via, allowed) : [];
    cells.set(g.id, { group: g, operations: allowed, total, complete: g !== OTHER_GROUP && allowed.length >= total, denied: deniedHere, paths });
  }
  const everyGroup = CAPABILITY_GROUPS.every((g) => cells.get(g.id)?.complete);
  return {
    principal,
    ...(entry ? { entry } : {}),
    allOperations: allOperationsCount ? operations.length >= allOperationsCount : everyGroup,
    conditional: !!entry && Object.keys(entry.conditions ?? {}).length > 0,
    crossAccount: entry?.crossAccount === true,
    grantOnly: entry?.grantOnly === true,
    cells,
  };
}

/** The paths that give any of `operations`, each once. */
function pathsFor(via: readonly Via[], operations: readonly string[]): PathLabel[] {
  const wanted = new Set(operations.map((o) => o.toLowerCase()));
  const labels: PathLabel[] = [];
  const seen = new Set<string>();
  for (const path of via ?? []) {
    if (!(path.operations ?? []).some((o) => wanted.has(o.toLowerCase()))) continue;
    const label = pathLabel(path);
    const id = `${label.kind}\u0000${label.text}`;
    if (seen.has(id)) continue;
    seen.add(id);
    labels.push(label);
  }
  return labels;
}

export function pathLabel(via: Via): PathLabel {
  switch (via.kind) {
    case 'key-policy':
      return { kind: via.kind, text: `"${via.statement}"` };
    case 'iam-delegation': {
      const policies = (via.policies ?? []).map((p) => p.policy).filter(Boolean);
      const statement = via.statement !== undefined ? `"${via.statement}" → ` : '';
      return { kind: via.kind, text: `${statement}${via.account}${policies.length ? `: ${policies.join(', ')}` : ''}` };
    }
    case 'grant':
      return { kind: via.kind, text: String(via.name ?? via.grantId ?? '?') };
    default:
      return { kind: (via as { kind: Via['kind'] }).kind, text: JSON.stringify(via) };
  }
}
