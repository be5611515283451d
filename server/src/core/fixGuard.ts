import type { Finding, Fix } from './finding';
import type { ParsedFile } from './model';
import { parseFile } from './parse';
import { applyTextEdits } from './text';

/**
 * The contract every quick fix keeps, checked when a fix is asked for (fixes are lazy, so this costs
 * nothing while merely checking): the edited files still parse as well as before, the finding the fix
 * is for goes away, and no other rule fires that did not fire before. A fix that would break this —
 * say, correcting a typo into an action another rule then flags — is not offered.
 */
/** Files larger than this (together) are not re-analysed per fix; see `safe`. */
export const GUARDED_BYTES = 256 * 1024;

export class FixGuard {
  private readonly byFile: ReadonlyMap<string, ParsedFile>;
  private readonly baselines = new Map<string, Map<string, number>>();
  private readonly allFiles: ReadonlySet<string>;
  private readonly totalBytes: number;
  private everything: Map<string, number> | undefined;

  constructor(
    private readonly files: readonly ParsedFile[],
    private readonly analyzeFiles: (files: readonly ParsedFile[], targets: ReadonlySet<string>) => readonly Finding[],
  ) {
    this.byFile = new Map(files.map((f) => [f.file, f]));
    this.allFiles = new Set(this.byFile.keys());
    this.totalBytes = files.reduce((sum, f) => sum + f.text.length, 0);
  }

  /** No fix on text that does not parse: its tree is a guess, and so would the edit be (checked before any fix is computed). */
  fixable(finding: Finding): boolean {
    return (this.byFile.get(finding.file)?.problems.length ?? 1) === 0;
  }

  safe(finding: Finding, fix: Fix): boolean {
    // No fix on text that does not parse: its tree is a guess, and so would the edit be.
    if ([finding.file, ...fix.edits.map((e) => e.file)].some((file) => (this.byFile.get(file)?.problems.length ?? 1) > 0)) return false;
    // Checking re-analyses the edited files; past this size a fix-all over hundreds of findings would
    // take minutes, so fixes there are offered as the rules make them (which keep the contract by
    // construction except for rare cross-rule interactions).
    const size = new Set([finding.file, ...fix.edits.map((e) => e.file)]);
    let bytes = 0;
    for (const file of size) bytes += this.byFile.get(file)?.text.length ?? 0;
    if (bytes > GUARDED_BYTES) return true;
    const edited = new Map<string, ParsedFile>();
    const editsByFile = new Map<string, Fix['edits'][number]['edits'][number][]>();
    for (const fileEdit of fix.edits) editsByFile.set(fileEdit.file, [...(editsByFile.get(fileEdit.file) ?? []), ...fileEdit.edits]);
    for (const [file, edits] of editsByFile) {
      const original = this.byFile.get(file);
      if (!original) return false;
      let text: string;
      try {
        text = applyTextEdits(original.text, edits);
      } catch {
        return false;
      }
      const parsed = parseFile(file, text, original.language);
      if (parsed.problems.length > original.problems.length) return false;
      edited.set(file, parsed);
    }
    // Other files can be affected too (tightening a key policy can break a bucket policy's sharing):
    // look at every file while the workspace is small enough, else at the edited ones.
    const targets = this.totalBytes <= GUARDED_BYTES ? this.allFiles : new Set([finding.file, ...edited.keys()]);
    const before = this.baseline(targets);
    const after = counts(this.analyzeFiles(this.files.map((f) => edited.get(f.file) ?? f), targets));
    const own = `${finding.ruleId}\u0000${finding.file}`;
    if ((after.get(own) ?? 0) >= (before.get(own) ?? 0)) return false;
    for (const [key, count] of after) {
      if (key !== own && !key.startsWith(`${finding.ruleId}\u0000`) && count > (before.get(key) ?? 0)) return false;
    }
    return true;
  }

  private baseline(targets: ReadonlySet<string>): Map<string, number> {
    if (targets === this.allFiles) return (this.everything ??= counts(this.analyzeFiles(this.files, targets)));
    const key = [...targets].sort().join('\u0000');
    let baseline = this.baselines.get(key);
    if (!baseline) {
      baseline = counts(this.analyzeFiles(this.files, targets));
      this.baselines.set(key, baseline);
    }
    return baseline;
  }
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.file}`;
    result.set(key, (result.get(key) ?? 0) + 1);
  }
  return result;
}
