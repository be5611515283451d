import type { AccessEntry, ExplainReport, Via } from '../../../server/src/core/explain/report';
import { graphSvg } from './graphSvg';
import { escapeHtml, type Translate } from './html';
import { matrixHtml } from './matrixHtml';

export { escapeHtml, type Translate };

/** The message the report page posts when its "Fetch live data from AWS" button is clicked. */
export const FETCH_LIVE_MESSAGE = 'keylens.fetchLive';
/** What the extension posts back when the user declined, so the button works again. */
export const LIVE_ACTION_RESET_MESSAGE = 'keylens.liveActionReset';
/** The message the page posts for "Copy as Markdown" (the extension holds the Markdown; the page holds nothing to copy). */
export const COPY_MARKDOWN_MESSAGE = 'keylens.copyMarkdown';

/** Operation lists longer than this are collapsed behind their count. */
const LISTED_OPERATIONS = 6;

export interface ReportHtmlOptions {
  readonly title: string;
  readonly nonce: string;
  readonly cspSource: string;
  readonly t: Translate;
  /** The editor's display language, for labels that come from the core in both languages. */
  readonly locale?: string;
  /** How many KMS operations exist: a principal with all of them reads "All operations (kms:*)". */
  readonly allOperations?: number;
  /** Offer "Fetch live data from AWS" (a workspace report in a trusted workspace). */
  readonly liveAction?: boolean;
}

/**
 * The explain report as a self-contained HTML page: who can use the key at a glance (principals ×
 * capability groups, with the path of each cell), the same as a drawn graph (inline SVG), then the
 * details. Every value from the report (which may come from a live account or workspace files) is
 * escaped. The CSP allows the one nonce'd style block and the one nonce'd script block — which
 * only posts COPY_MARKDOWN_MESSAGE (and FETCH_LIVE_MESSAGE with `liveAction`) and reads nothing
 * from the report; no inline handlers, no inline styles, no other sources.
 */
