import * as vscode from 'vscode';
import { keyLensTargets, shortKey } from '../../../server/src/core/workspaceKeys';
import { ClientCommands } from '../../../server/src/lsp/protocol';
import { config } from '../config';

/**
 * Languages the language server does not look at but where key ARNs are common (notes, runbooks).
 * JSON, Terraform and YAML (templates and any other YAML) lenses come from the server.
 */
export const clientLensSelector: vscode.DocumentSelector = ['file', 'untitled'].map((scheme) => ({ scheme, language: 'plaintext' }));

/** "Explain access" above key ARNs in plain text, with the same targets as the server's lenses. */
export class KeyArnCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('keylens.codeLens.enabled')) this.changed.fire();
  });

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!config.codeLensEnabled()) return [];
    return keyLensTargets(document.getText(), undefined, (offset) => document.positionAt(offset).line).map((target) => {
      const title = target.shared ? vscode.l10n.t('Explain access: {0}', shortKey(target.key)) : vscode.l10n.t('Explain access');
      return new vscode.CodeLens(new vscode.Range(target.line, 0, target.line, 0), { title, command: ClientCommands.explainKeyAccess, arguments: [target.key] });
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
