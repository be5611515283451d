// Runs one workspace through the whole engine (parse, recognize, every rule, every fix of every
// finding) and reports what went wrong instead of throwing. Exceptions the engine swallows itself
// (parseFile's "could not analyse", a rule or fix failing into console.error) count as crashes too.
import { analyze } from '../../server/src/core/analyze';
import { parseFile } from '../../server/src/core/parse';
import { applyTextEdits } from '../../server/src/core/text';
import type { Finding, Fix } from '../../server/src/core/finding';
import type { ParsedFile } from '../../server/src/core/model';
import { loadCatalog } from '../../server/src/node/catalog';

export const catalog = loadCatalog();

export interface Workspace {
  /** The file under test; the others are context for cross-file rules. */
  readonly file: string;
  readonly texts: ReadonlyMap<string, string>;
}

export interface AppliedFix {
  readonly finding: Finding;
  readonly fixIndex: number;
  readonly fix: Fix;
  readonly after: Map<string, string>;
}

export interface EngineResult {
  readonly files: ParsedFile[];
  readonly findings: Finding[];
  /** Every fix of every finding, applied to the workspace it was computed for. */
  readonly applied: AppliedFix[];
  /** Crashes, swallowed exceptions, and invalid edits. Empty when all is well. */
  readonly problems: string[];
  /** Milliseconds for parse + analyze + computing and applying every fix. */
  readonly ms: number;
}

const SWALLOWED = /^keylens: (rule .* failed|computing fixes for .* failed)/;

/** Parses and analyses a workspace, computing and applying every fix. Never throws. */
export function runEngine(workspace: Workspace): EngineResult {
  const problems: string[] = [];
  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (SWALLOWED.test(line)) problems.push(`swallowed exception: ${line}`);
    else originalError(...args);
  };
  const start = performance.now();
  let files: ParsedFile[] = [];
  let findings: Finding[] = [];
  const applied: AppliedFix[] = [];
  try {
    files = [...workspace.texts].map(([file, text]) => parseFile(file, text));
    for (const parsed of files) {
      for (const problem of parsed.problems) {
        if (problem.message.en.startsWith('KeyLens could not analyse')) problems.push(`parseFile(${parsed.file}) caught: ${problem.message.en}`);
        if (!spanInside(problem.span, parsed.text.length)) problems.push(`parse problem span ${JSON.stringify(problem.span)} outside ${parsed.file} (${parsed.text.length} chars)`);
      }
    }
    findings = analyze(files, { catalog });
    for (const finding of findings) {
      const text = workspace.texts.get(finding.file);
      if (text === undefined) problems.push(`finding ${finding.ruleId} in unknown file ${finding.file}`);
      else if (!spanInside(finding.span, text.length)) problems.push(`finding ${finding.ruleId} span ${JSON.stringify(finding.span)} outside ${finding.file} (${text.length} chars)`);
      if (!finding.message.en || !finding.message.ja) problems.push(`finding ${finding.ruleId} without a message`);
      finding.fixes.forEach((fix, fixIndex) => {
        const after = applyFixSafely(workspace.texts, finding, fix, problems);
        if (after) applied.push({ finding, fixIndex, fix, after });
      });
    }
  } catch (error) {
    problems.push(`uncaught: ${(error as Error).stack ?? error}`);
  } finally {
    console.error = originalError;
  }
  return { files, findings, applied, problems, ms: performance.now() - start };
}

function spanInside(span: { start: number; end: number }, length: number): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length;
}

/** Applies a fix's edits, checking they are in range and do not overlap; undefined when they are bad. */
function applyFixSafely(texts: ReadonlyMap<string, string>, finding: Finding, fix: Fix, problems: string[]): Map<string, string> | undefined {
  const label = `fix "${fix.title.en}" of ${finding.ruleId}@${finding.span.start}`;
  const result = new Map(texts);
  const seenFiles = new Set<string>();
  for (const fileEdit of fix.edits) {
    const text = result.get(fileEdit.file);
    if (text === undefined) {
      problems.push(`${label} edits unknown file ${fileEdit.file}`);
      return undefined;
    }
    if (seenFiles.has(fileEdit.file)) {
      problems.push(`${label} lists ${fileEdit.file} twice`);
      return undefined;
    }
    seenFiles.add(fileEdit.file);
    const edits = [...fileEdit.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 0; i < edits.length; i++) {
      const edit = edits[i]!;
      if (!spanInside(edit, text.length)) {
        problems.push(`${label} edit ${JSON.stringify({ start: edit.start, end: edit.end })} outside ${fileEdit.file} (${text.length} chars)`);
        return undefined;
      }
      const next = edits[i + 1];
      // Two insertions at one offset have no defined order; an insertion inside a replaced range overlaps it.
      if (next && (next.start < edit.end || (next.start === edit.start && edit.start === edit.end && next.end === next.start))) {
        problems.push(`${label} has overlapping edits ${JSON.stringify([edit, next].map((e) => ({ start: e.start, end: e.end })))} in ${fileEdit.file}`);
        return undefined;
      }
    }
    try {
      result.set(fileEdit.file, applyTextEdits(text, fileEdit.edits));
    } catch (error) {
      problems.push(`${label}: applyTextEdits threw ${(error as Error).message}`);
      return undefined;
    }
  }
  if (fix.edits.length === 0 || fix.edits.every((e) => e.edits.length === 0)) problems.push(`${label} has no edits`);
  return result;
}
