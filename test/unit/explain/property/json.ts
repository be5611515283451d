// Writes a scenario as JSON policies: the key policy as GetKeyPolicy returns it, and each identity
// policy once for every role or user it applies to (a group's policies for each member), as the
// workspace would hand them to explain.
import { parseFile } from '../../../../server/src/core/parse';
import type { IdentityPolicyUse, KeySnapshot } from '../../../../server/src/core/explain/index';
import { KEY_ACCOUNT, PARTNER, declaredArn, type ActionSpec, type ConditionSpec, type PrincipalSpec, type ResourceItem, type Scenario } from './scenario';

export const JSON_KEY_ARN = `arn:aws:kms:us-east-1:${KEY_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function principal(scenario: Scenario, spec: PrincipalSpec): string {
  switch (spec.kind) {
    case 'tf-role':
      return declaredArn(scenario, 'role', spec.name);
    case 'tf-user':
      return declaredArn(scenario, 'user', spec.name);
    case 'arn':
      return spec.arn;
    case 'account':
      return spec.form === 'id' ? spec.account : `arn:aws:iam::${spec.account}:root`;
  }
}

function resource(item: ResourceItem): string {
  switch (item) {
    case 'star':
      return '*';
    case 'this-key':
      return JSON_KEY_ARN;
    case 'other-key':
      return `arn:aws:kms:us-east-1:${KEY_ACCOUNT}:key/ffffffff-ffff-ffff-ffff-ffffffffffff`;
    case 'account-keys':
      return `arn:aws:kms:*:${KEY_ACCOUNT}:key/*`;
    case 'other-account-keys':
      return `arn:aws:kms:*:${PARTNER}:key/*`;
    case 'alias':
      return `arn:aws:kms:*:${KEY_ACCOUNT}:alias/*`;
  }
}

function conditionBlock(scenario: Scenario, conditions: readonly ConditionSpec[]): Record<string, Record<string, string[]>> | undefined {
  if (conditions.length === 0) return undefined;
  const block: Record<string, Record<string, string[]>> = {};
  for (const c of conditions) {
    const values = c.values.map((v) => ('literal' in v ? v.literal : declaredArn(scenario, v.ref === 'aws_iam_role' ? 'role' : 'user', v.name)));
    (block[c.operator] ??= {})[c.key] = values;
  }
  return block;
}

const actionMember = (actions: ActionSpec) => ({ [actions.not ? 'NotAction' : 'Action']: [...actions.patterns] });

export function keySnapshot(scenario: Scenario): KeySnapshot {
  const statements = scenario.keyStatements.map((s) => {
    const p = s.principal;
    const principalMember = p.kind === 'star' ? { Principal: '*' } : { [p.kind === 'not' ? 'NotPrincipal' : 'Principal']: { AWS: p.entries.map((e) => principal(scenario, e)) } };
    const condition = conditionBlock(scenario, s.conditions);
    return { Sid: s.sid, Effect: s.effect, ...principalMember, ...actionMember(s.actions), Resource: '*', ...(condition ? { Condition: condition } : {}) };
  });
  return {
    metadata: { arn: JSON_KEY_ARN, keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', account: KEY_ACCOUNT, region: 'us-east-1', keyManager: 'CUSTOMER', state: 'Enabled' },
    keyPolicy: { kind: 'json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }), label: 'GetKeyPolicy default' },
    grants: [],
    aliases: [],
    sources: { keyPolicy: 'live', grants: 'live', aliases: 'live' },
    warnings: [],
  };
}

export function identityUses(scenario: Scenario): IdentityPolicyUse[] {
  const uses: IdentityPolicyUse[] = [];
  for (const spec of scenario.policies) {
    const statements = spec.statements.map((s) => {
      const condition = conditionBlock(scenario, s.conditions);
      return { Effect: s.effect, ...actionMember(s.actions), [s.resources.not ? 'NotResource' : 'Resource']: s.resources.items.map(resource), ...(condition ? { Condition: condition } : {}) };
    });
    const policy = parseFile(`${spec.name}.json`, JSON.stringify({ Version: '2012-10-17', Statement: statements })).policies[0];
    if (!policy || policy.kind !== 'identity') throw new Error(`${spec.name}.json did not parse as an identity policy`);
    for (const target of spec.attachedTo) {
      if (target.kind !== 'group') {
        uses.push({ policy, principal: { arn: declaredArn(scenario, target.kind, target.name) } });
        continue;
      }
      const group = { arn: `arn:aws:iam::${KEY_ACCOUNT}:group/${target.name}` };
      const members = scenario.groups.find((g) => g.name === target.name)?.members ?? [];
      if (members.length === 0) uses.push({ policy, principal: group });
      for (const member of members) uses.push({ policy, principal: { arn: declaredArn(scenario, 'user', member) }, group });
    }
  }
  return uses;
}
