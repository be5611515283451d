/** Mean time of `fn` in ms over at least `minMs` (and 3 runs), after one warm-up run. */
export function time(fn: () => void, minMs = 300): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}
