import type { Finding, Fix, Message, Severity, SeveritySetting } from './finding';
import type { ParsedFile, ValueNote } from './model';
import type { ActionCatalog } from './iam/catalog';
import { Workspace } from './workspace';
import { FixGuard } from './fixGuard';
import { rules } from './rules/index';
import type { RuleContext } from './rules/rule';

export interface AnalyzeOptions {
  readonly catalog: ActionCatalog;
  /** Per-rule severity overrides (`off` disables a rule). */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** Report findings only for these files (the rest are context for cross-file rules). */
  readonly targets?: ReadonlySet<string>;
  /**
   * Offer only fixes that keep the fix contract (see FixGuard); on by default. Turned off for the
   * analyses the guard itself runs, and by tests that want to see raw fixes.
   */
  readonly guardFixes?: boolean;
}

export const PARSE_ERROR_RULE = 'parse-error';

/** Runs every enabled rule over files analysed together. Never throws on bad input. */
export function analyze(files: readonly ParsedFile[], options: AnalyzeOptions): Finding[] {
  const workspace = new Workspace(files);
  const findings: Finding[] = [];
  const severities = options.severities ?? {};
  // Fetched modules (`.terraform/modules/`) are read for module calls, never reported on.
  const wanted = (file: string) => (!options.targets || options.targets.has(file)) && !isFetchedModuleFile(file);
  const seen = new Set<string>();
  let guard: FixGuard | undefined;
  const fixGuard = () =>
    (guard ??= new FixGuard(files, (changed, targets) => analyze(changed, { ...options, targets, guardFixes: false })));
  const guarded = options.guardFixes !== false;

  const parseSeverity = (severities[PARSE_ERROR_RULE] as SeveritySetting | undefined) ?? 'error';
  if (parseSeverity !== 'off') {
    for (const file of files) {
      if (!wanted(file.file)) continue;
      for (const problem of file.problems) {
        findings.push({ ruleId: PARSE_ERROR_RULE, severity: parseSeverity, message: problem.message, file: file.file, span: problem.span, fixes: [] });
      }
    }
  }

  for (const rule of rules) {
    const configured = severities[rule.meta.id] as SeveritySetting | undefined;
    const setting: SeveritySetting | 'default' = configured ?? 'default';
    if (setting === 'off') continue;
    const context: RuleContext = {
      workspace,
      catalog: options.catalog,
      targets: options.targets,
      report(reported) {
        // Text of another file (a statement merged in from there) is reported by that file's part of the policy.
        if (!wanted(reported.file) || reported.span.start < 0) return;
        const partial = { ...reported, message: withNotes(reported.message, workspace.notesAt(reported.file, reported.span)) };
        // The same statement reached twice (a document merged into two others) is one finding.
        const identity = `${rule.meta.id}\u0000${partial.file}\u0000${partial.span.start}\u0000${partial.span.end}\u0000${partial.message.en}`;
        if (seen.has(identity)) return;
        seen.add(identity);
        const severity = setting === 'default' ? partial.severity ?? rule.meta.defaultSeverity : setting;
        const finding = makeFinding(rule.meta.id, severity, partial, guarded ? fixGuard : undefined);
        findings.push(finding);
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // A rule bug must not take the editor down; surface it as a finding-free log line instead.
      console.error(`keylens: rule ${rule.meta.id} failed: ${(error as Error).stack ?? error}`);
    }
  }
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

/** A file of a module `terraform init` fetched: read for the module calls that use it only. */
export function isFetchedModuleFile(file: string): boolean {
  return /(^|[\\/])\.terraform[\\/]/.test(file);
}

/** A message followed by what it rests on: the locals, variables and other files its values came from. */
function withNotes(message: Message, notes: readonly ValueNote[]): Message {
  if (notes.length === 0) return message;
  const en = [...new Set(notes.map((n) => n.message.en))];
  const ja = [...new Set(notes.map((n) => n.message.ja))];
  return { en: [message.en, ...en].join(' '), ja: [message.ja, ...ja].join(' ') };
}

/** A finding whose fixes are computed on first access (and at most once). */
function makeFinding(
  ruleId: string,
  severity: Severity,
  partial: Omit<Finding, 'ruleId' | 'severity' | 'fixes'> & { fixes: readonly Fix[] | (() => readonly Fix[]) },
  guard: (() => FixGuard) | undefined,
): Finding {
  const { fixes, file, span, message } = partial;
  let computed: readonly Fix[] | undefined;
  const finding: Finding = {
    ruleId,
    severity,
    message,
    file,
    span,
    get fixes() {
      if (computed === undefined) {
        try {
          if (guard && !guard().fixable(finding)) computed = [];
          else {
            const raw = typeof fixes === 'function' ? fixes() : fixes;
            computed = guard && raw.length ? raw.filter((fix) => guard().safe(finding, fix)) : raw;
          }
        } catch (error) {
          console.error(`keylens: computing fixes for ${ruleId} failed: ${(error as Error).stack ?? error}`);
          computed = [];
        }
      }
      return computed;
    },
  };
  return finding;
}
