import * as vscode from 'vscode';

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The rule's page shipped in the extension: Japanese when the display language is, else English. */
export async function ruleDocumentationUri(extensionUri: vscode.Uri, ruleId: string, language = vscode.env.language): Promise<vscode.Uri | undefined> {
  if (!RULE_ID.test(ruleId)) return undefined;
  const candidates = language.toLowerCase().startsWith('ja') ? [`${ruleId}.ja.md`, `${ruleId}.md`] : [`${ruleId}.md`];
  for (const name of candidates) {
    const uri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', name);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not shipped in this language
    }
  }
  return undefined;
}

export async function showRuleDocumentation(extensionUri: vscode.Uri, ruleId: unknown): Promise<void> {
  const id = typeof ruleId === 'string' ? ruleId : undefined;
  const uri = id ? await ruleDocumentationUri(extensionUri, id) : undefined;
  if (!uri) {
    void vscode.window.showWarningMessage(vscode.l10n.t('KeyLens has no documentation for rule {0}.', String(ruleId)));
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}
