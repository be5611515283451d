import type { Span } from '../text';
import type { PolicyCursor } from './cursor';

export type CandidateKind = 'service' | 'action' | 'wildcard' | 'operator' | 'condition-key' | 'element' | 'value' | 'key' | 'reference';

/** One completion item, format- and protocol-neutral (the LSP layer converts it). */
export interface CompletionCandidate {
  readonly label: string;
  readonly kind: CandidateKind;
  /** One short line beside the label (access level and service, a key's type...). */
  readonly detail?: string;
  /** Markdown, in the requested language (descriptions from AWS's data stay English). */
  readonly documentation?: string;
  /** The text that replaces the cursor's word. */
  readonly insertText: string;
  /** The same as a snippet with tab stops, for clients that take snippets. */
  readonly snippet?: string;
  /** What the client matches the typed word against, when not the label. */
  readonly filterText?: string;
  readonly sortText: string;
  /** Accepting it leaves more to type right there (a `service:` prefix): the client may ask again. */
  readonly retrigger?: boolean;
  readonly preselect?: boolean;
}

export interface CompletionList {
  readonly items: readonly CompletionCandidate[];
  /** The list depends on more of the word than is typed; the client should ask again as it grows. */
  readonly incomplete: boolean;
  /** Every item replaces this span (offsets in the file). */
  readonly replace: Span;
  /** The cursor's offset, for clients that distinguish inserting from replacing. */
  readonly insertEnd: number;
}

/** A value as the format writes it at the cursor: bare inside a string, else quoted. */
export function valueText(value: string, cursor: PolicyCursor): string {
  if (cursor.quoted) return escapeFor(value, cursor);
  return JSON.stringify(value);
}

/** A Terraform reference (`aws_kms_key.app.arn`) as the place takes it, or undefined where none can go. */
export function referenceText(reference: string, cursor: PolicyCursor): string | undefined {
  switch (cursor.syntax.references) {
    case 'expression':
      return cursor.quoted ? `\${${reference}}` : reference;
    case 'template':
      return cursor.quoted ? `\${${reference}}` : `"\${${reference}}"`;
    default:
      return undefined;
  }
}

/**
 * A JSON member name at the cursor: `Effect` inside quotes, `"Effect": ` in JSON, `Effect = ` in a
 * jsonencode object; in a policy document a name that is a string value there (an operator in
 * `test`, a key in `variable`, a principal type) is quoted like a value.
 */
export function nameText(name: string, cursor: PolicyCursor): string {
  if (cursor.quoted) return escapeFor(name, cursor);
  switch (cursor.syntax.style) {
    case 'json':
      return `${JSON.stringify(name)}: `;
    case 'hcl-object':
      return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `${name} = ` : `${JSON.stringify(name)} = `;
    default:
      return JSON.stringify(name);
  }
}

function escapeFor(text: string, cursor: PolicyCursor): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  // In Terraform strings (and heredocs) `${` starts an interpolation.
  const plainJson = cursor.syntax.style === 'json' && cursor.syntax.references === 'none';
  return plainJson ? escaped : escaped.replace(/\$\{/g, '$$${');
}

/** Sort groups, so related items stay together whatever their labels. */
export function sortKey(group: number, label: string): string {
  return `${String(group).padStart(2, '0')}-${label.toLowerCase()}`;
}

/** AWS data and policy text shown in Markdown: characters that would start markup are escaped. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}
