import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceDiagnosticReport,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { ActionCatalog } from '../core/iam/catalog';
import type { IamReference } from '../core/iam/reference';
import { localize } from '../core/finding';
import { diffEdit } from '../core/text';
import { Analysis } from './analysis';
import { codeActions, fixAllEdit, fixSummary, type CodeActionEnvironment } from './codeActions';
import { completion, COMPLETION_TRIGGERS, hover, type EditorEnvironment } from './completion';
import { resultIdOf, ruleDocsUrl, toDiagnostic } from './diagnostics';
import { describeDocument } from './documentInfo';
import { keyCodeLenses, workspaceKeyItems } from './keys';
import { moduleCallKeys } from '../core/workspaceKeys';
import { isWorkspacePolicyCandidate, policyLanguageOf, uriKey, WATCHED_FILES_GLOB } from './languages';
import { messages } from './messages';
import { configureDocumentationLinks } from './docLinks';
import { isConfigFile, ProjectConfig } from './projectConfig';
import { describeConfigProblems } from './configProblems';
import { commentPrefixFor } from '../core/suppressions/edit';
import {
  ClientCommands,
  DocumentInfoRequest,
  ExplainKeyRequest,
  FIX_ALL_KIND,
  ServerCommands,
  WorkspaceKeysRequest,
  type DocumentInfoParams,
  type ExplainKeyParams,
  type InitializationOptions,
  type WorkspaceKeysParams,
  type WorkspaceKeysResult,
} from './protocol';
import { defaultSettings, readSettings, sameSeverities, type KeyLensSettings } from './settings';
import { readCandidate, scanFolder, type ScanLimits, defaultScanLimits } from './workspaceScan';
import { WorkspaceIndex } from './workspaceIndex';
import { DEPENDENT_DELAY_MS, PushScheduler } from './pushScheduler';
import { WorkspaceDiagnostics, workspaceReportItems } from './workspaceDiagnostics';
import { IdleCollector } from './idleCollector';

/** What the server needs from its host, after json-language-features' RuntimeEnvironment. */
export interface RuntimeEnvironment {
  readonly loadCatalog: () => ActionCatalog;
  /** Action and condition key details for completion and hover (read per service on demand). */
  readonly loadReference?: () => IamReference;
  readonly timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
  readonly scanLimits?: ScanLimits;
  /** A full garbage collection, run once the server has been quiet for a while (see IdleCollector). */
  readonly collectGarbage?: () => void;
  /** The explain engine, loaded on first use (it may pull in the AWS SDK bundle). */
  readonly explain?: (params: ExplainKeyParams, context: ExplainContext) => Promise<{ markdown: string; report: unknown }>;
}

export interface ExplainContext {
  readonly index: WorkspaceIndex;
  readonly locale: string | undefined;
  readonly settings: KeyLensSettings;
  readonly log: (message: string) => void;
}


