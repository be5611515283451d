import type { Finding, Fix, Message, Severity, SeveritySetting } from './finding';
import type { ParsedFile, ValueNote } from './model';
import type { ActionCatalog } from './iam/catalog';
import { Workspace } from './workspace';
import { FixGuard } from './fixGuard';
import { rules } from './rules/index';
import { callSite, instanceNote, placeInstanceFinding } from './relocate';
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
    // Linked files: problems of a module as a whole (a resource declared in two files) are the files' too.
    for (const file of workspace.files) {
      if (file.instance || !wanted(file.file)) continue;
      for (const problem of file.problems) {
        findings.push({ ruleId: PARSE_ERROR_RULE, severity: parseSeverity, message: problem.message, file: file.file, span: problem.span, fixes: [] });
      }
    }
  }

  // Module instances are analysed whenever anything is: their findings go to the calls (or the module's files).
  const instanceFiles = workspace.files.filter((f) => f.instance).map((f) => f.file);
  const ruleTargets = options.targets && instanceFiles.length ? new Set([...options.targets, ...instanceFiles]) : options.targets;
  type Reported = Parameters<RuleContext['report']>[0];
  const emit = (ruleId: string, severity: Severity, reported: Reported, fixable: boolean) => {
    // Text of another file (a statement merged in from there) is reported by that file's part of the policy.
    if (!wanted(reported.file) || reported.span.start < 0) return;
    const partial = { ...reported, message: withNotes(reported.message, workspace.notesAt(reported.file, reported.span)), ...(fixable ? {} : { fixes: [] }) };
    // The same statement reached twice (a document merged into two others, two instances) is one finding.
    const identity = `${ruleId}\u0000${partial.file}\u0000${partial.span.start}\u0000${partial.span.end}\u0000${partial.message.en}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    findings.push(makeFinding(ruleId, severity, partial, guarded && fixable ? fixGuard : undefined));
  };
  const inInstances: { ruleId: string; severity: Severity; reported: Reported }[] = [];

  for (const rule of rules) {
    const configured = severities[rule.meta.id] as SeveritySetting | undefined;
    const setting: SeveritySetting | 'default' = configured ?? 'default';
    if (setting === 'off') continue;
    const context: RuleContext = {
      workspace,
      catalog: options.catalog,
      targets: ruleTargets,
      report(reported) {
        const severity = setting === 'default' ? reported.severity ?? rule.meta.defaultSeverity : setting;
        if (workspace.file(reported.file)?.instance) inInstances.push({ ruleId: rule.meta.id, severity, reported });
        else emit(rule.meta.id, severity, reported, true);
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // A rule bug must not take the editor down; surface it as a finding-free log line instead.
      console.error(`keylens: rule ${rule.meta.id} failed: ${(error as Error).stack ?? error}`);
    }
  }
  reportInstanceFindings(workspace, inInstances, (ruleId, severity, reported) => emit(ruleId, severity, reported, false));
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

/**
 * Findings in module instances, placed where the user can act: at the call argument that caused
 * them; in the module's own file when nothing the calls pass reached them and every instance of
 * the module has them; else at each call that has them. No fixes: an edit there would change
 * the module for every caller, or write over a value the caller computes.
 */
function reportInstanceFindings(
  workspace: Workspace,
  found: readonly { ruleId: string; severity: Severity; reported: Parameters<RuleContext['report']>[0] }[],
  emit: (ruleId: string, severity: Severity, reported: Parameters<RuleContext['report']>[0]) => void,
): void {
  const own = new Map<string, { ruleId: string; severity: Severity; reported: Parameters<RuleContext['report']>[0]; files: ParsedFile[] }>();
  for (const { ruleId, severity, reported } of found) {
    const file = workspace.file(reported.file)!;
    if (reported.span.start < 0) continue;
    const placed = placeInstanceFinding(workspace, file, reported.span);
    if ('argument' in placed) {
      const { file: at, span, note } = placed.argument;
      emit(ruleId, severity, { ...reported, file: at, span, message: note ? appendMessage(reported.message, note) : reported.message });
      continue;
    }
    const key = `${ruleId}\u0000${file.instance!.moduleFile}\u0000${reported.span.start}\u0000${reported.span.end}\u0000${reported.message.en}`;
    const group = own.get(key) ?? { ruleId, severity, reported, files: [] };
    if (!group.files.includes(file)) group.files.push(file);
    own.set(key, group);
  }
  const instancesOf = new Map<string, number>();
  for (const file of workspace.files) if (file.instance) instancesOf.set(file.instance.moduleFile, (instancesOf.get(file.instance.moduleFile) ?? 0) + 1);
  for (const { ruleId, severity, reported, files } of own.values()) {
    const moduleFile = files[0]!.instance!.moduleFile;
    if (files.length === instancesOf.get(moduleFile) && !isFetchedModuleFile(moduleFile) && workspace.file(moduleFile)) {
      emit(ruleId, severity, { ...reported, file: moduleFile });
      continue;
    }
    for (const file of files) {
      const site = callSite(workspace, file);
      emit(ruleId, severity, { ...reported, file: site.file, span: site.span, message: appendMessage(reported.message, instanceNote(workspace, file, reported.span)) });
    }
  }
}

function appendMessage(message: Message, note: Message): Message {
  return { en: `${message.en} ${note.en}`, ja: `${message.ja} ${note.ja}` };
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
