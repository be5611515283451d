import { DocumentDiagnosticReportKind, type Diagnostic, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { localize } from '../core/finding';
import type { Analysis } from './analysis';
import { resultIdOf, toDiagnostic } from './diagnostics';
import { uriKey } from './languages';
import { messages } from './messages';
import type { Timer } from './pushScheduler';
import type { WorkspaceIndex } from './workspaceIndex';

/** After a change, the workspace is re-analysed once this long has passed without another. */
export const WORKSPACE_DELAY_MS = 600;
/** Files analysed per pass step; the server answers other requests between steps. */
const CHUNK = 500;
/** A pass that runs longer than this shows progress (the first pass of a large repository). */
const PROGRESS_AFTER_MS = 300;

/** The diagnostics of one workspace file (not open in the editor) as last computed. */
export interface FileReport {
  readonly uri: string;
  readonly resultId: string;
  readonly diagnostics: Diagnostic[];
}

export interface Progress {
  report(percentage: number, message: string): void;
  done(): void;
}

export interface WorkspaceDiagnosticsHost {
  readonly index: WorkspaceIndex;
  readonly analysis: Analysis;
  readonly timer: Timer;
  readonly locale: () => string | undefined;
  /** Server-initiated progress, when the client shows it. */
  readonly startProgress?: (title: string) => Promise<Progress | undefined>;
  /** Push clients: publish one file's diagnostics. */
  readonly publish?: (uri: string, diagnostics: Diagnostic[]) => void;
  readonly log: (message: string) => void;
}

/**
 * Findings of every policy file in the workspace index, not only the open ones (SPEC §4 Problems
 * panel). A pass re-analyses the files whose inputs moved, a chunk at a time, after edits and disk
 * changes settle. Push clients get publishDiagnostics for the files whose diagnostics changed; pull
 * clients ask with workspace/diagnostic, which waits (long polling) until something changed.
 * Open documents are left to the document pipeline. The index's own limits bound the work.
 */
export class WorkspaceDiagnostics {
  private readonly reports = new Map<string, FileReport>();
  private enabled = false;
  private timer: { dispose(): void } | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private readonly waiters = new Set<() => void>();
  private passes = 0;

  constructor(private readonly host: WorkspaceDiagnosticsHost) {}

  /** Turns workspace diagnostics on or off (`keylens.diagnostics.scope`); off clears what was published. */
  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    if (enabled) this.changed();
    else {
      this.timer?.dispose();
      this.timer = undefined;
      for (const report of this.reports.values()) if (report.diagnostics.length > 0) this.host.publish?.(report.uri, []);
      this.reports.clear();
      this.wake();
    }
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** How many passes have completed (for tests and logs). */
  get completedPasses(): number {
    return this.passes;
  }

  /** Something the workspace's findings depend on may have changed: re-analyse once changes settle. */
  changed(): void {
    if (!this.enabled) return;
    this.timer?.dispose();
    this.timer = this.host.timer.setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, WORKSPACE_DELAY_MS);
  }

  /** A document was opened: its diagnostics come from the document pipeline until it is closed. */
  opened(uri: string): void {
    this.reports.delete(uriKey(uri));
  }

  /** Runs a pass now (or joins the running one) and resolves when it is done. */
  async run(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        this.changed();
      }
    });
    return this.running;
  }

  /** The current reports of files not open in the editor (after the last pass). */
  current(): FileReport[] {
    return [...this.reports.values()].filter((report) => !this.host.index.isOpen(report.uri));
  }

  /** Resolves at the next completed pass that may have changed something, or when cancelled. */
  nextChange(cancelled: { onCancellationRequested(listener: () => void): { dispose(): void } }): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        subscription.dispose();
        resolve();
      };
      const subscription = cancelled.onCancellationRequested(done);
      this.waiters.add(done);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async pass(): Promise<void> {
    if (!this.enabled) return;
    const started = Date.now();
    const index = this.host.index;
    const uris = index.diskUris().filter((uri) => !index.isOpen(uri));
    // Files whose inputs moved, and files not reported yet (just closed, or the scope just turned on).
    const stale = uris.filter((uri) => this.host.analysis.isStale(uri) || !this.reports.has(uriKey(uri)));
    let progress: Progress | undefined;
    let progressAsked = false;
    let changedFiles = 0;
    try {
      for (let i = 0; i < stale.length; i += CHUNK) {
        const chunk = stale.slice(i, i + CHUNK);
        const results = this.host.analysis.findingsFor(chunk);
        for (const uri of chunk) {
          const result = results.get(uri);
          const lines = index.lines(uri);
          if (!result || !lines) continue;
          const diagnostics = result.findings.map((f) => toDiagnostic(f, lines, null, this.host.locale()));
          if (this.record(uri, diagnostics)) changedFiles++;
        }
        if (!progressAsked && Date.now() - started > PROGRESS_AFTER_MS && this.host.startProgress) {
          progressAsked = true;
          progress = await this.host.startProgress(localize(messages.checkingWorkspace, this.host.locale()));
        }
        progress?.report(Math.round(((i + chunk.length) / stale.length) * 100), localize(messages.checkedFiles(i + chunk.length, stale.length), this.host.locale()));
        // Let other requests (completion, a keystroke's diagnostics) through between chunks.
        if (i + CHUNK < stale.length) await new Promise<void>((resolve) => setImmediate(resolve));
        if (!this.enabled) return;
      }
      // Files that left the index (deleted, no longer a policy): their diagnostics go.
      const present = new Set(uris.map(uriKey));
      for (const [key, report] of [...this.reports]) {
        if (present.has(key) || index.isOpen(report.uri)) continue;
        this.reports.delete(key);
        if (report.diagnostics.length > 0) {
          this.host.publish?.(report.uri, []);
          changedFiles++;
        }
      }
    } catch (error) {
      this.host.log(`keylens: workspace diagnostics failed: ${(error as Error)?.stack ?? error}`);
    } finally {
      progress?.done();
    }
    this.passes++;
    if (stale.length > 0) this.host.log(`keylens: workspace diagnostics: ${stale.length} files analysed, ${changedFiles} changed, in ${Date.now() - started} ms`);
    if (changedFiles > 0 || this.passes === 1) this.wake();
  }

  /** Keeps a file's new diagnostics; publishes them (push) when they differ. Returns whether they did. */
  private record(uri: string, diagnostics: Diagnostic[]): boolean {
    const key = uriKey(uri);
    const resultId = resultIdOf(diagnostics);
    const previous = this.reports.get(key);
    if (previous?.resultId === resultId) return false;
    this.reports.set(key, { uri, resultId, diagnostics });
    // A file that had nothing and still has nothing was never shown: nothing to say.
    if (!previous && diagnostics.length === 0) return false;
    // Opened while the pass ran: the document pipeline owns its diagnostics now.
    if (this.host.index.isOpen(uri)) {
      this.reports.delete(key);
      return false;
    }
    this.host.publish?.(uri, diagnostics);
    return true;
  }
}

