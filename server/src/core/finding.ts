import type { Span, TextEdit } from './text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** Every user-facing text in both languages the product ships. */
export interface Message {
  readonly en: string;
  readonly ja: string;
}

export type Locale = 'en' | 'ja';

export function localize(message: Message, locale: string | undefined): string {
  return locale && locale.toLowerCase().startsWith('ja') ? message.ja : message.en;
}

export interface FileEdit {
  readonly file: string;
  readonly edits: readonly TextEdit[];
}

export interface Fix {
  readonly title: Message;
  readonly edits: readonly FileEdit[];
  readonly preferred?: boolean;
  /**
   * The fix gives someone more access (adds a principal, an account or an action) without the
   * condition that would narrow it: offered as a quick fix, never applied by "fix all".
   */
  readonly widensAccess?: boolean;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: Message;
  readonly file: string;
  readonly span: Span;
  readonly fixes: readonly Fix[];
  /** Set when a keylens-ignore comment silences the finding: shown as such, never counted. */
  readonly suppression?: Suppression;
}

/** A `keylens-ignore-next-line` or `keylens-ignore-file` comment that silences a finding. */
export interface Suppression {
  readonly kind: 'next-line' | 'file';
  /** The text after ` -- ` in the comment: why the finding is accepted. */
  readonly justification?: string;
  /** The comment. */
  readonly span: Span;
}

/**
 * The same finding with another severity or a suppression. Fixes stay lazy: they are read from the
 * original only when someone asks (spreading a finding would compute them).
 */
export function deriveFinding(finding: Finding, changes: { readonly severity?: Severity; readonly suppression?: Suppression }): Finding {
  const { ruleId, message, file, span } = finding;
  return {
    ruleId,
    severity: changes.severity ?? finding.severity,
    message,
    file,
    span,
    get fixes() {
      return finding.fixes;
    },
    ...(changes.suppression ?? finding.suppression ? { suppression: changes.suppression ?? finding.suppression } : {}),
  };
}
