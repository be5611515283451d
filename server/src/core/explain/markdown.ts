import type { AccessEntry, Conditions, DelegatedPolicy, ExplainReport, ReportGrant, Via } from './report';

type Locale = 'en' | 'ja';

/**
 * Escapes text from policies, grants and AWS responses for Markdown: HTML-significant characters
 * become entities (a Sid like `<img src=x onerror=alert(1)>` renders as text, also where raw HTML is
 * enabled) and the Markdown punctuation that could open links, emphasis, code or tables is
 * backslash-escaped. Values never start a line, so list and heading markers need no escape; ARNs stay
 * readable in a terminal.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[&<>\\`*_[\]#!|~]/g, (char) => MARKDOWN_ESCAPES[char] ?? `\\${char}`);
}

const MARKDOWN_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** A principal behind thousands of grants (a service retiring them all) lists the first few paths only. */
const MAX_VIA_LINES = 25;

const labels = {
  en: {
    title: 'Who can use',
    key: 'Key',
    account: 'account',
    region: 'region',
    managed: { AWS: 'AWS managed', CUSTOMER: 'customer managed' },
    state: 'state',
    aliases: 'Aliases',
    none: 'none',
    sources: 'Sources',
    keyPolicy: 'key policy',
    grants: 'grants',
    aliasesSource: 'aliases',
    warnings: 'Warnings',
    access: 'Access',
    noAccess: 'No principal found with access.',
    denies: 'Denies',
    deniesNote: 'Deny statements win over every Allow and grant above.',
    grantsTitle: 'Grants',
    noGrants: 'No grants.',
    operations: 'Operations',
    allOperations: (n: number) => `all ${n} KMS operations (kms:\\*)`,
    conditions: 'Conditions',
    why: 'Why',
    except: 'Everyone except',
    crossAccount: 'Another account: needs this access AND an IAM policy in its own account.',
    andConditions: 'and also',
    ineffective: 'Granted but without effect from another account',
    denied: 'Allowed, but always denied by a Deny',
    viaGroup: (group: string) => `through group ${group}`,
    onlyGrants: 'Only through grants: the key policy neither allows this principal nor lets IAM policies of its account grant access, so retiring the grants removes this access.',
    keyPolicyVia: (s: string) => `key policy statement ${s}`,
    iamVia: (account: string, statement: string | undefined) =>
      statement ? `IAM policies of account ${account}, delegated by key policy statement ${statement}` : `IAM policy of account ${account}`,
    policies: 'IAM policies in the workspace',
    noPolicies: 'none in the workspace',
    grantVia: (id: string) => `grant ${id}`,
    retiring: 'may retire grant',
    constraints: 'constraints',
    createdBy: 'created by',
    constraintsLabel: 'Constraints',
    createdByLabel: 'Created by',
    grantee: 'Grantee',
    retiringPrincipal: 'Retiring principal',
    created: 'Created',
    issuingAccount: 'Issuing account',
    ifRetired: 'If retired',
    unnamed: '(no name)',
    moreVia: (n: number) => `… and ${n} more (see Grants below, or --format json for all)`,
    noId: '(not created yet)',
  },
  ja: {
    title: 'キーを使えるのは誰か',
    key: 'キー',
    account: 'アカウント',
    region: 'リージョン',
    managed: { AWS: 'AWS マネージド', CUSTOMER: 'カスタマーマネージド' },
    state: '状態',
    aliases: 'エイリアス',
    none: 'なし',
    sources: '情報源',
    keyPolicy: 'キーポリシー',
    grants: 'グラント',
    aliasesSource: 'エイリアス',
    warnings: '警告',
    access: 'アクセス',
    noAccess: 'アクセスできるプリンシパルは見つかりませんでした。',
    denies: '拒否',
    deniesNote: 'Deny ステートメントは上のすべての Allow とグラントより優先されます。',
    grantsTitle: 'グラント',
    noGrants: 'グラントはありません。',
    operations: '操作',
    allOperations: (n: number) => `KMS の全 ${n} 操作 (kms:\\*)`,
    conditions: '条件',
    why: '理由',
    except: '次を除く全員',
    crossAccount: '別アカウント: このアクセスに加えて、そのアカウント側の IAM ポリシーが必要です。',
    andConditions: 'かつ',
    ineffective: '許可されているが別アカウントからは効果のない操作',
    denied: '許可されているが Deny により常に拒否される操作',
    viaGroup: (group: string) => `グループ ${group} 経由`,
    onlyGrants: 'グラント経由のみ: キーポリシーはこのプリンシパルを許可しておらず、そのアカウントの IAM ポリシーへの委任もありません。グラントをリタイアするとこのアクセスはなくなります。',
    keyPolicyVia: (s: string) => `キーポリシーのステートメント ${s}`,
    iamVia: (account: string, statement: string | undefined) =>
      statement ? `アカウント ${account} の IAM ポリシー (キーポリシーのステートメント ${statement} が委任)` : `アカウント ${account} の IAM ポリシー`,
    policies: 'ワークスペースの IAM ポリシー',
    noPolicies: 'ワークスペースにはなし',
    grantVia: (id: string) => `グラント ${id}`,
    retiring: 'グラントをリタイアできる',
    constraints: '制約',
    createdBy: '作成元',
    constraintsLabel: '制約',
    createdByLabel: '作成元',
    grantee: '被付与者',
    retiringPrincipal: 'リタイアできるプリンシパル',
    created: '作成日時',
    issuingAccount: '発行アカウント',
    ifRetired: 'リタイアした場合',
    unnamed: '(名前なし)',
    moreVia: (n: number) => `… ほか ${n} 件 (下のグラント一覧、またはすべてを --format json で)`,
    noId: '(未作成)',
  },
};

