import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Message } from '../core/finding';
import { LineIndex } from '../core/text';
import type { Reported } from './format';

/** A fingerprint as baselines and SARIF `partialFingerprints` carry it (see core/baseline/fingerprint.ts). */
export function fingerprintOf(input: string): string {
  return createHash('sha256').update(input).digest('hex').slice(0, 32);
}

/** The key of our fingerprint in SARIF `partialFingerprints` (versioned, as SARIF recommends). */
export const SARIF_FINGERPRINT_KEY = 'keylens/v1';

interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly file: string;
}

/** Fingerprint → how many findings with it the baseline accepts. */
export type Baseline = ReadonlyMap<string, number>;

/**
 * Writes the baseline: one entry per finding, sorted, with rule and file beside each fingerprint
 * so a reviewer can read what was accepted in the diff.
 */
export async function writeBaseline(path: string, reported: readonly Reported[], fileOf: (reported: Reported) => string): Promise<void> {
  const findings: BaselineEntry[] = reported
    .map((r) => ({ fingerprint: r.fingerprint, ruleId: r.finding.ruleId, file: fileOf(r) }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ version: 1, tool: 'keylens', findings }, null, 2) + '\n');
}

export type BaselineRead = { readonly ok: true; readonly baseline: Baseline } | { readonly ok: false; readonly message: Message };

/** Reads a baseline written by `--baseline write`; a broken one is an error with its position, never "no baseline". */
export async function readBaseline(path: string): Promise<BaselineRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { ok: false, message: { en: `cannot read ${path}: no such file (create it with --baseline write FILE)`, ja: `${path} を読み取れません: ファイルがありません (--baseline write FILE で作成します)` } }
      : { ok: false, message: { en: `cannot read ${path}: ${(error as Error).message}`, ja: `${path} を読み取れません: ${(error as Error).message}` } };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors);
  const at = (offset: number) => {
    const position = new LineIndex(text).positionAt(offset);
    return `${path}:${position.line + 1}:${position.character + 1}`;
  };
  if (errors.length > 0) {
    const code = printParseErrorCode(errors[0]!.error);
    return { ok: false, message: { en: `${at(errors[0]!.offset)}: invalid JSON (${code})`, ja: `${at(errors[0]!.offset)}: JSON として読めません (${code})` } };
  }
  const value = JSON.parse(text) as { version?: unknown; findings?: unknown };
  if (!value || typeof value !== 'object' || value.version !== 1 || !Array.isArray(value.findings)) {
    const where = at(tree?.offset ?? 0);
    return {
      ok: false,
      message: {
        en: `${where}: not a KeyLens baseline (expected { "version": 1, "findings": [...] } as --baseline write makes)`,
        ja: `${where}: KeyLens のベースラインではありません (--baseline write が作る { "version": 1, "findings": [...] } の形式が必要です)`,
      },
    };
  }
  const counts = new Map<string, number>();
  for (const [i, entry] of value.findings.entries()) {
    const fingerprint = (entry as { fingerprint?: unknown })?.fingerprint;
    if (typeof fingerprint !== 'string' || fingerprint === '') {
      return { ok: false, message: { en: `${path}: findings[${i}] has no "fingerprint"`, ja: `${path}: findings[${i}] に "fingerprint" がありません` } };
    }
    counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
  }
  return { ok: true, baseline: counts };
}

/** Leaves out findings the baseline accepts (each entry accepts one finding with its fingerprint). */
export function newSince(reported: readonly Reported[], baseline: Baseline): { fresh: Reported[]; known: number } {
  const remaining = new Map(baseline);
  const fresh: Reported[] = [];
  let known = 0;
  for (const r of reported) {
    const left = remaining.get(r.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(r.fingerprint, left - 1);
      known++;
    } else fresh.push(r);
  }
  return { fresh, known };
}
