import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { ExplainReport } from '../../../server/src/core/explain/report';
import type { ExplainKeyResult } from '../../../server/src/lsp/protocol';
import { renderReportHtml } from './reportHtml';

/** One webview panel reused for every explain report (scripts disabled, strict CSP). */
export class ReportPanel {
  private static current: vscode.WebviewPanel | undefined;

  static show(context: vscode.ExtensionContext, key: string, result: ExplainKeyResult): void {
    const title = vscode.l10n.t('KeyLens: access to {0}', key);
    let panel = ReportPanel.current;
    if (panel) {
      panel.title = title;
      panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      panel = vscode.window.createWebviewPanel('keylens.explainReport', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      ReportPanel.current = panel;
      panel.onDidDispose(() => (ReportPanel.current = undefined), undefined, context.subscriptions);
    }
    panel.webview.html = renderReportHtml(result.report as ExplainReport, {
      title,
      nonce: randomBytes(16).toString('base64'),
      cspSource: panel.webview.cspSource,
      t: (message, ...args) => vscode.l10n.t(message, ...args),
    });
  }
}
