import type { Timer } from './pushScheduler';

/** Quiet this long after the last edit or analysis, the server collects garbage once. */
export const IDLE_COLLECT_MS = 3000;

/**
 * Gives memory back after a burst of work: re-analysing a 5,000-line file on every keystroke grows
 * V8's heap by tens of MiB of garbage that it otherwise keeps for a long while. One full collection
 * once the editor has been quiet for a few seconds (and only after work) costs ~20 ms nobody waits on.
 */
export class IdleCollector {
  private timer: { dispose(): void } | undefined;

  constructor(
    private readonly timers: Timer,
    private readonly collect: (() => void) | undefined,
    private readonly delay = IDLE_COLLECT_MS,
  ) {}

  /** Something allocated (an edit, an analysis): collect once things stay quiet. */
  activity(): void {
    if (!this.collect) return;
    this.timer?.dispose();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.collect!();
    }, this.delay);
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = undefined;
  }
}