type Labels = (typeof labels)['en'];

export interface MarkdownOptions {
  readonly locale?: string;
  /** How many KMS operations exist, to print `kms:*` instead of the full list. */
  readonly allOperationsCount?: number;
}

/** Renders an explain report as Markdown; every value that comes from a policy, grant or AWS is escaped. */
export function renderMarkdown(report: ExplainReport, options: MarkdownOptions = {}): string {
  const locale: Locale = options.locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  const t = labels[locale] as Labels;
  const e = escapeMarkdown;
  const lines: string[] = [];
  const keyName = report.key.arn ?? report.key.keyId ?? report.key.address ?? report.key.aliases[0] ?? '?';
  lines.push(`# ${t.title}: ${e(keyName)}`, '');
  const facts = [
    report.key.account && `${t.account} ${e(report.key.account)}`,
    report.key.region && `${t.region} ${e(report.key.region)}`,
    report.key.keyManager && t.managed[report.key.keyManager],
    report.key.state && `${t.state} ${e(report.key.state)}`,
  ].filter(Boolean);
  if (facts.length) lines.push(`**${t.key}:** ${facts.join(' · ')}  `);
  if (report.key.description) lines.push(`${e(report.key.description)}  `);
  lines.push(`**${t.aliases}:** ${report.key.aliases.length ? report.key.aliases.map(e).join(', ') : t.none}  `);
  lines.push(`**${t.sources}:** ${t.keyPolicy} ${report.sources.keyPolicy} · ${t.grants} ${report.sources.grants} · ${t.aliasesSource} ${report.sources.aliases}`, '');

  if (report.warnings.length) {
    lines.push(`## ${t.warnings}`, '');
    for (const warning of report.warnings) lines.push(`- ${e(warning.message)}`);
    lines.push('');
  }

  lines.push(`## ${t.access}`, '');
  if (report.access.length === 0) lines.push(t.noAccess, '');
  for (const entry of report.access) lines.push(...renderEntry(entry, t, options), '');

  if (report.denies.length) {
    lines.push(`## ${t.denies}`, '', t.deniesNote, '');
    for (const entry of report.denies) lines.push(...renderEntry(entry, t, options), '');
  }

  lines.push(`## ${t.grantsTitle}`, '');
  if (report.grants.length === 0) lines.push(t.noGrants, '');
  for (const grant of report.grants) lines.push(...renderGrant(grant, t, options), '');
  return lines.join('\n').replace(/\n+$/, '\n');
}

function renderEntry(entry: AccessEntry, t: Labels, options: MarkdownOptions): string[] {
  const e = escapeMarkdown;
  const lines = [`### ${e(entry.principal)}`, ''];
  if (entry.except) lines.push(`- ${t.except}: ${entry.except.map(e).join(', ')}`);
  lines.push(`- ${t.operations}: ${operationsText(entry.operations, t, options)}`);
  const conditions = [entry.conditions, ...(entry.moreConditions ?? [])].map(conditionsText).filter(Boolean);
  if (conditions.length) lines.push(`- ${t.conditions}: ${conditions.join(` **${t.andConditions}** `)}`);
  if (entry.ineffective?.length) lines.push(`- ${t.ineffective}: ${operationsText(entry.ineffective, t, options)}`);
  if (entry.denied?.length) lines.push(`- ${t.denied}: ${operationsText(entry.denied, t, options)}`);
  lines.push(`- ${t.why}:`);
  const shown = entry.via.slice(0, MAX_VIA_LINES);
  for (const via of shown) lines.push(`  - ${viaText(via, t, options)}`);
  if (entry.via.length > shown.length) lines.push(`  - ${t.moreVia(entry.via.length - shown.length)}`);
  if (entry.crossAccount) lines.push(`- ${t.crossAccount}`);
  if (entry.grantOnly) lines.push(`- **${t.onlyGrants}**`);
  return lines;
}

