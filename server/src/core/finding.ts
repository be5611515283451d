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
}

/**
 * Whether "fix all" may apply a fix unreviewed: a preferred fix that gives nobody access they lack
 * today (issue 14; the language server and the CLI's fix-all use this).
 */
export function fixAllCandidate(fix: Fix): boolean {
  return fix.preferred === true && fix.widensAccess !== true;
}
