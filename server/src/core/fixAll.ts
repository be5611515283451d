import type { Finding, Fix } from './finding';
import type { ParsedFile } from './model';
import { parseFile } from './parse';
import { applyTextEdits, type TextEdit } from './text';

export interface ChosenFix {
  readonly finding: Finding;
  readonly fix: Fix;
}

/**
 * What "fix all" applies to one file, in the editor and for `keylens check --fix` alike: each
 * unsuppressed finding's preferred fix that edits only this file and gives no one more access
 * (`widensAccess`), skipping a fix that touches another chosen fix's text or after which the file
 * parses worse than before. Each fix has passed the fix contract on its own (FixGuard).
 */
export function chooseFixes(file: ParsedFile, findings: readonly Finding[]): { readonly edits: TextEdit[]; readonly chosen: ChosenFix[] } {
  const baseline = file.problems.length;
  const edits: TextEdit[] = [];
  const chosen: ChosenFix[] = [];
  for (const finding of findings) {
    if (finding.suppression || finding.file !== file.file) continue;
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix || fix.widensAccess || fix.edits.some((e) => e.file !== finding.file)) continue;
    const own = fix.edits.flatMap((e) => e.edits);
    if (own.length === 0 || own.some((edit) => edits.some((other) => touches(edit, other)))) continue;
    try {
      const text = applyTextEdits(file.text, [...edits, ...own]);
      if (parseFile(file.file, text, file.language === 'yaml' ? undefined : file.language).problems.length > baseline) continue;
    } catch {
      continue;
    }
    edits.push(...own);
    chosen.push({ finding, fix });
  }
  return { edits, chosen };
}

/** Overlapping or adjacent edits: applying both could merge tokens or delete a separator twice. */
function touches(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}
