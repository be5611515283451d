import { uriKey } from './languages';

export interface Timer {
  setTimeout(callback: () => void, ms: number): { dispose(): void };
}

/**
 * How long an edit waits before it is analysed. The JSON-RPC connection hands the server one message
 * per event-loop turn, so didChange notifications that arrived together (a paste split in pieces,
 * a client sending several keystrokes at once) are all applied within this time and analysed as one.
 * It is not a debounce: an isolated edit is analysed at once.
 */
export const COALESCE_MS = 1;

/** Other open documents whose inputs moved are re-analysed this much later, so typing stays fast. */
export const DEPENDENT_DELAY_MS = 250;

/**
 * When push diagnostics run: at most one pending analysis per document, and it analyses whatever
 * version is current when it runs (newest wins). Analysis is synchronous, so edits that arrive while
 * one runs queue up in the connection and are applied before the next one starts: a burst of typing
 * is analysed as often as the analysis can keep up, never with a fixed delay, and the last version
 * of a burst is analysed as soon as the analysis before it ends.
 */
export class PushScheduler {
  private readonly pending = new Map<string, { dispose(): void; delay: number }>();

  constructor(
    private readonly timer: Timer,
    private readonly run: (uri: string) => void,
  ) {}

  /** The document was edited: analyse it at once (after coalescing). */
  edited(uri: string): void {
    this.schedule(uri, COALESCE_MS);
  }

  /** Something the document depends on changed (another document, a file on disk, settings). */
  dependencyChanged(uri: string, soon = false): void {
    this.schedule(uri, soon ? COALESCE_MS : DEPENDENT_DELAY_MS);
  }

  isPending(uri: string): boolean {
    return this.pending.has(uriKey(uri));
  }

  cancel(uri: string): void {
    const key = uriKey(uri);
    this.pending.get(key)?.dispose();
    this.pending.delete(key);
  }

  private schedule(uri: string, delay: number): void {
    const key = uriKey(uri);
    const current = this.pending.get(key);
    // A sooner run already pending covers this request; a later one is replaced by a sooner one.
    if (current && current.delay <= delay) return;
    current?.dispose();
    const handle = this.timer.setTimeout(() => {
      this.pending.delete(key);
      this.run(uri);
    }, delay);
    this.pending.set(key, { dispose: () => handle.dispose(), delay });
  }
}
