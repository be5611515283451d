import * as vscode from 'vscode';
import { ExplainKeyRequest, type ExplainKeyParams, type ExplainKeyResult } from '../../../server/src/lsp/protocol';
import type { CommandContext } from '../commands';
import { config } from '../config';
import { keyAt } from '../keyAtCursor';
import { ReportPanel } from './reportView';

/**
 * KeyLens: Explain access for this key — the key ARN or alias under the cursor (or one the user
 * types), explained by the server from the workspace and, when enabled and trusted, the live account.
 */
export async function explainKeyAccess(ctx: CommandContext, givenKey?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  let key = givenKey?.trim();
  if (!key && editor) {
    const position = editor.selection.active;
    const selected = editor.document.getText(editor.selection).trim();
    key = selected && keyAt(selected, 0) === selected ? selected : keyAt(editor.document.lineAt(position.line).text, position.character);
  }
  if (!key) {
    key = (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('KeyLens: Explain access for this key'),
        prompt: vscode.l10n.t('Key ARN, key id, alias name or alias ARN'),
        placeHolder: 'arn:aws:kms:us-east-1:111122223333:key/…  |  alias/my-key',
        ignoreFocusOut: true,
      })
    )?.trim();
  }
  if (!key) return;

  const client = ctx.client();
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The KeyLens language server is not running.'));
    return;
  }
  const params: ExplainKeyParams = {
    key,
    uri: editor?.document.uri.toString(),
    live: config.liveEnabled(),
    aws: config.aws(),
  };
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('KeyLens: explaining {0}', key) },
      () => client.sendRequest<ExplainKeyResult>(ExplainKeyRequest, params),
    );
    ReportPanel.show(ctx.context, key, result);
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    ctx.output.error(`explain ${key}: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('KeyLens could not explain {0}: {1}', key, message));
  }
}
