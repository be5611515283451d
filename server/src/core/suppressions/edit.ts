import type { Finding } from '../finding';
import type { ParsedFile, SourceLanguage } from '../model';
import { parseFile } from '../parse';
import { applyTextEdits, detectEol, indentationAt, LineIndex, type TextEdit } from '../text';
import { scanComments } from './comments';
import { NEXT_LINE } from './directives';
import { fileSuppressions } from './index';

export type CommentPrefix = '#' | '//';

/**
 * How a suppression comment is written in a file, or undefined where comments do not belong: plain
 * JSON (`.json` in the `json` language) has none — AWS rejects a policy with comments — so there
 * the configuration file does it.
 */
export function commentPrefixFor(language: SourceLanguage, file: string, languageId?: string): CommentPrefix | undefined {
  if (language === 'terraform' || language === 'yaml') return '#';
  if (languageId === 'jsonc' || /\.jsonc$/i.test(file.replace(/[?#].*$/, ''))) return '//';
  return undefined;
}

/**
 * The edit behind "Suppress on this line": a `keylens-ignore-next-line RULE -- reason` comment on its
 * own line above the finding's first line, indented like it — or the rule added to a directive
 * already silencing other rules there. Undefined where a comment line would change what the file
 * says (inside a heredoc, a block comment or a multi-line string) or when the result would not
 * parse as well as before or not silence the finding.
 */
export function suppressOnLineEdit(file: ParsedFile, finding: Finding, prefix: CommentPrefix, reason: string): TextEdit | undefined {
  const text = file.text;
  const lines = new LineIndex(text);
  const line = lines.positionAt(finding.span.start).line;
  const lineStart = lines.offsetAt({ line, character: 0 });
  const scan = scanComments(file.language, text);
  if (scan.opaque.some((s) => s.start <= lineStart && lineStart < s.end)) return undefined;

  const existing = fileSuppressions(file)?.lines.get(line);
  let edit: TextEdit;
  let targetLine = line + 1;
  const directive = existing && [...existing.values()][0];
  if (directive) {
    if (existing.has(finding.ruleId)) return undefined;
    const comment = text.slice(directive.span.start, directive.span.end);
    const body = ` ${NEXT_LINE} ${[...directive.rules, finding.ruleId].join(', ')}${directive.justification ? ` -- ${directive.justification}` : ''}`;
    const open = comment.startsWith('/*') ? '/*' : comment.startsWith('//') ? '//' : '#';
    edit = { start: directive.span.start, end: directive.span.end, newText: open === '/*' ? `/*${body} */` : `${open}${body}` };
    targetLine = line;
  } else {
    const indent = indentationAt(text, lineStart);
    edit = { start: lineStart, end: lineStart, newText: `${indent}${prefix} ${NEXT_LINE} ${finding.ruleId} -- ${reason}${detectEol(text)}` };
  }

  const before = parseFile(file.file, text, languageIdOf(file.language));
  const after = parseFile(file.file, applyTextEdits(text, [edit]), languageIdOf(file.language));
  if (after.problems.length > before.problems.length || !sameShape(before, after)) return undefined;
  if (!fileSuppressions(after)?.lines.get(targetLine)?.has(finding.ruleId)) return undefined;
  return edit;
}

function languageIdOf(language: SourceLanguage): string | undefined {
  return language === 'terraform' ? 'terraform' : language === 'json' ? 'json' : undefined;
}

/** The comment changed nothing KeyLens reads: the same policies with the same statements. */
function sameShape(a: ParsedFile, b: ParsedFile): boolean {
  return (
    a.policies.length === b.policies.length &&
    a.policies.every((p, i) => p.statements.length === b.policies[i]!.statements.length && p.kind === b.policies[i]!.kind) &&
    a.encryption.length === b.encryption.length &&
    a.keys.length === b.keys.length
  );
}