function viaText(via: Via, t: Labels, options: MarkdownOptions): string {
  const e = escapeMarkdown;
  const operations = operationsText(via.operations, t, options);
  switch (via.kind) {
    case 'key-policy':
      return `${t.keyPolicyVia(`"${e(via.statement)}"`)}: ${operations}${via.policies ? `; ${t.policies}: ${policiesText(via.policies, t, options)}` : ''}`;
    case 'iam-delegation':
      return `${t.iamVia(e(via.account), via.statement === undefined ? undefined : `"${e(via.statement)}"`)}: ${operations}; ${t.policies}: ${policiesText(via.policies, t, options)}`;
    case 'grant': {
      const parts = [`${t.grantVia(e(via.grantId ?? t.noId))}${via.name ? ` "${e(via.name)}"` : ''}`];
      if (via.role === 'retiring-principal') parts.push(t.retiring);
      else parts.push(operations);
      if (via.constraints) parts.push(`${t.constraints} ${constraintsText(via.constraints)}`);
      if (via.createdBy) parts.push(`${t.createdBy} ${e(via.createdBy)}`);
      return parts.join('; ');
    }
  }
}

function policiesText(policies: readonly DelegatedPolicy[], t: Labels, options: MarkdownOptions): string {
  const e = escapeMarkdown;
  if (policies.length === 0) return t.noPolicies;
  return policies.map((p) => `${e(p.policy)}${p.principal ? ` → ${e(p.principal)}` : ''}${p.group ? ` (${t.viaGroup(e(p.group))})` : ''} (${operationsText(p.operations, t, options)})`).join('; ');
}

function renderGrant(grant: ReportGrant, t: Labels, options: MarkdownOptions): string[] {
  const e = escapeMarkdown;
  const lines = [`### ${e(grant.GrantId ?? t.noId)} ${grant.Name ? e(grant.Name) : t.unnamed}`, ''];
  lines.push(`- ${t.grantee}: ${e(grant.GranteePrincipal ?? '?')}`);
  lines.push(`- ${t.operations}: ${operationsText((grant.Operations ?? []).map((op) => `kms:${op}`), t, options)}`);
  if (grant.Constraints) {
    const text = constraintsText(grant.Constraints);
    if (text) lines.push(`- ${t.constraintsLabel}: ${text}`);
  }
  if (grant.RetiringPrincipal) lines.push(`- ${t.retiringPrincipal}: ${e(grant.RetiringPrincipal)}`);
  if (grant.CreationDate) lines.push(`- ${t.created}: ${e(grant.CreationDate)}`);
  if (grant.IssuingAccount) lines.push(`- ${t.issuingAccount}: ${e(grant.IssuingAccount)}`);
  if (grant.createdBy) lines.push(`- ${t.createdByLabel}: ${e(grant.createdBy)}`);
  lines.push('', e(grant.explanation));
  if (grant.retireImpact) lines.push('', `**${t.ifRetired}:** ${e(grant.retireImpact)}`);
  return lines;
}

function operationsText(operations: readonly string[], t: Labels, options: MarkdownOptions): string {
  if (options.allOperationsCount && operations.length >= options.allOperationsCount) return t.allOperations(operations.length);
  return operations.map(escapeMarkdown).join(', ');
}

function conditionsText(conditions: Conditions): string {
  const e = escapeMarkdown;
  const parts: string[] = [];
  for (const [operator, block] of Object.entries(conditions)) {
    for (const [key, values] of Object.entries(block)) parts.push(`${e(operator)} ${e(key)} = ${values.map(e).join(' \\| ')}`);
  }
  return parts.join('; ');
}

function constraintsText(constraints: NonNullable<ReportGrant['Constraints']>): string {
  const e = escapeMarkdown;
  const parts: string[] = [];
  for (const [name, map] of [['EncryptionContextEquals', constraints.EncryptionContextEquals], ['EncryptionContextSubset', constraints.EncryptionContextSubset]] as const) {
    if (!map || Object.keys(map).length === 0) continue;
    parts.push(`${name} { ${Object.entries(map).map(([k, v]) => `${e(k)} = ${e(v)}`).join(', ')} }`);
  }
  return parts.join('; ');
}
