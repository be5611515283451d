import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { localize, type Finding } from '../core/finding';
import { suppressOnLineEdit, type CommentPrefix } from '../core/suppressions/edit';
import { toWorkspaceEdit, type CodeActionEnvironment } from './codeActions';
import { messages } from './messages';

/**
 * "Suppress RULE on this line" for findings under the request: writes the
 * `keylens-ignore-next-line RULE -- reason` comment in the file's own syntax, one action per rule
 * and line. Nothing where the file cannot hold a comment (plain JSON: the configuration does it).
 */
export function suppressActions(
  matched: readonly { readonly finding: Finding; readonly diagnostic: Diagnostic }[],
  env: CodeActionEnvironment,
  commentPrefix: (uri: string) => CommentPrefix | undefined,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const offered = new Set<string>();
  for (const { finding, diagnostic } of matched) {
    if (finding.suppression) continue;
    const key = `${finding.ruleId}:${diagnostic.range.start.line}`;
    if (offered.has(key)) continue;
    const prefix = commentPrefix(finding.file);
    const parsed = prefix && env.index.parsed(finding.file);
    const edit = parsed && suppressOnLineEdit(parsed, finding, prefix, localize(messages.suppressionReason, env.locale));
    const workspaceEdit = edit && toWorkspaceEdit([{ file: finding.file, edits: [edit] }], env);
    if (!workspaceEdit) continue;
    offered.add(key);
    actions.push({ title: localize(messages.suppressOnLine(finding.ruleId), env.locale), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit });
  }
  return actions;
}
