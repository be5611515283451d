import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type Hover,
  type Position,
} from 'vscode-languageserver';
import { localize } from '../core/finding';
import type { CandidateKind, CompletionList as CoreCompletionList } from '../core/complete/candidate';
import { completeAt, locateCursor, policyKindAt, type CompletionEnvironment } from '../core/complete/complete';
import { hoverAt } from '../core/complete/hover';
import { labels } from '../core/complete/messages';
import { ClientCommands } from './protocol';
import type { WorkspaceIndex } from './workspaceIndex';

const KIND: Record<CandidateKind, CompletionItemKind> = {
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  wildcard: CompletionItemKind.Constant,
  operator: CompletionItemKind.Operator,
  'condition-key': CompletionItemKind.Field,
  element: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  key: CompletionItemKind.Reference,
  reference: CompletionItemKind.Reference,
};

/** Characters after which the editor asks for completion without a keystroke shortcut. */
export const COMPLETION_TRIGGERS = ['"', ':', '/'];

/** VS Code's command that reopens the suggest widget (after a `service:` prefix is accepted). */
export const TRIGGER_SUGGEST = 'editor.action.triggerSuggest';

export interface EditorEnvironment {
  readonly index: WorkspaceIndex;
  readonly capabilities: ClientCapabilities;
  readonly clientCommands: ReadonlySet<string>;
  readonly core: Omit<CompletionEnvironment, 'files'>;
}

/** The document, its lines and the policy cursor at a position, or undefined outside anything KeyLens reads. */
function locate(uri: string, position: Position, env: EditorEnvironment) {
  const file = env.index.get(uri);
  const lines = env.index.lines(uri);
  if (!file || !lines) return undefined;
  const offset = lines.offsetAt(position);
  const cursor = locateCursor(file.text, file.language, offset);
  return cursor ? { file, lines, offset, cursor } : undefined;
}

/** textDocument/completion for an open policy document; null where KeyLens has nothing to offer. */
export function completion(uri: string, position: Position, env: EditorEnvironment): CompletionList | null {
  const located = locate(uri, position, env);
  if (!located) return null;
  const { lines, offset, cursor } = located;
  const result = completeAt(cursor, { ...env.core, files: () => env.index.files() }, policyKindAt(env.index.parsed(uri), offset));
  if (!result) return null;
  return toCompletionList(result, lines, env);
}

function toCompletionList(result: CoreCompletionList, lines: { positionAt(offset: number): Position }, env: EditorEnvironment): CompletionList {
  const item = env.capabilities.textDocument?.completion?.completionItem;
  const snippets = item?.snippetSupport === true;
  const insertReplace = item?.insertReplaceSupport === true;
  const markdown = item?.documentationFormat?.includes(MarkupKind.Markdown) ?? false;
  const retrigger = env.clientCommands.has(TRIGGER_SUGGEST);
  const replace = { start: lines.positionAt(result.replace.start), end: lines.positionAt(result.replace.end) };
  const insert = { start: replace.start, end: lines.positionAt(result.insertEnd) };
  const items = result.items.map((candidate): CompletionItem => {
    const useSnippet = snippets && candidate.snippet !== undefined;
    const newText = useSnippet ? candidate.snippet! : candidate.insertText;
    return {
      label: candidate.label,
      kind: KIND[candidate.kind],
      ...(candidate.detail ? { detail: candidate.detail } : {}),
      ...(candidate.documentation ? { documentation: markdown ? { kind: MarkupKind.Markdown, value: candidate.documentation } : candidate.documentation } : {}),
      ...(candidate.filterText ? { filterText: candidate.filterText } : {}),
      sortText: candidate.sortText,
      ...(candidate.preselect ? { preselect: true } : {}),
      ...(useSnippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      textEdit: insertReplace ? { newText, insert, replace } : { newText, range: replace },
      ...(candidate.retrigger && retrigger ? { command: { title: '', command: TRIGGER_SUGGEST } } : {}),
    };
  });
  return { isIncomplete: result.incomplete, items };
}

/** textDocument/hover; a key's summary links to the full report when the client runs the explain command. */
export function hover(uri: string, position: Position, env: EditorEnvironment): Hover | null {
  const located = locate(uri, position, env);
  if (!located) return null;
  const { file, lines, cursor } = located;
  const result = hoverAt(file.text, cursor, { ...env.core, files: () => env.index.files() });
  if (!result) return null;
  let value = result.markdown;
  if (result.explainKey && env.clientCommands.has(ClientCommands.explainKeyAccess)) {
    const args = encodeURIComponent(JSON.stringify([result.explainKey]));
    value += `\n\n[${localize(labels.fullReport, env.core.locale)}](command:${ClientCommands.explainKeyAccess}?${args})`;
  }
  const formats = env.capabilities.textDocument?.hover?.contentFormat;
  const kind = !formats || formats.includes(MarkupKind.Markdown) ? MarkupKind.Markdown : MarkupKind.PlainText;
  return {
    contents: { kind, value },
    range: { start: lines.positionAt(result.span.start), end: lines.positionAt(result.span.end) },
  };
}
