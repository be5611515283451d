import { printParseErrorCode, type ParseError } from 'jsonc-parser';
import { findKeyId } from '../arn';
import { member, stringItems, type BucketEncryption, type GrantDeclaration, type ParsedFile, type ParseProblem, type PNode, type PObject, type Policy, type PolicyKind, type PString, type Statement } from '../model';
import { readStatements } from '../policy';
import { parseJsonValue } from './lower';
import { emptyParsedFile } from '../parsedFile';
import { JsonPolicyEditor } from './editor';
import { isTemplate } from '../cloudformation/recognize';
import { readJsonTemplate } from '../cloudformation/jsonTemplate';

/** Parses a JSON (or JSONC) file and recognizes what it is. Never throws. */
export function parseJsonFile(file: string, text: string): ParsedFile {
  if (nestedTooDeep(text)) {
    return emptyParsedFile(file, text, 'json', [{ message: TOO_DEEP_MESSAGE, span: { start: 0, end: Math.min(1, text.length) } }]);
  }
  const errors: ParseError[] = [];
  const tree = parseJsonValue(text, errors);
  const problems: ParseProblem[] = [];
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    problems.push({
      message: {
        en: `This JSON cannot be parsed (${code}); KeyLens checks what it can read.`,
        ja: `この JSON は解析できません (${code})。読み取れた部分だけを検査します。`,
      },
      span: { start: Math.min(first.offset, text.length), end: Math.min(text.length, first.offset + Math.max(1, first.length)) },
      syntax: true,
    });
  }
  const empty = emptyParsedFile(file, text, 'json', problems);
  if (!tree || tree.kind !== 'object') return empty;
  const root = tree;
  // CloudFormation/SAM templates in JSON (CDK's cdk.out/*.template.json among them).
  if (isTemplate(root)) return readJsonTemplate(file, text, root, problems);

  const encryption = readEncryptionConfig(file, text, root);
  if (encryption.length) return { ...empty, encryption };

  const grants = readGrantList(file, root);
  if (grants.length) return { ...empty, grants };

  const policy = readJsonPolicy(file, text, root, 0, text.length);
  return policy ? { ...empty, policies: [policy] } : empty;
}

/**
 * Builds a Policy from a JSON policy object, or undefined when the object is not an IAM policy.
 * Also used for JSON embedded in Terraform heredocs (`base`/`length` locate the JSON in the file).
 */
export function readJsonPolicy(
  file: string,
  text: string,
  root: PObject,
  base: number,
  length: number,
  kindHint?: PolicyKind,
  label?: string,
): Policy | undefined {
  const { statementNode, statements } = readStatements(root);
  if (!statementNode || !looksLikeStatements(statementNode, statements)) return undefined;
  const kind = kindHint ?? recognizeKind(file, statements);
  if (!kind) return undefined;
  const keyId = kind === 'key' ? findKeyId(baseName(file)) ?? idKey(root) : undefined;
  return {
    kind,
    file,
    syntax: 'json',
    root,
    statementNode,
    statements,
    target: keyId ? { key: { keyId } } : {},
    label: label ?? baseName(file),
    editor: new JsonPolicyEditor(text, base, length, root),
  };
}

function looksLikeStatements(node: PNode, statements: readonly Statement[]): boolean {
  if (node.kind !== 'array' && node.kind !== 'object') return false;
  if (node.kind === 'array' && node.items.length === 0) return true;
  // A `package.json` or config file with a "Statement" field is not a policy: statements need policy members.
  return statements.some((s) => s.effect !== undefined || s.actions !== undefined || s.principals !== undefined);
}

/** SPEC §1: identity (no Principal), key policy (file name or kms-only on "*"), bucket policy (s3 ARNs); endpoint policies are neither. */
export function recognizeKind(file: string, statements: readonly Statement[]): PolicyKind | undefined {
  const withPrincipal = statements.some((s) => s.principals !== undefined);
  if (!withPrincipal) return 'identity';
  const name = baseName(file).toLowerCase();
  if (/key[-_]?policy/.test(name)) return 'key';
  if (endpointPolicyLike(name, statements)) return undefined;
  const resources = statements.flatMap((s) => s.resources?.items ?? []).filter((r) => r.known).map((r) => r.value);
  if (resources.some((r) => r.startsWith('arn:aws:s3:::') || /^arn:aws[\w-]*:s3:::/.test(r))) return 'bucket';
  const actions = statements.flatMap((s) => s.actions?.items ?? []).filter((a) => a.known).map((a) => a.value.toLowerCase());
  const kmsOnly = actions.length > 0 && actions.every((a) => a.startsWith('kms:') || a === '*') && actions.some((a) => a.startsWith('kms:'));
  const starResources = resources.length > 0 && resources.every((r) => r === '*');
  // A key policy must allow someone to use the key: a document that only denies "*" is a guard set
  // elsewhere (a resource control policy, an endpoint policy), not a key policy.
  const onlyDeniesEveryone = statements.every((s) => s.effect === 'Deny' && s.principals?.wildcard === true);
  if (kmsOnly && starResources && !onlyDeniesEveryone) return 'key';
  return undefined;
}

