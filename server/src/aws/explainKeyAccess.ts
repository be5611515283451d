import type { Message } from '../core/finding';
import type { ParsedFile } from '../core/model';
import type { ActionCatalog } from '../core/iam/catalog';
import { explainKey, identityPoliciesOf, renderMarkdown, snapshotFromWorkspace, type ExplainReport, type IdentityPolicyUse, type KeySnapshot } from '../core/explain/index';
import { allKmsOperations } from '../core/explain/operations';
import type { AwsProblem } from './errors';
import { loadAwsKms } from './lazy';

export interface LiveSettings {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly timeoutMs?: number;
}

export interface ExplainRequest {
  /** Key ARN, key id, alias name or ARN (or a Terraform address for workspace-only reports). */
  readonly key: string;
  /** Workspace files: the key policy, IAM policies and grants offline; IAM policies also in live mode. */
  readonly files: readonly ParsedFile[];
  /** Read the live key with these settings; undefined keeps everything offline. */
  readonly live?: LiveSettings;
  readonly catalog: ActionCatalog;
  readonly locale?: string;
  /** Informational notes (the language server's log); the CLI passes none. */
  readonly log?: (message: string) => void;
}

export type ExplainOutcome =
  | { readonly ok: true; readonly report: ExplainReport; readonly markdown: string; readonly liveProblem?: AwsProblem }
  | { readonly ok: false; readonly message: Message; readonly liveProblem?: AwsProblem };

/**
 * The explain flow shared by the CLI and the language server: a live snapshot when asked (the AWS SDK
 * is loaded only then), else or on failure one from the workspace files, then the pure engine and the
 * Markdown renderer. A live failure with files at hand falls back to them and says why.
 */
export async function explainKeyAccess(request: ExplainRequest): Promise<ExplainOutcome> {
  const { files } = request;
  let snapshot: KeySnapshot | undefined;
  let identityPolicies: IdentityPolicyUse[] = identityPoliciesOf(files);
  let liveProblem: AwsProblem | undefined;

  if (request.live) {
    const aws = await loadAwsKms(request.log);
    const fetched = await aws.fetchKeySnapshot({ key: request.key, ...request.live });
    if (fetched.ok) snapshot = withWorkspaceKeyPolicy(fetched.snapshot, files);
    else if (files.length === 0) return { ok: false, message: fetched.problem.message, liveProblem: fetched.problem };
    else liveProblem = fetched.problem;
  }
  if (!snapshot) {
    const offline = snapshotFromWorkspace(files, request.key);
    if (!offline.ok) return { ok: false, message: offline.error, liveProblem };
    snapshot = offline.snapshot;
    identityPolicies = offline.identityPolicies;
    if (liveProblem) {
      snapshot = { ...snapshot, warnings: [{ en: `Live look-up failed: ${liveProblem.message.en}`, ja: `ライブ参照に失敗しました: ${liveProblem.message.ja}` }, ...snapshot.warnings] };
    }
  }
  const report = explainKey(snapshot, identityPolicies, { catalog: request.catalog, locale: request.locale });
  const markdown = renderMarkdown(report, { locale: request.locale, allOperationsCount: allKmsOperations(request.catalog).length });
  return { ok: true, report, markdown, ...(liveProblem ? { liveProblem } : {}) };
}

/** When GetKeyPolicy was denied, the workspace's copy of the key policy (if any) stands in, said so. */
function withWorkspaceKeyPolicy(snapshot: KeySnapshot, files: readonly ParsedFile[]): KeySnapshot {
  if (snapshot.keyPolicy || files.length === 0) return snapshot;
  const key = snapshot.metadata.arn ?? snapshot.metadata.keyId;
  if (!key) return snapshot;
  const offline = snapshotFromWorkspace(files, key);
  if (!offline.ok || offline.snapshot.sources.keyPolicy !== 'workspace' || !offline.snapshot.keyPolicy) return snapshot;
  return {
    ...snapshot,
    keyPolicy: offline.snapshot.keyPolicy,
    sources: { ...snapshot.sources, keyPolicy: 'workspace' },
    warnings: [
      ...snapshot.warnings,
      {
        en: 'The live key policy could not be read; the key policy from the workspace files is shown instead and may differ from the deployed one.',
        ja: 'ライブのキーポリシーを読めなかったため、ワークスペースのファイルにあるキーポリシーを表示しています。デプロイ済みのものと異なる可能性があります。',
      },
    ],
  };
}
