// The seeded fuzz loop: case seed -> fixture + mutations -> whole engine -> checks. Every failure
// names its case seed, which replays the exact input (KEYLENS_FUZZ_SEED=0x... node test/fuzz/run.mjs).
import { loadFixtures, languageOfFixture, type Fixture } from './fixtures';
import { MUTATORS, HUGE_STRING, pickMutator, type Mutator } from './mutate';
import { Rng, caseSeed, formatSeed } from './prng';
import { runEngine, type Workspace } from './engine';
import { checkRoundTrips, roundTripApplies } from './roundtrip';
import { knownIssue } from './known';

/** Generous: a gross outlier, not a slow machine. 50 ms per KB plus a constant for GC pauses and warm-up. */
export const MS_PER_KB_LIMIT = 50;
export const CONSTANT_MS_LIMIT = 250;

export function timeLimit(chars: number): number {
  return CONSTANT_MS_LIMIT + MS_PER_KB_LIMIT * (chars / 1024);
}

export interface FuzzCase {
  readonly seed: number;
  readonly fixture: Fixture;
  readonly mutators: readonly string[];
  readonly workspace: Workspace;
}

/** The input of one case seed: a fixture, one to three mutations (rarely the 10 MB string). */
export function makeCase(seed: number, options: { huge?: boolean } = {}): FuzzCase {
  const rng = new Rng(seed);
  const fixtures = loadFixtures();
  const fixture = rng.pick(fixtures);
  const donor = rng.pick(fixtures).text;
  const language = languageOfFixture(fixture);
  let text = fixture.text;
  const names: string[] = [];
  const count = rng.chance(0.6) ? 1 : rng.range(2, 3);
  for (let i = 0; i < count; i++) {
    const mutator: Mutator = options.huge && i === 0 ? HUGE_STRING : pickMutator(rng);
    text = mutator.mutate(rng, text, language, donor);
    names.push(mutator.name);
  }
  return { seed, fixture, mutators: names, workspace: { file: fixture.file, texts: new Map([...fixture.context, [fixture.file, text]]) } };
}

export interface Failure {
  readonly seed: string;
  readonly fixture: string;
  readonly mutators: readonly string[];
  readonly problems: readonly string[];
}

export interface Timing {
  readonly seed: string;
  readonly label: string;
  readonly chars: number;
  readonly ms: number;
}

export interface Summary {
  inputs: number;
  crashes: number;
  failures: Failure[];
  fixesChecked: number;
  roundTrips: number;
  totalChars: number;
  elapsedMs: number;
  /** The slowest inputs by ms per KB (inputs under 1 KB count as 1 KB). */
  worst: Timing[];
  /** Inputs over the time bound (after one re-run, to rule out a GC pause). */
  slow: Timing[];
  /** Instances of known (reported, unfixed) issues by id, with the first seed that showed each. */
  known: Map<string, { count: number; seed: string; problem: string }>;
}

export function emptySummary(): Summary {
  return { inputs: 0, crashes: 0, failures: [], fixesChecked: 0, roundTrips: 0, totalChars: 0, elapsedMs: 0, worst: [], slow: [], known: new Map() };
}

const msPerKb = (t: Timing) => t.ms / Math.max(1, t.chars / 1024);

function noteTiming(summary: Summary, timing: Timing): void {
  summary.worst.push(timing);
  if (summary.worst.length > 40) {
    summary.worst.sort((a, b) => msPerKb(b) - msPerKb(a));
    summary.worst.length = 10;
  }
}

function workspaceChars(workspace: Workspace): number {
  let chars = 0;
  for (const text of workspace.texts.values()) chars += text.length;
  return chars;
}

/**
 * Runs a workspace through the engine and (when it parses) the round trips, recording the outcome.
 * `roundTrip` may be false for throughput-only inputs.
 */
export function checkWorkspace(summary: Summary, seed: string, label: string, workspace: Workspace, mutators: readonly string[] = [], roundTrip = true): void {
  const chars = workspaceChars(workspace);
  let result = runEngine(workspace);
  const problems = [...result.problems];
  let ms = result.ms;
  if (ms > timeLimit(chars)) {
    // One re-run: a busy machine or a GC pause is not a quadratic blow-up.
    result = runEngine(workspace);
    ms = Math.min(ms, result.ms);
  }
  const timing = { seed, label, chars, ms };
  noteTiming(summary, timing);
  if (ms > timeLimit(chars)) {
    summary.slow.push(timing);
    problems.push(`slow: ${ms.toFixed(1)} ms for ${(chars / 1024).toFixed(1)} KB (limit ${timeLimit(chars).toFixed(0)} ms)`);
  }
  summary.fixesChecked += result.applied.length;
  if (roundTrip && result.applied.length && roundTripApplies(result)) {
    summary.roundTrips++;
    problems.push(...checkRoundTrips(workspace, result).problems);
  }
  summary.inputs++;
  summary.totalChars += chars;
  const unknown = problems.filter((problem) => {
    const issue = knownIssue(problem);
    if (!issue) return true;
    const entry = summary.known.get(issue.id) ?? { count: 0, seed, problem };
    entry.count++;
    summary.known.set(issue.id, entry);
    return false;
  });
  problems.length = 0;
  problems.push(...unknown);
  if (problems.length) {
    summary.crashes++;
    summary.failures.push({ seed, fixture: label, mutators, problems });
  }
}

