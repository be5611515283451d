import type { Finding, Fix, Message, Severity } from '../finding';
import type { Workspace } from '../workspace';
import type { ActionCatalog } from '../iam/catalog';

export interface RuleMeta {
  /** Equals the file name under rules/. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly summary: Message;
  /** Path of the rule's page inside the repository, e.g. `docs/rules/<id>.md`. */
  readonly docs: string;
}

export interface RuleContext {
  readonly workspace: Workspace;
  readonly catalog: ActionCatalog;
  /** Only files in this set get findings (the others are context); undefined means all. */
  readonly targets?: ReadonlySet<string>;
  /**
   * Reports a finding. `fixes` may be a function: fixes are computed only when someone asks for them
   * (a code action, a test), so checking a large file never pays for edits nobody applies.
   */
  report(finding: Omit<Finding, 'ruleId' | 'severity' | 'fixes'> & { severity?: Severity; fixes: readonly Fix[] | (() => readonly Fix[]) }): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext): void;
}