/**
 * A workspace/diagnostic answer against the client's previous result ids: changed files in full,
 * unchanged ones as such, and files the client still shows that are gone from the workspace (or
 * whose findings went) cleared. Open documents are the document pull's.
 */
export function workspaceReportItems(
  reports: readonly FileReport[],
  previousResultIds: readonly { readonly uri: string; readonly value: string }[],
  isOpen: (uri: string) => boolean,
): WorkspaceDocumentDiagnosticReport[] {
  const previous = new Map(previousResultIds.map((p) => [uriKey(p.uri), p]));
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  const reported = new Set<string>();
  for (const report of reports) {
    const key = uriKey(report.uri);
    reported.add(key);
    const before = previous.get(key)?.value;
    if (before === report.resultId) items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri: report.uri, resultId: report.resultId, version: null });
    else if (report.diagnostics.length > 0 || before !== undefined) {
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri: report.uri, resultId: report.resultId, version: null, items: report.diagnostics });
    }
  }
  for (const [key, { uri, value }] of previous) {
    if (reported.has(key) || value === EMPTY_RESULT_ID || isOpen(uri)) continue;
    items.push({ kind: DocumentDiagnosticReportKind.Full, uri, resultId: EMPTY_RESULT_ID, version: null, items: [] });
  }
  return items;
}

/** The result id of an empty report (cleared files come back with it and are not cleared again). */
const EMPTY_RESULT_ID = resultIdOf([]);