export interface FuzzOptions {
  readonly seed: number;
  readonly inputs: number;
  /** Case seeds to run instead of `inputs` derived ones (replay). */
  readonly only?: readonly number[];
  /** Every n-th case gets the 10 MB string (0 = never). */
  readonly hugeEvery?: number;
  readonly onProgress?: (summary: Summary) => void;
}

export function runFuzz(options: FuzzOptions, summary = emptySummary()): Summary {
  const start = performance.now();
  const seeds = options.only ?? Array.from({ length: options.inputs }, (_, i) => caseSeed(options.seed, i));
  seeds.forEach((seed, i) => {
    const huge = !!options.hugeEvery && i % options.hugeEvery === options.hugeEvery - 1;
    const fuzzCase = makeCase(seed, { huge });
    // A 10 MB input is checked for crashes and time; re-analysing it once per fix would take minutes.
    checkWorkspace(summary, formatSeed(seed) + (huge ? ' (huge)' : ''), fuzzCase.fixture.name, fuzzCase.workspace, fuzzCase.mutators, !huge);
    if (options.onProgress && i % 1000 === 999) options.onProgress(summary);
  });
  summary.elapsedMs += performance.now() - start;
  return summary;
}

/** Runs every prefix of the small fixtures (truncation at every offset). */
export function runTruncations(maxChars: number, summary = emptySummary()): Summary {
  const start = performance.now();
  // The derived module fixtures (split files, module-call wrappers) repeat the base texts: a sample of them is enough here.
  const fixtures = loadFixtures().filter((fixture, i) => !/^(split|module call|tree) /.test(fixture.name) || i % 16 === 0);
  for (const fixture of fixtures) {
    if (fixture.text.length > maxChars) continue;
    for (let at = 0; at < fixture.text.length; at++) {
      const texts = new Map([...fixture.context, [fixture.file, fixture.text.slice(0, at)]]);
      checkWorkspace(summary, `truncate@${at}`, fixture.name, { file: fixture.file, texts }, ['truncate'], false);
    }
  }
  summary.elapsedMs += performance.now() - start;
  return summary;
}

export function formatSummary(summary: Summary): string {
  const worst = [...summary.worst].sort((a, b) => msPerKb(b) - msPerKb(a)).slice(0, 8);
  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `inputs: ${summary.inputs}  crashes: ${summary.crashes}  fixes applied: ${summary.fixesChecked}  round-tripped workspaces: ${summary.roundTrips}`,
    `time: ${seconds.toFixed(1)} s (${seconds > 0.05 ? (summary.inputs / seconds).toFixed(0) : '-'} inputs/s, ${(summary.totalChars / 1024 / 1024).toFixed(1)} MB)`,
    `worst time per KB: ${worst[0] ? msPerKb(worst[0]).toFixed(2) : '0'} ms/KB  (bound: ${MS_PER_KB_LIMIT} ms/KB + ${CONSTANT_MS_LIMIT} ms)`,
    '  ms/KB    ms       KB  seed                 fixture',
    ...worst.map((t) => `  ${msPerKb(t).toFixed(2).padStart(6)} ${t.ms.toFixed(1).padStart(6)} ${(t.chars / 1024).toFixed(1).padStart(8)}  ${t.seed.padEnd(20)} ${t.label.slice(0, 70)}`),
  ];
  for (const [id, entry] of summary.known) lines.push(`known issue ${id}: ${entry.count} inputs (first: seed ${entry.seed})`);
  for (const failure of summary.failures.slice(0, 20)) {
    lines.push(`FAIL seed ${failure.seed} (${failure.fixture}; ${failure.mutators.join(' + ')})  replay: KEYLENS_FUZZ_SEED=${failure.seed.split(' ')[0]} node test/fuzz/run.mjs`);
    for (const problem of failure.problems.slice(0, 3)) lines.push('    ' + problem.split('\n').join('\n    ').slice(0, 1500));
  }
  if (summary.failures.length > 20) lines.push(`... and ${summary.failures.length - 20} more failures`);
  return lines.join('\n');
}

export { MUTATORS };
