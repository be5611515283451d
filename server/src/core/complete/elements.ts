import { localize, type Message } from '../finding';
import { nameText, sortKey, valueText, type CompletionCandidate } from './candidate';
import type { PolicyCursor } from './cursor';

interface Element {
  readonly name: string;
  /** The `aws_iam_policy_document` argument or block it is written as. */
  readonly argument?: string;
  readonly block?: boolean;
  readonly description: Message;
  /** What goes after the name in JSON (a snippet body; `$1`... tab stops). */
  readonly jsonValue: string;
  readonly hclValue: string;
  /** The document-block body, for `principals {...}` and `condition {...}`. */
  readonly blockBody?: string;
  /** Another element that excludes this one in the same statement (`Action` / `NotAction`). */
  readonly opposite?: string;
}

const e = (
  name: string,
  en: string,
  ja: string,
  jsonValue: string,
  hclValue: string,
  extra: Partial<Pick<Element, 'argument' | 'block' | 'blockBody' | 'opposite'>> = {},
): Element => ({ name, description: { en, ja }, jsonValue, hclValue, ...extra });

const ROOT_ELEMENTS: readonly Element[] = [
  e('Version', 'The policy language version: always "2012-10-17" (the older "2008-10-17" lacks policy variables).', 'ポリシー言語のバージョン。常に "2012-10-17" にします ("2008-10-17" ではポリシー変数が使えません)。', '"2012-10-17"', '"2012-10-17"', { argument: 'version' }),
  e('Id', 'An optional identifier for the policy (key policies created by KMS use "key-default-1").', 'ポリシーの任意の識別子 (KMS が作るキーポリシーでは "key-default-1")。', '"$1"', '"$1"', { argument: 'policy_id' }),
  e(
    'Statement',
    'The statements: each allows or denies actions on resources, for principals (in resource policies), under conditions.',
    'ステートメントの一覧。それぞれがリソースに対するアクションを (リソースポリシーではプリンシパルごとに、条件付きで) 許可または拒否します。',
    '[\n\t{\n\t\t"Effect": "${1|Allow,Deny|}",\n\t\t"Action": [$2],\n\t\t"Resource": "$3"\n\t}\n]',
    '[\n\t{\n\t\tEffect   = "${1|Allow,Deny|}"\n\t\tAction   = [$2]\n\t\tResource = "$3"\n\t}\n]',
    { argument: 'statement', block: true, blockBody: 'effect    = "${1|Allow,Deny|}"\nactions   = [$2]\nresources = [$3]' },
  ),
];

const STATEMENT_ELEMENTS: readonly Element[] = [
  e('Sid', 'A statement id: shown by KeyLens and the explain report, and how source/override documents match statements.', 'ステートメント ID。KeyLens や説明レポートに表示され、ソース/オーバーライド文書ではステートメントの照合に使われます。', '"$1"', '"$1"', { argument: 'sid' }),
  e('Effect', 'Allow or Deny. An explicit Deny wins over every Allow.', 'Allow または Deny。明示的な Deny はすべての Allow より優先されます。', '"${1|Allow,Deny|}"', '"${1|Allow,Deny|}"', { argument: 'effect' }),
  e(
    'Principal',
    'Who the statement applies to, in resource policies (key and bucket policies): { "AWS": ARN or account }, { "Service": "…amazonaws.com" }, or "*". Identity policies have none.',
    'ステートメントの対象者 (キーポリシーやバケットポリシーなどのリソースポリシーで指定): { "AWS": ARN またはアカウント }、{ "Service": "…amazonaws.com" }、または "*"。アイデンティティポリシーには書きません。',
    '{ "AWS": "$1" }',
    '{ AWS = "$1" }',
    { argument: 'principals', block: true, blockBody: 'type        = "${1|AWS,Service,Federated,*|}"\nidentifiers = [$2]', opposite: 'NotPrincipal' },
  ),
  e('NotPrincipal', 'Everyone except these principals (rarely right: prefer Principal with a condition).', 'これらを除くすべてのプリンシパル (ほとんどの場合は Principal と条件を使うべきです)。', '{ "AWS": "$1" }', '{ AWS = "$1" }', { argument: 'not_principals', block: true, blockBody: 'type        = "${1|AWS,Service|}"\nidentifiers = [$2]', opposite: 'Principal' }),
  e('Action', 'The actions the statement allows or denies (service:Action; * and ? wildcards).', 'ステートメントが許可または拒否するアクション (service:Action、ワイルドカード * と ? を使用可)。', '[$1]', '[$1]', { argument: 'actions', opposite: 'NotAction' }),
  e('NotAction', 'Every action except these (with Allow this also grants actions added to AWS later).', 'これら以外のすべてのアクション (Allow と組み合わせると、今後 AWS に追加されるアクションも許可します)。', '[$1]', '[$1]', { argument: 'not_actions', opposite: 'Action' }),
  e('Resource', 'The resources the statement covers: ARNs, or "*" (in a key policy, "*" means this key).', 'ステートメントの対象リソース: ARN または "*" (キーポリシーでは "*" はこのキー自身)。', '"$1"', '"$1"', { argument: 'resources', opposite: 'NotResource' }),
  e('NotResource', 'Every resource except these.', 'これら以外のすべてのリソース。', '"$1"', '"$1"', { argument: 'not_resources', opposite: 'Resource' }),
  e(
    'Condition',
    'When the statement applies: { OPERATOR: { KEY: VALUE(S) } }; all operators and keys must match, any of a key\'s values may.',
    'ステートメントが適用される条件: { 演算子: { キー: 値 } }。すべての演算子とキーが一致する必要があり、1 つのキーの値はいずれかが一致すればよい。',
    '{ "$1": { "$2": "$3" } }',
    '{ $1 = { "$2" = "$3" } }',
    { argument: 'condition', block: true, blockBody: 'test     = "$1"\nvariable = "$2"\nvalues   = [$3]' },
  ),
];

