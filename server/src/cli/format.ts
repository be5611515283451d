import { localize, type Finding, type Message, type Severity } from '../core/finding';
import { LineIndex } from '../core/text';

export interface Range {
  readonly start: { line: number; character: number };
  readonly end: { line: number; character: number };
}

/** A finding as the CLI reports it: with its 0-based LSP-style range. */
export interface Reported {
  readonly finding: Finding;
  readonly range: Range;
  /** Stable across line moves (see fingerprint.ts); what baselines and SARIF record. */
  readonly fingerprint: string;
}

/** What a run looked at, for the summary line every text report ends with. */
export interface CheckSummary {
  readonly files: number;
  readonly policies: number;
  /** Findings silenced by keylens-ignore comments (listed only with --include-suppressed). */
  readonly suppressed: number;
  /** Findings left out because the baseline records them. */
  readonly baselined: number;
  /** Paths left out by --exclude, the configuration's `ignore`, or their size. */
  readonly skipped: number;
  /** Some input could not be read: never "No problems found." then. */
  readonly incomplete: boolean;
}

/** Adds 0-based ranges to findings, one line index per file. */
export function locator(texts: ReadonlyMap<string, string>): (finding: Finding) => Range {
  const indexes = new Map<string, LineIndex>();
  return (finding) => {
    let index = indexes.get(finding.file);
    if (!index) {
      index = new LineIndex(texts.get(finding.file) ?? '');
      indexes.set(finding.file, index);
    }
    return { start: index.positionAt(finding.span.start), end: index.positionAt(finding.span.end) };
  };
}

/** SPEC §3's array; a suppressed finding (listed with --include-suppressed) says so. */
export function formatJson(reported: readonly Reported[], locale: string): string {
  return JSON.stringify(
    reported.map(({ finding: f, range }) => ({
      file: f.file,
      ruleId: f.ruleId,
      severity: f.severity,
      message: localize(f.message, locale),
      range,
      ...(f.suppression
        ? { suppressed: { kind: f.suppression.kind, ...(f.suppression.justification ? { justification: f.suppression.justification } : {}) } }
        : {}),
    })),
    null,
    2,
  );
}

/** ESLint "stylish"-like output: findings grouped by file, then the summary. */
export function formatText(reported: readonly Reported[], summary: CheckSummary, locale: string, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const severityColor: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };
  const lines: string[] = [];
  const byFile = new Map<string, Reported[]>();
  for (const item of reported) {
    const list = byFile.get(item.finding.file) ?? [];
    list.push(item);
    byFile.set(item.finding.file, list);
  }
  for (const [file, list] of byFile) {
    lines.push(paint('4', file));
    for (const { finding: f, range } of list) {
      const where = `${range.start.line + 1}:${range.start.character + 1}`;
      const suppressed = f.suppression ? `  ${paint('2', localize(suppressedNote(f.suppression.justification), locale))}` : '';
      lines.push(`  ${paint('2', where.padEnd(7))} ${paint(severityColor[f.severity], f.severity.padEnd(7))}  ${localize(f.message, locale)}  ${paint('2', f.ruleId)}${suppressed}`);
    }
    lines.push('');
  }
  const shown = reported.filter((r) => !r.finding.suppression).map((r) => r.finding);
  const count = (s: Severity) => shown.filter((f) => f.severity === s).length;
  if (shown.length > 0) {
    const summaryLine = `${shown.length} problem${shown.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos, ${count('hint')} hints)`;
    lines.push(paint(count('error') ? '31;1' : '33;1', `✖ ${summaryLine}`));
  } else if (!summary.incomplete) {
    lines.push(localize({ en: 'No problems found.', ja: '問題は見つかりませんでした。' }, locale));
  }
  lines.push(localize(checkedLine(summary), locale));
  return lines.join('\n');
}

function suppressedNote(justification: string | undefined): Message {
  return justification
    ? { en: `(suppressed: ${justification})`, ja: `(抑制済み: ${justification})` }
    : { en: '(suppressed)', ja: '(抑制済み)' };
}

/** "checked 12 files (5 policies)", plus what was left out, so a green run says what it covered. */
export function checkedLine(summary: CheckSummary): Message {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const en = [`checked ${plural(summary.files, 'file', 'files')} (${plural(summary.policies, 'policy', 'policies')})`];
  const ja = [`${summary.files} ファイル (${summary.policies} ポリシー) を検査しました`];
  if (summary.suppressed) {
    en.push(`${summary.suppressed} suppressed`);
    ja.push(`抑制 ${summary.suppressed} 件`);
  }
  if (summary.baselined) {
    en.push(`${summary.baselined} in the baseline`);
    ja.push(`ベースライン記録済み ${summary.baselined} 件`);
  }
  if (summary.skipped) {
    en.push(`${plural(summary.skipped, 'path', 'paths')} skipped`);
    ja.push(`除外 ${summary.skipped} 件`);
  }
  return { en: en.join('; '), ja: ja.join('、') };
}