export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);

  let capabilities: ClientCapabilities = {};
  let locale: string | undefined;
  let workspaceFolders: WorkspaceFolder[] = [];
  let settings: KeyLensSettings = defaultSettings;
  let pullDiagnostics = false;
  let clientCommands = new Set<string>();
  let settingsLoaded: Promise<void> = Promise.resolve();
  let shuttingDown = false;

  const idle = new IdleCollector(runtime.timer, runtime.collectGarbage);
  const index = new WorkspaceIndex((uri, error) => logError(`keylens: parser failed on ${uri}: ${(error as Error)?.stack ?? error}`));

  let catalog: ActionCatalog | undefined;
  let catalogFailed = false;
  const getCatalog = () => {
    if (catalog || catalogFailed) return catalog;
    try {
      catalog = runtime.loadCatalog();
    } catch (error) {
      catalogFailed = true;
      const message = (error as Error)?.message ?? String(error);
      logError(message);
      void connection.window.showErrorMessage(message);
    }
    return catalog;
  };
  const project = new ProjectConfig((config) => {
    const text = describeConfigProblems(config, workspaceFolders, locale);
    connection.console.warn(text);
    void connection.window.showWarningMessage(text);
  });
  /** Where each open document's last edit ended, for the version it produced (the cursor, as far as the server knows). */
  const lastEdits = new Map<string, { version: number; offset: number }>();
  let clientReportsJsonSyntax = false;
  const analysis = new Analysis(index, getCatalog, logError, project, {
    clientReportsJsonSyntax: () => clientReportsJsonSyntax,
    lastEditAt: (uri) => {
      const edit = lastEdits.get(uriKey(uri));
      return edit && edit.version === index.get(uri)?.version ? edit.offset : undefined;
    },
  });

  let reference: IamReference | undefined;
  let referenceFailed = false;
  const getReference = () => {
    if (reference || referenceFailed || !runtime.loadReference) return reference;
    try {
      reference = runtime.loadReference();
    } catch (error) {
      // Completion still offers names without descriptions.
      referenceFailed = true;
      logError(`keylens: ${(error as Error)?.message ?? error}`);
    }
    return reference;
  };

  const codeActionEnv = (): CodeActionEnvironment => ({
    index,
    locale,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    clientShowsDocumentation: clientCommands.has(ClientCommands.showRuleDocumentation),
    clientShowsFixSummary: clientCommands.has(ClientCommands.showFixSummary),
    commentPrefix: (uri) => {
      const parsed = index.parsed(uri);
      return parsed && commentPrefixFor(parsed.language, uri, documents.get(uri)?.languageId);
    },
  });

  /** Guards a handler: a bug or bad input is logged and answered with `fallback`, never a crash. */
  function guard<P extends unknown[], R>(name: string, fallback: R, handler: (...args: P) => R): (...args: P) => R {
    return (...args: P) => {
      try {
        return handler(...args);
      } catch (error) {
        logError(`keylens: ${name} failed: ${(error as Error)?.stack ?? error}`);
        return fallback;
      }
    };
  }

  // ---- documents ----------------------------------------------------------------------------

  const handled = (document: TextDocument) => policyLanguageOf(document.uri, document.languageId);

  function syncDocument(document: TextDocument): boolean {
    const language = handled(document);
    if (!language) return false;
    const previous = index.isOpen(document.uri) ? index.get(document.uri)?.text : undefined;
    const text = document.getText();
    const edit = previous !== undefined ? diffEdit(previous, text) : undefined;
    if (edit) lastEdits.set(uriKey(document.uri), { version: document.version, offset: edit.start + edit.newText.length });
    index.setOpen(document.uri, document.version, language, text);
    return true;
  }

  documents.onDidOpen(guard('didOpen', undefined, ({ document }) => workspaceDiagnostics.opened(document.uri)));

  documents.onDidChangeContent(
    guard('didChange', undefined, ({ document }) => {
      if (!syncDocument(document)) return;
      if (!pullDiagnostics) push.edited(document.uri);
      workspaceDiagnostics.changed();
      idle.activity();
    }),
  );

  documents.onDidClose(
    guard('didClose', undefined, ({ document }) => {
      if (!handled(document)) return;
      push.cancel(document.uri);
      published.delete(uriKey(document.uri));
      lastEdits.delete(uriKey(document.uri));
      index.closeOpen(document.uri);
      analysis.forget(document.uri);
      if (!pullDiagnostics) connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
      // The saved copy (or none) becomes the workspace's view of the file again.
      void rereadFromDisk(document.uri).then(() => dependentsChanged());
    }),
  );

  // Saving ends the typing: an action string hidden while half-typed is judged as it stands.
  documents.onDidSave(
    guard('didSave', undefined, ({ document }) => {
      if (!handled(document) || !lastEdits.delete(uriKey(document.uri))) return;
      analysis.forget(document.uri);
      if (!pullDiagnostics) push.edited(document.uri);
      else dependentsChanged();
    }),
  );

  // ---- diagnostics ----------------------------------------------------------------------------

  function diagnosticsOf(uri: string): { version: number | null; diagnostics: Diagnostic[] } | undefined {
    const result = analysis.findingsOf(uri);
    const lines = index.lines(uri);
    if (!result || !lines) return undefined;
    return { version: result.version, diagnostics: result.findings.map((f) => toDiagnostic(f, lines, result.version, locale)) };
  }

  /** Push mode: the version last published per document (results for older versions are dropped). */
  const published = new Map<string, number | null>();

  async function publish(uri: string): Promise<void> {
    await settingsLoaded;
    if (shuttingDown || !index.isOpen(uri)) return;
    try {
      const result = diagnosticsOf(uri);
      if (!result) return;
      const key = uriKey(uri);
      const last = published.get(key);
      if (last != null && result.version != null && result.version < last) return;
      published.set(key, result.version);
      await connection.sendDiagnostics({ uri, version: result.version ?? undefined, diagnostics: result.diagnostics });
    } catch (error) {
      logError(`keylens: validating ${uri} failed: ${(error as Error)?.stack ?? error}`);
    }
    dependentsChanged(uri);
  }

  const push = new PushScheduler(runtime.timer, (uri) => void publish(uri));

  let refreshTimer: { dispose(): void } | undefined;

  /**
   * Something other documents may depend on changed (a policy edited, a file on disk, settings):
   * re-validate open documents whose inputs moved, a little later so typing is not slowed down.
   */
  function dependentsChanged(except?: string): void {
    workspaceDiagnostics.changed();
    idle.activity();
    if (pullDiagnostics) {
      // VS Code re-pulls other open documents itself after an edit (interFileDependencies);
      // changes it does not see (disk, settings) need a refresh.
      if (except !== undefined) return;
      if (!capabilities.workspace?.diagnostics?.refreshSupport) return;
      refreshTimer?.dispose();
      refreshTimer = runtime.timer.setTimeout(() => {
        refreshTimer = undefined;
        connection.languages.diagnostics.refresh().catch((error) => logError(`keylens: diagnostics refresh failed: ${error}`));
      }, DEPENDENT_DELAY_MS);
      return;
    }
    for (const uri of index.openUris()) {
      if (except !== undefined && uriKey(uri) === uriKey(except)) continue;
      if (analysis.isStale(uri)) push.dependencyChanged(uri, except === undefined);
    }
  }

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    await settingsLoaded;
    const empty: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (token.isCancellationRequested || !index.isOpen(params.textDocument.uri)) return empty;
    try {
      const result = diagnosticsOf(params.textDocument.uri);
      if (!result) return empty;
      const resultId = resultIdOf(result.diagnostics);
      if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: result.diagnostics };
    } catch (error) {
      logError(`keylens: diagnostics for ${params.textDocument.uri} failed: ${(error as Error)?.stack ?? error}`);
      return empty;
    }
  });

  // Every policy file of the index, not only open ones (keylens.diagnostics.scope).
  const workspaceDiagnostics = new WorkspaceDiagnostics({
    index,
    analysis,
    timer: runtime.timer,
    locale: () => locale,
    log,
    startProgress: async (title) => {
      if (!capabilities.window?.workDoneProgress) return undefined;
      const reporter = await connection.window.createWorkDoneProgress().catch(() => undefined);
      if (!reporter) return undefined;
      reporter.begin(title, 0, undefined, false);
      return { report: (percentage, message) => reporter.report(percentage, message), done: () => reporter.done() };
    },
    publish: (uri, diagnostics) => {
      if (!pullDiagnostics && !shuttingDown) void connection.sendDiagnostics({ uri, diagnostics });
    },
  });

  connection.languages.diagnostics.onWorkspace(async (params, token): Promise<WorkspaceDiagnosticReport> => {
    await Promise.all([settingsLoaded, initialScan]);
    const previous = params.previousResultIds ?? [];
    // Long polling: the client asks again as soon as this answers, so it is answered when something changed.
    for (;;) {
      if (token.isCancellationRequested || shuttingDown) return { items: [] };
      if (workspaceDiagnostics.isEnabled) await workspaceDiagnostics.run();
      const items = workspaceReportItems(workspaceDiagnostics.current(), previous, (uri) => index.isOpen(uri));
      if (items.some((item) => item.kind === DocumentDiagnosticReportKind.Full)) return { items };
      await workspaceDiagnostics.nextChange(token);
    }
  });

  // ---- code actions and commands --------------------------------------------------------------

  connection.onCodeAction(
    guard('codeAction', [], (params) => {
      const uri = params.textDocument.uri;
      if (!index.isOpen(uri)) return [];
      const result = analysis.findingsOf(uri);
      if (!result) return [];
      return codeActions(
        { uri, range: params.range, diagnostics: params.context.diagnostics, only: params.context.only },
        result.findings,
        result.version,
        codeActionEnv(),
      );
    }),
  );

  connection.onExecuteCommand(async (params) => {
    try {
      const args = params.arguments ?? [];
      switch (params.command) {
        case ServerCommands.ruleDocumentation: {
          const ruleId = String(args[0] ?? '');
          const url = ruleDocsUrl(ruleId, locale);
          if (!url) {
            void connection.window.showWarningMessage(localize(messages.ruleDocumentationUnknown(ruleId), locale));
            return { url: null };
          }
          if (capabilities.window?.showDocument?.support) {
            // The bundled page opens in the editor; only a web address goes to the browser.
            await connection.window.showDocument({ uri: url, external: !url.startsWith('file:') }).catch(() => undefined);
          }
          return { url };
        }
        case ServerCommands.fixAll: {
          const uri = String(args[0] ?? '');
          if (!index.isOpen(uri)) return { applied: false, fixes: 0, titles: [] };
          const result = analysis.findingsOf(uri);
          const all = result && fixAllEdit(uri, result.findings, codeActionEnv());
          if (!all) return { applied: false, fixes: 0, titles: [] };
          const response = await connection.workspace.applyEdit({ label: localize(messages.fixAll, locale), edit: all.edit });
          const summary = fixSummary(all, locale);
          if (response.applied) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: summary });
          return { applied: response.applied, fixes: all.count, titles: all.titles, summary };
        }
        default:
          logError(`keylens: unknown command ${params.command}`);
          return null;
      }
    } catch (error) {
      logError(`keylens: command ${params.command} failed: ${(error as Error)?.stack ?? error}`);
      return null;
    }
  });

  // ---- completion and hover -------------------------------------------------------------------

  const editorEnv = (): EditorEnvironment | undefined => {
    const actionCatalog = getCatalog();
    return actionCatalog ? { index, capabilities, clientCommands, core: { catalog: actionCatalog, reference: getReference(), locale } } : undefined;
  };

  connection.onCompletion(
    guard('completion', null, (params) => {
      const env = index.isOpen(params.textDocument.uri) ? editorEnv() : undefined;
      return env ? completion(params.textDocument.uri, params.position, env) : null;
    }),
  );

  connection.onHover(
    guard('hover', null, (params) => {
      const env = index.isOpen(params.textDocument.uri) ? editorEnv() : undefined;
      return env ? hover(params.textDocument.uri, params.position, env) : null;
    }),
  );

  // ---- custom requests ------------------------------------------------------------------------

  connection.onRequest(
    DocumentInfoRequest,
    guard('documentInfo', null, (params: DocumentInfoParams) => {
      const uri = params?.uri;
      if (typeof uri !== 'string') return null;
      const parsed = index.isOpen(uri) ? index.parsed(uri) : undefined;
      const findings = parsed ? (analysis.findingsOf(uri)?.findings.length ?? 0) : 0;
      return describeDocument(uri, parsed, findings, index.contextFileCount(), locale);
    }),
  );

  connection.onRequest(ExplainKeyRequest, async (params: ExplainKeyParams, token: CancellationToken) => {
    if (!runtime.explain) throw new Error('KeyLens: explain is not available in this build of the server.');
    if (!params || typeof params.key !== 'string' || params.key.trim() === '') throw new Error('KeyLens: no key given to explain.');
    // The client decides about trust; the server still never goes live unless the settings allow it.
    await Promise.all([settingsLoaded, initialScan]);
    if (params.live === true && !settings.live.enabled && capabilities.workspace?.configuration) {
      // The user may have just turned live look-ups on; the change notification can trail this request.
      settingsLoaded = loadSettings();
      await settingsLoaded;
    }
    const live = params.live === true && settings.live.enabled;
    // The AWS calls cannot be aborted midway (they are read-only and time out on their own), but a
    // cancelled request is answered at once so the editor stops waiting.
    return cancellable(runtime.explain({ ...params, live }, { index, locale, settings, log }), token);
  });

  connection.onRequest(
    WorkspaceKeysRequest,
    async (params: WorkspaceKeysParams | null, token: CancellationToken): Promise<WorkspaceKeysResult> => {
      await Promise.all([settingsLoaded, initialScan]);
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      try {
        return { keys: workspaceKeyItems(index, typeof params?.uri === 'string' ? params.uri : undefined) };
      } catch (error) {
        logError(`keylens: workspaceKeys failed: ${(error as Error)?.stack ?? error}`);
        return { keys: [] };
      }
    },
  );

  /** Lenses need the client's `keylens.explainKeyAccess` to run; clients that did not announce it get none. */
  const clientExplains = () => clientCommands.has(ClientCommands.explainKeyAccess);

  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    await settingsLoaded;
    const uri = params.textDocument.uri;
    if (!settings.codeLens.enabled || !clientExplains() || !index.isOpen(uri)) return [];
    try {
      const file = index.get(uri);
      const lines = index.lines(uri);
      if (!file || !lines) return [];
      // Declared keys (Terraform `aws_kms_key`, template `AWS::KMS::Key`) get lenses too, not only key ARNs;
      // keys made by module calls in this file get a lens at their `module` block.
      const moduleKeys = file.language === 'terraform' ? moduleCallKeys(index.files(), file.uri) : [];
      return keyCodeLenses(file.text, lines, index.parsed(uri), locale, moduleKeys);
    } catch (error) {
      logError(`keylens: codeLens for ${uri} failed: ${(error as Error)?.stack ?? error}`);
      return [];
    }
  });

  // ---- workspace: settings, folders, files on disk --------------------------------------------

  async function loadSettings(pushed?: unknown): Promise<void> {
    let next: KeyLensSettings;
    if (capabilities.workspace?.configuration) {
      try {
        next = readSettings(await connection.workspace.getConfiguration('keylens'), logError);
      } catch (error) {
        logError(`keylens: reading settings failed: ${error}`);
        next = settings;
      }
    } else {
      next = pushed === undefined ? settings : readSettings((pushed as { keylens?: unknown } | null)?.keylens, logError);
    }
    const severitiesChanged = !sameSeverities(next, settings) || settings === defaultSettings;
    workspaceDiagnostics.setEnabled(next.diagnostics.scope === 'workspace');
    const codeLensChanged = next.codeLens.enabled !== settings.codeLens.enabled;
    settings = next;
    if (severitiesChanged) analysis.setSeverities(settings.rules);
    if (codeLensChanged && capabilities.workspace?.codeLens?.refreshSupport) {
      connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => logError(`keylens: codeLens refresh failed: ${error}`));
    }
  }

  connection.onDidChangeConfiguration(async (params) => {
    const reload = loadSettings(params.settings);
    settingsLoaded = reload;
    await reload;
    dependentsChanged();
  });

  async function rereadFromDisk(uri: string): Promise<void> {
    if (!uri.startsWith('file:') || !isWorkspacePolicyCandidate(uri) || index.isOpen(uri)) return;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return;
    }
    const file = await readCandidate(path, (runtime.scanLimits ?? defaultScanLimits).maxFileBytes);
    if (index.isOpen(uri)) return;
    const language = policyLanguageOf(uri, undefined) ?? 'json';
    index.setDisk(uri, language, file && file !== 'too-large' ? file.text : undefined);
  }

  connection.onDidChangeWatchedFiles(async (params) => {
    try {
      if (params.changes.some((change) => isConfigFile(change.uri))) analysis.configChanged();
      for (const change of params.changes) {
        if (change.type === FileChangeType.Deleted) {
          index.removeDiskUnder(change.uri);
          index.setDisk(change.uri, policyLanguageOf(change.uri, undefined) ?? 'json', undefined);
        } else {
          await rereadFromDisk(change.uri);
        }
      }
      dependentsChanged();
    } catch (error) {
      logError(`keylens: watched file change failed: ${(error as Error)?.stack ?? error}`);
    }
  });

  let scanGeneration = 0;
  /** The first scan of the workspace folders; explain waits for it so it sees the whole workspace. */
  let initialScan: Promise<void> = Promise.resolve();
  async function scanWorkspace(folders: readonly WorkspaceFolder[]): Promise<void> {
    const scan = ++scanGeneration;
    const started = Date.now();
    let indexed = 0;
    for (const folder of folders) {
      if (!folder.uri.startsWith('file:')) continue;
      try {
        const result = await scanFolder(
          fileURLToPath(folder.uri),
          (file) => {
            if (index.isOpen(file.uri)) return;
            index.setDisk(file.uri, file.language, file.text);
            indexed++;
          },
          runtime.scanLimits,
          () => shuttingDown || scan !== scanGeneration,
        );
        if (result.truncated) log(`keylens: ${folder.name}: indexed the first ${result.files} candidate files only`);
        if (result.skippedLarge) log(`keylens: ${folder.name}: skipped ${result.skippedLarge} files over the size limit`);
      } catch (error) {
        logError(`keylens: scanning ${folder.uri} failed: ${(error as Error)?.stack ?? error}`);
      }
    }
    log(`keylens: workspace index: ${index.diskFileCount} policy files (${indexed} read) in ${Date.now() - started} ms`);
    dependentsChanged();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    locale = typeof options.locale === 'string' && options.locale ? options.locale : params.locale;
    clientCommands = new Set(Array.isArray(options.clientCommands) ? options.clientCommands.filter((c) => typeof c === 'string') : []);
    clientReportsJsonSyntax = options.clientReportsJsonSyntaxErrors === true;
    configureDocumentationLinks(options.ruleDocumentation);
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
        hoverProvider: true,
        executeCommandProvider: { commands: [ServerCommands.ruleDocumentation, ServerCommands.fixAll] },
        ...(clientCommands.has(ClientCommands.explainKeyAccess) ? { codeLensProvider: { resolveProvider: false } } : {}),
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'keylens', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'keylens' },
    };
  });

  connection.onInitialized(() => {
    settingsLoaded = loadSettings();
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'keylens' }).catch(() => undefined);
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILES_GLOB }] })
        .catch((error) => logError(`keylens: file watching unavailable: ${error}`));
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) index.removeDiskUnder(removed.uri);
        workspaceFolders = [...workspaceFolders.filter((f) => !event.removed.some((r) => r.uri === f.uri)), ...event.added];
        void scanWorkspace(event.added);
      });
    }
    initialScan = scanWorkspace(workspaceFolders);
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    idle.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

/** Settles with `work`, or rejects with RequestCancelled as soon as the client cancels. */
function cancellable<T>(work: Promise<T>, token: CancellationToken): Promise<T> {
  if (token.isCancellationRequested) return Promise.reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled'));
  return new Promise<T>((resolve, reject) => {
    const subscription = token.onCancellationRequested(() => {
      subscription.dispose();
      reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled'));
    });
    work.then(
      (value) => {
        subscription.dispose();
        resolve(value);
      },
      (error) => {
        subscription.dispose();
        reject(error);
      },
    );
  });
}
