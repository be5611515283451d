// The explain report webview page: every value from the report stays text in every part of the view
// (matrix, graph, details, grants, the Markdown copy), under a strict CSP with one nonce'd script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReportHtml, COPY_MARKDOWN_MESSAGE } from '../../client/src/explain/reportHtml';
import { reportWithMatrix } from '../../server/src/core/explain/matrixMarkdown';
import type { ExplainReport } from '../../server/src/core/explain/report';

const hostile = '<img src=x onerror=alert(1)>"\'`&';
const report: ExplainReport = {
  key: { arn: `arn:aws:kms:us-east-1:111122223333:key/${hostile}`, keyId: hostile, account: '111122223333', region: 'us-east-1', keyManager: 'CUSTOMER', state: 'Enabled', aliases: [`alias/${hostile}`], description: hostile },
  sources: { keyPolicy: 'live', grants: 'live', aliases: 'live' },
  access: [
    { principal: `arn:aws:iam::111122223333:role/${hostile}`, operations: ['kms:Decrypt'], conditions: { StringEquals: { [hostile]: [hostile] } }, via: [{ kind: 'key-policy', statement: hostile, operations: ['kms:Decrypt'] }] },
    {
      principal: '111122223333',
      operations: ['kms:Encrypt'],
      conditions: {},
      via: [{ kind: 'iam-delegation', account: '111122223333', statement: hostile, crossAccount: false, operations: ['kms:Encrypt'], policies: [{ policy: hostile, file: hostile, operations: ['kms:Encrypt'] }] }],
    },
    {
      principal: hostile,
      operations: ['kms:GenerateDataKey'],
      conditions: {},
      grantOnly: true,
      via: [{ kind: 'grant', grantId: hostile, name: hostile, constraints: null, retiringPrincipal: null, createdBy: hostile, role: 'grantee', operations: ['kms:GenerateDataKey'] }],
    },
  ],
  denies: [{ principal: `arn:aws:iam::111122223333:user/${hostile}`, operations: ['kms:ScheduleKeyDeletion'], conditions: {}, via: [{ kind: 'key-policy', statement: hostile, operations: ['kms:ScheduleKeyDeletion'] }] }],
  grants: [{ GrantId: hostile, Name: hostile, GranteePrincipal: hostile, Operations: ['Decrypt'], createdBy: null, explanation: hostile }],
  warnings: [{ message: hostile }],
};
const t = (m: string, ...args: (string | number)[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
const html = renderReportHtml(report, { title: `KeyLens: ${hostile}`, nonce: 'abc123', cspSource: 'vscode-webview://x', t, allOperations: 56 });
const escaped = '&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#96;&#38;';

/** Attribute names of every tag (values are double-quoted and cannot contain a quote: it is escaped). */
function attributeNames(page: string): string[] {
  const names: string[] = [];
  for (const tag of page.matchAll(/<[a-zA-Z][^>]*>/g)) for (const attribute of tag[0].matchAll(/\s([a-zA-Z-:]+)(?:="[^"]*")?/g)) names.push(attribute[1]!.toLowerCase());
  return names;
}

test('a hostile Sid, principal, grant, alias or policy name stays text everywhere in the page', () => {
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /onerror=alert\(1\)>/);
  const attributes = attributeNames(html);
  assert.ok(attributes.includes('title') && attributes.includes('class'));
  assert.deepEqual(attributes.filter((name) => name.startsWith('on')), [], 'no inline event handlers');
  assert.ok(!attributes.includes('style'), 'no inline styles (the CSP allows the nonce\'d block only)');
  assert.ok(!attributes.includes('href') && !attributes.includes('src'), 'nothing to load or follow');
  const matrix = html.slice(html.indexOf('<table class="matrix">'), html.indexOf('</table>', html.indexOf('<table class="matrix">')));
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
  const details = html.slice(html.indexOf('>Details<'));
  for (const [part, text] of [['matrix', matrix], ['graph', svg], ['details', details]] as const) {
    assert.ok(text.length > 100, `${part} is rendered`);
    assert.ok(text.includes(escaped), `${part} shows the hostile text, escaped`);
  }
  assert.match(svg, /<title>arn:aws:iam::111122223333:role\/&#60;img/);
  assert.match(html, /key policy statement &#60;img/);
});

test('strict CSP: one nonce\'d style block and one nonce\'d script that reads nothing from the report', () => {
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src vscode-webview:\/\/x; style-src 'nonce-abc123'; script-src 'nonce-abc123';">/);
  assert.deepEqual([...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]), ['<script nonce="abc123">']);
  assert.deepEqual([...html.matchAll(/<style\b[^>]*>/gi)].map((m) => m[0]), ['<style nonce="abc123">']);
  const script = html.slice(html.indexOf('<script nonce'), html.lastIndexOf('</script>'));
  assert.ok(script.includes(`vscode.postMessage({ type: '${COPY_MARKDOWN_MESSAGE}' })`));
  assert.ok(!script.includes('alert') && !script.includes('111122223333'), script);
  assert.doesNotMatch(html, /https?:\/\//, 'no remote resources');
});

test('the matrix answers at a glance: groups, marks, paths; kms:* is "all operations"; denies marked', () => {
  assert.match(html, /<th colspan="5" class="section">Use<\/th><th colspan="4" class="section">Manage<\/th><th colspan="1" class="section">Grants<\/th>/);
  // A cell names its path by tag; the row's Via column spells the path out.
  assert.match(html, /<td class="cell complete" title="kms:Decrypt"><span class="mark">✓<\/span><br><span class="tag key-policy" title="&#34;&#60;img[^"]*">KP<\/span><\/td>/);
  assert.match(html, /<td class="via"><ul class="paths"><li class="path key-policy" title="&#34;&#60;img[^"]*"><span class="tag key-policy">KP<\/span> &#34;&#60;img/);
  assert.match(html, /<td class="cell partial" title="kms:GenerateDataKey"><span class="mark">1\/4<\/span>/);
  assert.match(html, /<td class="cell denied" title="Denied: kms:ScheduleKeyDeletion"><span class="mark">✗<\/span>/);
  assert.match(html, /<span class="badge grant">grants only<\/span>/);
  const all = Array.from({ length: 56 }, (_, i) => `kms:Op${i}`);
  const everything = renderReportHtml(
    { ...report, access: [{ ...report.access[0]!, operations: all, via: [{ kind: 'key-policy', statement: 'Root', operations: all }] }], denies: [] },
    { title: 'x', nonce: 'abc123', cspSource: 'x', t, allOperations: 56 },
  );
  assert.match(everything, /<td class="cell all" colspan="11"><span class="mark">All operations \(kms:\*\)<\/span> <span class="tag key-policy"/);
  assert.match(everything, /<strong>All operations \(kms:\*\)<\/strong>/, 'the details say so too instead of 56 lines');
  assert.match(html, /<g class="edge deny">/);
  assert.match(html, /<g class="edge iam-delegation">/);
  assert.match(html, /<g class="edge grant">/);
});

test('the Markdown copy escapes the same values and puts the table before the sections', () => {
  const markdown = reportWithMatrix('# Who can use: x\n\n**Key:** k\n\n## Access\n\n- y\n', report, 56, 'en');
  assert.doesNotMatch(markdown, /<img/);
  assert.match(markdown, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(markdown, /^# Who can use: x\n\n\*\*Key:\*\* k\n\n## At a glance\n\n\| Principal \| Encrypt \| Decrypt \|/);
  assert.match(markdown, /\n## Access\n/);
  const ja = reportWithMatrix('# t\n', report, 56, 'ja');
  assert.match(ja, /## 概要/);
});
