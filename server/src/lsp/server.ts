import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
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
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { ActionCatalog } from '../core/iam/catalog';
import { localize } from '../core/finding';
import { Analysis } from './analysis';
import { codeActions, fixAllEdit, type CodeActionEnvironment } from './codeActions';
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

/** What the server needs from its host, after json-language-features' RuntimeEnvironment. */
export interface RuntimeEnvironment {
  readonly loadCatalog: () => ActionCatalog;
  readonly timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
  readonly scanLimits?: ScanLimits;
  /** The explain engine, loaded on first use (it may pull in the AWS SDK bundle). */
  readonly explain?: (params: ExplainKeyParams, context: ExplainContext) => Promise<{ markdown: string; report: unknown }>;
}

export interface ExplainContext {
  readonly index: WorkspaceIndex;
  readonly locale: string | undefined;
  readonly settings: KeyLensSettings;
  readonly log: (message: string) => void;
}

/** Push mode: a document being edited is validated at most about this often. */
const CHANGE_DELAY_MS = 50;
/** ...and the first change after a pause this soon (lets didChange messages read together coalesce). */
const LEADING_DELAY_MS = 2;
/** Delay before re-validating other open documents a change may affect. */
const DEPENDENT_DELAY_MS = 250;

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
  const analysis = new Analysis(index, getCatalog, logError, project);

  const codeActionEnv = (): CodeActionEnvironment => ({
    index,
    locale,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    clientShowsDocumentation: clientCommands.has(ClientCommands.showRuleDocumentation),
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
    index.setOpen(document.uri, document.version, language, document.getText());
    return true;
  }

  documents.onDidChangeContent(
    guard('didChange', undefined, ({ document }) => {
      if (!syncDocument(document)) return;
      if (!pullDiagnostics) push.schedule(document.uri, CHANGE_DELAY_MS);
    }),
  );

  documents.onDidClose(
    guard('didClose', undefined, ({ document }) => {
      if (!handled(document)) return;
      push.cancel(document.uri);
      index.closeOpen(document.uri);
      analysis.forget(document.uri);
      if (!pullDiagnostics) connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
      // The saved copy (or none) becomes the workspace's view of the file again.
      void rereadFromDisk(document.uri).then(() => dependentsChanged());
    }),
  );

  // ---- diagnostics ----------------------------------------------------------------------------

  function diagnosticsOf(uri: string): { version: number | null; diagnostics: Diagnostic[] } | undefined {
    const result = analysis.findingsOf(uri);
    const lines = index.lines(uri);
    if (!result || !lines) return undefined;
    return { version: result.version, diagnostics: result.findings.map((f) => toDiagnostic(f, lines, result.version, locale)) };
  }

  /**
   * Push mode: at most one pending validation per document, which validates whatever version is
   * current when it runs (newest wins). The first change after a quiet period is validated almost
   * at once; changes while a validation is pending ride along with it, so fast typing is validated
   * about every `delay` ms rather than on every keystroke or only when it stops.
   */
  const push = new (class {
    private readonly timers = new Map<string, { dispose(): void; delay: number }>();
    private readonly lastRun = new Map<string, number>();
    private readonly published = new Map<string, number | null>();

    schedule(uri: string, delay: number): void {
      const key = uriKey(uri);
      const pending = this.timers.get(key);
      if (pending && pending.delay <= delay) return;
      pending?.dispose();
      const sinceLast = Date.now() - (this.lastRun.get(key) ?? 0);
      const wait = delay === CHANGE_DELAY_MS && sinceLast >= delay ? LEADING_DELAY_MS : delay;
      const timer = runtime.timer.setTimeout(() => {
        this.timers.delete(key);
        this.lastRun.set(key, Date.now());
        void this.validate(uri);
      }, wait);
      this.timers.set(key, { dispose: () => timer.dispose(), delay });
    }

    cancel(uri: string): void {
      const key = uriKey(uri);
      this.timers.get(key)?.dispose();
      this.timers.delete(key);
      this.published.delete(key);
      this.lastRun.delete(key);
    }

    private async validate(uri: string): Promise<void> {
      await settingsLoaded;
      if (shuttingDown || !index.isOpen(uri)) return;
      try {
        const result = diagnosticsOf(uri);
        if (!result) return;
        const key = uriKey(uri);
        const last = this.published.get(key);
        // Results for a version older than one already shown are dropped.
        if (last != null && result.version != null && result.version < last) return;
        this.published.set(key, result.version);
        await connection.sendDiagnostics({ uri, version: result.version ?? undefined, diagnostics: result.diagnostics });
      } catch (error) {
        logError(`keylens: validating ${uri} failed: ${(error as Error)?.stack ?? error}`);
      }
      dependentsChanged(uri);
    }
  })();

  let refreshTimer: { dispose(): void } | undefined;

  /**
   * Something other documents may depend on changed (a policy edited, a file on disk, settings):
   * re-validate open documents whose inputs moved, a little later so typing is not slowed down.
   */
  function dependentsChanged(except?: string): void {
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
      if (analysis.isStale(uri)) push.schedule(uri, except === undefined ? CHANGE_DELAY_MS : DEPENDENT_DELAY_MS);
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
          if (!index.isOpen(uri)) return { applied: false, fixes: 0 };
          const result = analysis.findingsOf(uri);
          const all = result && fixAllEdit(uri, result.findings, codeActionEnv());
          if (!all) return { applied: false, fixes: 0 };
          const response = await connection.workspace.applyEdit({ label: localize(messages.fixAll, locale), edit: all.edit });
          return { applied: response.applied, fixes: all.count };
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
    configureDocumentationLinks(options.ruleDocumentation);
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [ServerCommands.ruleDocumentation, ServerCommands.fixAll] },
        ...(clientCommands.has(ClientCommands.explainKeyAccess) ? { codeLensProvider: { resolveProvider: false } } : {}),
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'keylens', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
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
