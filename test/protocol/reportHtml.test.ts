// The explain report webview page: everything from the report is escaped and the page runs no script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReportHtml } from '../../client/src/explain/reportHtml';
import type { ExplainReport } from '../../server/src/core/explain/report';

const hostile = '<img src=x onerror=alert(1)>"\'`&';
const report: ExplainReport = {
  key: { arn: `arn:aws:kms:us-east-1:111122223333:key/${hostile}`, keyId: hostile, account: '111122223333', region: 'us-east-1', keyManager: 'CUSTOMER', state: 'Enabled', aliases: [`alias/${hostile}`], description: hostile },
  sources: { keyPolicy: 'live', grants: 'live', aliases: 'live' },
  access: [{ principal: `arn:aws:iam::111122223333:role/${hostile}`, operations: ['kms:Decrypt'], conditions: { StringEquals: { [hostile]: [hostile] } }, via: [{ kind: 'key-policy', statement: hostile, operations: ['kms:Decrypt'] }] }],
  denies: [],
  grants: [{ GrantId: hostile, Name: hostile, GranteePrincipal: hostile, Operations: ['Decrypt'], createdBy: null, explanation: hostile }],
  warnings: [{ message: hostile }],
};

test('report values are escaped, the page has a strict CSP and no script', () => {
  const html = renderReportHtml(report, { title: `KeyLens: ${hostile}`, nonce: 'abc123', cspSource: 'vscode-webview://x', t: (m, ...args) => m.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])) });
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /onerror=alert\(1\)>/);
  assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;&#34;&#39;&#96;&#38;/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src vscode-webview:\/\/x; style-src 'nonce-abc123';">/);
  assert.match(html, /<style nonce="abc123">/);
  assert.match(html, /key policy statement &#60;img/);
  assert.match(html, /<code>kms:Decrypt<\/code>/);
});
