import { deriveFinding, type Finding } from '../finding';
import type { ParsedFile } from '../model';
import { INVALID_SUPPRESSION_RULE } from '../ruleIds';
import { LineIndex } from '../text';
import { scanComments, type Comment, type CommentScan } from './comments';
import { isDirective, readDirective, type Directive, type DirectiveProblem } from './directives';

export { NEXT_LINE, FILE } from './directives';

/** The suppression comments of one file, by what they silence. */
export interface FileSuppressions {
  /** Rules silenced in the whole file (`keylens-ignore-file`). */
  readonly file: ReadonlyMap<string, Directive>;
  /** 0-based line → rule → the `keylens-ignore-next-line` comment silencing it there. */
  readonly lines: ReadonlyMap<number, ReadonlyMap<string, Directive>>;
  readonly problems: readonly DirectiveProblem[];
  readonly scan: CommentScan;
  readonly index: LineIndex;
}

const MARKER = 'keylens-ignore';

/** Reads a file's suppression comments; undefined when it has none (the common case, found by one search). */
export function fileSuppressions(file: ParsedFile): FileSuppressions | undefined {
  if (!file.text.includes(MARKER)) return undefined;
  const scan = scanComments(file.language, file.text);
  const index = new LineIndex(file.text);
  const whole = new Map<string, Directive>();
  const lines = new Map<number, Map<string, Directive>>();
  const problems: DirectiveProblem[] = [];
  scan.comments.forEach((comment, position) => {
    if (!comment.body.includes(MARKER)) return;
    const read = readDirective(comment);
    if (!read) return;
    if (!isDirective(read)) {
      problems.push(read);
      return;
    }
    if (read.kind === 'file') {
      for (const rule of read.rules) if (!whole.has(rule)) whole.set(rule, read);
      return;
    }
    const target = targetLine(file.text, index, scan.comments, position);
    if (target === undefined) return;
    const rules = lines.get(target) ?? new Map<string, Directive>();
    for (const rule of read.rules) if (!rules.has(rule)) rules.set(rule, read);
    lines.set(target, rules);
  });
  return { file: whole, lines, problems, scan, index };
}

/** The directive silencing a finding, if any. */
export function suppressionOf(finding: Finding, suppressions: FileSuppressions): Directive | undefined {
  return suppressions.file.get(finding.ruleId) ?? suppressions.lines.get(suppressions.index.positionAt(finding.span.start).line)?.get(finding.ruleId);
}

/**
 * Marks findings silenced by keylens-ignore comments (they stay in the list, with `suppression`
 * set, so SARIF can carry them and the editor can show them as such) and adds an
 * `invalid-suppression` finding for each comment that means to suppress but cannot, in the files
 * findings are reported for (`targets`, all when undefined).
 */
export function applySuppressions(findings: readonly Finding[], files: readonly ParsedFile[], targets?: ReadonlySet<string>): Finding[] {
  const parsed = new Map(files.map((f) => [f.file, f]));
  const byFile = new Map<string, FileSuppressions | undefined>();
  const of = (name: string): FileSuppressions | undefined => {
    if (!byFile.has(name)) {
      const file = parsed.get(name);
      byFile.set(name, file ? fileSuppressions(file) : undefined);
    }
    return byFile.get(name);
  };
  const result: Finding[] = [];
  for (const file of files) {
    if (targets && !targets.has(file.file)) continue;
    for (const problem of of(file.file)?.problems ?? []) {
      result.push({ ruleId: INVALID_SUPPRESSION_RULE, severity: 'warning', message: problem.message, file: file.file, span: problem.span, fixes: [] });
    }
  }
  const all = [...findings, ...result];
  const marked = all.map((finding) => {
    const suppressions = of(finding.file);
    const directive = suppressions && suppressionOf(finding, suppressions);
    return directive
      ? deriveFinding(finding, { suppression: { kind: directive.kind, ...(directive.justification ? { justification: directive.justification } : {}), span: directive.span } })
      : finding;
  });
  return marked.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

/**
 * The line a `keylens-ignore-next-line` comment silences: the next line holding anything but
 * blanks and comments, so several directives can be stacked above one line.
 */
function targetLine(text: string, index: LineIndex, comments: readonly Comment[], position: number): number | undefined {
  const directive = comments[position]!;
  let line = index.positionAt(directive.span.end).line + 1;
  let next = position + 1;
  for (; line < index.lineCount; line++) {
    const start = index.offsetAt({ line, character: 0 });
    const end = line + 1 < index.lineCount ? index.offsetAt({ line: line + 1, character: 0 }) : text.length;
    while (next < comments.length && comments[next]!.span.end <= start) next++;
    if (hasCode(text, start, end, comments, next)) return line;
  }
  return undefined;
}

function hasCode(text: string, start: number, end: number, comments: readonly Comment[], from: number): boolean {
  let c = from;
  for (let i = start; i < end; i++) {
    while (c < comments.length && comments[c]!.span.end <= i) c++;
    const comment = comments[c];
    if (comment && comment.span.start <= i) {
      i = comment.span.end - 1;
      continue;
    }
    const ch = text.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13 && ch !== 0xfeff) return true;
  }
  return false;
}
