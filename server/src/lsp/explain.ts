import { ResponseError } from 'vscode-languageserver';
import { localize, type Message } from '../core/finding';
import { allKmsOperations, explainKey, identityPoliciesOf, renderMarkdown, snapshotFromWorkspace } from '../core/explain/index';
import { parseKeyReference, type KeySnapshot } from '../core/explain/snapshot';
import type { Policy } from '../core/model';
import { loadAwsKms } from '../aws/lazy';
import { loadCatalog } from '../node/catalog';
import type { ExplainKeyParams, ExplainKeyResult } from './protocol';
import type { ExplainContext } from './server';

/** Editor look-ups get a shorter budget than the CLI: the user is waiting on a progress indicator. */
const LIVE_TIMEOUT_MS = 10_000;

/** JSON-RPC error code for "the request is fine but the key cannot be explained". */
export const EXPLAIN_FAILED = -32001;

/**
 * `keylens/explainKey`: the same engine as `keylens explain`, over the workspace index (open
 * documents included, unsaved edits and all) and, when allowed, the live key.
 */
export async function explainInWorkspace(params: ExplainKeyParams, context: ExplainContext): Promise<ExplainKeyResult> {
  const say = (message: Message) => localize(message, context.locale);
  const reference = parseKeyReference(params.key);
  if (!reference) {
    throw new ResponseError(EXPLAIN_FAILED, say({ en: `"${params.key}" is not a KMS key ARN, key id, alias name or alias ARN.`, ja: `"${params.key}" は KMS キーの ARN・キー ID・エイリアス名・エイリアス ARN のいずれでもありません。` }));
  }
  const files = context.index.files();
  const offline = snapshotFromWorkspace(files, params.key);
  let snapshot: KeySnapshot;
  let identityPolicies: Policy[];

  if (params.live && reference.kind !== 'terraform') {
    const aws = await loadAwsKms();
    const fetched = await aws.fetchKeySnapshot({
      key: params.key,
      region: params.aws?.region ?? context.settings.aws.region,
      profile: params.aws?.profile ?? context.settings.aws.profile,
      endpointUrl: params.aws?.endpointUrl ?? context.settings.aws.endpointUrl,
      timeoutMs: LIVE_TIMEOUT_MS,
    });
    if (fetched.ok) {
      snapshot = fetched.snapshot;
      identityPolicies = identityPoliciesOf(files);
    } else if (offline.ok) {
      context.log(`keylens: live look-up of ${params.key} failed (${fetched.problem.code}); explaining from the workspace`);
      snapshot = {
        ...offline.snapshot,
        warnings: [{ en: `Live look-up failed: ${fetched.problem.message.en}`, ja: `ライブ参照に失敗しました: ${fetched.problem.message.ja}` }, ...offline.snapshot.warnings],
      };
      identityPolicies = offline.identityPolicies;
    } else {
      throw new ResponseError(EXPLAIN_FAILED, say(fetched.problem.message));
    }
  } else {
    if (!offline.ok) throw new ResponseError(EXPLAIN_FAILED, say(offline.error));
    snapshot = offline.snapshot;
    identityPolicies = offline.identityPolicies;
  }

  const catalog = loadCatalog();
  const report = explainKey(snapshot, identityPolicies, { catalog, locale: context.locale });
  return { report, markdown: renderMarkdown(report, { locale: context.locale, allOperationsCount: allKmsOperations(catalog).length }) };
}
