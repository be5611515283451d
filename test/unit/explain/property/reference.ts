// A small reference evaluator written for this test from the IAM and KMS evaluation logic (IAM user
// guide "Policy evaluation logic", KMS developer guide "Troubleshooting key access" and "Allowing
// users in other accounts to use a KMS key"), over the scenario model — not over KeyLens's parse.
// It decides concrete requests: a principal, an operation and every combination of the request
// values the policies test; a verdict is "some request of this principal for this operation is allowed".
//
//   explicit Deny (key policy or the principal's IAM policies) > key policy Allow naming the principal
//   > key policy Allow naming its account + the principal's IAM policy Allow;
//   another account's principals need both sides and only get the cross-account operations.
import { KEY_ACCOUNT, PARTNER, VENDOR, declaredArn, homeOf, type ActionSpec, type ConditionSpec, type IdentityStatementSpec, type KeyStatementSpec, type PrincipalSpec, type ResourceItem, type Scenario } from './scenario';

/** Written from the KMS developer guide's list for this oracle, not taken from KeyLens. */
const CROSS_ACCOUNT = new Set(
  'Decrypt DeriveSharedSecret Encrypt GenerateDataKey GenerateDataKeyPair GenerateDataKeyPairWithoutPlaintext GenerateDataKeyWithoutPlaintext GenerateMac ReEncryptFrom ReEncryptTo Sign Verify VerifyMac CreateGrant DescribeKey GetKeyRotationStatus GetPublicKey ListGrants RetireGrant RevokeGrant'
    .split(' ')
    .map((name) => `kms:${name}`),
);

export interface Principal {
  readonly arn: string;
  readonly account: string;
  readonly type: 'AssumedRole' | 'User' | 'Account';
  readonly tf?: { readonly kind: 'role' | 'user'; readonly name: string };
}

/** How much of a principal's side is known: all its IAM policies, none (any), or only what the key policy says. */
type Mode = 'closed' | 'any-iam' | 'key-policy-only';

type Context = ReadonlyMap<string, string>;

const compiled = new Map<string, RegExp>();

function glob(pattern: string, text: string, ignoreCase = false): boolean {
  const id = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regex = compiled.get(id);
  if (!regex) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    compiled.set(id, (regex = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's')));
  }
  return regex.test(text);
}

