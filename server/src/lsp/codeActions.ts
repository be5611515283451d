import {
  CodeActionKind,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Range,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { FileEdit, Finding } from '../core/finding';
import { chooseFixes } from '../core/fixAll';
import { localize } from '../core/finding';
import { readDiagnosticData, toDiagnostic } from './diagnostics';
import { messages } from './messages';
import { ClientCommands, FIX_ALL_KIND, ServerCommands } from './protocol';
import type { WorkspaceIndex } from './workspaceIndex';
import type { CommentPrefix } from '../core/suppressions/edit';
import { suppressActions } from './suppressAction';

export interface CodeActionEnvironment {
  readonly index: WorkspaceIndex;
  readonly locale: string | undefined;
  /** The client applies `documentChanges` (versioned edits) rather than only `changes`. */
  readonly documentChanges: boolean;
  /** The client implements keylens.showRuleDocumentation itself (the VS Code extension). */
  readonly clientShowsDocumentation: boolean;
  /** How a suppression comment is written in a document, if it can hold one ("Suppress on this line"). */
  readonly commentPrefix?: (uri: string) => CommentPrefix | undefined;
}

export interface CodeActionRequest {
  readonly uri: string;
  readonly range: Range;
  readonly diagnostics: readonly Diagnostic[];
  readonly only?: readonly string[];
}

/** Whether an action of `kind` is wanted by a request's `only` filter (LSP kinds are hierarchical). */
export function kindWanted(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((requested) => kind === requested || kind.startsWith(requested + '.'));
}

/**
 * Quick fixes for the findings under the request's diagnostics (matched by code and recorded data),
 * "Show documentation" per rule, and fix-all. `findings` are those of the document's current version.
 */
export function codeActions(request: CodeActionRequest, findings: readonly Finding[], version: number | null, env: CodeActionEnvironment): CodeAction[] {
  const actions: CodeAction[] = [];
  const lines = env.index.lines(request.uri);
  if (!lines) return actions;

  if (kindWanted(request.only, CodeActionKind.QuickFix)) {
    const matched = matchFindings(request, findings, version, env);
    const documented = new Set<string>();
    for (const { finding, diagnostic } of matched) {
      // A suppressed finding is accepted as it is: no fix is offered for it.
      if (finding.suppression) continue;
      finding.fixes.forEach((fix) => {
        const edit = toWorkspaceEdit(fix.edits, env);
        if (!edit) return;
        actions.push({
          title: localize(fix.title, env.locale),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          ...(fix.preferred ? { isPreferred: true } : {}),
          edit,
        });
      });
    }
    if (env.commentPrefix) actions.push(...suppressActions(matched, env, env.commentPrefix));
    for (const { finding, diagnostic } of matched) {
      if (documented.has(finding.ruleId)) continue;
      documented.add(finding.ruleId);
      actions.push({
        title: localize(messages.showDocumentation(finding.ruleId), env.locale),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: showDocumentationCommand(finding.ruleId, env),
      });
    }
    // As ESLint does: offer fixing the whole file from the lightbulb once there is more than one fix.
    if (matched.some(({ finding }) => !finding.suppression && finding.fixes.length > 0)) {
      const all = fixAllEdit(request.uri, findings, env);
      if (all && all.count > 1) {
        actions.push({ title: localize(messages.fixAllInFile, env.locale), kind: CodeActionKind.QuickFix, edit: all.edit });
      }
    }
  }

  // Source actions are asked for explicitly (on save, "Source Action..."); clients that ask for
  // everything (no `only`) list fix-all too.
  if (kindWanted(request.only, FIX_ALL_KIND)) {
    const all = fixAllEdit(request.uri, findings, env);
    if (all) actions.push({ title: localize(messages.fixAll, env.locale), kind: FIX_ALL_KIND, edit: all.edit });
  }
  return actions;
}

function showDocumentationCommand(ruleId: string, env: CodeActionEnvironment): Command {
  const title = localize(messages.showDocumentation(ruleId), env.locale);
  return env.clientShowsDocumentation
    ? { title, command: ClientCommands.showRuleDocumentation, arguments: [ruleId] }
    : { title, command: ServerCommands.ruleDocumentation, arguments: [ruleId] };
}

interface Match {
  readonly finding: Finding;
  readonly diagnostic: Diagnostic;
}

function matchFindings(request: CodeActionRequest, findings: readonly Finding[], version: number | null, env: CodeActionEnvironment): Match[] {
  const ours = request.diagnostics.map((diagnostic) => ({ diagnostic, data: readDiagnosticData(diagnostic) })).filter((d) => d.data);
  const matches: Match[] = [];
  if (ours.length > 0) {
    for (const { diagnostic, data } of ours) {
      // A diagnostic from an older version points at text that is gone; the client asks again.
      if (data!.version !== version) continue;
      const finding = findings.find((f) => f.ruleId === data!.ruleId && f.span.start === data!.start && f.span.end === data!.end);
      if (finding) matches.push({ finding, diagnostic });
    }
    return matches;
  }
  // Clients that send no diagnostics in the context (some do for a cursor position): findings under the range.
  const lines = env.index.lines(request.uri)!;
  const start = lines.offsetAt(request.range.start);
  const end = lines.offsetAt(request.range.end);
  for (const finding of findings) {
    if (finding.span.start <= end && start <= finding.span.end) {
      matches.push({ finding, diagnostic: toDiagnostic(finding, lines, version, env.locale) });
    }
  }
  return matches;
}

/** Converts a fix's offset edits into a WorkspaceEdit; undefined when a file it edits is unknown. */
export function toWorkspaceEdit(fileEdits: readonly FileEdit[], env: CodeActionEnvironment): WorkspaceEdit | undefined {
  const documentChanges: TextDocumentEdit[] = [];
  const changes: Record<string, LspTextEdit[]> = {};
  for (const fileEdit of fileEdits) {
    const file = env.index.get(fileEdit.file);
    const lines = env.index.lines(fileEdit.file);
    if (!file || !lines) return undefined;
    const edits = fileEdit.edits.map((edit) => ({
      range: { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) },
      newText: edit.newText,
    }));
    const uri = file.uri;
    documentChanges.push({ textDocument: { uri, version: file.version }, edits });
    (changes[uri] ??= []).push(...edits);
  }
  return env.documentChanges ? { documentChanges } : { changes };
}

/** Fix-all for one document (core/fixAll.ts chooses the fixes), as one WorkspaceEdit. */
export function fixAllEdit(uri: string, findings: readonly Finding[], env: CodeActionEnvironment): { edit: WorkspaceEdit; count: number } | undefined {
  const parsed = env.index.parsed(uri);
  if (!parsed) return undefined;
  const { edits, chosen } = chooseFixes(parsed, findings);
  if (chosen.length === 0) return undefined;
  const edit = toWorkspaceEdit([{ file: parsed.file, edits }], env);
  return edit ? { edit, count: chosen.length } : undefined;
}
