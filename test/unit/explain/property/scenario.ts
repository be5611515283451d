// Random key policies and attached identity policies, as the test's own model. The generator keeps to
// what can be decided from the files: a Terraform role's name never appears as a literal ARN (KeyLens
// cannot see that `name = "r0"` makes arn:...:role/r0), literal users of the key's account are never
// listed in NotPrincipal, and when the key policy names its own account through
// data.aws_caller_identity no literal of that account appears at all (KeyLens then takes literal
// accounts to be other accounts, as it says in a warning).
import { Rng } from '../../../fuzz/prng';

export const KEY_ACCOUNT = '111122223333';
export const PARTNER = '444455556666';
export const VENDOR = '777788889999';

/** A principal as a policy names it. */
export type PrincipalSpec =
  | { readonly kind: 'tf-role'; readonly name: string }
  | { readonly kind: 'tf-user'; readonly name: string }
  | { readonly kind: 'account'; readonly account: string; readonly form: 'root' | 'id' | 'caller-identity' }
  | { readonly kind: 'arn'; readonly arn: string };

export type ConditionValueSpec = { readonly literal: string } | { readonly ref: 'aws_iam_role' | 'aws_iam_user'; readonly name: string };

export interface ConditionSpec {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly ConditionValueSpec[];
}

export interface ActionSpec {
  readonly not: boolean;
  readonly patterns: readonly string[];
}

export type ResourceItem = 'star' | 'this-key' | 'other-key' | 'account-keys' | 'other-account-keys' | 'alias';

export interface KeyStatementSpec {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: { readonly kind: 'list' | 'not'; readonly entries: readonly PrincipalSpec[] } | { readonly kind: 'star' };
  readonly actions: ActionSpec;
  readonly conditions: readonly ConditionSpec[];
}

export interface IdentityStatementSpec {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: ActionSpec;
  readonly resources: { readonly not: boolean; readonly items: readonly ResourceItem[] };
  readonly conditions: readonly ConditionSpec[];
}

export type AttachmentStyle = 'attachment' | 'policy-attachment' | 'managed-policy-arns';

export interface IdentityPolicySpec {
  readonly name: string;
  /** inline_policy (role), aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, or aws_iam_policy + attachments. */
  readonly form: 'inline' | 'role-policy' | 'user-policy' | 'group-policy' | 'managed';
  readonly attachedTo: readonly { readonly kind: 'role' | 'user' | 'group'; readonly name: string; readonly style: AttachmentStyle }[];
  readonly statements: readonly IdentityStatementSpec[];
  readonly document: boolean;
}

export interface GroupSpec {
  readonly name: string;
  readonly members: readonly string[];
  readonly style: 'group-membership' | 'user-group-membership';
}

export interface Scenario {
  readonly ownAccountForm: 'literal' | 'caller-identity';
  readonly keyPolicyForm: 'key' | 'key-policy-resource' | 'document';
  readonly roles: readonly string[];
  readonly users: readonly string[];
  readonly groups: readonly GroupSpec[];
  readonly keyStatements: readonly KeyStatementSpec[];
  readonly policies: readonly IdentityPolicySpec[];
  /** Split into kms.tf and iam.tf. */
  readonly split: boolean;
  /** The account of each declared role and user (JSON scenarios place some roles in another account). */
  readonly homes: Readonly<Record<string, string>>;
}

/** The account a declared role or user lives in. */
export function homeOf(scenario: Scenario, name: string): string {
  return scenario.homes[name] ?? KEY_ACCOUNT;
}

/** The ARN of a declared role or user. */
export function declaredArn(scenario: Scenario, kind: 'role' | 'user', name: string): string {
  return `arn:aws:iam::${homeOf(scenario, name)}:${kind}/${name}`;
}

const ACTIONS = ['kms:*', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:Describe*', 'kms:ScheduleKeyDeletion', 'kms:Put*', 'kms:List*', 'kms:Get*', 'kms:Sign', '*'];
const VIA = ['s3.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'];
const TEAMS = ['red', 'blue'];

function pickSome<T>(rng: Rng, items: readonly T[], low: number, high: number): T[] {
  const count = Math.min(items.length, rng.range(low, high));
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count) out.push(pool.splice(rng.int(pool.length), 1)[0]!);
  return out;
}

