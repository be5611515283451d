import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';
import { ExplainKeyRequest, type ExplainKeyParams, type ExplainKeyResult } from '../../../server/src/lsp/protocol';
import type { CommandContext } from '../commands';
import { config } from '../config';
import { keyAt } from '../keyAtCursor';
import { pickKey } from './keyPick';
import { canOfferLive, confirmAndEnableLive } from './liveConsent';
import { ReportPanel } from './reportView';

/**
 * KeyLens: Explain access for this key — the key given (a CodeLens), the key ARN or alias under the
 * cursor, else one of the workspace's keys (or one the user types), explained by the server from the
 * workspace and, when enabled and trusted, the live account.
 */
export async function explainKeyAccess(ctx: CommandContext, givenKey?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  let key = givenKey?.trim();
  if (!key && editor) {
    const position = editor.selection.active;
    const selected = editor.document.getText(editor.selection).trim();
    key = selected && keyAt(selected, 0) === selected ? selected : keyAt(editor.document.lineAt(position.line).text, position.character);
  }
  key ||= await pickKey(ctx.client(), editor?.document.uri.toString(), ctx.output);
  if (!key) return;
  await explain(ctx, key, editor?.document.uri.toString(), config.liveEnabled());
}

/** Runs `keylens/explainKey` under a cancellable progress notification and shows the report. */
async function explain(ctx: CommandContext, key: string, uri: string | undefined, live: boolean): Promise<void> {
  const client = ctx.client();
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The KeyLens language server is not running.'));
    return;
  }
  const params: ExplainKeyParams = { key, uri, live, aws: config.aws() };
  let result: ExplainKeyResult | undefined;
  try {
    // Fetching from AWS takes seconds: a notification with Cancel. A workspace report takes
    // milliseconds, and a toast that outlives it (VS Code shows one for at least 800 ms) is noise.
    result = await vscode.window.withProgress(
      live
        ? { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('KeyLens: reading {0} from AWS', key), cancellable: true }
        : { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('KeyLens: explaining {0}', key) },
      (_progress, token) => client.sendRequest<ExplainKeyResult>(ExplainKeyRequest, params, token).catch((error) => {
        if (token.isCancellationRequested || (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled)) return undefined;
        throw error;
      }),
    );
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    ctx.output.error(`explain ${key}: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('KeyLens could not explain {0}: {1}', key, message));
    return;
  }
  if (!result) return; // cancelled
  ReportPanel.show(ctx.context, { key, uri, result }, {
    canOfferLive,
    fetchLive: async (shown) => {
      if (!(await confirmAndEnableLive(shown.key))) return false;
      await explain(ctx, shown.key, shown.uri, true);
      return true;
    },
  });
}
