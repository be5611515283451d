import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Message,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ClientCommands, type InitializationOptions } from '../../server/src/lsp/protocol';
import { commandTable } from './commands';
import { ruleDocumentationTemplate, ruleOfDocumentationPath } from './docsLink';
import { showRuleDocumentation } from './documentation';
import { clientLensSelector, KeyArnCodeLensProvider } from './explain/keyCodeLens';
import { ReportPanel } from './explain/reportView';
import { documentSelector } from './selector';
import { DocumentStatus } from './statusItem';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('KeyLens', { log: true });
  context.subscriptions.push(output);

  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = {
    clientCommands: [ClientCommands.showRuleDocumentation, ClientCommands.explainKeyAccess],
    locale: vscode.env.language,
    ruleDocumentation: ruleDocumentationTemplate(vscode.env.uriScheme, context.extension.id),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new RestartNotifier(),
  };

  client = new LanguageClient('keylens', 'KeyLens', serverOptions, clientOptions);
  const status = new DocumentStatus(client);
  context.subscriptions.push(
    status,
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) status.schedule(0);
    }),
  );

  // Diagnostic links (codeDescription.href) come back here and open the bundled rule page.
  context.subscriptions.push(
    vscode.window.registerUriHandler({
      handleUri: (uri) => {
        const rule = ruleOfDocumentationPath(uri.path);
        if (rule) return showRuleDocumentation(context.extensionUri, rule);
        output.info(`KeyLens: no page for ${uri.toString(true)}`);
      },
    }),
  );

  for (const [id, run] of Object.entries(commandTable({ context, client: () => client, output }))) {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  }

  const lenses = new KeyArnCodeLensProvider();
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(clientLensSelector, lenses),
    // The report's "Fetch live data from AWS" depends on trust and keylens.live.enabled.
    vscode.workspace.onDidGrantWorkspaceTrust(() => ReportPanel.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('keylens.live.enabled')) ReportPanel.refresh();
    }),
  );

  try {
    await client.start();
  } catch (error) {
    output.error(`KeyLens language server failed to start: ${error}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('The KeyLens language server failed to start: {0}', String(error)));
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
}

/**
 * Restarts the server as the default handler does (up to 4 times in 3 minutes), but tells the
 * user once per session instead of on every restart.
 */
class RestartNotifier implements ErrorHandler {
  private readonly restarts: number[] = [];
  private told = false;

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - this.restarts[0]! > 3 * 60 * 1000) this.restarts.shift();
    if (this.restarts.length > 4) {
      return {
        action: CloseAction.DoNotRestart,
        message: vscode.l10n.t('The KeyLens language server stopped 5 times in the last 3 minutes and will not be restarted. See the KeyLens output for details.'),
      };
    }
    if (!this.told) {
      this.told = true;
      void vscode.window.showWarningMessage(vscode.l10n.t('The KeyLens language server stopped unexpectedly and was restarted.'));
    }
    return { action: CloseAction.Restart, handled: true };
  }
}