function actions(rng: Rng): ActionSpec {
  return { not: rng.chance(0.15), patterns: pickSome(rng, ACTIONS, 1, 3) };
}

class Generator {
  readonly ownLiteral: boolean;
  readonly roles: string[];
  readonly users: string[];
  readonly groups: GroupSpec[];

  /** JSON policies name every principal by ARN, so key policy conditions may name declared ones too. */
  constructor(
    private readonly rng: Rng,
    private readonly json = false,
  ) {
    this.ownLiteral = rng.chance(0.7);
    this.roles = Array.from({ length: rng.range(1, 3) }, (_, i) => `r${i}`);
    this.users = Array.from({ length: rng.range(0, 3) }, (_, i) => `u${i}`);
    this.groups = this.users.length === 0 ? [] : Array.from({ length: rng.range(0, 2) }, (_, i) => ({
      name: `g${i}`,
      members: pickSome(rng, this.users, 0, this.users.length),
      style: rng.chance(0.5) ? ('group-membership' as const) : ('user-group-membership' as const),
    }));
  }

  /** Literal principals of the key policy: roles of the key's account (when it is written literally) and of others. */
  literalArns(): string[] {
    const own = this.ownLiteral ? [`arn:aws:iam::${KEY_ACCOUNT}:role/ops`, `arn:aws:iam::${KEY_ACCOUNT}:role/auditor`] : [];
    return [...own, `arn:aws:iam::${PARTNER}:role/partner`, `arn:aws:iam::${PARTNER}:user/bob`, `arn:aws:iam::${VENDOR}:role/vendor`];
  }

  ownAccount(): PrincipalSpec {
    if (!this.ownLiteral) return { kind: 'account', account: KEY_ACCOUNT, form: 'caller-identity' };
    return { kind: 'account', account: KEY_ACCOUNT, form: this.rng.chance(0.8) ? 'root' : 'id' };
  }

  otherAccount(): PrincipalSpec {
    return { kind: 'account', account: this.rng.pick([PARTNER, VENDOR]), form: this.rng.chance(0.7) ? 'root' : 'id' };
  }

  tfPrincipal(): PrincipalSpec {
    if (this.users.length > 0 && this.rng.chance(0.4)) return { kind: 'tf-user', name: this.rng.pick(this.users) };
    return { kind: 'tf-role', name: this.rng.pick(this.roles) };
  }

  principal(): PrincipalSpec {
    const roll = this.rng.int(10);
    if (roll < 3) return this.tfPrincipal();
    if (roll < 6) return { kind: 'arn', arn: this.rng.pick(this.literalArns()) };
    if (roll < 8) return this.otherAccount();
    return this.ownAccount();
  }

  accounts(): string[] {
    return this.ownLiteral ? [KEY_ACCOUNT, PARTNER, VENDOR] : [PARTNER, VENDOR];
  }

