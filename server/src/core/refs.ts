import { Expression, type ResourceRef } from './model';

/** What a referenced resource is, whatever format declared it. */
export type RefKind =
  | 'key'
  | 'alias'
  | 'bucket'
  | 'role'
  | 'user'
  | 'group'
  | 'managed-policy'
  | 'policy-document'
  | 'caller-identity'
  | 'other';

const KINDS: Readonly<Record<string, RefKind>> = {
  aws_kms_key: 'key',
  'data.aws_kms_key': 'key',
  aws_kms_replica_key: 'key',
  aws_kms_external_key: 'key',
  aws_kms_replica_external_key: 'key',
  'AWS::KMS::Key': 'key',
  'AWS::KMS::ReplicaKey': 'key',
  aws_kms_alias: 'alias',
  'data.aws_kms_alias': 'alias',
  'AWS::KMS::Alias': 'alias',
  aws_s3_bucket: 'bucket',
  'data.aws_s3_bucket': 'bucket',
  'AWS::S3::Bucket': 'bucket',
  aws_iam_role: 'role',
  'data.aws_iam_role': 'role',
  'AWS::IAM::Role': 'role',
  aws_iam_user: 'user',
  'data.aws_iam_user': 'user',
  'AWS::IAM::User': 'user',
  aws_iam_group: 'group',
  'data.aws_iam_group': 'group',
  'AWS::IAM::Group': 'group',
  aws_iam_policy: 'managed-policy',
  'data.aws_iam_policy': 'managed-policy',
  'AWS::IAM::ManagedPolicy': 'managed-policy',
  'data.aws_iam_policy_document': 'policy-document',
  'data.aws_caller_identity': 'caller-identity',
};

export function refKind(ref: ResourceRef | undefined): RefKind | undefined {
  return ref ? (KINDS[ref.type] ?? 'other') : undefined;
}

/** A principal kind (role, user, group) for a reference, or undefined for anything else. */
export function principalRefKind(ref: ResourceRef | undefined): 'role' | 'user' | 'group' | undefined {
  const kind = refKind(ref);
  return kind === 'role' || kind === 'user' || kind === 'group' ? kind : undefined;
}

/** Whether the reference is a data source (it names something declared elsewhere). */
export function isDataRef(ref: ResourceRef): boolean {
  return ref.type.startsWith('data.');
}

/** Whether two references name the same resource: same type and name, in the same scope when both have one. */
export function sameRef(a: ResourceRef | undefined, b: ResourceRef | undefined): boolean {
  return !!a && !!b && a.type === b.type && a.name === b.name && (a.scope === undefined || b.scope === undefined || a.scope === b.scope);
}

/**
 * How a reference is shown to users: the Terraform address (`aws_kms_key.app`), or a template's
 * logical id (`DataKey`).
 */
export function refLabel(ref: ResourceRef): string {
  return ref.type.includes('::') ? ref.name : `${ref.type}.${ref.name}`;
}

/** A reference to a template's resource (a CloudFormation type, `AWS::...`), as opposed to a Terraform address. */
export function isTemplateRef(ref: ResourceRef): boolean {
  return ref.type.includes('::');
}

/**
 * How a fix writes a resource's attribute by reference: `aws_kms_key.app.arn` in Terraform; in a
 * template `!GetAtt DataKey.Arn` (a managed policy's ARN is its `Ref`), valid only in that template.
 */
export function refExpression(ref: ResourceRef, attribute = 'arn'): Expression {
  if (isTemplateRef(ref)) {
    const intrinsic = attribute === 'arn' && refKind(ref) === 'managed-policy'
      ? { Ref: ref.name }
      : { 'Fn::GetAtt': [ref.name, attribute === 'arn' ? 'Arn' : attribute] as const };
    return new Expression('', '', intrinsic, ref.scope);
  }
  const expression = `${ref.type}.${ref.name}.${attribute}`;
  return new Expression(expression, '${' + expression + '}');
}

/** The KEY argument of `keylens explain` for a declared key: the Terraform address, or `file#LogicalId` for a template's. */
export function explainArgument(ref: ResourceRef, file: string): string {
  return isTemplateRef(ref) ? `${ref.scope ?? file}#${ref.name}` : `${ref.type}.${ref.name}`;
}
