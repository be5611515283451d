// Text mutations for JSON and HCL alike. Each takes the RNG so a case seed replays the exact input.
import { parse as parseJsonc } from 'jsonc-parser';
import { mutateYamlDocument } from './mutateYaml';
import type { Rng } from './prng';

export type Language = 'json' | 'terraform' | 'yaml';

export interface Mutator {
  readonly name: string;
  /** Relative frequency in random runs. */
  readonly weight: number;
  mutate(rng: Rng, text: string, language: Language, donor: string): string;
}

/** Strings that make rules fire (or nearly fire), so mutated policies still reach fixes. */
export const INTERESTING = [
  '*', '', ' ', 'kms:*', 'kms:Decrypt', 'kms:decrypt', 'KMS:DECRYPT', 'kms:ReEncrypt*', 'kms:ReEncryptFrom', 'kms:Re*', 'kms:*crypt',
  'kms:Decrpyt', 'kms:GenerateDataKey', 'kms:GenerateDataKey*', 'kms:Encrypt', 'kms:CreateAlias', 'kms:?ecrypt', 'km?:*',
  's3:PutObject', 's3:GetObject', 's3:*', 's3:PutObjectt', 'iam:PassRole', 'ec2:DescribeInstances', 'nosuch:Action', 'kms',
  ':', 'kms:', '*:*', '?', '*a*a*a*a*b', 'Allow', 'Deny', 'allow', 'AWS', 'Service', 'Federated', 'CanonicalUser',
  'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws:kms:us-east-1:111122223333:alias/app-data', 'alias/app-data', 'alias/aws/s3', 'arn:aws:kms:*:*:key/*',
  'arn:aws:kms:us-east-1:111122223333:key/*', 'arn:aws:kms:*:111122223333:alias/*', 'arn:aws:kms:::', 'arn:aws:kms',
  'arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:role/app', '111122223333', '444455556666',
  'arn:aws:s3:::example-data/*', 'arn:aws:s3:::example-data', 'arn:aws:s3:::*', 'aws:kms', 'AES256', 'aws:kms:dsse',
  'kms:CallerAccount', 'kms:ViaService', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'kms:ResourceAliases', 'kms:RequestAlias',
  's3:x-amz-server-side-encryption-aws-kms-key-id', 's3.us-east-1.amazonaws.com', 'lambda.amazonaws.com', 'StringEquals', 'StringLike',
  'ForAnyValue:StringLike', 'Null', 'Bool', '${aws_kms_key.k.arn}', '${var.key}', '${aws_kms_alias.a.arn}', '${', '}',
  'Statement', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Effect', 'Sid',
  '\\u0000', '\\ud800', '\\udc00', '\\"', '\\\\', '\u00e9', '\u30ad\u30fc', '\u{1f511}', '\u200b', '\u202e',
];

/** Characters with a meaning to one of the grammars (or to offset arithmetic: surrogates, CR). */
const STRUCTURAL = ['{', '}', '[', ']', '"', ':', ',', '\\', '\n', '\r', ' ', '=', '$', '<', '#', '/', '*', '(', ')', '.', '\t', '%', '~', '\0'];
const UNICODE = ['\ufeff', '\u00e9', '\u0301', '\u30ad', '\u{1f511}', '\u200b', '\u200d', '\u202e', '\u2028', '\u2029', '\u00a0', '\uffff', '\ud800', '\udfff', '\ud83d', '\udd11'];

function randomChar(rng: Rng): string {
  switch (rng.int(4)) {
    case 0: return rng.pick(STRUCTURAL);
    case 1: return rng.pick(UNICODE);
    case 2: return String.fromCharCode(rng.int(128));
    default: return String.fromCodePoint(rng.int(0x110000)).slice(0, rng.chance(0.5) ? 2 : 1);
  }
}

/** A cut point biased towards the structure (quotes, brackets, line starts) where recovery is hardest. */
function point(rng: Rng, text: string): number {
  if (text.length === 0 || rng.chance(0.5)) return rng.int(text.length + 1);
  for (let tries = 0; tries < 8; tries++) {
    const at = rng.int(text.length);
    if ('{}[]"=\n,:$<'.includes(text[at]!)) return at + rng.int(2);
  }
  return rng.int(text.length + 1);
}

