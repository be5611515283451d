// Writes a scenario as Terraform source, the way people write it: jsonencode or aws_iam_policy_document,
// inline_policy, aws_iam_*_policy, aws_iam_policy with each kind of attachment, group memberships.
import { KEY_ACCOUNT, PARTNER, type ActionSpec, type ConditionSpec, type IdentityPolicySpec, type IdentityStatementSpec, type KeyStatementSpec, type PrincipalSpec, type ResourceItem, type Scenario } from './scenario';

const quote = (text: string) => JSON.stringify(text).replace(/\$\{/g, '$${');

function principalExpression(principal: PrincipalSpec): string {
  switch (principal.kind) {
    case 'tf-role':
      return `aws_iam_role.${principal.name}.arn`;
    case 'tf-user':
      return `aws_iam_user.${principal.name}.arn`;
    case 'arn':
      return quote(principal.arn);
    case 'account':
      if (principal.form === 'caller-identity') return '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"';
      return quote(principal.form === 'root' ? `arn:aws:iam::${principal.account}:root` : principal.account);
  }
}

function resourceExpression(item: ResourceItem): string {
  switch (item) {
    case 'star':
      return '"*"';
    case 'this-key':
      return 'aws_kms_key.k.arn';
    case 'other-key':
      return 'aws_kms_key.other.arn';
    case 'account-keys':
      return quote(`arn:aws:kms:*:${KEY_ACCOUNT}:key/*`);
    case 'other-account-keys':
      return quote(`arn:aws:kms:*:${PARTNER}:key/*`);
    case 'alias':
      return quote(`arn:aws:kms:*:${KEY_ACCOUNT}:alias/*`);
  }
}

function conditionValue(value: ConditionSpec['values'][number]): string {
  return 'literal' in value ? quote(value.literal) : `${value.ref}.${value.name}.arn`;
}

const list = (items: readonly string[]) => `[${items.join(', ')}]`;

/** A statement as a jsonencode object. */
function jsonStatement(fields: {
  sid?: string;
  effect: string;
  principal?: KeyStatementSpec['principal'];
  actions: ActionSpec;
  resources?: { not: boolean; items: readonly ResourceItem[] };
  conditions: readonly ConditionSpec[];
}): string {
  const parts: string[] = [];
  if (fields.sid) parts.push(`Sid = ${quote(fields.sid)}`);
  parts.push(`Effect = ${quote(fields.effect)}`);
  if (fields.principal) {
    if (fields.principal.kind === 'star') parts.push('Principal = "*"');
    else parts.push(`${fields.principal.kind === 'not' ? 'NotPrincipal' : 'Principal'} = { AWS = ${list(fields.principal.entries.map(principalExpression))} }`);
  }
  parts.push(`${fields.actions.not ? 'NotAction' : 'Action'} = ${list(fields.actions.patterns.map(quote))}`);
  if (fields.resources) parts.push(`${fields.resources.not ? 'NotResource' : 'Resource'} = ${list(fields.resources.items.map(resourceExpression))}`);
  else parts.push('Resource = "*"');
  if (fields.conditions.length > 0) {
    const byOperator = new Map<string, string[]>();
    for (const condition of fields.conditions) {
      const entries = byOperator.get(condition.operator) ?? [];
      entries.push(`${quote(condition.key)} = ${list(condition.values.map(conditionValue))}`);
      byOperator.set(condition.operator, entries);
    }
    parts.push(`Condition = { ${[...byOperator].map(([operator, entries]) => `${operator} = { ${entries.join(', ')} }`).join(', ')} }`);
  }
  return `{ ${parts.join(', ')} }`;
}

function jsonPolicy(statements: readonly string[]): string {
  return `jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      ${statements.join(',\n      ')}\n    ]\n  })`;
}

/** A statement as an aws_iam_policy_document block. */
function documentStatement(fields: Parameters<typeof jsonStatement>[0]): string {
  const lines = ['  statement {'];
  if (fields.sid) lines.push(`    sid = ${quote(fields.sid)}`);
  lines.push(`    effect = ${quote(fields.effect)}`);
  lines.push(`    ${fields.actions.not ? 'not_actions' : 'actions'} = ${list(fields.actions.patterns.map(quote))}`);
  if (fields.resources) lines.push(`    ${fields.resources.not ? 'not_resources' : 'resources'} = ${list(fields.resources.items.map(resourceExpression))}`);
  else lines.push('    resources = ["*"]');
  if (fields.principal) {
    const block = fields.principal.kind === 'not' ? 'not_principals' : 'principals';
    const identifiers = fields.principal.kind === 'star' ? ['"*"'] : fields.principal.entries.map(principalExpression);
    lines.push(`    ${block} {`, '      type = "AWS"', `      identifiers = ${list(identifiers)}`, '    }');
  }
  for (const condition of fields.conditions) {
    lines.push('    condition {', `      test = ${quote(condition.operator)}`, `      variable = ${quote(condition.key)}`, `      values = ${list(condition.values.map(conditionValue))}`, '    }');
  }
  lines.push('  }');
  return lines.join('\n');
}

function identityStatementFields(statement: IdentityStatementSpec) {
  return { effect: statement.effect, actions: statement.actions, resources: statement.resources, conditions: statement.conditions };
}

/** The `policy` expression of an identity policy, and any data source it needs. */
function identityPolicyValue(policy: IdentityPolicySpec, documents: string[]): string {
  if (policy.document) {
    documents.push(`data "aws_iam_policy_document" "${policy.name}" {\n${policy.statements.map((s) => documentStatement(identityStatementFields(s))).join('\n')}\n}\n`);
    return `data.aws_iam_policy_document.${policy.name}.json`;
  }
  return jsonPolicy(policy.statements.map((s) => jsonStatement(identityStatementFields(s))));
}

export interface TerraformFiles {
  readonly files: readonly { readonly name: string; readonly text: string }[];
}

export function renderTerraform(scenario: Scenario): TerraformFiles {
  const kms: string[] = [];
  const iam: string[] = [];
  const documents: string[] = [];
  if (scenario.ownAccountForm === 'caller-identity') kms.push('data "aws_caller_identity" "current" {}\n');

  const keyFields = scenario.keyStatements.map((s) => ({ sid: s.sid, effect: s.effect, principal: s.principal, actions: s.actions, conditions: s.conditions }));
  let keyPolicy: string;
  if (scenario.keyPolicyForm === 'document') {
    kms.push(`data "aws_iam_policy_document" "key" {\n${keyFields.map(documentStatement).join('\n')}\n}\n`);
    keyPolicy = 'data.aws_iam_policy_document.key.json';
  } else {
    keyPolicy = jsonPolicy(keyFields.map(jsonStatement));
  }
  if (scenario.keyPolicyForm === 'key-policy-resource') {
    kms.push('resource "aws_kms_key" "k" {\n  description = "k"\n}\n');
    kms.push(`resource "aws_kms_key_policy" "k" {\n  key_id = aws_kms_key.k.id\n  policy = ${keyPolicy}\n}\n`);
  } else {
    kms.push(`resource "aws_kms_key" "k" {\n  description = "k"\n  policy = ${keyPolicy}\n}\n`);
  }
  kms.push('resource "aws_kms_key" "other" {\n  description = "another key"\n}\n');

  const managedArns = new Map<string, string[]>();
  for (const policy of scenario.policies) {
    if (policy.form !== 'managed') continue;
    for (const target of policy.attachedTo) {
      if (target.kind === 'role' && target.style === 'managed-policy-arns') {
        managedArns.set(target.name, [...(managedArns.get(target.name) ?? []), `aws_iam_policy.${policy.name}.arn`]);
      }
    }
  }
  for (const role of scenario.roles) {
    const lines = [`resource "aws_iam_role" "${role}" {`, `  name = "${role}"`, '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })'];
    for (const policy of scenario.policies) {
      if (policy.form !== 'inline' || policy.attachedTo[0]!.name !== role) continue;
      lines.push('  inline_policy {', `    name = "${policy.name}"`, `    policy = ${identityPolicyValue(policy, documents)}`, '  }');
    }
    const arns = managedArns.get(role);
    if (arns) lines.push(`  managed_policy_arns = ${list(arns)}`);
    lines.push('}\n');
    iam.push(lines.join('\n'));
  }
  for (const user of scenario.users) iam.push(`resource "aws_iam_user" "${user}" {\n  name = "${user}"\n}\n`);
  for (const group of scenario.groups) {
    iam.push(`resource "aws_iam_group" "${group.name}" {\n  name = "${group.name}"\n}\n`);
    if (group.members.length === 0) continue;
    if (group.style === 'group-membership') {
      iam.push(`resource "aws_iam_group_membership" "${group.name}" {\n  name  = "${group.name}"\n  group = aws_iam_group.${group.name}.name\n  users = ${list(group.members.map((m) => `aws_iam_user.${m}.name`))}\n}\n`);
    } else {
      for (const member of group.members) {
        iam.push(`resource "aws_iam_user_group_membership" "${group.name}_${member}" {\n  user   = aws_iam_user.${member}.name\n  groups = [aws_iam_group.${group.name}.name]\n}\n`);
      }
    }
  }
  for (const policy of scenario.policies) {
    const target = policy.attachedTo[0]!;
    switch (policy.form) {
      case 'inline':
        break;
      case 'role-policy':
        iam.push(`resource "aws_iam_role_policy" "${policy.name}" {\n  name = "${policy.name}"\n  role = aws_iam_role.${target.name}.id\n  policy = ${identityPolicyValue(policy, documents)}\n}\n`);
        break;
      case 'user-policy':
        iam.push(`resource "aws_iam_user_policy" "${policy.name}" {\n  name = "${policy.name}"\n  user = aws_iam_user.${target.name}.name\n  policy = ${identityPolicyValue(policy, documents)}\n}\n`);
        break;
      case 'group-policy':
        iam.push(`resource "aws_iam_group_policy" "${policy.name}" {\n  name  = "${policy.name}"\n  group = aws_iam_group.${target.name}.name\n  policy = ${identityPolicyValue(policy, documents)}\n}\n`);
        break;
      case 'managed': {
        iam.push(`resource "aws_iam_policy" "${policy.name}" {\n  name = "${policy.name}"\n  policy = ${identityPolicyValue(policy, documents)}\n}\n`);
        const shared = policy.attachedTo.filter((t) => t.style === 'policy-attachment');
        if (shared.length > 0) {
          const of = (kind: string, type: string) => shared.filter((t) => t.kind === kind).map((t) => `aws_iam_${type}.${t.name}.name`);
          iam.push(
            `resource "aws_iam_policy_attachment" "${policy.name}" {\n  name       = "${policy.name}"\n  policy_arn = aws_iam_policy.${policy.name}.arn\n  roles      = ${list(of('role', 'role'))}\n  users      = ${list(of('user', 'user'))}\n  groups     = ${list(of('group', 'group'))}\n}\n`,
          );
        }
        for (const t of policy.attachedTo) {
          if (t.style !== 'attachment') continue;
          iam.push(`resource "aws_iam_${t.kind}_policy_attachment" "${policy.name}_${t.name}" {\n  ${t.kind} = aws_iam_${t.kind}.${t.name}.name\n  policy_arn = aws_iam_policy.${policy.name}.arn\n}\n`);
        }
        break;
      }
    }
  }
  const all = [...kms, ...iam, ...documents];
  if (!scenario.split) return { files: [{ name: 'main.tf', text: all.join('\n') }] };
  return { files: [{ name: 'kms.tf', text: kms.join('\n') }, { name: 'iam.tf', text: [...iam, ...documents].join('\n') }] };
}
