import { accessMatrix, pathLabel } from '../../../server/src/core/explain/capabilities';
import type { AccessEntry, ExplainReport, Via } from '../../../server/src/core/explain/report';
import { escapeHtml, shorten, type Translate } from './html';
import { shortPrincipal } from './matrixHtml';

/** Principals drawn; the rest are counted in a "+ N more" line (the matrix lists every one). */
const MAX_NODES = 24;
const NODE_HEIGHT = 26;
const EDGE_GAP = 14;
const ROW_GAP = 12;
const NODE_WIDTH = 250;
const LABEL_WIDTH = 230;
const KEY_WIDTH = 210;
const WIDTH = 880;

interface Edge {
  readonly kind: Via['kind'] | 'deny';
  readonly label: string;
}

/**
 * The access picture as an inline SVG (no remote resources, styled by the page's nonce'd style
 * block, no inline styles): principals on the left, the key on the right, one edge per kind of path
 * — key policy (solid), IAM delegation (dashed), grant (dotted) — labelled with the statements,
 * delegations or grants it stands for, and Deny edges in red ending in a bar.
 */
export function graphSvg(report: ExplainReport, options: { t: Translate; allOperations?: number }): string {
  const { t } = options;
  const matrix = accessMatrix(report, options.allOperations);
  const rows = matrix.rows.slice(0, MAX_NODES);
  const hidden = matrix.rows.length - rows.length;
  const layout = rows.map((row) => ({ row, edges: edgesOf(row.entry?.via ?? [], denyVia(report.denies, row.principal), t) }));
  let y = 10;
  const placed = layout.map((item) => {
    const height = Math.max(NODE_HEIGHT, item.edges.length * EDGE_GAP + 8);
    const top = y;
    y += height + ROW_GAP;
    return { ...item, top, height };
  });
  const height = Math.max(y + (hidden > 0 ? 24 : 0), 80);
  const keyHeight = 48;
  const keyX = WIDTH - KEY_WIDTH - 8;
  const keyY = Math.max(10, height / 2 - keyHeight / 2);
  const keyName = report.key.aliases[0] ?? report.key.keyId ?? report.key.arn ?? '?';
  const totalEdges = placed.reduce((sum, item) => sum + item.edges.length, 0);
  const parts: string[] = [
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M 0 0 L 10 5 L 0 10 z"/></marker>' +
      '<marker id="bar" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path class="denyhead" d="M 8 0 L 8 10"/></marker></defs>',
  ];
  let edgeIndex = 0;
  for (const { row, edges, top, height: rowHeight } of placed) {
    const nodeY = top + (rowHeight - NODE_HEIGHT) / 2;
    parts.push(
      `<g class="principal${row.crossAccount ? ' cross' : ''}"><title>${escapeHtml(row.principal)}</title><rect x="8" y="${nodeY}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="4"/>` +
        `<text x="16" y="${nodeY + 17}">${escapeHtml(shorten(shortPrincipal(row.principal), 31))}</text></g>`,
    );
    edges.forEach((edge, n) => {
      const startY = top + rowHeight / 2 + (n - (edges.length - 1) / 2) * EDGE_GAP;
      // Edges arrive spread over the key's left side, in the order they leave.
      const endY = keyY + 8 + ((keyHeight - 16) * (totalEdges > 1 ? edgeIndex / (totalEdges - 1) : 0.5));
      edgeIndex++;
      const x1 = 8 + NODE_WIDTH;
      const bend = x1 + LABEL_WIDTH;
      const x2 = keyX;
      const middle = (bend + x2) / 2;
      parts.push(
        `<g class="edge ${edge.kind}"><title>${escapeHtml(edge.label)}</title>` +
          `<path d="M ${x1} ${startY.toFixed(1)} L ${bend} ${startY.toFixed(1)} C ${middle} ${startY.toFixed(1)}, ${middle} ${endY.toFixed(1)}, ${x2} ${endY.toFixed(1)}" marker-end="url(#${edge.kind === 'deny' ? 'bar' : 'arrow'})"/>` +
          `<text x="${x1 + 8}" y="${(startY - 3).toFixed(1)}">${escapeHtml(shorten(edge.label, 36))}</text></g>`,
      );
    });
  }
  if (hidden > 0) parts.push(`<text class="more" x="16" y="${y + 12}">${escapeHtml(t('+ {0} more (see the table)', hidden))}</text>`);
  parts.push(
    `<g class="key"><title>${escapeHtml(report.key.arn ?? keyName)}</title><rect x="${keyX}" y="${keyY}" width="${KEY_WIDTH}" height="${keyHeight}" rx="8"/>` +
      `<text x="${keyX + 12}" y="${keyY + 20}">${escapeHtml(t('KMS key'))}</text><text class="key-name" x="${keyX + 12}" y="${keyY + 38}">${escapeHtml(shorten(keyName, 27))}</text></g>`,
  );
  return `<svg class="graph" role="img" aria-label="${escapeHtml(t('Access graph'))}" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${parts.join('')}</svg>
<p class="legend">${escapeHtml(t('Solid: key policy statement · dashed: IAM delegation · dotted: grant · red: Deny.'))}</p>`;
}

/** The Deny statements naming a principal. */
function denyVia(denies: readonly AccessEntry[], principal: string): Via[] {
  return denies.filter((deny) => deny.principal === principal).flatMap((deny) => deny.via ?? []);
}

/** One edge per kind of path (a principal's statements, delegations or grants are listed on it), and one for its Denies. */
function edgesOf(via: readonly Via[], denies: readonly Via[], t: Translate): Edge[] {
  const byKind = new Map<Via['kind'], string[]>();
  for (const path of via) {
    const list = byKind.get(path.kind) ?? [];
    const text = pathLabel(path).text;
    if (!list.includes(text)) list.push(text);
    byKind.set(path.kind, list);
  }
  const summarize = (labels: readonly string[]) => (labels.length > 2 ? `${labels.slice(0, 2).join(', ')} +${labels.length - 2}` : labels.join(', '));
  const edges: Edge[] = [...byKind].map(([kind, labels]) => ({ kind, label: summarize(labels) }));
  if (denies.length > 0) {
    const labels = [...new Set(denies.map((path) => pathLabel(path).text))];
    edges.push({ kind: 'deny', label: `${t('Deny')} ${summarize(labels)}` });
  }
  return edges;
}
