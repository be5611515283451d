// The fuzz command line (started by run.mjs). Usage:
//   node test/fuzz/run.mjs [--inputs N] [--seed S] [--huge-every N] [--truncations MAXCHARS]
//   KEYLENS_FUZZ_SEED=0x1234abcd node test/fuzz/run.mjs     # replay one case, write its input files
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { runFuzz, runTruncations, formatSummary, makeCase, emptySummary } from './harness';
import { runEngine } from './engine';
import { parseSeed, formatSeed } from './prng';
import { runGeneratedCorpus } from './generate';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? parseSeed(process.argv[i + 1] ?? '') : fallback;
}

const replay = process.env.KEYLENS_FUZZ_SEED;
if (replay) {
  const huge = process.argv.includes('--huge');
  const seed = parseSeed(replay);
  const fuzzCase = makeCase(seed, { huge });
  const dir = mkdtempSync(join(tmpdir(), `keylens-fuzz-${formatSeed(seed)}-`));
  for (const [file, text] of fuzzCase.workspace.texts) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const result = runEngine(fuzzCase.workspace);
  console.log(`seed ${formatSeed(seed)}: ${fuzzCase.fixture.name}; ${fuzzCase.mutators.join(' + ')}`);
  console.log(`file under test: ${fuzzCase.workspace.file} (${fuzzCase.workspace.texts.get(fuzzCase.workspace.file)!.length} chars); workspace written to ${dir}`);
  console.log(`findings: ${result.findings.map((f) => `${f.ruleId}@${f.span.start}`).join(', ') || 'none'}; ${result.ms.toFixed(1)} ms`);
  const summary = runFuzz({ seed: 0, inputs: 0, only: [seed], hugeEvery: huge ? 1 : 0 });
  console.log(formatSummary(summary));
  process.exit(summary.crashes ? 1 : 0);
}

const seed = option('seed', Date.now() >>> 0);
const inputs = option('inputs', 100_000);
const hugeEvery = option('huge-every', 20_000);
const truncations = option('truncations', 2_000);
console.log(`keylens fuzz: seed ${formatSeed(seed)}, ${inputs} mutated inputs, the 10 MB string every ${hugeEvery}, every prefix of fixtures up to ${truncations} chars, generated corpus`);
const summary = emptySummary();
runTruncations(truncations, summary);
runGeneratedCorpus(seed, summary);
runFuzz({
  seed,
  inputs,
  hugeEvery,
  onProgress: (s) => {
    if (s.inputs % 10_000 < 1_000) process.stderr.write(`  ${s.inputs} inputs, ${s.crashes} failing${s.failures.length ? ` (first: seed ${s.failures[0]!.seed})` : ''}\n`);
  },
}, summary);
console.log(formatSummary(summary));
process.exit(summary.crashes ? 1 : 0);