function span(rng: Rng, text: string, maxLength = 64): [number, number] {
  const start = point(rng, text);
  const end = Math.min(text.length, start + rng.int(Math.min(maxLength, text.length - start) + 1));
  return [start, end];
}

const insert = (text: string, at: number, piece: string) => text.slice(0, at) + piece + text.slice(at);

/** Openers for deep nesting; half of the time closed again so the parser must also unwind. */
function nesting(rng: Rng, language: Language, depth: number): string {
  const json: [string, string][] = [['[', ']'], ['{"a":', '}'], ['{"Statement":', '}'], ['[{"Action":', '}]']];
  const hcl: [string, string][] = [['[', ']'], ['{ a = ', ' }'], ['(', ')'], ['f(', ')'], ['"${', '}"'], ['a {\n', '\n}\n'], ['jsonencode({Statement = [', ']})']];
  const yaml: [string, string][] = [['[', ']'], ['{a: ', '}'], ['!Join [', ']'], ['{Statement: [', ']}'], ['- ', '']];
  const [open, close] = rng.pick(language === 'json' ? json : language === 'yaml' ? yaml : hcl);
  const body = rng.chance(0.5) ? '"kms:Decrypt"' : '1';
  return open.repeat(depth) + body + (rng.chance(0.5) ? close.repeat(depth) : close.repeat(rng.int(depth + 1)));
}

/** Replaces the contents of the n-th quoted string with an interesting value. */
function replaceString(rng: Rng, text: string, value: string): string {
  const quotes: number[] = [];
  for (let i = text.indexOf('"'); i >= 0 && quotes.length < 4096; i = text.indexOf('"', i + 1)) {
    if (text[i - 1] !== '\\') quotes.push(i);
  }
  if (quotes.length < 2) return text;
  const k = rng.int(quotes.length - 1);
  return text.slice(0, quotes[k]! + 1) + value + text.slice(quotes[k + 1]!);
}

export const MUTATORS: readonly Mutator[] = [
  { name: 'truncate', weight: 6, mutate: (rng, text) => text.slice(0, point(rng, text)) },
  {
    name: 'char-flip', weight: 10, mutate(rng, text) {
      let out = text;
      for (let n = rng.range(1, 4); n > 0 && out.length; n--) {
        const at = rng.int(out.length);
        out = out.slice(0, at) + randomChar(rng) + out.slice(at + 1);
      }
      return out;
    },
  },
  {
    name: 'bit-flip', weight: 6, mutate(rng, text) {
      if (!text.length) return text;
      const at = rng.int(text.length);
      return text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ (1 << rng.int(16))) + text.slice(at + 1);
    },
  },
  { name: 'duplicate-span', weight: 8, mutate(rng, text) { const [s, e] = span(rng, text, 400); return insert(text, point(rng, text), text.slice(s, e)); } },
  { name: 'delete-span', weight: 8, mutate(rng, text) { const [s, e] = span(rng, text); return text.slice(0, s) + text.slice(e); } },
  { name: 'interesting-string', weight: 24, mutate: (rng, text) => replaceString(rng, text, rng.pick(INTERESTING)) },
  { name: 'insert-unicode', weight: 5, mutate(rng, text) { let out = text; for (let n = rng.range(1, 3); n > 0; n--) out = insert(out, rng.int(out.length + 1), rng.pick(UNICODE)); return out; } },
  { name: 'lone-surrogate', weight: 3, mutate: (rng, text) => insert(text, rng.int(text.length + 1), rng.pick(['\ud800', '\udbff', '\udc00', '\udfff'])) },
  { name: 'bom', weight: 2, mutate: (rng, text) => (rng.chance(0.8) ? '\ufeff' + text : insert(text, rng.int(text.length + 1), '\ufeff')) },
  { name: 'crlf', weight: 4, mutate: (rng, text) => (rng.chance(0.7) ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r?\n/g, rng.chance(0.5) ? '\r' : '\u2028')) },
  { name: 'reindent', weight: 3, mutate: (rng, text) => text.replace(/\n[ \t]*/g, (m) => '\n' + rng.pick(['', '\t', '    ', ' '.repeat(m.length)])) },
  { name: 'nest', weight: 2, mutate: (rng, text, language) => insert(text, point(rng, text), nesting(rng, language, rng.pick([10, 100, 600, 2000, 10_000]))) },
  {
    name: 'long-string', weight: 2, mutate(rng, text) {
      const unit = rng.pick(['a', '*a', 'kms:', '\\"', '${', '\u{1f511}', '?']);
      return replaceString(rng, text, unit.repeat(Math.ceil(rng.pick([1_000, 20_000, 100_000]) / unit.length)));
    },
  },
  { name: 'splice', weight: 4, mutate(rng, text, _language, donor) { const [s, e] = span(rng, donor, 800); return insert(text, point(rng, text), donor.slice(s, e)); } },
  {
    name: 'json-structure', weight: 12, mutate(rng, text, language) {
      if (language === 'yaml') return mutateYamlDocument(rng, text);
      if (language !== 'json') return replaceString(rng, text, rng.pick(INTERESTING));
      return mutateJsonValue(rng, text);
    },
  },
];

