/**
 * The wire contract between the KeyLens server and its clients beyond standard LSP: custom requests,
 * command ids and initialization options. Plain types only, so the VS Code client can import this
 * file without pulling server code into its bundle.
 */

import type { WorkspaceKeySource } from '../core/workspaceKeys';

export type { WorkspaceKeySource };

/** Commands the VS Code extension implements itself (the server names them in code actions). */
export const ClientCommands = {
  showRuleDocumentation: 'keylens.showRuleDocumentation',
  explainKeyAccess: 'keylens.explainKeyAccess',
} as const;

/** Commands the server executes (workspace/executeCommand), for clients without the extension. */
export const ServerCommands = {
  /** args: [ruleId] → { url }; also asks the client to open the page (window/showDocument) when it can. */
  ruleDocumentation: 'keylens.server.ruleDocumentation',
  /** args: [uri] → { applied, fixes }; applies every non-conflicting preferred fix through workspace/applyEdit. */
  fixAll: 'keylens.server.fixAll',
} as const;

export const FIX_ALL_KIND = 'source.fixAll.keylens';

export interface InitializationOptions {
  /** Client-side commands the server may put into code actions (see ClientCommands). */
  readonly clientCommands?: readonly string[];
  /** Overrides initialize `locale` (e.g. from the editor's display language). */
  readonly locale?: string;
  /**
   * Where `codeDescription.href` points, with `{rule}` for the rule id: the VS Code extension's own
   * URI handler (`vscode://keylens.keylens/docs/{rule}`). Without it: the bundled page's `file:` URI.
   */
  readonly ruleDocumentation?: string;
}

/** What is recorded on each diagnostic so its fixes can be found again (by code + this, never by message). */
export interface DiagnosticData {
  /** Document version the finding was computed for; stale diagnostics get no fixes. */
  readonly version: number | null;
  readonly start: number;
  readonly end: number;
}

export const DocumentInfoRequest = 'keylens/documentInfo';

export interface DocumentInfoParams {
  readonly uri: string;
}

export type DocumentKind = 'identity-policy' | 'key-policy' | 'bucket-policy' | 'bucket-encryption' | 'terraform' | 'template' | 'policies' | 'none';

export interface DocumentInfo {
  readonly uri: string;
  /** False when the server does not look at this document at all. */
  readonly handled: boolean;
  readonly kind: DocumentKind;
  /** Short label in the client's locale, e.g. "KMS key policy", "Terraform: 3 policies". */
  readonly label: string;
  /** One line more, in the client's locale (finding counts, what was found). */
  readonly detail: string;
  readonly policies: number;
  readonly findings: number;
  /** Files of the workspace index the analysis of this document looked at (cross-file context). */
  readonly workspaceFiles: number;
}

export const ExplainKeyRequest = 'keylens/explainKey';

export interface ExplainKeyParams {
  /** Key ARN, key id, alias name or alias ARN. */
  readonly key: string;
  /** The document the command was run from (for context and the Terraform address of the key). */
  readonly uri?: string;
  /** Live look-ups allowed (the client passes false in untrusted workspaces). */
  readonly live?: boolean;
  readonly aws?: { readonly profile?: string; readonly region?: string; readonly endpointUrl?: string };
}

export interface ExplainKeyResult {
  /** The report as markdown, in the client's locale. */
  readonly markdown: string;
  /** The SPEC §3 JSON shape of the report. */
  readonly report: unknown;
}

export const WorkspaceKeysRequest = 'keylens/workspaceKeys';

/** No parameters today; an object so fields can be added without breaking clients. */
export interface WorkspaceKeysParams {
  /** The document the command was run from; its keys come first. */
  readonly uri?: string;
}

export interface WorkspaceKeyItem {
  /** What to pass to `keylens/explainKey` (key ARN, key id, alias name or `aws_kms_key.<name>`). */
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  readonly sources: readonly WorkspaceKeySource[];
  /** Where it was first seen (uri and 0-based range, UTF-16 as in LSP). */
  readonly uri: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
}

export interface WorkspaceKeysResult {
  readonly keys: readonly WorkspaceKeyItem[];
}