function arnGlob(pattern: string, arn: string): boolean {
  const split = (text: string) => {
    const parts = text.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const a = split(arn);
  return !!p && !!a && p.every((part, i) => glob(part, a[i]!));
}

function conditionHolds(scenario: Scenario, condition: ConditionSpec, context: Context): boolean {
  const values = condition.values.map((v) => ('literal' in v ? v.literal : declaredArn(scenario, v.ref === 'aws_iam_role' ? 'role' : 'user', v.name)));
  const value = context.get(condition.key.toLowerCase() === 'aws:principalaccount' ? 'kms:calleraccount' : condition.key.toLowerCase());
  const ifExists = condition.operator.endsWith('IfExists');
  const base = ifExists ? condition.operator.slice(0, -'IfExists'.length) : condition.operator;
  const negated = base.includes('Not');
  if (value === undefined) return ifExists || negated;
  let matched: boolean;
  switch (base.replace('Not', '')) {
    case 'StringEquals':
      matched = values.includes(value);
      break;
    case 'StringLike':
      matched = values.some((p) => glob(p, value));
      break;
    case 'ArnEquals':
    case 'ArnLike':
      matched = values.some((p) => arnGlob(p, value));
      break;
    case 'Bool':
      matched = values.some((v) => v.toLowerCase() === value.toLowerCase());
      break;
    default:
      throw new Error(`reference: operator ${condition.operator} not modelled`);
  }
  return negated ? !matched : matched;
}

export class Reference {
  readonly operations: readonly string[];
  private readonly contexts: Map<string, string>[];

  constructor(
    readonly scenario: Scenario,
    allOperations: readonly string[],
  ) {
    this.operations = allOperations;
    this.contexts = this.freeContexts();
  }

  /**
   * Every combination of the request values the policies test that no principal fixes: one value of
   * each kind the conditions tell apart (a listed value, another matching s3.*, one matching nothing), and absence.
   */
  private freeContexts(): Map<string, string>[] {
    const domains: Record<string, (string | undefined)[]> = {
      'kms:viaservice': ['s3.us-east-1.amazonaws.com', 's3.eu-west-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com', 'sns.us-east-1.amazonaws.com', undefined],
      'kms:encryptioncontext:team': ['red', 'blue', 'green', undefined],
      'aws:securetransport': ['true', 'false', undefined],
    };
    const used = new Set<string>();
    const note = (conditions: readonly ConditionSpec[]) => conditions.forEach((c) => used.add(c.key.toLowerCase()));
    this.scenario.keyStatements.forEach((s) => note(s.conditions));
    this.scenario.policies.forEach((p) => p.statements.forEach((s) => note(s.conditions)));
    let contexts: Map<string, string>[] = [new Map()];
    for (const [key, domain] of Object.entries(domains)) {
      if (!used.has(key)) continue;
      contexts = contexts.flatMap((context) =>
        domain.map((value) => {
          const next = new Map(context);
          if (value !== undefined) next.set(key, value);
          return next;
        }),
      );
    }
    return contexts;
  }

  private readonly matchedOperations = new WeakMap<ActionSpec, ReadonlySet<string>>();

  /** The operations an Action/NotAction list covers. */
  private operationsOf(actions: ActionSpec): ReadonlySet<string> {
    let found = this.matchedOperations.get(actions);
    if (!found) {
      const matched = this.operations.filter((op) => actions.patterns.some((p) => glob(p, op, true)));
      found = new Set(actions.not ? this.operations.filter((op) => !matched.includes(op)) : matched);
      this.matchedOperations.set(actions, found);
    }
    return found;
  }

  private covers(entry: PrincipalSpec, p: Principal): boolean {
    switch (entry.kind) {
      case 'tf-role':
        return p.tf?.kind === 'role' && p.tf.name === entry.name;
      case 'tf-user':
        return p.tf?.kind === 'user' && p.tf.name === entry.name;
      case 'arn':
        return p.arn === entry.arn;
      case 'account':
        return p.account === entry.account;
    }
  }

  /** NotPrincipal exempts the account principal itself and listed users; a role ARN exempts none of its sessions. */
  private exempts(entry: PrincipalSpec, p: Principal): boolean {
    switch (entry.kind) {
      case 'account':
        return p.type === 'Account' && p.account === entry.account;
      case 'tf-user':
      case 'arn':
        return p.type === 'User' && this.covers(entry, p);
      case 'tf-role':
        return false;
    }
  }

  private applies(statement: KeyStatementSpec, p: Principal, accountOnly: boolean | undefined): boolean {
    const principal = statement.principal;
    if (principal.kind === 'star') return accountOnly !== true;
    if (principal.kind === 'not') return accountOnly !== true && !principal.entries.some((e) => this.exempts(e, p));
    return principal.entries.some((e) => (accountOnly === undefined || (e.kind === 'account') === accountOnly) && this.covers(e, p));
  }

  private resourceMatches(resources: IdentityStatementSpec['resources']): boolean {
    const matches = (item: ResourceItem) => item === 'star' || item === 'this-key' || item === 'account-keys';
    const matched = resources.items.some(matches);
    return resources.not ? !matched : matched;
  }

  /** The identity statements that apply to a Terraform principal: its own policies and its groups'. */
  private identityStatements(p: Principal): IdentityStatementSpec[] {
    if (!p.tf) return [];
    const { kind, name } = p.tf;
    const groups = kind === 'user' ? this.scenario.groups.filter((g) => g.members.includes(name)).map((g) => g.name) : [];
    return this.scenario.policies
      .filter((policy) => policy.attachedTo.some((t) => (t.kind === kind && t.name === name) || (t.kind === 'group' && groups.includes(t.name))))
      .flatMap((policy) => policy.statements);
  }

  private contextFor(p: Principal, free: Map<string, string>): Context {
    const context = new Map(free);
    context.set('kms:calleraccount', p.account);
    context.set('aws:principalarn', p.arn);
    context.set('aws:principaltype', p.type);
    return context;
  }

  private readonly plans = new Map<string, Map<Principal, Record<'denies' | 'direct' | 'viaAccount' | 'identityAllows', { actions: ActionSpec; conditions: readonly ConditionSpec[] }[]>>>();

  /** The statements that concern a principal, by role; their conditions are checked per request. */
  private plan(p: Principal, mode: Mode) {
    let plans = this.plans.get(mode);
    if (!plans) this.plans.set(mode, (plans = new Map()));
    let plan = plans.get(p);
    if (!plan) {
      const identity = mode === 'closed' ? this.identityStatements(p) : [];
      const keyStatements = this.scenario.keyStatements;
      plan = {
        denies: [...keyStatements.filter((s) => s.effect === 'Deny' && this.applies(s, p, undefined)), ...identity.filter((s) => s.effect === 'Deny' && this.resourceMatches(s.resources))],
        direct: keyStatements.filter((s) => s.effect === 'Allow' && this.applies(s, p, false)),
        viaAccount: keyStatements.filter((s) => s.effect === 'Allow' && this.applies(s, p, true)),
        identityAllows: identity.filter((s) => s.effect === 'Allow' && this.resourceMatches(s.resources)),
      };
      plans.set(p, plan);
    }
    return plan;
  }

  /** The operations allowed for the requests of one principal with these request values. */
  allowedOperations(p: Principal, free: Map<string, string>, mode: Mode): Set<string> {
    const context = this.contextFor(p, free);
    const collect = (statements: readonly { actions: ActionSpec; conditions: readonly ConditionSpec[] }[]) => {
      const operations = new Set<string>();
      for (const s of statements) if (s.conditions.every((c) => conditionHolds(this.scenario, c, context))) for (const op of this.operationsOf(s.actions)) operations.add(op);
      return operations;
    };
    const plan = this.plan(p, mode);
    const denied = collect(plan.denies);
    const direct = collect(plan.direct);
    const viaAccount = collect(plan.viaAccount);
    const identityAllows = collect(plan.identityAllows);
    const crossAccount = p.account !== KEY_ACCOUNT;
    const allowed = new Set<string>();
    for (const op of this.operations) {
      if (denied.has(op) || (crossAccount && !CROSS_ACCOUNT.has(op))) continue;
      const ok =
        mode === 'key-policy-only'
          ? direct.has(op)
          : mode === 'any-iam'
            ? viaAccount.has(op)
            : crossAccount
              ? (direct.has(op) || viaAccount.has(op)) && identityAllows.has(op)
              : direct.has(op) || (viaAccount.has(op) && identityAllows.has(op));
      if (ok) allowed.add(op);
    }
    return allowed;
  }

  /** The operations some request of one of `principals` may make. */
  verdict(principals: readonly Principal[], mode: Mode): Set<string> {
    const result = new Set<string>();
    for (const p of principals) {
      // Requests on which every statement's conditions come out the same allow the same operations.
      const plan = this.plan(p, mode);
      const statements = [...plan.denies, ...plan.direct, ...plan.viaAccount, ...plan.identityAllows];
      const seen = new Set<string>();
      for (const free of this.contexts) {
        const context = this.contextFor(p, free);
        const signature = statements.map((s) => (s.conditions.every((c) => conditionHolds(this.scenario, c, context)) ? '1' : '0')).join('');
        if (seen.has(signature)) continue;
        seen.add(signature);
        for (const op of this.allowedOperations(p, free, mode)) result.add(op);
      }
    }
    return result;
  }

  /** Why an operation is (not) allowed, for a failure message. */
  explainVerdict(principals: readonly Principal[], operation: string, mode: Mode): string {
    for (const p of principals) {
      for (const free of this.contexts) {
        if (this.allowedOperations(p, free, mode).has(operation)) return `allowed for ${p.arn} with ${JSON.stringify(Object.fromEntries(free))}`;
      }
    }
    return `no request of ${principals.map((p) => p.arn).join(', ')} is allowed`;
  }

  /** Principals with a verdict: Terraform roles and users (all their IAM policies known), literal principals (key policy only), and accounts (any principal of it, with any IAM policy). */
  subjects(labels: 'terraform' | 'arn' = 'terraform'): { label: string; principals: Principal[]; mode: Mode }[] {
    const { scenario } = this;
    const tf = [
      ...scenario.roles.map((name): Principal => ({ arn: declaredArn(scenario, 'role', name), account: homeOf(scenario, name), type: 'AssumedRole', tf: { kind: 'role', name } })),
      ...scenario.users.map((name): Principal => ({ arn: declaredArn(scenario, 'user', name), account: homeOf(scenario, name), type: 'User', tf: { kind: 'user', name } })),
    ];
    const literal = new Set<string>();
    const noteArn = (text: string) => {
      if (/^arn:aws:iam::\d{12}:(role|user)\/[\w-]+$/.test(text)) literal.add(text);
    };
    for (const s of scenario.keyStatements) {
      if (s.principal.kind !== 'star') for (const e of s.principal.entries) if (e.kind === 'arn') noteArn(e.arn);
    }
    const fromArn = (arn: string): Principal => ({ arn, account: arn.split(':')[4]!, type: arn.includes(':role/') ? 'AssumedRole' : 'User' });
    const subjects: { label: string; principals: Principal[]; mode: Mode }[] = [];
    for (const p of tf) subjects.push({ label: labels === 'arn' ? p.arn : `aws_iam_${p.tf!.kind}.${p.tf!.name}`, principals: [p], mode: 'closed' });
    for (const arn of literal) subjects.push({ label: arn, principals: [fromArn(arn)], mode: 'key-policy-only' });
    const conditionArns = new Set<string>();
    for (const conditions of [...scenario.keyStatements.map((s) => s.conditions), ...scenario.policies.flatMap((p) => p.statements.map((s) => s.conditions))]) {
      for (const c of conditions) for (const v of c.values) if ('literal' in v && /^arn:aws:iam::\d{12}:(role|user)\/[\w-]+$/.test(v.literal)) conditionArns.add(v.literal);
    }
    for (const account of [KEY_ACCOUNT, PARTNER, VENDOR]) {
      const members: Principal[] = [
        { arn: `arn:aws:iam::${account}:root`, account, type: 'Account' },
        { arn: `arn:aws:iam::${account}:role/someone-else`, account, type: 'AssumedRole' },
        { arn: `arn:aws:iam::${account}:user/someone-else`, account, type: 'User' },
        ...[...literal, ...conditionArns].filter((arn) => arn.split(':')[4] === account).map(fromArn),
        ...tf.filter((p) => p.account === account),
      ];
      const label = account === KEY_ACCOUNT && scenario.ownAccountForm === 'caller-identity' ? 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root' : account;
      subjects.push({ label, principals: members, mode: 'any-iam' });
    }
    return subjects;
  }
}
