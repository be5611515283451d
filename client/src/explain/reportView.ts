import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { ExplainReport } from '../../../server/src/core/explain/report';
import type { ExplainKeyResult } from '../../../server/src/lsp/protocol';
import { reportWithMatrix } from '../../../server/src/core/explain/matrixMarkdown';
import { COPY_MARKDOWN_MESSAGE, FETCH_LIVE_MESSAGE, LIVE_ACTION_RESET_MESSAGE, renderReportHtml } from './reportHtml';

/** What the panel shows: the key as asked, the document it was asked from, and the server's answer. */
export interface ShownReport {
  readonly key: string;
  readonly uri?: string;
  readonly result: ExplainKeyResult;
}

export interface LiveActions {
  /** Whether "Fetch live data from AWS" may be offered for this key now (trust, settings). */
  canOfferLive(key: string): boolean;
  /** Asks, enables live look-ups and re-runs the explain; false when the user declined. */
  fetchLive(shown: ShownReport): Promise<boolean>;
}

/**
 * One webview panel reused for every explain report. The page has one nonce'd script that posts
 * COPY_MARKDOWN_MESSAGE, and FETCH_LIVE_MESSAGE when the report comes from the workspace and a live
 * look-up may be offered; the Markdown it copies is built here, never taken from the page.
 */
export class ReportPanel {
  private static current: { panel: vscode.WebviewPanel; shown: ShownReport; actions: LiveActions } | undefined;

  static show(context: vscode.ExtensionContext, shown: ShownReport, actions: LiveActions): void {
    const title = vscode.l10n.t('KeyLens: access to {0}', shown.key);
    let panel = ReportPanel.current?.panel;
    if (panel) {
      panel.title = title;
      panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      panel = vscode.window.createWebviewPanel('keylens.explainReport', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      const created = panel;
      created.onDidDispose(() => {
        if (ReportPanel.current?.panel === created) ReportPanel.current = undefined;
      }, undefined, context.subscriptions);
      created.webview.onDidReceiveMessage((message: unknown) => void ReportPanel.onMessage(created, message), undefined, context.subscriptions);
    }
    ReportPanel.current = { panel, shown, actions };
    ReportPanel.render();
  }

  /** Re-renders the report (trust granted, settings changed): the live action appears or goes. */
  static refresh(): void {
    if (ReportPanel.current) ReportPanel.render();
  }

  private static render(): void {
    const current = ReportPanel.current;
    if (!current) return;
    const { panel, shown, actions } = current;
    const report = shown.result.report as ExplainReport;
    const fromWorkspace = report.sources.keyPolicy !== 'live' && report.sources.grants !== 'live';
    const liveAction = fromWorkspace && actions.canOfferLive(shown.key);
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [] };
    panel.webview.html = renderReportHtml(report, {
      title: vscode.l10n.t('KeyLens: access to {0}', shown.key),
      nonce: randomBytes(16).toString('base64'),
      cspSource: panel.webview.cspSource,
      t: (message, ...args) => vscode.l10n.t(message, ...args),
      locale: vscode.env.language,
      allOperations: shown.result.allOperations,
      liveAction,
    });
  }

  /** The at-a-glance table, then the full report, as Markdown on the clipboard. */
  private static async copyMarkdown(shown: ShownReport): Promise<void> {
    const report = shown.result.report as ExplainReport;
    const markdown = reportWithMatrix(shown.result.markdown, report, shown.result.allOperations, vscode.env.language);
    await vscode.env.clipboard.writeText(markdown);
    void vscode.window.showInformationMessage(vscode.l10n.t('The report is on the clipboard as Markdown.'));
  }

  private static async onMessage(panel: vscode.WebviewPanel, message: unknown): Promise<void> {
    const current = ReportPanel.current;
    if (!current || current.panel !== panel) return;
    const type = message && typeof message === 'object' ? (message as { type?: unknown }).type : undefined;
    if (type === COPY_MARKDOWN_MESSAGE) {
      await ReportPanel.copyMarkdown(current.shown);
      return;
    }
    if (type !== FETCH_LIVE_MESSAGE) return;
    // The page may be older than a change of trust or settings: decide again here.
    if (!current.actions.canOfferLive(current.shown.key)) {
      ReportPanel.render();
      return;
    }
    let fetched = false;
    try {
      fetched = await current.actions.fetchLive(current.shown);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('KeyLens could not turn on live look-ups: {0}', (error as Error)?.message ?? String(error)));
    } finally {
      if (!fetched && ReportPanel.current?.panel === panel) void panel.webview.postMessage({ type: LIVE_ACTION_RESET_MESSAGE });
    }
  }
}
