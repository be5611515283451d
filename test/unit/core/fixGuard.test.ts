// FixGuard decides which fixes are offered: the finding goes, the files still parse, and no finding
// appears that was not there before. Driven here by a stand-in analysis (a finding per marker word)
// so each property is tested on its own, whatever the real rules do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FixGuard } from '../../../server/src/core/fixGuard';
import { parseFile } from '../../../server/src/core/parse';
import type { Finding, Fix } from '../../../server/src/core/finding';
import type { ParsedFile } from '../../../server/src/core/model';
import type { TextEdit } from '../../../server/src/core/text';

/** `BAD` is a finding of rule-x, `OTHER` one of rule-y; the message says which word it is on. */
function markerAnalysis(files: readonly ParsedFile[], targets: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    if (!targets.has(file.file)) continue;
    for (const [word, ruleId] of [['BAD', 'rule-x'], ['OTHER', 'rule-y']] as const) {
      for (let at = file.text.indexOf(word); at >= 0; at = file.text.indexOf(word, at + 1)) {
        findings.push({ ruleId, severity: 'warning', message: { en: `${word} here`, ja: `${word} ここ` }, file: file.file, span: { start: at, end: at + word.length }, fixes: [] });
      }
    }
  }
  return findings;
}

function setup(texts: Record<string, string>) {
  const files = Object.entries(texts).map(([file, text]) => parseFile(file, text));
  const guard = new FixGuard(files, markerAnalysis);
  const findings = markerAnalysis(files, new Set(Object.keys(texts)));
  return { guard, findings };
}

function fix(edits: Record<string, TextEdit[]>): Fix {
  return { title: { en: 'test fix', ja: 'テスト' }, edits: Object.entries(edits).map(([file, e]) => ({ file, edits: e })) };
}

const replace = (text: string, word: string, by: string, from = 0): TextEdit => {
  const start = text.indexOf(word, from);
  return { start, end: start + word.length, newText: by };
};

test('a fix that removes its finding and touches nothing else is offered', () => {
  const text = '{"a":"BAD","b":"OTHER"}';
  const { guard, findings } = setup({ 'a.json': text });
  assert.ok(guard.safe(findings[0]!, fix({ 'a.json': [replace(text, 'BAD', 'ok')] })));
});

test('findings after the edit that only moved are not new', () => {
  const text = '{"a":"BAD","b":"OTHER","c":"OTHER"}';
  const { guard, findings } = setup({ 'a.json': text });
  // Removing BAD shortens the text before both OTHER findings; a longer text before them moves them right.
  assert.ok(guard.safe(findings[0]!, fix({ 'a.json': [replace(text, 'BAD', 'ok')] })));
  assert.ok(guard.safe(findings[0]!, fix({ 'a.json': [replace(text, 'BAD', 'much longer than before')] })));
});

test('a fix that trades another rule\'s finding for one elsewhere is refused, though the counts stay the same', () => {
  const text = '{"a":"BAD","b":"OTHER"}';
  const { guard, findings } = setup({ 'a.json': text });
  const bad = findings.find((f) => f.ruleId === 'rule-x')!;
  const moved = fix({ 'a.json': [replace(text, 'BAD', 'ok'), replace(text, 'OTHER', 'fine'), { start: text.length - 1, end: text.length - 1, newText: ',"c":"OTHER!"' }] });
  assert.equal(guard.safe(bad, moved), false);
});

test('a fix that makes its own rule fire in another file is refused', () => {
  const a = '{"a":"BAD"}';
  const b = '{"b":"fine"}';
  const { guard, findings } = setup({ 'a.json': a, 'b.json': b });
  const spreads = fix({ 'a.json': [replace(a, 'BAD', 'ok')], 'b.json': [replace(b, 'fine', 'BAD')] });
  assert.equal(guard.safe(findings[0]!, spreads), false);
  assert.ok(guard.safe(findings[0]!, fix({ 'a.json': [replace(a, 'BAD', 'ok')], 'b.json': [replace(b, 'fine', 'good')] })));
});

test('a fix that leaves its finding, or breaks the JSON, is refused', () => {
  const text = '{"a":"BAD","b":"x"}';
  const { guard, findings } = setup({ 'a.json': text });
  assert.equal(guard.safe(findings[0]!, fix({ 'a.json': [replace(text, 'x', 'y')] })), false);
  assert.equal(guard.safe(findings[0]!, fix({ 'a.json': [replace(text, '"BAD"', '"ok",,')] })), false);
});

test('a finding whose text the fix rewrote is the same finding when its message is', () => {
  // Replacing "xOTHERx" rewrites the text OTHER sits in; OTHER is still there with the same message.
  const text = '{"a":"BAD","b":"xOTHERx"}';
  const { guard, findings } = setup({ 'a.json': text });
  const bad = findings.find((f) => f.ruleId === 'rule-x')!;
  assert.ok(guard.safe(bad, fix({ 'a.json': [replace(text, 'BAD', 'ok'), replace(text, 'xOTHERx', 'OTHER')] })));
});
