import { ResponseError } from 'vscode-languageserver';
import { localize } from '../core/finding';
import { isWorkspaceOnly, parseKeyReference } from '../core/explain/snapshot';
import { explainKeyAccess } from '../aws/explainKeyAccess';
import { loadCatalog } from '../node/catalog';
import type { ExplainKeyParams, ExplainKeyResult } from './protocol';
import type { ExplainContext } from './server';

/** Editor look-ups get a shorter budget than the CLI: the user is waiting on a progress indicator. */
const LIVE_TIMEOUT_MS = 10_000;

/** JSON-RPC error code for "the request is fine but the key cannot be explained". */
export const EXPLAIN_FAILED = -32001;

/**
 * `keylens/explainKey`: the CLI's explain flow over the workspace index (open documents included,
 * unsaved edits and all) and, when the caller allows it, the live key.
 */
export async function explainInWorkspace(params: ExplainKeyParams, context: ExplainContext): Promise<ExplainKeyResult> {
  const reference = parseKeyReference(params.key);
  const live = params.live && !!reference && !isWorkspaceOnly(reference);
  const outcome = await explainKeyAccess({
    key: params.key,
    files: context.index.files(),
    live: live
      ? {
          region: params.aws?.region ?? context.settings.aws.region,
          profile: params.aws?.profile ?? context.settings.aws.profile,
          endpointUrl: params.aws?.endpointUrl ?? context.settings.aws.endpointUrl,
          timeoutMs: LIVE_TIMEOUT_MS,
        }
      : undefined,
    catalog: loadCatalog(),
    locale: context.locale,
    log: context.log,
  });
  if (outcome.liveProblem) context.log(`keylens: live look-up of ${params.key} failed (${outcome.liveProblem.code})${outcome.ok ? '; explained from the workspace' : ''}`);
  if (!outcome.ok) throw new ResponseError(EXPLAIN_FAILED, localize(outcome.message, context.locale));
  return { report: outcome.report, markdown: outcome.markdown };
}
