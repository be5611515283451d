// A small LSP client for the protocol tests and the latency bench: it starts the BUILT server over
// stdio and speaks JSON-RPC to it the way an editor does, answering the server's own requests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ApplyWorkspaceEditParams,
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  DocumentDiagnosticReport,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const repoRoot = join(__dirname, '..', '..');
export const serverPath = join(repoRoot, 'dist', 'server', 'server.js');

export interface ClientOptions {
  readonly pullDiagnostics?: boolean;
  readonly locale?: string;
  readonly workspaceFolder?: string;
  /** The `keylens` section answered to workspace/configuration. */
  readonly settings?: Record<string, unknown>;
  readonly initializationOptions?: Record<string, unknown>;
  readonly watchedFiles?: boolean;
  readonly documentChanges?: boolean;
  /** Extra environment for the server process (e.g. fake AWS credentials). */
  readonly env?: Record<string, string>;
}

interface Waiter {
  readonly uri: string;
  readonly predicate: (params: PublishDiagnosticsParams) => boolean;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
}

/** Fails a wait that the server never satisfies; a guard against hangs, not a sleep. */
const WAIT_LIMIT_MS = 10_000;

export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly documents = new Map<string, TextDocument>();
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly shownDocuments: unknown[] = [];
  readonly logs: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  settings: Record<string, unknown>;
  refreshRequests = 0;
  initializeResult?: InitializeResult;
  private waiters: Waiter[] = [];
  private refreshWaiters: (() => void)[] = [];
  private stderr = '';

  constructor(private readonly options: ClientOptions = {}) {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`node scripts/build.mjs\` first`);
    this.settings = options.settings ?? {};
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', ...options.env } });
    this.process.stderr.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));

    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params);
      const ready = this.waiters.filter((w) => w.uri === params.uri && w.predicate(params));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(params);
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.logs.push(`showMessage: ${params.message}`);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'keylens' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      this.logs.push(`showMessage: ${params.message}`);
      return null;
    });
    this.connection.onRequest('window/showDocument', (params: unknown) => {
      this.shownDocuments.push(params);
      return { success: true };
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      const waiters = this.refreshWaiters;
      this.refreshWaiters = [];
      for (const resolve of waiters) resolve();
      return null;
    });
    this.connection.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(params);
      const changed = this.applyWorkspaceEdit(params.edit);
      for (const uri of changed) this.notifyChange(uri);
      return { applied: true };
    });
    this.connection.listen();
  }

  get serverStderr(): string {
    return this.stderr;
  }

  async initialize(): Promise<InitializeResult> {
    const folder = this.options.workspaceFolder;
    const capabilities: ClientCapabilities = {
      general: { positionEncodings: ['utf-16'] },
      window: { showDocument: { support: true }, workDoneProgress: true },
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: this.options.watchedFiles !== false },
        workspaceEdit: { documentChanges: this.options.documentChanges !== false },
        applyEdit: true,
        workspaceFolders: true,
        diagnostics: { refreshSupport: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
          isPreferredSupport: true,
          dataSupport: true,
        },
        ...(this.options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
    };
    this.initializeResult = (await this.connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'keylens-protocol-test' },
      locale: this.options.locale ?? 'en',
      rootUri: folder ? pathToUri(folder) : null,
      workspaceFolders: folder ? [{ uri: pathToUri(folder), name: 'workspace' }] : null,
      capabilities,
      initializationOptions: this.options.initializationOptions,
    })) as InitializeResult;
    await this.connection.sendNotification('initialized', {});
    return this.initializeResult;
  }

  open(uri: string, languageId: string, text: string): TextDocument {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return document;
  }

  /** Replaces `oldText` (first occurrence) with `newText`, as one incremental change. */
  type(uri: string, oldText: string, newText: string): TextDocument {
    const document = this.document(uri);
    const offset = document.getText().indexOf(oldText);
    if (offset < 0) throw new Error(`"${oldText}" is not in ${uri}`);
    return this.change(uri, [{ range: { start: document.positionAt(offset), end: document.positionAt(offset + oldText.length) }, newText }]);
  }

  change(uri: string, edits: readonly TextEdit[]): TextDocument {
    const document = this.document(uri);
    const updated = TextDocument.update(document, edits.map((e) => ({ range: e.range, text: e.newText })), document.version + 1);
    this.documents.set(uri, updated);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: updated.version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    return updated;
  }

  close(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  /** Resolves with the first publishDiagnostics for `uri` (for the current version) that satisfies `predicate`. */
  waitForDiagnostics(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean = () => true, description = 'diagnostics'): Promise<Diagnostic[]> {
    const version = () => this.documents.get(uri)?.version;
    const accept = (params: PublishDiagnosticsParams) => (params.version === undefined || params.version === version()) && predicate(params.diagnostics);
    const current = this.published.get(uri);
    if (current && accept(current)) return Promise.resolve(current.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${description} on ${uri}; last: ${JSON.stringify(this.published.get(uri)?.diagnostics.map((d) => d.code))}\n${this.logs.join('\n')}`));
      }, WAIT_LIMIT_MS);
      const waiter: Waiter = {
        uri,
        predicate: accept,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params.diagnostics);
        },
      };
      this.waiters.push(waiter);
    });
  }

  waitForRefresh(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for workspace/diagnostic/refresh')), WAIT_LIMIT_MS);
      this.refreshWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId }) as Promise<DocumentDiagnosticReport>;
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } }) as Promise<CodeAction[]>;
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { keylens: settings } });
  }

  /**
   * Applies a WorkspaceEdit to the open documents (as an editor would, checking versions) and
   * returns the uris it changed. Edits to files that are not open are returned untouched in `closed`.
   */
  applyWorkspaceEdit(edit: WorkspaceEdit, closed: Map<string, TextEdit[]> = new Map()): string[] {
    const changed: string[] = [];
    const perUri: [string, number | null | undefined, TextEdit[]][] = [];
    for (const change of (edit.documentChanges ?? []) as TextDocumentEdit[]) perUri.push([change.textDocument.uri, change.textDocument.version, change.edits as TextEdit[]]);
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perUri.push([uri, undefined, edits]);
    for (const [uri, version, edits] of perUri) {
      const document = this.documents.get(uri);
      if (!document) {
        closed.set(uri, [...(closed.get(uri) ?? []), ...edits]);
        continue;
      }
      if (typeof version === 'number' && version !== document.version) throw new Error(`edit for ${uri} v${version}, document is v${document.version}`);
      const text = TextDocument.applyEdits(document, edits);
      this.documents.set(uri, TextDocument.create(uri, document.languageId, document.version, text));
      changed.push(uri);
    }
    return changed;
  }

  /** Sends the whole current text of a document (after applying an edit locally) as a new version. */
  notifyChange(uri: string): void {
    const document = this.document(uri);
    const next = TextDocument.create(uri, document.languageId, document.version + 1, document.getText());
    this.documents.set(uri, next);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [{ text: next.getText() }] });
  }

  notifyWatchedFiles(changes: { uri: string; type: 1 | 2 | 3 }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.process.kill();
        resolve();
      }, 2000);
      this.process.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

export function pathToUri(path: string): string {
  return new URL(`file://${path.startsWith('/') ? '' : '/'}${path.split('/').map(encodeURIComponent).join('/')}`).href;
}