  condition(identity: boolean): ConditionSpec {
    const rng = this.rng;
    const lit = (values: readonly string[]) => values.map((literal) => ({ literal }));
    switch (rng.int(identity ? 8 : 7)) {
      case 0:
        return { operator: rng.pick(['StringEquals', 'StringNotEquals']), key: rng.pick(['kms:CallerAccount', 'aws:PrincipalAccount']), values: lit(pickSome(rng, this.accounts(), 1, 2)) };
      case 1:
        return { operator: rng.pick(['StringEquals', 'StringNotEquals', 'StringEqualsIfExists']), key: 'kms:ViaService', values: lit(pickSome(rng, VIA, 1, 2)) };
      case 2:
        return { operator: rng.pick(['StringLike', 'StringNotLike']), key: 'kms:ViaService', values: lit(['s3.*']) };
      case 3:
        return { operator: rng.pick(['StringEquals', 'StringNotEquals']), key: 'kms:EncryptionContext:team', values: lit([rng.pick(TEAMS)]) };
      case 4: {
        const patterns = [`arn:aws:iam::${PARTNER}:role/*`, `arn:aws:iam::${PARTNER}:role/partner`, `arn:aws:iam::${VENDOR}:*`];
        if (this.ownLiteral) patterns.push(`arn:aws:iam::${KEY_ACCOUNT}:role/*`, `arn:aws:iam::${KEY_ACCOUNT}:user/*`);
        return { operator: rng.pick(['ArnLike', 'ArnNotLike']), key: 'aws:PrincipalArn', values: lit(pickSome(rng, patterns, 1, 2)) };
      }
      case 5:
        return { operator: 'StringEquals', key: 'aws:PrincipalType', values: lit([rng.pick(['AssumedRole', 'User', 'Account'])]) };
      case 6:
        return { operator: 'Bool', key: 'aws:SecureTransport', values: lit([rng.pick(['true', 'false'])]) };
      default: {
        const principal = this.tfPrincipal();
        const ref = principal.kind === 'tf-user' ? ('aws_iam_user' as const) : ('aws_iam_role' as const);
        return { operator: rng.pick(['ArnEquals', 'ArnLike', 'ArnNotEquals']), key: 'aws:PrincipalArn', values: [{ ref, name: (principal as { name: string }).name }] };
      }
    }
  }

  conditions(identity: boolean): ConditionSpec[] {
    if (!this.rng.chance(0.45)) return [];
    const conditions = Array.from({ length: this.rng.range(1, 2) }, () => this.condition(identity));
    // One operator and key once per statement: a policy cannot repeat a JSON member.
    return conditions.filter((c, i) => conditions.findIndex((d) => d.operator === c.operator && d.key === c.key) === i);
  }

  keyStatements(): KeyStatementSpec[] {
    const rng = this.rng;
    const statements: KeyStatementSpec[] = [];
    const root = this.ownLiteral ? rng.chance(0.85) : true;
    if (root) {
      const conditions = rng.chance(0.3) ? this.conditions(false) : [];
      statements.push({ sid: 'Enable IAM User Permissions', effect: 'Allow', principal: { kind: 'list', entries: [this.ownAccount()] }, actions: rng.chance(0.7) ? { not: false, patterns: ['kms:*'] } : actions(rng), conditions });
    } else {
      // Without a root statement the key's account is told by its administrators.
      statements.push({ sid: 'Admin', effect: 'Allow', principal: { kind: 'list', entries: [{ kind: 'arn', arn: `arn:aws:iam::${KEY_ACCOUNT}:role/ops` }] }, actions: { not: false, patterns: ['kms:*'] }, conditions: [] });
    }
    const extra = rng.range(0, 4);
    for (let i = 0; i < extra; i++) {
      const deny = rng.chance(0.3);
      const sid = `S${i}`;
      if (deny) {
        const roll = rng.int(3);
        const principal =
          roll === 0
            ? ({ kind: 'star' } as const)
            : roll === 1
              ? { kind: 'not' as const, entries: this.notPrincipals() }
              : { kind: 'list' as const, entries: Array.from({ length: rng.range(1, 2) }, () => this.principal()) };
        statements.push({ sid, effect: 'Deny', principal, actions: actions(rng), conditions: this.conditions(this.json) });
        continue;
      }
      let entries = Array.from({ length: rng.range(1, 3) }, () => this.principal());
      // Without a root statement, only account principals of other accounts: the administrators stay the key's account.
      if (!root) entries = entries.filter((e) => e.kind !== 'arn' || e.arn.includes(`::${KEY_ACCOUNT}:`));
      if (entries.length === 0) continue;
      statements.push({ sid, effect: 'Allow', principal: { kind: 'list', entries }, actions: actions(rng), conditions: this.conditions(this.json) });
    }
    return statements;
  }

  /** What a Deny exempts: the key's account, roles (which exempt no session), users with their account. */
  notPrincipals(): PrincipalSpec[] {
    const rng = this.rng;
    const entries: PrincipalSpec[] = [this.ownAccount()];
    if (rng.chance(0.5)) entries.push(this.tfPrincipal());
    if (this.ownLiteral && rng.chance(0.3)) entries.push({ kind: 'arn', arn: `arn:aws:iam::${KEY_ACCOUNT}:role/ops` });
    if (rng.chance(0.3)) entries.push({ kind: 'arn', arn: `arn:aws:iam::${PARTNER}:user/bob` }, { kind: 'account', account: PARTNER, form: 'root' });
    return entries;
  }

