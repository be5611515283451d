import { localize } from '../../../server/src/core/finding';
import { accessMatrix, MATRIX_GROUPS, type CapabilityCell, type MatrixRow, type PathLabel } from '../../../server/src/core/explain/capabilities';
import { PATH_TAGS } from '../../../server/src/core/explain/matrixMarkdown';
import type { ExplainReport } from '../../../server/src/core/explain/report';
import { escapeHtml, type Translate } from './html';

const SECTIONS = [
  { id: 'use', label: 'Use' },
  { id: 'manage', label: 'Manage' },
  { id: 'grants', label: 'Grants' },
  { id: 'other', label: 'Other' },
] as const;

/**
 * "Who can use this key" at a glance: one row per principal, one column per capability group, each
 * cell marking what the principal may do there (✓ all, n/m some, ✗ denied) and by which path (key
 * policy statement, IAM delegation, grant). A principal with every operation (`kms:*`) gets one
 * "all operations" cell. Every value from the report is escaped.
 */
export function matrixHtml(report: ExplainReport, options: { t: Translate; locale: string | undefined; allOperations?: number }): string {
  const { t } = options;
  const matrix = accessMatrix(report, options.allOperations);
  if (matrix.rows.length === 0) return `<p>${escapeHtml(t('Nobody is allowed by what KeyLens could read.'))}</p>`;
  const head1 = SECTIONS.map((section) => {
    const span = MATRIX_GROUPS.filter((g) => g.section === section.id).length;
    return `<th colspan="${span}" class="section">${escapeHtml(t(section.label))}</th>`;
  }).join('');
  const head2 = MATRIX_GROUPS.map((g) => `<th class="group">${escapeHtml(localize(g.label, options.locale))}</th>`).join('');
  const rows = matrix.rows.map((row) => rowHtml(row, options)).join('\n');
  return `<table class="matrix">
<thead><tr><th rowspan="2" class="principal-head">${escapeHtml(t('Principal'))}</th>${head1}<th rowspan="2" class="via-head">${escapeHtml(t('Via'))}</th></tr><tr>${head2}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="legend">${escapeHtml(t('✓ every operation of the group · n/m some of them · ✗ denied. Paths: KP key policy statement, IAM delegation to the account\'s IAM policies, G grant.'))}</p>`;
}

function rowHtml(row: MatrixRow, options: { t: Translate; locale: string | undefined }): string {
  const { t } = options;
  const badges = [
    row.crossAccount && `<span class="badge cross">${escapeHtml(t('other account'))}</span>`,
    row.grantOnly && `<span class="badge grant">${escapeHtml(t('grants only'))}</span>`,
    row.conditional && `<span class="badge conditional" title="${escapeHtml(conditionsText(row))}">${escapeHtml(t('conditions'))}</span>`,
  ].filter(Boolean);
  const head = `<th class="principal" title="${escapeHtml(row.principal)}"><code>${escapeHtml(shortPrincipal(row.principal))}</code>${badges.length ? `<br>${badges.join(' ')}` : ''}</th>`;
  const denied = [...row.cells.values()].some((cell) => cell.denied.length > 0);
  const tags = pathTags(uniquePaths([...row.cells.values()].flatMap((cell) => cell.paths)));
  const via = `<td class="via">${viaHtml(tags)}</td>`;
  if (row.allOperations && !denied) {
    return `<tr>${head}<td class="cell all" colspan="${MATRIX_GROUPS.length}"><span class="mark">${escapeHtml(t('All operations (kms:*)'))}</span> ${chips([...tags.keys()], tags)}</td>${via}</tr>`;
  }
  const cells = MATRIX_GROUPS.map((group) => cellHtml(row.cells.get(group.id), tags, t)).join('');
  return `<tr>${head}${cells}${via}</tr>`;
}

/** Each path of a row gets a short tag (KP, KP2, IAM, G...) that its cells show; the Via column spells them out. */
function pathTags(paths: readonly PathLabel[]): Map<string, { tag: string; path: PathLabel }> {
  const tags = new Map<string, { tag: string; path: PathLabel }>();
  const perKind = new Map<string, number>();
  for (const path of paths) perKind.set(path.kind, (perKind.get(path.kind) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const path of paths) {
    const n = (seen.get(path.kind) ?? 0) + 1;
    seen.set(path.kind, n);
    const tag = perKind.get(path.kind)! > 1 ? `${PATH_TAGS[path.kind]}${n}` : PATH_TAGS[path.kind];
    tags.set(pathId(path), { tag, path });
  }
  return tags;
}

const pathId = (path: PathLabel) => `${path.kind}\u0000${path.text}`;

function chips(ids: readonly string[], tags: ReadonlyMap<string, { tag: string; path: PathLabel }>): string {
  return ids
    .map((id) => tags.get(id))
    .filter((entry): entry is { tag: string; path: PathLabel } => entry !== undefined)
    .map(({ tag, path }) => `<span class="tag ${path.kind}" title="${escapeHtml(path.text)}">${escapeHtml(tag)}</span>`)
    .join(' ');
}

function viaHtml(tags: ReadonlyMap<string, { tag: string; path: PathLabel }>): string {
  if (tags.size === 0) return '';
  return `<ul class="paths">${[...tags.values()].map(({ tag, path }) => `<li class="path ${path.kind}" title="${escapeHtml(path.text)}"><span class="tag ${path.kind}">${escapeHtml(tag)}</span> ${escapeHtml(path.text)}</li>`).join('')}</ul>`;
}

function cellHtml(cell: CapabilityCell | undefined, tags: ReadonlyMap<string, { tag: string; path: PathLabel }>, t: Translate): string {
  if (!cell) return '<td class="cell none"></td>';
  const deniedOnly = cell.denied.length > 0 && cell.operations.length === 0;
  const kind = deniedOnly ? 'denied' : cell.complete ? 'complete' : 'partial';
  const mark = deniedOnly ? '✗' : cell.group.id === 'other' ? String(cell.operations.length) : cell.complete ? '✓' : `${cell.operations.length}/${cell.total}`;
  const title = [
    cell.operations.length ? cell.operations.join(', ') : '',
    cell.denied.length ? `${t('Denied')}: ${cell.denied.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const deniedMark = cell.denied.length > 0 && !deniedOnly ? ' <span class="deny-mark">✗</span>' : '';
  const cellChips = chips(cell.paths.map(pathId), tags);
  return `<td class="cell ${kind}" title="${escapeHtml(title)}"><span class="mark">${escapeHtml(mark)}</span>${deniedMark}${cellChips ? `<br>${cellChips}` : ''}</td>`;
}

function uniquePaths(paths: readonly PathLabel[]): PathLabel[] {
  const seen = new Set<string>();
  return paths.filter((path) => {
    const id = `${path.kind}\u0000${path.text}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function conditionsText(row: MatrixRow): string {
  const lines: string[] = [];
  for (const [operator, keys] of Object.entries(row.entry?.conditions ?? {})) {
    for (const [key, values] of Object.entries(keys)) lines.push(`${operator} ${key} = ${values.join(', ')}`);
  }
  return lines.join('\n');
}

/** `arn:aws:iam::111122223333:role/KeyAdmin` → `role/KeyAdmin · 111122223333` (the full ARN is the cell's title). */
export function shortPrincipal(principal: string): string {
  const match = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(principal);
  if (!match) return principal;
  return match[2] === 'root' ? `${match[1]} (root)` : `${match[2]} · ${match[1]}`;
}
