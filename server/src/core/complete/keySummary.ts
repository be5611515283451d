import { localize } from '../finding';
import type { ActionCatalog } from '../iam/catalog';
import type { ParsedFile } from '../model';
import { accessMatrix, OTHER_GROUP, type MatrixRow } from '../explain/capabilities';
import { explainKey } from '../explain/explainKey';
import { allKmsOperations } from '../explain/operations';
import { parseKeyReference } from '../explain/snapshot';
import { snapshotFromWorkspace } from '../explain/workspaceSnapshot';
import { md } from './candidate';
import { labels } from './messages';

/** Principals a hover lists before "… and N more" (the full report has every one). */
const SHOWN_PRINCIPALS = 6;

/** A Terraform reference to a key's ARN or id (`aws_kms_key.app.arn`, inside `${...}` or not) → its address. */
function terraformKey(word: string): string | undefined {
  const match = /^(?:\$\{)?\s*(aws_kms_key\.[A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.(?:arn|key_id|id)\s*\}?$/.exec(word);
  return match?.[1];
}

/**
 * "Who can use this key" for a key ARN, key id, alias, or Terraform key reference under the cursor,
 * from the workspace files; undefined when the word names no key the workspace can explain.
 */
export function keySummary(word: string, env: { catalog: ActionCatalog; locale?: string; files: () => readonly ParsedFile[] }): { markdown: string; key: string } | undefined {
  const key = terraformKey(word) ?? word;
  const reference = parseKeyReference(key);
  if (!reference || (reference.kind !== 'terraform' && !/^(arn:|alias\/|mrk-|[0-9a-f]{8}-)/i.test(key))) return undefined;
  const files = env.files();
  const snapshot = snapshotFromWorkspace(files, key);
  if (!snapshot.ok) return undefined;
  const report = explainKey(snapshot.snapshot, snapshot.identityPolicies, { catalog: env.catalog, locale: env.locale });
  const t = (m: { en: string; ja: string }) => localize(m, env.locale);
  const matrix = accessMatrix(report, allKmsOperations(env.catalog).length);
  const lines = [`**${t(labels.whoCanUse)}** · \`${md(report.key.arn ?? report.key.keyId ?? key)}\``, '', `_${t(labels.fromWorkspace)}_`, ''];
  if (matrix.rows.length === 0) lines.push(t(labels.noAccessFound));
  for (const row of matrix.rows.slice(0, SHOWN_PRINCIPALS)) lines.push(`- ${rowLine(row, env.locale)}`);
  if (matrix.rows.length > SHOWN_PRINCIPALS) lines.push(`- ${t(labels.morePrincipals(matrix.rows.length - SHOWN_PRINCIPALS))}`);
  return { markdown: lines.join('\n'), key };
}

/** `arn:…:role/app` — Encrypt, Decrypt, Data keys · "Allow use of the key" */
export function rowLine(row: MatrixRow, locale: string | undefined): string {
  const t = (m: { en: string; ja: string }) => localize(m, locale);
  const groups: string[] = [];
  const denied: string[] = [];
  const paths = new Set<string>();
  for (const cell of row.cells.values()) {
    if (cell.operations.length > 0) groups.push(cell.complete || cell.group === OTHER_GROUP ? t(cell.group.label) : `${t(cell.group.label)} (${cell.operations.length}/${cell.total})`);
    if (cell.denied.length > 0) denied.push(t(cell.group.label));
    for (const path of cell.paths) paths.add(path.kind === 'iam-delegation' ? `IAM ${path.text}` : path.kind === 'grant' ? `grant ${path.text}` : path.text);
  }
  const what = row.allOperations ? t(allOperations) : groups.join(', ');
  const parts = [`\`${md(row.principal)}\``];
  if (what) parts.push(`— ${what}${row.conditional ? ` ${t(conditional)}` : ''}`);
  if (denied.length) parts.push(`— ${t(labels.denied)}: ${denied.join(', ')}`);
  if (paths.size) parts.push(`· ${[...paths].map(md).join('; ')}`);
  return parts.join(' ');
}

const allOperations = { en: 'all operations', ja: 'すべての操作' };
const conditional = { en: '(with conditions)', ja: '(条件付き)' };

