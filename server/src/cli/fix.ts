import { readFile, writeFile } from 'node:fs/promises';
import { localize, type Finding } from '../core/finding';
import { chooseFixes } from '../core/fixAll';
import type { ParsedFile } from '../core/model';
import { parseFile } from '../core/parse';
import { applyTextEdits, LineIndex } from '../core/text';
import { resolvePath } from './files';

export interface AppliedFix {
  readonly file: string;
  /** 1-based, where the finding was before the fix. */
  readonly line: number;
  readonly character: number;
  readonly ruleId: string;
  readonly title: string;
}

export interface FixRun {
  readonly applied: readonly AppliedFix[];
  /** The files after the fixes (unchanged files as they were). */
  readonly files: readonly ParsedFile[];
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
}

/**
 * `keylens check --fix`: per file, the fixes "fix all" would apply in the editor (core/fixAll.ts —
 * never one that widens access), written back in place (a byte order mark kept), then the files
 * parsed again for the report of what is left.
 */
export async function applyFixes(files: readonly ParsedFile[], findings: readonly Finding[], cwd: string, locale: string): Promise<FixRun> {
  const applied: AppliedFix[] = [];
  const failed: { file: string; reason: string }[] = [];
  const result: ParsedFile[] = [];
  for (const file of files) {
    const { edits, chosen } = chooseFixes(file, findings.filter((f) => f.file === file.file));
    if (chosen.length === 0) {
      result.push(file);
      continue;
    }
    const text = applyTextEdits(file.text, edits);
    const path = resolvePath(cwd, file.file);
    try {
      const bom = (await readFile(path, 'utf8')).charCodeAt(0) === 0xfeff ? '\ufeff' : '';
      await writeFile(path, bom + text);
    } catch (error) {
      failed.push({ file: file.file, reason: (error as Error).message });
      result.push(file);
      continue;
    }
    const lines = new LineIndex(file.text);
    for (const { finding, fix } of chosen) {
      const at = lines.positionAt(finding.span.start);
      applied.push({ file: file.file, line: at.line + 1, character: at.character + 1, ruleId: finding.ruleId, title: localize(fix.title, locale) });
    }
    result.push(parseFile(file.file, text));
  }
  return { applied, files: result, failed };
}

/** "fixed 3 problems in 2 files:" and one line per fix, for the user to review in the diff. */
export function formatApplied(applied: readonly AppliedFix[], locale: string): string {
  const files = new Set(applied.map((a) => a.file)).size;
  const head = localize(
    {
      en: `fixed ${applied.length} problem${applied.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}:`,
      ja: `${files} ファイルの ${applied.length} 件の問題を修正しました:`,
    },
    locale,
  );
  return [head, ...applied.map((a) => `  ${a.file}:${a.line}:${a.character}  ${a.ruleId}  ${a.title}`)].join('\n');
}

/** `--fix` passes at most: each applies the fixes that do not touch each other. */
const MAX_FIX_PASSES = 5;

/**
 * `--fix` in passes, as ESLint does: a fix skipped because it touched another one is applied in the
 * next pass, on the files analysed again. The list of changes goes to stdout with the text report,
 * to stderr with json/sarif (stdout stays one document). Undefined when a file could not be written.
 */
export async function fixInPasses(
  files: readonly ParsedFile[],
  findings: readonly Finding[],
  analyze: (files: readonly ParsedFile[]) => Finding[],
  io: { stdout(text: string): void; stderr(text: string): void; readonly cwd: string },
  options: { readonly locale: string; readonly format: string },
): Promise<{ files: readonly ParsedFile[]; findings: Finding[] } | undefined> {
  const applied: AppliedFix[] = [];
  let current = { files, findings: [...findings] };
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const run = await applyFixes(current.files, current.findings, io.cwd, options.locale);
    for (const { file, reason } of run.failed) io.stderr(`keylens check: ${localize({ en: `cannot write ${file}: ${reason}`, ja: `${file} に書き込めません: ${reason}` }, options.locale)}\n`);
    if (run.failed.length > 0) return undefined;
    if (run.applied.length === 0) break;
    applied.push(...run.applied);
    current = { files: run.files, findings: analyze(run.files) };
  }
  if (applied.length > 0) {
    const list = formatApplied(applied, options.locale) + '\n';
    if (options.format === 'text') io.stdout(list + '\n');
    else io.stderr(list);
  }
  return current;
}
