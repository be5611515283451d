import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkspaceKeysRequest, type WorkspaceKeyItem, type WorkspaceKeySource, type WorkspaceKeysParams, type WorkspaceKeysResult } from '../../../server/src/lsp/protocol';

interface KeyPickItem extends vscode.QuickPickItem {
  readonly key?: string;
}

/**
 * Asks which key to explain: the keys the server found in the workspace, plus "Enter a key ARN, key
 * id or alias…", which falls back to the input box (so does a workspace without keys). Text typed
 * into the filter that matches no key is taken as the key itself.
 */
export async function pickKey(client: LanguageClient | undefined, fromUri: string | undefined, output: vscode.LogOutputChannel): Promise<string | undefined> {
  const manual: KeyPickItem = { label: `$(edit) ${vscode.l10n.t('Enter a key ARN, key id or alias…')}`, alwaysShow: true };
  const pick = vscode.window.createQuickPick<KeyPickItem>();
  pick.title = vscode.l10n.t('KeyLens: Explain access for this key');
  pick.placeholder = vscode.l10n.t('Choose a key of the workspace, or type a key ARN, key id or alias');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.ignoreFocusOut = true;
  pick.items = [manual];
  pick.busy = true;

  const cancel = new vscode.CancellationTokenSource();
  const choice = new Promise<{ item?: KeyPickItem; typed: string } | undefined>((resolve) => {
    pick.onDidAccept(() => resolve({ item: pick.selectedItems[0] ?? pick.activeItems[0], typed: pick.value.trim() }));
    pick.onDidHide(() => resolve(undefined));
  });
  pick.show();

  let keys: readonly WorkspaceKeyItem[] = [];
  try {
    if (client?.isRunning()) {
      const params: WorkspaceKeysParams = { uri: fromUri };
      keys = (await Promise.race([client.sendRequest<WorkspaceKeysResult>(WorkspaceKeysRequest, params, cancel.token), choice.then(() => undefined)]))?.keys ?? [];
    }
  } catch (error) {
    if (!cancel.token.isCancellationRequested) output.warn(`workspace keys: ${(error as Error)?.message ?? error}`);
  }

  if (keys.length === 0 && !(await settled(choice))) {
    // Nothing to choose from: straight to the input box, keeping anything already typed.
    const typed = pick.value.trim();
    pick.dispose();
    return askForKey(typed);
  }
  if (keys.length > 0) {
    pick.items = [manual, { label: vscode.l10n.t('Keys in the workspace'), kind: vscode.QuickPickItemKind.Separator }, ...keys.map(toItem)];
    pick.busy = false;
  }
  const result = await choice;
  cancel.cancel();
  cancel.dispose();
  pick.dispose();
  if (!result) return undefined;
  if (result.item?.key) return result.item.key;
  // Accepting with nothing matching: what was typed is the key; "Enter a key…" asks for it.
  if (!result.item && result.typed) return result.typed;
  return askForKey(result.typed);
}

export async function askForKey(value = ''): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('KeyLens: Explain access for this key'),
    prompt: vscode.l10n.t('Key ARN, key id, alias name or alias ARN'),
    placeHolder: 'arn:aws:kms:us-east-1:111122223333:key/…  |  alias/my-key',
    value,
    ignoreFocusOut: true,
  });
  return key?.trim() || undefined;
}

function toItem(key: WorkspaceKeyItem): KeyPickItem {
  const where = `${vscode.workspace.asRelativePath(vscode.Uri.parse(key.uri))}:${key.range.start.line + 1}`;
  return {
    key: key.key,
    label: key.label,
    description: key.description,
    detail: `${key.sources.map(sourceLabel).join(', ')} — ${where}`,
  };
}

function sourceLabel(source: WorkspaceKeySource): string {
  switch (source) {
    case 'key-policy':
      return vscode.l10n.t('key policy');
    case 'terraform-key':
      return vscode.l10n.t('Terraform key');
    case 'terraform-alias':
      return vscode.l10n.t('Terraform alias');
    case 'template-key':
      return vscode.l10n.t('template key');
    case 'template-alias':
      return vscode.l10n.t('template alias');
    case 'policy-resource':
      return vscode.l10n.t('policy resource');
    case 'bucket-encryption':
      return vscode.l10n.t('bucket encryption');
    case 'grant':
      return vscode.l10n.t('grant');
    default:
      return String(source);
  }
}

/** Whether a promise has already settled (without waiting for it). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const pending = {};
  return (await Promise.race([promise, Promise.resolve(pending)])) !== pending;
}
