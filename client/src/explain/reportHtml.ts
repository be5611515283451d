import type { AccessEntry, ExplainReport, Via } from '../../../server/src/core/explain/report';

/** Localizes a UI string (vscode.l10n.t in the extension, identity in tests). */
export type Translate = (message: string, ...args: (string | number)[]) => string;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The message the report page posts when its "Fetch live data from AWS" button is clicked. */
export const FETCH_LIVE_MESSAGE = 'keylens.fetchLive';
/** What the extension posts back when the user declined, so the button works again. */
export const LIVE_ACTION_RESET_MESSAGE = 'keylens.liveActionReset';

export interface ReportHtmlOptions {
  readonly title: string;
  readonly nonce: string;
  readonly cspSource: string;
  readonly t: Translate;
  /**
   * Offer "Fetch live data from AWS" (a workspace report in a trusted workspace). Only then does the
   * page carry a script: one nonce'd block that posts FETCH_LIVE_MESSAGE and reads nothing from the report.
   */
  readonly liveAction?: boolean;
}

/**
 * The explain report as a self-contained HTML page. Every value from the report (which may come
 * from a live account or workspace files) is escaped. The CSP allows the one nonce'd style block
 * and, only with `liveAction`, the one nonce'd script block; no inline handlers, no other sources.
 */
export function renderReportHtml(report: ExplainReport, options: ReportHtmlOptions): string {
  const { t } = options;
  const key = report.key;
  // Escaping keeps a nonce inside its attribute, not inside its CSP token: accept base64 only.
  if (!/^[A-Za-z0-9+/_=-]+$/.test(options.nonce)) throw new Error('renderReportHtml: the nonce must be base64 characters');
  const nonce = options.nonce;
  const body: string[] = [];
  body.push(`<h1>${escapeHtml(options.title)}</h1>`);
  if (options.liveAction) {
    body.push(
      `<div class="live-action"><p>${escapeHtml(t('This report comes from the workspace files. Grants that AWS services create exist only in the account.'))}</p>` +
        `<button id="fetch-live" type="button">${escapeHtml(t('Fetch live data from AWS'))}</button></div>`,
    );
  }
  body.push('<table class="facts">');
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

  if (report.warnings.length > 0) {
    body.push(`<h2>${escapeHtml(t('Warnings'))}</h2><ul class="warnings">`);
    for (const warning of report.warnings) body.push(`<li>${escapeHtml(warning.message)}</li>`);
    body.push('</ul>');
  }

  body.push(`<h2>${escapeHtml(t('Who can use this key'))}</h2>`);
  body.push(accessTable(report.access, t) ?? `<p>${escapeHtml(t('Nobody is allowed by what KeyLens could read.'))}</p>`);
  if (report.denies.length > 0) {
    body.push(`<h2>${escapeHtml(t('Explicit denies'))}</h2>`);
    body.push(accessTable(report.denies, t)!);
  }
  if (report.grants.length > 0) {
    body.push(`<h2>${escapeHtml(t('Grants'))}</h2><table><tr><th>${escapeHtml(t('Grant'))}</th><th>${escapeHtml(t('Grantee'))}</th><th>${escapeHtml(t('Operations'))}</th><th>${escapeHtml(t('Why'))}</th></tr>`);
    for (const grant of report.grants) {
      const name = [grant.Name, grant.GrantId].filter(Boolean).join(' ');
      body.push(
        `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(grant.GranteePrincipal)}</td><td>${list(grant.Operations ?? [])}</td><td>${escapeHtml(grant.explanation)}${
          grant.retireImpact ? `<br><em>${escapeHtml(grant.retireImpact)}</em>` : ''
        }</td></tr>`,
      );
    }
    body.push('</table>');
  }

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${escapeHtml(options.cspSource)}; style-src 'nonce-${nonce}';${options.liveAction ? ` script-src 'nonce-${nonce}';` : ''}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.5em 2em; }
h1 { font-size: 1.35em; overflow-wrap: anywhere; }
td, th { overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5em 0 1.5em; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3em .6em; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
table.facts { width: auto; }
code { font-family: var(--vscode-editor-font-family); }
ul.ops { margin: 0; padding-left: 1.1em; }
.warnings li { color: var(--vscode-editorWarning-foreground); }
.live-action { border-left: 3px solid var(--vscode-textLink-foreground); padding: .2em 1em .8em; margin: 0 0 1em; background: var(--vscode-textBlockQuote-background); }
button { font-family: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: .4em 1em; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button:disabled { opacity: .6; cursor: default; }
</style>
</head>
<body>
${body.join('\n')}${options.liveAction ? liveActionScript(nonce) : ''}
</body>
</html>`;
}

function liveActionScript(nonce: string): string {
  return `
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const button = document.getElementById('fetch-live');
  button.addEventListener('click', function () {
    button.disabled = true;
    vscode.postMessage({ type: '${FETCH_LIVE_MESSAGE}' });
  });
  window.addEventListener('message', function (event) {
    if (event.data && event.data.type === '${LIVE_ACTION_RESET_MESSAGE}') button.disabled = false;
  });
})();
</script>`;
}

function accessTable(entries: readonly AccessEntry[], t: Translate): string | undefined {
  if (entries.length === 0) return undefined;
  const rows = entries.map((entry) => {
    const principal = entry.except?.length ? `${escapeHtml(entry.principal)} (${escapeHtml(t('except {0}', entry.except.join(', ')))})` : escapeHtml(entry.principal);
    return `<tr><td><code>${principal}</code>${entry.crossAccount ? `<br><em>${escapeHtml(t('other account'))}</em>` : ''}</td><td>${list(entry.operations)}</td><td>${conditions(entry.conditions)}</td><td>${entry.via
      .map((via) => escapeHtml(describeVia(via, t)))
      .join('<br>')}</td></tr>`;
  });
  return `<table><tr><th>${escapeHtml(t('Principal'))}</th><th>${escapeHtml(t('Operations'))}</th><th>${escapeHtml(t('Conditions'))}</th><th>${escapeHtml(t('Why'))}</th></tr>${rows.join('')}</table>`;
}

function list(items: readonly string[]): string {
  return `<ul class="ops">${items.map((item) => `<li><code>${escapeHtml(item)}</code></li>`).join('')}</ul>`;
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
