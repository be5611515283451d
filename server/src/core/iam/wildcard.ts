/**
 * IAM-style wildcard matching (`*` any run, `?` one character) without backtracking regexes.
 *
 * The pattern is split at `*` into segments; the first must match at the start, the last at the end,
 * and the middle ones are found greedily left to right. Greedy leftmost placement is optimal for
 * this problem, so no backtracking is ever needed: the cost is O(text × longest segment) at worst and
 * linear for the usual patterns (`kms:*`, `*a*a*a*b`).
 */
export function wildcardMatch(pattern: string, text: string, ignoreCase: boolean): boolean {
  if (ignoreCase) {
    pattern = pattern.toLowerCase();
    text = text.toLowerCase();
  }
  if (pattern.indexOf('*') < 0) return pattern.length === text.length && segmentAt(pattern, text, 0);
  const segments = pattern.split('*');
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (first.length + last.length > text.length) return false;
  if (!segmentAt(first, text, 0)) return false;
  if (!segmentAt(last, text, text.length - last.length)) return false;
  let position = first.length;
  const limit = text.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    if (segment.length === 0) continue;
    const found = findSegment(segment, text, position, limit);
    if (found < 0) return false;
    position = found + segment.length;
  }
  return true;
}

function segmentAt(segment: string, text: string, at: number): boolean {
  if (at < 0 || at + segment.length > text.length) return false;
  for (let i = 0; i < segment.length; i++) {
    const p = segment.charCodeAt(i);
    if (p !== 63 /* ? */ && p !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

function findSegment(segment: string, text: string, from: number, limit: number): number {
  if (segment.indexOf('?') < 0) {
    const found = text.indexOf(segment, from);
    return found >= 0 && found + segment.length <= limit ? found : -1;
  }
  for (let at = from; at + segment.length <= limit; at++) {
    if (segmentAt(segment, text, at)) return at;
  }
  return -1;
}

export function hasWildcard(value: string): boolean {
  return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
}

/** Past this many states an overlap question is not answered (see `wildcardsOverlap`). */
const OVERLAP_STATE_LIMIT = 1 << 20;

/**
 * Whether two wildcard patterns (`*`, `?`) can match a common string, case-sensitively: a walk over
 * pairs of positions, O(|a| × |b|). Undefined when that would exceed OVERLAP_STATE_LIMIT (a
 * multi-megabyte pattern), so callers choose their own safe answer.
 */
export function wildcardsOverlap(a: string, b: string): boolean | undefined {
  // A literal side (most ARNs) is a plain match of the other pattern against it.
  if (!hasWildcard(a)) return wildcardMatch(b, a, false);
  if (!hasWildcard(b)) return wildcardMatch(a, b, false);
  a = a.replace(/\*+/g, '*');
  b = b.replace(/\*+/g, '*');
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  if ((n + 1) * width > OVERLAP_STATE_LIMIT) return undefined;
  const seen = new Uint8Array((n + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number) => {
    const state = i * width + j;
    if (!seen[state]) {
      seen[state] = 1;
      stack.push(state);
    }
  };
  while (stack.length) {
    const state = stack.pop()!;
    const i = Math.floor(state / width);
    const j = state - i * width;
    if (i === n && j === m) return true;
    const ca = i < n ? a[i] : undefined;
    const cb = j < m ? b[j] : undefined;
    // A star may match nothing.
    if (ca === '*') visit(i + 1, j);
    if (cb === '*') visit(i, j + 1);
    // Or both consume one common character: any character fits a wildcard, literals must agree.
    if (ca !== undefined && cb !== undefined && !(ca === '*' && cb === '*')) {
      const fits = ca === '*' || ca === '?' || cb === '*' || cb === '?' || ca === cb;
      if (fits) visit(ca === '*' ? i : i + 1, cb === '*' ? j : j + 1);
    }
  }
  return false;
}