/** Condition keys on the owner of the resource: meaningful where the resource is not fixed, unlike a key or bucket policy. */
const RESOURCE_OWNER_KEYS = ['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'];

/**
 * A VPC endpoint policy (or a resource control policy) rather than a key or bucket policy: named so
 * (`vpce-policy.json`, `*endpoint*`), or conditioned on the resource's owner (`aws:ResourceAccount`,
 * `aws:ResourceOrgID`, as the AWS PrivateLink guide's endpoint policies are).
 */
function endpointPolicyLike(name: string, statements: readonly Statement[]): boolean {
  if (/vpce|endpoint/.test(name)) return true;
  return statements.some((s) => s.conditions.some((c) => RESOURCE_OWNER_KEYS.includes(c.key.toLowerCase())));
}

function readEncryptionConfig(file: string, text: string, root: PObject): BucketEncryption[] {
  const editor = new JsonPolicyEditor(text, 0, text.length, root);
  let config: PObject | undefined = root;
  const wrapped = member(root, 'ServerSideEncryptionConfiguration')?.value;
  if (wrapped?.kind === 'object') config = wrapped;
  const rules = member(config, 'Rules')?.value;
  if (rules?.kind !== 'array') return [];
  const bucketNode = member(root, 'Bucket')?.value;
  const bucket = bucketNode?.kind === 'string' ? { name: bucketNode.value } : undefined;
  const result: BucketEncryption[] = [];
  for (const rule of rules.items) {
    if (rule.kind !== 'object') continue;
    const byDefault = member(rule, 'ApplyServerSideEncryptionByDefault')?.value;
    if (byDefault?.kind !== 'object') continue;
    const algorithm = asString(member(byDefault, 'SSEAlgorithm')?.value);
    const keyId = asString(member(byDefault, 'KMSMasterKeyID')?.value);
    result.push({ file, bucket, algorithm, keyId, span: byDefault.span, editor });
  }
  return result;
}

/** `aws kms list-grants` output, kept for `keylens explain` from the workspace. */
function readGrantList(file: string, root: PObject): GrantDeclaration[] {
  const grants = member(root, 'Grants')?.value;
  if (grants?.kind !== 'array') return [];
  const result: GrantDeclaration[] = [];
  for (const grant of grants.items) {
    if (grant.kind !== 'object') continue;
    const operations = stringItems(member(grant, 'Operations')?.value).items.map((o) => o.value);
    const constraints = member(grant, 'Constraints')?.value;
    result.push({
      file,
      name: asString(member(grant, 'Name')?.value)?.value,
      grantId: asString(member(grant, 'GrantId')?.value)?.value,
      creationDate: asString(member(grant, 'CreationDate')?.value)?.value,
      issuingAccount: asString(member(grant, 'IssuingAccount')?.value)?.value,
      key: asString(member(grant, 'KeyId')?.value),
      grantee: asString(member(grant, 'GranteePrincipal')?.value),
      retiringPrincipal: asString(member(grant, 'RetiringPrincipal')?.value),
      operations,
      constraints: constraints?.kind === 'object'
        ? {
            encryptionContextEquals: stringMap(member(constraints, 'EncryptionContextEquals')?.value),
            encryptionContextSubset: stringMap(member(constraints, 'EncryptionContextSubset')?.value),
          }
        : undefined,
      span: grant.span,
    });
  }
  return result;
}

function stringMap(node: PNode | undefined): Record<string, string> | undefined {
  if (node?.kind !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const entry of node.entries) if (entry.value.kind === 'string') out[entry.key] = entry.value.value;
  return out;
}

function asString(node: PNode | undefined): PString | undefined {
  return node?.kind === 'string' ? node : undefined;
}

function idKey(root: PObject): string | undefined {
  const id = member(root, 'Id')?.value;
  return id?.kind === 'string' ? findKeyId(id.value) : undefined;
}

export function baseName(file: string): string {
  const cleaned = file.replace(/[?#].*$/, '');
  const slash = Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\'));
  return decodeURIComponentSafe(cleaned.slice(slash + 1));
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Far deeper than any policy; deeper input is not parsed (the scanner recurses per level). */
export const MAX_JSON_NESTING = 512;

export const TOO_DEEP_MESSAGE = {
  en: `This JSON is nested more than ${MAX_JSON_NESTING} levels deep; KeyLens does not analyse it.`,
  ja: `この JSON は ${MAX_JSON_NESTING} 階層を超えて入れ子になっているため、KeyLens は解析しません。`,
};

/** JSON nested past MAX_JSON_NESTING: jsonc-parser recurses per level, so such text is not parsed. */
export function nestedTooDeep(text: string): boolean {
  return nestingDepth(text) > MAX_JSON_NESTING;
}

/** The deepest `{`/`[` nesting outside strings, in one linear scan (stops counting past the limit). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      // jsonc-parser ends an unterminated string at the line break, and so must this count.
      else if (c === 34 /* " */ || c === 10 || c === 13) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (max > MAX_JSON_NESTING) return max;
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return max;
}