const PRINCIPAL_TYPES: readonly { name: string; description: Message }[] = [
  { name: 'AWS', description: { en: 'An account (id or root ARN), IAM role, user, or role session ARN.', ja: 'アカウント (ID またはルート ARN)、IAM ロール、ユーザー、またはロールセッションの ARN。' } },
  { name: 'Service', description: { en: 'An AWS service principal (s3.amazonaws.com...).', ja: 'AWS のサービスプリンシパル (s3.amazonaws.com など)。' } },
  { name: 'Federated', description: { en: 'A web identity or SAML provider.', ja: 'Web ID または SAML プロバイダー。' } },
  { name: 'CanonicalUser', description: { en: 'An S3 canonical user id.', ja: 'S3 の正規ユーザー ID。' } },
];

/** Member names of the policy root or a statement, as the format writes them; present ones (and their opposites) left out. */
export function elementCandidates(cursor: PolicyCursor, where: 'root' | 'statement', locale: string | undefined): CompletionCandidate[] {
  const elements = where === 'root' ? ROOT_ELEMENTS : STATEMENT_ELEMENTS;
  const present = new Set(cursor.siblings.map((s) => s.toLowerCase()));
  const items: CompletionCandidate[] = [];
  elements.forEach((element, index) => {
    const repeats = cursor.syntax.style === 'policy-document' && (element.name === 'Statement' || element.name === 'Condition' || element.name === 'Principal' || element.name === 'NotPrincipal');
    if (!repeats && (present.has(element.name.toLowerCase()) || (element.opposite && present.has(element.opposite.toLowerCase())))) return;
    const written = writtenElement(element, cursor);
    if (!written) return;
    items.push({
      label: written.label,
      kind: 'element',
      detail: element.name,
      documentation: localize(element.description, locale),
      insertText: written.insertText,
      ...(written.snippet ? { snippet: written.snippet } : {}),
      filterText: written.label,
      sortText: sortKey(1, String(index).padStart(2, '0')),
    });
  });
  for (const name of cursor.formatNames ?? []) {
    if (present.has(name.name.toLowerCase())) continue;
    items.push({ label: name.name, kind: 'element', detail: name.detail, insertText: name.insertText, sortText: sortKey(2, name.name) });
  }
  return items;
}

function writtenElement(element: Element, cursor: PolicyCursor): { label: string; insertText: string; snippet?: string } | undefined {
  if (cursor.syntax.style === 'policy-document') {
    if (!element.argument) return undefined;
    if (element.block) {
      const body = element.blockBody ?? '';
      return { label: element.argument, insertText: `${element.argument} {`, snippet: `${element.argument} {\n${indent(body)}\n}` };
    }
    // A document's actions and resources are always lists.
    const value = /^(Not)?(Action|Resource)$/.test(element.name) ? '[$1]' : element.hclValue;
    return { label: element.argument, insertText: `${element.argument} = `, snippet: `${element.argument} = ${value}` };
  }
  const name = nameText(element.name, cursor);
  if (cursor.quoted) return { label: element.name, insertText: name };
  const value = cursor.syntax.style === 'json' ? element.jsonValue : element.hclValue;
  return { label: element.name, insertText: name, snippet: `${name}${value}` };
}

function indent(body: string): string {
  return body
    .split('\n')
    .map((line) => `\t${line}`)
    .join('\n');
}

/** Principal types (`AWS`, `Service`, ...); in a policy document's `type` also `*` (everyone). */
export function principalTypeCandidates(cursor: PolicyCursor, locale: string | undefined): CompletionCandidate[] {
  const types = [...PRINCIPAL_TYPES];
  if (cursor.syntax.style === 'policy-document') types.push({ name: '*', description: { en: 'Everyone (with identifiers = ["*"]).', ja: '全員 (identifiers = ["*"] と組み合わせます)。' } });
  const present = new Set(cursor.siblings);
  return types
    .filter((t) => !present.has(t.name))
    .map((type, index) => ({
      label: type.name,
      kind: 'element' as const,
      documentation: localize(type.description, locale),
      insertText: nameText(type.name, cursor),
      sortText: sortKey(1, String(index)),
    }));
}

export function effectCandidates(cursor: PolicyCursor): CompletionCandidate[] {
  return ['Allow', 'Deny'].map((effect, index) => ({ label: effect, kind: 'value' as const, insertText: valueText(effect, cursor), sortText: sortKey(1, String(index)) }));
}

export function versionCandidates(cursor: PolicyCursor): CompletionCandidate[] {
  return [
    { label: '2012-10-17', kind: 'value', insertText: valueText('2012-10-17', cursor), sortText: sortKey(1, 'a'), preselect: true },
    { label: '2008-10-17', kind: 'value', insertText: valueText('2008-10-17', cursor), sortText: sortKey(2, 'b') },
  ];
}

export function encryptionAlgorithmCandidates(cursor: PolicyCursor): CompletionCandidate[] {
  return ['aws:kms', 'aws:kms:dsse', 'AES256'].map((algorithm, index) => ({ label: algorithm, kind: 'value' as const, insertText: valueText(algorithm, cursor), sortText: sortKey(1, String(index)) }));
}

/** The meaning of a policy element (root or statement member), for hover. */
export function describeElement(name: string, locale: string | undefined): string | undefined {
  const lower = name.toLowerCase();
  const element = [...ROOT_ELEMENTS, ...STATEMENT_ELEMENTS].find((e) => e.name.toLowerCase() === lower || e.argument === lower);
  return element ? `**${element.name}**\n\n${localize(element.description, locale)}` : undefined;
}
