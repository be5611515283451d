import type { PEntry, PNode, PObject, PString } from '../model';
import type { Span } from '../text';
import { isCall, resolveIntrinsics, type TemplateScope } from './intrinsics';
import { exact, knownString, objectValue } from './recognize';

/** SAM resources with a `Policies` property that SAM turns into a role `<LogicalId>Role` when `Role` is not given. */
export const SERVERLESS_WITH_ROLE: ReadonlySet<string> = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/** One item of `Policies`: an inline policy document, a policy template's expansion, or a managed policy ARN. */
export type ServerlessPolicy =
  | { readonly kind: 'document'; readonly document: PNode; readonly label: string }
  | { readonly kind: 'template'; readonly name: string; readonly document: PObject }
  | { readonly kind: 'managed'; readonly arn: PNode };

interface PolicyTemplate {
  /** The template's parameter and the variable its definition substitutes. */
  readonly parameter: string;
  readonly variable: string;
  readonly statements: readonly { readonly actions: readonly string[]; readonly resources: readonly string[] }[];
}

const KEY_ARN = 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${keyId}';
const BUCKET = 'arn:${AWS::Partition}:s3:::${bucketName}';
const OBJECTS = 'arn:${AWS::Partition}:s3:::${bucketName}/*';

/**
 * The SAM policy templates that grant KMS or S3 object access, as their definitions in the AWS SAM
 * translator's policy_templates.json expand them (the other templates name neither; they are skipped).
 */
const POLICY_TEMPLATES: Readonly<Record<string, PolicyTemplate>> = {
  KMSDecryptPolicy: { parameter: 'KeyId', variable: 'keyId', statements: [{ actions: ['kms:Decrypt'], resources: [KEY_ARN] }] },
  KMSEncryptPolicy: { parameter: 'KeyId', variable: 'keyId', statements: [{ actions: ['kms:Encrypt'], resources: [KEY_ARN] }] },
  S3ReadPolicy: {
    parameter: 'BucketName',
    variable: 'bucketName',
    statements: [{ actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'], resources: [BUCKET, OBJECTS] }],
  },
  S3WritePolicy: {
    parameter: 'BucketName',
    variable: 'bucketName',
    statements: [{ actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], resources: [BUCKET, OBJECTS] }],
  },
  S3CrudPolicy: {
    parameter: 'BucketName',
    variable: 'bucketName',
    statements: [
      {
        actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObject'],
        resources: [BUCKET, OBJECTS],
      },
    ],
  },
  S3FullAccessPolicy: {
    parameter: 'BucketName',
    variable: 'bucketName',
    statements: [
      {
        actions: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:DeleteObject', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'],
        resources: [OBJECTS],
      },
      { actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'], resources: [BUCKET] },
    ],
  },
};

/**
 * Reads a SAM `Policies` property (as written, intrinsics unresolved): a string, a policy document,
 * a policy template, or a list of those (AWS SAM Developer Guide, AWS::Serverless::Function Policies).
 */
export function serverlessPolicies(raw: PNode | undefined, scope: TemplateScope): ServerlessPolicy[] {
  if (!raw) return [];
  const list = raw.kind === 'array' ? raw.items : [raw];
  const result: ServerlessPolicy[] = [];
  list.forEach((item, index) => {
    const label = raw.kind === 'array' ? `[${index}]` : '';
    if (item.kind === 'string' || isCall(item)) {
      result.push({ kind: 'managed', arn: resolveIntrinsics(item, scope) });
      return;
    }
    const object = objectValue(item);
    if (!object) return;
    if (exact(object, 'Statement')) {
      result.push({ kind: 'document', document: resolveIntrinsics(object, scope), label });
      return;
    }
    const [only] = object.entries;
    const template = only && object.entries.length === 1 ? POLICY_TEMPLATES[only.key] : undefined;
    if (!only || !template) return;
    const argument = exact(objectValue(only.value), template.parameter);
    if (!argument || (argument.value.kind === 'string' && !knownString(argument.value))) return;
    result.push({ kind: 'template', name: only.key, document: resolveIntrinsics(expansion(template, only, argument.value), scope) as PObject });
  });
  return result;
}

/**
 * The policy document a template stands for, built as the definition writes it (`Fn::Sub` with the
 * author's parameter value) so the intrinsic resolver reads it like any other. Nothing of it is in
 * the text: actions point at the template's name, resources at the parameter value.
 */
function expansion(template: PolicyTemplate, use: PEntry, parameter: PNode): PObject {
  const at = use.keySpan;
  const text = (value: string, span: Span): PString => ({ kind: 'string', value, known: true, span });
  const statements: PNode[] = template.statements.map((statement) => ({
    kind: 'object',
    span: use.span,
    entries: [
      member('Effect', text('Allow', at), at),
      member('Action', { kind: 'array', items: statement.actions.map((a) => text(a, at)), span: at }, at),
      member('Resource', { kind: 'array', items: statement.resources.map((r) => substitution(r, template.variable, parameter)), span: parameter.span }, at),
    ],
  }));
  return { kind: 'object', span: use.span, entries: [member('Statement', { kind: 'array', items: statements, span: use.span }, use.span)] };
}

function substitution(template: string, variable: string, value: PNode): PObject {
  const span = value.span;
  const variables: PObject = { kind: 'object', span, entries: [member(variable, value, span)] };
  return { kind: 'object', span, entries: [member('Fn::Sub', { kind: 'array', span, items: [{ kind: 'string', value: template, known: true, span }, variables] }, span)] };
}

function member(key: string, value: PNode, span: Span): PEntry {
  return { key, keySpan: span, value, span };
}