/** The 10 MB string: used by a dedicated test and rarely by long runs, never in bulk. */
export const HUGE_STRING: Mutator = {
  name: 'huge-string', weight: 0,
  mutate(rng, text) {
    const unit = rng.pick(['a', '*a', 'kms:Decrypt,']);
    return replaceString(rng, text, unit.repeat(Math.ceil(10 * 1024 * 1024 / unit.length)));
  },
};

const totalWeight = MUTATORS.reduce((sum, m) => sum + m.weight, 0);

export function pickMutator(rng: Rng): Mutator {
  let r = rng.next() * totalWeight;
  for (const m of MUTATORS) {
    r -= m.weight;
    if (r < 0) return m;
  }
  return MUTATORS[MUTATORS.length - 1]!;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Structure-preserving mutation: the result is valid JSON (when the input was), so fixes can be
 * round-tripped on it. Swaps values, wraps/unwraps lists, duplicates statements, changes principals.
 */
function mutateJsonValue(rng: Rng, text: string): string {
  let value: Json;
  try {
    const errors: unknown[] = [];
    value = parseJsonc(text, errors as never, { allowTrailingComma: true }) as Json;
    if (errors.length || value === undefined) return replaceString(rng, text, rng.pick(INTERESTING));
  } catch {
    return text;
  }
  const nodes: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach((child, i) => { nodes.push({ parent: node, key: i }); walk(child); });
    else if (node && typeof node === 'object') for (const key of Object.keys(node)) { nodes.push({ parent: node, key }); walk(node[key]!); }
  };
  walk(value);
  for (let n = rng.range(1, 3); n > 0 && nodes.length; n--) {
    const { parent, key } = rng.pick(nodes);
    const current = (parent as Record<string | number, Json>)[key]!;
    const set = (v: Json) => { (parent as Record<string | number, Json>)[key] = v; };
    switch (rng.int(8)) {
      case 0: set(rng.pick(INTERESTING).replace(/^\\u.*|^\\"$|^\\\\$/, '*')); break;
      case 1: set(Array.isArray(current) ? (current.length === 1 ? current[0]! : current) : [current]); break;
      case 2: if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(current)); break;
      case 3: if (Array.isArray(parent)) { if (parent.length > 1) parent.splice(key as number, 1); } else delete parent[key as string]; break;
      case 4: set(rng.pick<Json>(['*', { AWS: '*' }, { AWS: ['arn:aws:iam::444455556666:root', '111122223333'] }, { Service: 'lambda.amazonaws.com' }, { Federated: 'cognito-identity.amazonaws.com' }, { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, { AWS: '${aws_iam_role.r.arn}' }])); break;
      case 5: set(rng.pick<Json>([{ StringEquals: { 'kms:CallerAccount': '111122223333' } }, { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } }, { Bool: { 'aws:SecureTransport': 'false' } }, { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/app-*' } }, {}, { StringEquals: {} }])); break;
      case 6: if (!Array.isArray(parent) && typeof key === 'string') { const renamed = rng.pick(['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'action', 'Effect', 'Condition']); parent[renamed] = current; if (renamed !== key) delete parent[key]; } break;
      default: set(rng.pick<Json>([true, null, 0, -1.5e308, [], {}, 'Allow', 'Deny']));
    }
  }
  const indent = rng.pick([undefined, 2, 4, '\t']);
  return JSON.stringify(value, null, indent) + (rng.chance(0.5) ? '\n' : '');
}