  resources(): { not: boolean; items: ResourceItem[] } {
    const items: ResourceItem[] = ['star', 'this-key', 'other-key', 'other-account-keys', 'alias'];
    if (this.ownLiteral) items.push('account-keys');
    return { not: this.rng.chance(0.1), items: pickSome(this.rng, items, 1, 2) };
  }

  policies(): IdentityPolicySpec[] {
    const rng = this.rng;
    const count = rng.range(1, 5);
    const policies: IdentityPolicySpec[] = [];
    for (let i = 0; i < count; i++) {
      const forms: IdentityPolicySpec['form'][] = ['inline', 'role-policy', 'managed', 'managed'];
      if (this.users.length) forms.push('user-policy');
      if (this.groups.length) forms.push('group-policy', 'managed');
      const form = rng.pick(forms);
      const statements = Array.from({ length: rng.range(1, 3) }, () => ({
        effect: rng.chance(0.8) ? ('Allow' as const) : ('Deny' as const),
        actions: actions(rng),
        resources: this.resources(),
        conditions: this.conditions(true),
      }));
      let attachedTo: IdentityPolicySpec['attachedTo'];
      switch (form) {
        case 'inline':
        case 'role-policy':
          attachedTo = [{ kind: 'role', name: rng.pick(this.roles), style: 'attachment' }];
          break;
        case 'user-policy':
          attachedTo = [{ kind: 'user', name: rng.pick(this.users), style: 'attachment' }];
          break;
        case 'group-policy':
          attachedTo = [{ kind: 'group', name: rng.pick(this.groups).name, style: 'attachment' }];
          break;
        case 'managed': {
          const targets = [
            ...this.roles.map((name) => ({ kind: 'role' as const, name })),
            ...this.users.map((name) => ({ kind: 'user' as const, name })),
            ...this.groups.map((g) => ({ kind: 'group' as const, name: g.name })),
          ];
          attachedTo = pickSome(rng, targets, 1, 3).map((t) => ({
            ...t,
            style: rng.pick(t.kind === 'role' ? (['attachment', 'policy-attachment', 'managed-policy-arns'] as const) : (['attachment', 'policy-attachment'] as const)),
          }));
          break;
        }
      }
      policies.push({ name: `p${i}`, form, attachedTo, statements, document: rng.chance(0.25) });
    }
    return policies;
  }
}

export function generateScenario(seed: number, json = false): Scenario {
  const rng = new Rng(seed);
  const g = new Generator(rng, json);
  return {
    ownAccountForm: g.ownLiteral ? 'literal' : 'caller-identity',
    keyPolicyForm: rng.pick(['key', 'key', 'key-policy-resource', 'document'] as const),
    roles: g.roles,
    users: g.users,
    groups: g.groups,
    keyStatements: g.keyStatements(),
    policies: g.policies(),
    split: rng.chance(0.3),
    homes: {},
  };
}

/**
 * The same scenarios for JSON policies (a live key policy and identity policies attached to ARNs):
 * the key's own account is written literally, and roles with IAM policies may live in another
 * account, whose IAM policies are then in the workspace too.
 */
export function generateJsonScenario(seed: number): Scenario {
  const scenario = generateScenario(seed, true);
  const rng = new Rng(seed ^ 0x5f3759df);
  const homes: Record<string, string> = {};
  // A role of another account moves there with its IAM policies, so the workspace holds its side too.
  const attached = (role: string) => scenario.policies.some((p) => p.attachedTo.some((t) => t.kind === 'role' && t.name === role));
  for (const role of scenario.roles) if (role !== 'r0' && attached(role) && rng.chance(0.4)) homes[role] = rng.pick([PARTNER, VENDOR]);
  return { ...scenario, ownAccountForm: 'literal', homes };
}
