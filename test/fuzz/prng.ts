/** A small deterministic PRNG (mulberry32) so every fuzz case replays from one 32-bit seed. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** An integer in [low, high]. */
  range(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** The seed of case `index` of a run started with `master` (splitmix32-style mixing). */
export function caseSeed(master: number, index: number): number {
  let z = (master + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export function formatSeed(seed: number): string {
  return '0x' + (seed >>> 0).toString(16).padStart(8, '0');
}

export function parseSeed(text: string): number {
  const value = text.startsWith('0x') || text.startsWith('0X') ? parseInt(text.slice(2), 16) : Number(text);
  if (!Number.isFinite(value)) throw new Error(`not a seed: ${text}`);
  return value >>> 0;
}
