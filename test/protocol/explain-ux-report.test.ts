// The report page with "Fetch live data from AWS": still one nonce'd script, a nonce-only CSP,
// everything from the report escaped; without the action the script has no live handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FETCH_LIVE_MESSAGE, renderReportHtml } from '../../client/src/explain/reportHtml';
import type { ExplainReport } from '../../server/src/core/explain/report';

const hostile = '<img src=x onerror=alert(1)>"\'`&</script><script>alert(2)</script>';
const report: ExplainReport = {
  key: { arn: `arn:aws:kms:us-east-1:111122223333:key/${hostile}`, keyId: hostile, account: '111122223333', region: 'us-east-1', keyManager: 'CUSTOMER', state: null, aliases: [`alias/${hostile}`], description: hostile },
  sources: { keyPolicy: 'workspace', grants: 'workspace', aliases: 'workspace' },
  access: [{ principal: hostile, operations: ['kms:Decrypt'], conditions: { StringEquals: { [hostile]: [hostile] } }, via: [{ kind: 'key-policy', statement: hostile, operations: ['kms:Decrypt'] }] }],
  denies: [],
  grants: [{ GrantId: hostile, Name: hostile, GranteePrincipal: hostile, Operations: ['Decrypt'], createdBy: null, explanation: hostile }],
  warnings: [{ message: hostile }],
};
const t = (m: string, ...args: (string | number)[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
const render = (liveAction: boolean, nonce = 'n0nceN0nceN0nce0') => renderReportHtml(report, { title: `KeyLens: ${hostile}`, nonce, cspSource: 'vscode-webview://x', t, liveAction });

test('with the live action: one nonce\'d script, script-src by nonce only, the button and its message', () => {
  const html = render(true);
  assert.match(html, /content="default-src 'none'; img-src vscode-webview:\/\/x; style-src 'nonce-n0nceN0nceN0nce0'; script-src 'nonce-n0nceN0nceN0nce0';"/);
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  assert.deepEqual(scripts, ['<script nonce="n0nceN0nceN0nce0">'], 'exactly one script tag, the nonce\'d one');
  assert.match(html, /<button id="fetch-live" type="button">Fetch live data from AWS<\/button>/);
  assert.ok(html.includes(`vscode.postMessage({ type: '${FETCH_LIVE_MESSAGE}' })`));
  const attributes = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((tag) => [...tag[0].matchAll(/\s([a-zA-Z-:]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()));
  assert.deepEqual(attributes.filter((name) => name.startsWith('on')), [], 'no inline event handlers (the CSP would block them anyway)');
});

test('with the live action the report values are still escaped, including a closing </script>', () => {
  const html = render(true);
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /<\/script><script>/);
  assert.match(html, /&#60;\/script&#62;&#60;script&#62;alert\(2\)&#60;\/script&#62;/);
  // The script is the page's own: nothing from the report goes into it.
  const script = html.slice(html.indexOf('<script nonce'), html.lastIndexOf('</script>'));
  assert.ok(!script.includes('alert'), script);
});

test('a nonce that is not base64 is refused (escaping would not keep it inside its CSP token)', () => {
  assert.throws(() => render(true, `"'; script-src * 'unsafe-inline`), /nonce/);
  assert.throws(() => render(false, 'a b'), /nonce/);
  assert.throws(() => render(false, ''), /nonce/);
});

test('without the action (live report, untrusted workspace, live on) the page offers no live look-up', () => {
  const html = render(false);
  assert.doesNotMatch(html, /fetch-live/);
  assert.ok(!html.includes(FETCH_LIVE_MESSAGE));
  assert.deepEqual([...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]), ['<script nonce="n0nceN0nceN0nce0">'], 'only the copy button\'s script');
});
