import { localize } from '../finding';
import { accessMatrix, CAPABILITY_GROUPS, OTHER_GROUP, type CapabilityCell, type MatrixRow } from './capabilities';
import { escapeMarkdown } from './markdown';
import type { ExplainReport } from './report';

const labels = {
  title: { en: 'At a glance', ja: '概要' },
  principal: { en: 'Principal', ja: 'プリンシパル' },
  all: { en: 'all operations (kms:*)', ja: 'すべての操作 (kms:*)' },
  denied: { en: 'denied', ja: '拒否' },
  conditions: { en: 'with conditions', ja: '条件付き' },
  otherAccount: { en: 'other account', ja: '別アカウント' },
  grantsOnly: { en: 'grants only', ja: 'グラントのみ' },
  via: { en: 'Via', ja: '経路' },
  legend: {
    en: '✓ every operation of the group, n/m some of them, ✗ denied. Paths: KP key policy statement, IAM delegation to the account\'s IAM policies, G grant.',
    ja: '✓ グループのすべての操作、n/m 一部の操作、✗ 拒否。経路: KP キーポリシーのステートメント、IAM アカウントの IAM ポリシーへの委任、G グラント。',
  },
  nobody: { en: 'Nobody is allowed by what KeyLens could read.', ja: 'KeyLens が読み取れた範囲では、誰も許可されていません。' },
};

export const PATH_TAGS = { 'key-policy': 'KP', 'iam-delegation': 'IAM', grant: 'G' } as const;

/**
 * The explain report's principals × capability groups as a Markdown table, for the report view's
 * "Copy as Markdown" (the full report follows it). Every value from the report is escaped.
 */
export function matrixMarkdown(report: Pick<ExplainReport, 'access' | 'denies'>, allOperationsCount: number | undefined, locale: string | undefined): string {
  const t = (m: { en: string; ja: string }) => localize(m, locale);
  const matrix = accessMatrix(report, allOperationsCount);
  const lines = [`## ${t(labels.title)}`, ''];
  if (matrix.rows.length === 0) return [...lines, t(labels.nobody), ''].join('\n');
  const groups = [...CAPABILITY_GROUPS, OTHER_GROUP];
  lines.push(`| ${t(labels.principal)} | ${groups.map((g) => t(g.label)).join(' | ')} | ${t(labels.via)} |`);
  lines.push(`| --- | ${groups.map(() => ':-:').join(' | ')} | --- |`);
  for (const row of matrix.rows) {
    const marks = row.allOperations && !hasDenied(row) ? [t(labels.all), ...groups.slice(1).map(() => '')] : groups.map((g) => cellMark(row.cells.get(g.id)));
    lines.push(`| ${principalCell(row, t)} | ${marks.join(' | ')} | ${viaCell(row)} |`);
  }
  lines.push('', t(labels.legend), '');
  return lines.join('\n');
}

function hasDenied(row: MatrixRow): boolean {
  return [...row.cells.values()].some((cell) => cell.denied.length > 0);
}

export function cellMark(cell: CapabilityCell | undefined): string {
  if (!cell) return '';
  if (cell.denied.length > 0 && cell.operations.length === 0) return '✗';
  const mark = cell.group === OTHER_GROUP ? String(cell.operations.length) : cell.complete ? '✓' : `${cell.operations.length}/${cell.total}`;
  return cell.denied.length > 0 ? `${mark} ✗` : mark;
}

function principalCell(row: MatrixRow, t: (m: { en: string; ja: string }) => string): string {
  const notes = [row.crossAccount && t(labels.otherAccount), row.grantOnly && t(labels.grantsOnly), row.conditional && t(labels.conditions)].filter(Boolean);
  return `${escapeMarkdown(row.principal)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

function viaCell(row: MatrixRow): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const cell of row.cells.values()) {
    for (const path of cell.paths) {
      const text = `${PATH_TAGS[path.kind]} ${escapeMarkdown(path.text)}`;
      if (!seen.has(text)) {
        seen.add(text);
        parts.push(text);
      }
    }
  }
  return parts.join('; ');
}

/** The full Markdown report with the at-a-glance table after its heading (before its first section). */
export function reportWithMatrix(markdown: string, report: Pick<ExplainReport, 'access' | 'denies'>, allOperationsCount: number | undefined, locale: string | undefined): string {
  const table = matrixMarkdown(report, allOperationsCount, locale);
  const firstSection = markdown.indexOf('\n## ');
  if (firstSection < 0) return `${markdown.replace(/\n*$/, '\n\n')}${table}`;
  return `${markdown.slice(0, firstSection + 1)}${table}\n${markdown.slice(firstSection + 1)}`;
}
