import type { Finding, Fix } from './finding';
import type { ParsedFile } from './model';
import { parseFile } from './parse';
import { applyTextEdits, type TextEdit } from './text';

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
  private readonly baselines = new Map<string, readonly Finding[]>();
  private readonly allFiles: ReadonlySet<string>;
  private readonly totalBytes: number;
  private everything: readonly Finding[] | undefined;

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
    const editsByFile = new Map<string, TextEdit[]>();
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
    const after = this.analyzeFiles(this.files.map((f) => edited.get(f.file) ?? f), targets);
    return keepsContract(finding, before, after, editsByFile);
  }

  private baseline(targets: ReadonlySet<string>): readonly Finding[] {
    if (targets === this.allFiles) return (this.everything ??= this.analyzeFiles(this.files, targets));
    const key = [...targets].sort().join('\u0000');
    let baseline = this.baselines.get(key);
    if (!baseline) {
      baseline = this.analyzeFiles(this.files, targets);
      this.baselines.set(key, baseline);
    }
    return baseline;
  }
}

/**
 * The finding's own rule fires less often in its file, and every finding after the fix is one that
 * was there before: the same rule at the same place (its span carried through the edits), or — when
 * the edits rewrote the text it pointed at — the same rule with the same message. Counting findings
 * per rule and file is not enough: a fix could trade one finding for another of the same rule, or
 * make its own rule fire in another file, and the counts would not move.
 */
export function keepsContract(
  finding: Finding,
  before: readonly Finding[],
  after: readonly Finding[],
  editsByFile: ReadonlyMap<string, readonly TextEdit[]>,
): boolean {
  const own = (f: Finding) => f.ruleId === finding.ruleId && f.file === finding.file;
  if (after.filter(own).length >= before.filter(own).length) return false;
  // Findings of before, by where they are after the edits; those whose text an edit rewrote also by
  // message, at the text that edit wrote (edits are minimal diffs, so a token may keep a quote of its own).
  // Findings in files the fix does not edit keep their place: counted once per baseline.
  const unedited = placesOf(before);
  const taken = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const rewritten = new Map<string, { start: number; end: number; taken: boolean }[]>();
  for (const old of before) {
    const edits = editsByFile.get(old.file);
    if (!edits) continue;
    const starts = mapOffset(old.span.start, edits);
    const ends = mapOffset(old.span.end, edits);
    for (const start of starts) {
      for (const end of ends) {
        const key = placeKey(old.ruleId, old.file, start, end);
        byPlace.set(key, (byPlace.get(key) ?? 0) + 1);
      }
    }
    const written = edits.filter((edit) => touches(edit, old.span)).map((edit) => writtenRange(edit, edits));
    if (written.length) {
      const key = `${old.ruleId}\u0000${old.file}\u0000${old.message.en}`;
      const region = {
        start: Math.min(...written.map((w) => w.start), ...starts),
        end: Math.max(...written.map((w) => w.end), ...ends),
        taken: false,
      };
      rewritten.set(key, [...(rewritten.get(key) ?? []), region]);
    }
  }
  const takePlace = (current: Finding) => {
    const key = placeKey(current.ruleId, current.file, current.span.start, current.span.end);
    const places = editsByFile.has(current.file) ? byPlace : unedited;
    const left = (places.get(key) ?? 0) - (taken.get(key) ?? 0);
    if (left > 0) taken.set(key, (taken.get(key) ?? 0) + 1);
    return left > 0;
  };
  const takeRewritten = (current: Finding) => {
    const region = rewritten
      .get(`${current.ruleId}\u0000${current.file}\u0000${current.message.en}`)
      ?.find((r) => !r.taken && current.span.start <= r.end && r.start <= current.span.end);
    if (region) region.taken = true;
    return !!region;
  };
  // An insertion at a span's edge gives it two possible places; a finding takes one, and the count
  // per place keeps two findings from claiming one old one (up to that ambiguity).
  return after.every((current) => takePlace(current) || takeRewritten(current));
}

function placeKey(ruleId: string, file: string, start: number, end: number): string {
  return `${ruleId}\u0000${file}\u0000${start}\u0000${end}`;
}

const placeCounts = new WeakMap<readonly Finding[], Map<string, number>>();

/** How many findings of a baseline sit at each place (rule, file, span). */
function placesOf(findings: readonly Finding[]): Map<string, number> {
  let places = placeCounts.get(findings);
  if (!places) {
    places = new Map();
    for (const f of findings) {
      const key = placeKey(f.ruleId, f.file, f.span.start, f.span.end);
      places.set(key, (places.get(key) ?? 0) + 1);
    }
    placeCounts.set(findings, places);
  }
  return places;
}

/** Where an edit's new text lies in the edited text. */
function writtenRange(edit: TextEdit, edits: readonly TextEdit[]): { start: number; end: number } {
  let delta = 0;
  for (const other of edits) if (other !== edit && other.end <= edit.start && !(other.start === other.end && other.start === edit.start)) delta += other.newText.length - (other.end - other.start);
  return { start: edit.start + delta, end: edit.start + delta + edit.newText.length };
}

/** Whether an edit rewrites text inside a span (replacing part of it, or inserting within it). */
function touches(edit: TextEdit, span: { start: number; end: number }): boolean {
  if (edit.start === edit.end) return edit.start > span.start && edit.start < span.end;
  return edit.start < span.end && edit.end > span.start;
}

/**
 * Where an offset of the original text is after the edits: one place, two when an insertion sits
 * exactly there (before or after the inserted text), none when the edits replaced it.
 */
function mapOffset(offset: number, edits: readonly TextEdit[]): number[] {
  let delta = 0;
  let atInsertion: number | undefined;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    const change = edit.newText.length - (edit.end - edit.start);
    if (edit.end < offset || (edit.end === offset && edit.start < edit.end)) delta += change;
    else if (edit.start === offset && edit.end === offset) atInsertion = change;
    else if (edit.start < offset) return [];
  }
  const mapped = offset + delta;
  return atInsertion === undefined ? [mapped] : [mapped, mapped + atInsertion];
}
