// Table-driven rule tests: valid snippets, invalid snippets with the expected spans marked «like this»,
// and the exact text after each fix. Every fix is also round-tripped: the result parses, the fixed
// finding is gone, and no other rule fires that did not fire before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import { parseFile } from '../../../server/src/core/parse';
import { applyTextEdits } from '../../../server/src/core/text';
import type { Finding, Severity } from '../../../server/src/core/finding';
import type { ParsedFile } from '../../../server/src/core/model';
import { loadCatalog } from '../../../server/src/node/catalog';

export interface ValidCase {
  readonly name: string;
  /** File name of the snippet; decides recognition (e.g. `key-policy.json`, `main.tf`). */
  readonly file?: string;
  readonly text: string;
  /** Other files analysed together with the snippet. */
  readonly context?: Readonly<Record<string, string>>;
}

export interface FixExpectation {
  /** Index of the finding (in span order) whose fix is applied; 0 by default. */
  readonly finding?: number;
  /** Index of the fix among that finding's fixes; 0 by default. */
  readonly fix?: number;
  /** The file whose text is checked; the snippet's file by default. */
  readonly file?: string;
  readonly expected: string;
}

export interface InvalidCase extends ValidCase {
  readonly severity?: Severity;
  readonly messageIncludes?: string;
  readonly fixes?: readonly FixExpectation[];
  /** The number of fixes each finding offers, when it matters (0 = none). */
  readonly fixCount?: number;
}

const catalog = loadCatalog();
const OPEN = '«';
const CLOSE = '»';

export function stripMarkers(text: string): { text: string; spans: { start: number; end: number }[] } {
  const spans: { start: number; end: number }[] = [];
  let out = '';
  const stack: number[] = [];
  for (const ch of text) {
    if (ch === OPEN) stack.push(out.length);
    else if (ch === CLOSE) spans.push({ start: stack.pop()!, end: out.length });
    else out += ch;
  }
  return { text: out, spans: spans.sort((a, b) => a.start - b.start) };
}

export function analyzeTexts(texts: ReadonlyMap<string, string>): { files: ParsedFile[]; findings: Finding[] } {
  const files = [...texts].map(([file, text]) => parseFile(file, text));
  return { files, findings: analyze(files, { catalog }) };
}

function defaultFile(text: string): string {
  return /^\s*(resource|data|locals|variable|provider|terraform)\b/m.test(text) ? 'main.tf' : 'policy.json';
}

export function applyFix(texts: ReadonlyMap<string, string>, finding: Finding, fixIndex: number): Map<string, string> {
  const fix = finding.fixes[fixIndex];
  assert.ok(fix, `finding has no fix #${fixIndex}; it has ${finding.fixes.length}`);
  const result = new Map(texts);
  for (const fileEdit of fix.edits) {
    result.set(fileEdit.file, applyTextEdits(result.get(fileEdit.file) ?? '', fileEdit.edits));
  }
  return result;
}

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.ruleId} ${f.file}`, (counts.get(`${f.ruleId} ${f.file}`) ?? 0) + 1);
  return counts;
}

/** Applies every fix of every finding of the rule and checks the round-trip properties. */
export function checkFixRoundTrips(ruleId: string, texts: ReadonlyMap<string, string>, findings: readonly Finding[]): void {
  const before = countByRule(findings);
  for (const finding of findings.filter((f) => f.ruleId === ruleId)) {
    finding.fixes.forEach((fix, fixIndex) => {
      const after = applyFix(texts, finding, fixIndex);
      const { files, findings: newFindings } = analyzeTexts(after);
      for (const edit of fix.edits) {
        const parsed = files.find((f) => f.file === edit.file)!;
        assert.deepEqual(parsed.problems.map((p) => p.message.en), [], `fix "${fix.title.en}" left ${edit.file} unparseable:\n${after.get(edit.file)}`);
      }
      const afterCounts = countByRule(newFindings);
      const key = `${ruleId} ${finding.file}`;
      assert.ok((afterCounts.get(key) ?? 0) < (before.get(key) ?? 0), `fix "${fix.title.en}" did not remove its finding:\n${after.get(finding.file)}`);
      for (const [other, count] of afterCounts) {
        if (other.startsWith(ruleId + ' ')) continue;
        assert.ok(count <= (before.get(other) ?? 0), `fix "${fix.title.en}" made ${other} fire:\n${[...after].map(([f, t]) => `--- ${f}\n${t}`).join('\n')}\n${JSON.stringify(newFindings.filter((f) => `${f.ruleId} ${f.file}` === other).map((f) => f.message.en))}`);
      }
      // Applying the same fix again to the result changes nothing new: the finding it fixed is gone.
      const again = newFindings.filter((f) => f.ruleId === ruleId && f.fixes.some((g) => g.title.en === fix.title.en) && f.file === finding.file && f.span.start === finding.span.start);
      assert.equal(again.length, 0, `fix "${fix.title.en}" is offered again after it was applied`);
    });
  }
}

export function ruleTable(ruleId: string, table: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  for (const testCase of table.valid) {
    test(`${ruleId} valid: ${testCase.name}`, () => {
      const file = testCase.file ?? defaultFile(testCase.text);
      const texts = new Map([[file, testCase.text], ...Object.entries(testCase.context ?? {})]);
      const { findings } = analyzeTexts(texts);
      const mine = findings.filter((f) => f.ruleId === ruleId);
      assert.deepEqual(mine.map((f) => `${f.file}:${f.span.start}-${f.span.end} ${f.message.en}`), []);
    });
  }
  for (const testCase of table.invalid) {
    test(`${ruleId} invalid: ${testCase.name}`, () => {
      const file = testCase.file ?? defaultFile(testCase.text);
      const { text, spans } = stripMarkers(testCase.text);
      assert.ok(spans.length > 0, 'an invalid case marks at least one span');
      const texts = new Map([[file, text], ...Object.entries(testCase.context ?? {})]);
      const { findings } = analyzeTexts(texts);
      const mine = findings.filter((f) => f.ruleId === ruleId && f.file === file);
      assert.deepEqual(
        mine.map((f) => text.slice(f.span.start, f.span.end)),
        spans.map((s) => text.slice(s.start, s.end)),
        'finding spans',
      );
      assert.deepEqual(mine.map((f) => f.span), spans);
      for (const f of mine) {
        if (testCase.severity) assert.equal(f.severity, testCase.severity);
        if (testCase.messageIncludes) assert.ok(f.message.en.includes(testCase.messageIncludes), f.message.en);
        assert.ok(f.message.ja.length > 0 && /[\u3040-\u30ff\u4e00-\u9fff]/.test(f.message.ja), 'Japanese message');
        if (testCase.fixCount !== undefined) assert.equal(f.fixes.length, testCase.fixCount, `fixes: ${f.fixes.map((x) => x.title.en).join(' | ')}`);
      }
      for (const expectation of testCase.fixes ?? []) {
        const finding = mine[expectation.finding ?? 0];
        assert.ok(finding, `no finding #${expectation.finding ?? 0}`);
        const after = applyFix(texts, finding, expectation.fix ?? 0);
        assert.equal(after.get(expectation.file ?? file), expectation.expected);
      }
      checkFixRoundTrips(ruleId, texts, findings);
    });
  }
}