export function renderReportHtml(report: ExplainReport, options: ReportHtmlOptions): string {
  const { t } = options;
  const key = report.key;
  // Escaping keeps a nonce inside its attribute, not inside its CSP token: accept base64 only.
  if (!/^[A-Za-z0-9+/_=-]+$/.test(options.nonce)) throw new Error('renderReportHtml: the nonce must be base64 characters');
  const nonce = options.nonce;
  const body: string[] = [];
  body.push(`<h1>${escapeHtml(options.title)}</h1>`);
  body.push(`<div class="toolbar"><button id="copy-markdown" type="button">${escapeHtml(t('Copy as Markdown'))}</button></div>`);
  if (options.liveAction) {
    body.push(
      `<div class="live-action"><p>${escapeHtml(t('This report comes from the workspace files. Grants that AWS services create exist only in the account.'))}</p>` +
        `<button id="fetch-live" type="button">${escapeHtml(t('Fetch live data from AWS'))}</button></div>`,
    );
  }
  if (report.warnings.length > 0) {
    body.push(`<h2>${escapeHtml(t('Warnings'))}</h2><ul class="warnings">`);
    for (const warning of report.warnings) body.push(`<li>${escapeHtml(warning.message)}</li>`);
    body.push('</ul>');
  }

  body.push(`<h2>${escapeHtml(t('Who can use this key'))}</h2>`);
  body.push(matrixHtml(report, { t, locale: options.locale, allOperations: options.allOperations }));
  if (report.access.length + report.denies.length > 0) {
    body.push(`<h2>${escapeHtml(t('Access graph'))}</h2>`);
    body.push(graphSvg(report, { t, allOperations: options.allOperations }));
  }

  body.push(`<h2>${escapeHtml(t('Key'))}</h2><table class="facts">`);
  const fact = (label: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '') body.push(`<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  };
  fact(t('Key ARN'), key.arn);
  fact(t('Key id'), key.keyId);
  fact(t('Account'), key.account);
  fact(t('Region'), key.region);
  fact(t('Key manager'), key.keyManager);
  fact(t('State'), key.state);
  fact(t('Aliases'), key.aliases.join(', '));
  fact(t('Description'), key.description);
  fact(t('Key policy from'), report.sources.keyPolicy);
  fact(t('Grants from'), report.sources.grants);
  fact(t('Aliases from'), report.sources.aliases);
  body.push('</table>');

  if (report.access.length > 0) {
    body.push(`<h2>${escapeHtml(t('Details'))}</h2>`);
    body.push(accessTable(report.access, t, options.allOperations)!);
  }
  if (report.denies.length > 0) {
    body.push(`<h2>${escapeHtml(t('Explicit denies'))}</h2>`);
    body.push(accessTable(report.denies, t, options.allOperations)!);
  }
  if (report.grants.length > 0) {
    body.push(`<h2>${escapeHtml(t('Grants'))}</h2><table><tr><th>${escapeHtml(t('Grant'))}</th><th>${escapeHtml(t('Grantee'))}</th><th>${escapeHtml(t('Operations'))}</th><th>${escapeHtml(t('Why'))}</th></tr>`);
    for (const grant of report.grants) {
      const name = [grant.Name, grant.GrantId].filter(Boolean).join(' ');
      body.push(
        `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(grant.GranteePrincipal)}</td><td>${list(grant.Operations ?? [], t)}</td><td>${escapeHtml(grant.explanation)}${
          grant.retireImpact ? `<br><em>${escapeHtml(grant.retireImpact)}</em>` : ''
        }</td></tr>`,
      );
    }
    body.push('</table>');
  }

  return `<!DOCTYPE html>
<html lang="${options.locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${escapeHtml(options.cspSource)}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title)}</title>
<style nonce="${nonce}">
${STYLE}
</style>
</head>
<body>
${body.join('\n')}${pageScript(nonce, options.liveAction === true)}
</body>
</html>`;
}

const STYLE = `body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.5em 2em; }
h1 { font-size: 1.35em; overflow-wrap: anywhere; }
h2 { font-size: 1.1em; margin-top: 1.4em; }
td, th { overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5em 0 1em; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3em .6em; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
table.facts { width: auto; }
code { font-family: var(--vscode-editor-font-family); }
ul.ops { margin: 0; padding-left: 1.1em; }
.warnings li { color: var(--vscode-editorWarning-foreground); }
.toolbar { margin: 0 0 .8em; }
.live-action { border-left: 3px solid var(--vscode-textLink-foreground); padding: .2em 1em .8em; margin: 0 0 1em; background: var(--vscode-textBlockQuote-background); }
button { font-family: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: .4em 1em; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button:disabled { opacity: .6; cursor: default; }
table.matrix { table-layout: fixed; }
table.matrix th.section { text-align: center; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 2px solid var(--vscode-panel-border, #8886); text-transform: uppercase; font-size: .8em; letter-spacing: .05em; }
table.matrix th.group { text-align: center; font-weight: normal; font-size: .85em; }
table.matrix th.principal-head, table.matrix th.principal { width: 17%; }
table.matrix th.via-head, table.matrix td.via { width: 22%; }
table.matrix td.via { font-size: .85em; }
table.matrix td.cell { text-align: center; font-size: .85em; }
table.matrix td.cell .mark { font-size: 1.15em; font-weight: bold; }
table.matrix td.complete .mark, table.matrix td.all .mark { color: var(--vscode-charts-green, #3a3); }
table.matrix td.partial .mark { color: var(--vscode-charts-yellow, #c90); }
table.matrix td.denied .mark, .deny-mark { color: var(--vscode-charts-red, #d33); }
table.matrix td.all { text-align: left; }
ul.paths { list-style: none; margin: .2em 0 0; padding: 0; text-align: left; }
ul.paths li { color: var(--vscode-descriptionForeground); margin-bottom: .15em; }
.tag.deny { background: var(--vscode-charts-red, #d33); }
.tag { display: inline-block; min-width: 1.8em; font-size: .8em; font-weight: bold; border-radius: 3px; padding: 0 .25em; text-align: center; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.badge { display: inline-block; font-size: .75em; border-radius: 3px; padding: 0 .35em; margin-top: .2em; border: 1px solid var(--vscode-panel-border, #8886); color: var(--vscode-descriptionForeground); }
.badge.cross { border-color: var(--vscode-charts-orange, #d80); }
.legend { font-size: .85em; color: var(--vscode-descriptionForeground); }
svg.graph { max-width: 900px; }
svg.graph rect { fill: var(--vscode-editor-background, #fff); stroke: var(--vscode-foreground, #444); stroke-width: 1; }
svg.graph .principal.cross rect { stroke: var(--vscode-charts-orange, #d80); }
svg.graph .key rect { stroke: var(--vscode-charts-green, #3a3); stroke-width: 2; }
svg.graph text { fill: var(--vscode-foreground, #222); font-size: 12px; font-family: var(--vscode-editor-font-family, monospace); }
svg.graph .key .key-name { font-weight: bold; }
svg.graph .edge path { fill: none; stroke-width: 1.5; stroke: var(--vscode-charts-blue, #37c); }
svg.graph .edge text { font-size: 10px; fill: var(--vscode-descriptionForeground, #666); }
svg.graph .edge.iam-delegation path { stroke-dasharray: 6 4; stroke: var(--vscode-charts-purple, #85c); }
svg.graph .edge.grant path { stroke-dasharray: 2 3; stroke: var(--vscode-charts-orange, #d80); }
svg.graph .edge.deny path { stroke: var(--vscode-charts-red, #d33); stroke-width: 2; }
svg.graph .edge.deny text { fill: var(--vscode-charts-red, #d33); font-weight: bold; }
svg.graph .arrowhead { fill: var(--vscode-descriptionForeground, #666); }
svg.graph .denyhead { stroke: var(--vscode-charts-red, #d33); stroke-width: 3; }
details summary { cursor: pointer; }`;

/** The page's one script: posts the copy (and live) requests; it reads nothing from the report. */
function pageScript(nonce: string, liveAction: boolean): string {
  return `
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  document.getElementById('copy-markdown').addEventListener('click', function () {
    vscode.postMessage({ type: '${COPY_MARKDOWN_MESSAGE}' });
  });${
    liveAction
      ? `
  const button = document.getElementById('fetch-live');
  button.addEventListener('click', function () {
    button.disabled = true;
    vscode.postMessage({ type: '${FETCH_LIVE_MESSAGE}' });
  });
  window.addEventListener('message', function (event) {
    if (event.data && event.data.type === '${LIVE_ACTION_RESET_MESSAGE}') button.disabled = false;
  });`
      : ''
  }
})();
</script>`;
}

function accessTable(entries: readonly AccessEntry[], t: Translate, allOperations: number | undefined): string | undefined {
  if (entries.length === 0) return undefined;
  const rows = entries.map((entry) => {
    const principal = entry.except?.length ? `${escapeHtml(entry.principal)} (${escapeHtml(t('except {0}', entry.except.join(', ')))})` : escapeHtml(entry.principal);
    return `<tr><td><code>${principal}</code>${entry.crossAccount ? `<br><em>${escapeHtml(t('other account'))}</em>` : ''}</td><td>${operations(entry.operations, t, allOperations)}</td><td>${conditions(entry.conditions)}</td><td>${entry.via
      .map((via) => escapeHtml(describeVia(via, t)))
      .join('<br>')}</td></tr>`;
  });
  return `<table><tr><th>${escapeHtml(t('Principal'))}</th><th>${escapeHtml(t('Operations'))}</th><th>${escapeHtml(t('Conditions'))}</th><th>${escapeHtml(t('Why'))}</th></tr>${rows.join('')}</table>`;
}

function list(items: readonly string[], t: Translate): string {
  const rendered = `<ul class="ops">${items.map((item) => `<li><code>${escapeHtml(item)}</code></li>`).join('')}</ul>`;
  return items.length > LISTED_OPERATIONS ? `<details><summary>${escapeHtml(t('{0} operations', items.length))}</summary>${rendered}</details>` : rendered;
}

/** An operation list: "All operations (kms:*)" for every KMS operation, long lists collapsed behind their count. */
function operations(items: readonly string[], t: Translate, allOperations: number | undefined): string {
  if (allOperations && items.length >= allOperations) return `<strong>${escapeHtml(t('All operations (kms:*)'))}</strong>`;
  return list(items, t);
}

function conditions(value: AccessEntry['conditions']): string {
  const lines: string[] = [];
  for (const [operator, keys] of Object.entries(value ?? {})) {
    for (const [key, values] of Object.entries(keys)) lines.push(`<code>${escapeHtml(operator)} ${escapeHtml(key)} = ${escapeHtml(values.join(', '))}</code>`);
  }
  return lines.join('<br>');
}

export function describeVia(via: Via, t: Translate): string {
  switch (via.kind) {
    case 'key-policy':
      return t('key policy statement {0}', via.statement);
    case 'iam-delegation': {
      const policies = via.policies.map((p) => p.policy).join(', ');
      return policies
        ? t('IAM policies of account {0} ({1}), delegated by the key policy', via.account, policies)
        : t('IAM policies of account {0}, delegated by the key policy', via.account);
    }
    case 'grant':
      return via.role === 'retiring-principal'
        ? t('may retire grant {0}', via.name ?? via.grantId ?? '?')
        : t('grant {0}{1}', via.name ?? via.grantId ?? '?', via.createdBy ? ` (${via.createdBy})` : '');
    default:
      return JSON.stringify(via);
  }
}
