import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentInfoRequest, type DocumentInfo, type DocumentInfoParams } from '../../server/src/lsp/protocol';
import { documentSelector } from './selector';

/** The language status item saying what the active document is ("KMS key policy", "Terraform: 3 policies"). */
export class DocumentStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request = 0;

  constructor(private readonly client: LanguageClient) {
    this.item = vscode.languages.createLanguageStatusItem('keylens.documentInfo', documentSelector);
    this.item.name = 'KeyLens';
    this.item.text = '$(sync~spin) KeyLens';
    this.item.command = { title: vscode.l10n.t('Show output'), command: 'keylens.showOutput' };
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.schedule(150);
      }),
    );
    this.schedule(0);
  }

  schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.client.isRunning()) return;
    const request = ++this.request;
    try {
      const info = await this.client.sendRequest<DocumentInfo | null>(DocumentInfoRequest, { uri: document.uri.toString() } satisfies DocumentInfoParams);
      if (request !== this.request) return; // a newer update is on its way
      this.item.busy = false;
      if (!info || !info.handled) {
        this.item.text = 'KeyLens';
        this.item.detail = info?.label;
        this.item.severity = vscode.LanguageStatusSeverity.Information;
        return;
      }
      this.item.text = info.label;
      this.item.detail = info.detail;
      this.item.severity = vscode.LanguageStatusSeverity.Information;
    } catch {
      if (request === this.request) {
        this.item.text = 'KeyLens';
        this.item.detail = vscode.l10n.t('The KeyLens language server is not running.');
        this.item.severity = vscode.LanguageStatusSeverity.Warning;
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
