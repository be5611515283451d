import type { AccessEntry, ExplainReport, Via } from '../../../server/src/core/explain/report';

/** Localizes a UI string (vscode.l10n.t in the extension, identity in tests). */
export type Translate = (message: string, ...args: (string | number)[]) => string;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The explain report as a self-contained HTML page. Every value from the report (which may come
 * from a live account or workspace files) is escaped; the page has no scripts, and its CSP allows
 * only the one nonce'd style block.
 */
export function renderReportHtml(report: ExplainReport, options: { title: string; nonce: string; cspSource: string; t: Translate }): string {
  const { t } = options;
  const key = report.key;
  const body: string[] = [];
  body.push(`<h1>${escapeHtml(options.title)}</h1>`);
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
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${escapeHtml(options.cspSource)}; style-src 'nonce-${escapeHtml(options.nonce)}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title)}</title>
<style nonce="${escapeHtml(options.nonce)}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.5em 2em; }
h1 { font-size: 1.35em; overflow-wrap: anywhere; }
td, th { overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5em 0 1.5em; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3em .6em; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
table.facts { width: auto; }
code { font-family: var(--vscode-editor-font-family); }
ul.ops { margin: 0; padding-left: 1.1em; }
.warnings li { color: var(--vscode-editorWarning-foreground); }
</style>
</head>
<body>
${body.join('\n')}
</body>
</html>`;
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
