import { Expression, type BucketEncryption, type FixValue, type Policy, type PrincipalIdentity, type ResourceRef } from '../model';
import { refExpression } from '../refs';
import type { FileEdit, Fix, Message } from '../finding';
import { applyTextEdits, diffEdit, type TextEdit } from '../text';
import { reparseLinked } from '../terraform/module/reparse';
import type { Workspace } from '../workspace';

/**
 * A fix editing one file, or nothing when the editor could not produce an edit. `widensAccess`: the
 * fix gives someone access they do not have today without a condition narrowing it (see Fix).
 */
export function fixIn(file: string, title: Message, edits: readonly TextEdit[], preferred = false, widensAccess = false): Fix[] {
  return edits.length ? [{ title, edits: [{ file, edits }], preferred, ...(widensAccess ? { widensAccess } : {}) }] : [];
}

export function codeList(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

/** How a fix writes a principal: an ARN string, or the Terraform expression naming it. */
export function principalValue(principal: PrincipalIdentity | undefined): FixValue | undefined {
  if (!principal) return undefined;
  if (principal.arn) return principal.arn;
  if (principal.expression) return new Expression(principal.expression, principal.expression);
  if (principal.ref) return referenceValue(principal.ref);
  return undefined;
}

/**
 * How a fix writes a resource's ARN by reference: `aws_kms_key.app.arn` in Terraform,
 * `!GetAtt DataKey.Arn` (or its JSON form) in the template that declares the resource.
 */
export function referenceValue(ref: ResourceRef, attribute = 'arn'): FixValue {
  return refExpression(ref, attribute);
}

/**
 * Whether a fix value can be written into a policy: its editor decides where it knows (templates:
 * only intrinsics naming their own resources); otherwise Terraform syntaxes take Terraform
 * expressions and JSON files none.
 */
export function canWrite(policy: Policy, value: FixValue): boolean {
  if (policy.editor.canWrite) return policy.editor.canWrite(value);
  return legacyCanWrite(policy.syntax !== 'json', value);
}

/** The same for a bucket's encryption configuration, whose editor is a Terraform or JSON one when it has no `canWrite`. */
export function canWriteEncryption(encryption: BucketEncryption, value: FixValue): boolean {
  if (!encryption.editor) return false;
  if (encryption.editor.canWrite) return encryption.editor.canWrite(value);
  return legacyCanWrite(encryption.file.endsWith('.tf') || encryption.file.endsWith('.tofu'), value);
}

function legacyCanWrite(expressions: boolean, value: FixValue): boolean {
  if (value instanceof Expression) return expressions && value.terraform !== '';
  if (Array.isArray(value)) return value.every((item) => legacyCanWrite(expressions, item));
  if (value && typeof value === 'object') return Object.values(value).every((item) => legacyCanWrite(expressions, item as FixValue));
  return true;
}

/** How a fix title shows a value: the Terraform text, the intrinsic's target (`AWS::AccountId`, `DataKey.Arn`), or the string. */
export function valueLabel(value: FixValue): string {
  if (!(value instanceof Expression)) return String(value);
  if (value.terraform) return value.terraform;
  const template = value.template;
  if (!template) return value.jsonFallback;
  if ('Ref' in template) return template.Ref;
  if ('Fn::GetAtt' in template) return template['Fn::GetAtt'].join('.');
  return template['Fn::Sub'];
}

/**
 * The account the policy is deployed in, written as its source names it, for fixes that find no
 * literal account: a template's `AWS::AccountId`, a Terraform `data.aws_caller_identity` the
 * policy already uses.
 */
export function selfAccountValue(policy: Policy): Expression | undefined {
  if (policy.selfAccount) return policy.selfAccount.id;
  const callerAccount = callerIdentityAccount(policy);
  return callerAccount ? new Expression(callerAccount, '${' + callerAccount + '}') : undefined;
}

/** The root principal of that account (`arn:PARTITION:iam::ACCOUNT:root`). */
export function selfAccountRootValue(policy: Policy, partition: string): Expression | undefined {
  if (policy.selfAccount) return policy.selfAccount.root(partition);
  const callerAccount = callerIdentityAccount(policy);
  return callerAccount ? new Expression(`"arn:${partition}:iam::\${${callerAccount}}:root"`, `arn:${partition}:iam::\${${callerAccount}}:root`) : undefined;
}

/** Distinct values, case-insensitively, keeping the first spelling. */
export function uniqueCaseInsensitive(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const key = value.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}

/**
 * `data.aws_caller_identity.X.account_id` when a Terraform policy names its own account that way
 * (`"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"`), for fixes that need the account.
 */
export function callerIdentityAccount(policy: Policy): string | undefined {
  if (policy.syntax === 'json') return undefined;
  for (const statement of policy.statements) {
    for (const entry of statement.principals?.entries ?? []) {
      const match = /\$\{(data\.aws_caller_identity\.[\w-]+\.account_id)\}/.exec(entry.value.value);
      if (match) return match[1];
    }
  }
  return undefined;
}

/**
 * Several edits to one policy that would touch neighbouring text (replace a Resource, then add a
 * Condition after it): each step sees the policy as the previous step left it, and the whole is
 * returned as one edit against the original text.
 */
export function editInSequence(workspace: Workspace, policy: Policy, steps: readonly ((current: Policy) => TextEdit[])[]): TextEdit[] {
  const file = workspace.files.find((f) => f.file === policy.file);
  const index = file ? file.policies.indexOf(policy) : -1;
  if (!file || index < 0) return [];
  let text = file.text;
  let current: Policy | undefined = policy;
  for (const [i, step] of steps.entries()) {
    const edits = step(current);
    if (edits.length === 0) return [];
    text = applyTextEdits(text, edits);
    if (i < steps.length - 1) {
      current = reparseLinked(workspace.files, file.file, text, file.language)?.policies[index];
      if (!current) return [];
    }
  }
  const edit = diffEdit(file.text, text);
  return edit ? [edit] : [];
}

/** One entry per file (a fix moving something within one .tf file edits it twice). */
export function mergeFileEdits(fileEdits: readonly FileEdit[]): FileEdit[] {
  const byFile = new Map<string, TextEdit[]>();
  for (const { file, edits } of fileEdits) byFile.set(file, [...(byFile.get(file) ?? []), ...edits]);
  return [...byFile].map(([file, edits]) => ({ file, edits }));
}
