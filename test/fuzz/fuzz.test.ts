// The short fuzz run of `npm test`: ≥ 10,000 mutated inputs through the whole engine, every prefix
// of the small fixtures, the 10 MB string and 10,000-deep nesting. Longer runs: docs/fuzzing.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFuzz, runTruncations, formatSummary, emptySummary, checkWorkspace, makeCase } from './harness';
import { HUGE_STRING } from './mutate';
import { Rng, parseSeed } from './prng';
import { loadFixtures, languageOfFixture } from './fixtures';
import { runEngine } from './engine';

/** Fixed so CI is reproducible; KEYLENS_FUZZ_MASTER=0x... explores other inputs. */
const MASTER = parseSeed(process.env.KEYLENS_FUZZ_MASTER ?? '0x6b65796c');

// Warm the JIT on the fixtures so the first measured inputs do not pay for compilation.
for (const fixture of loadFixtures().slice(0, 40)) runEngine({ file: fixture.file, texts: new Map([...fixture.context, [fixture.file, fixture.text]]) });

test('fuzz: 10,000 mutated fixtures through parse, analyze and every fix', () => {
  const summary = runFuzz({ seed: MASTER, inputs: 10_000 });
  console.log(formatSummary(summary));
  assert.equal(summary.inputs, 10_000);
  assert.equal(summary.crashes, 0, formatSummary(summary));
});

test('fuzz: truncation at every offset of the fixtures up to 600 characters', () => {
  const summary = runTruncations(600);
  console.log(formatSummary(summary));
  assert.ok(summary.inputs > 1_000);
  assert.equal(summary.crashes, 0, formatSummary(summary));
});

test('fuzz: a 10 MB string in a JSON and in a Terraform fixture', () => {
  const summary = emptySummary();
  const fixtures = loadFixtures();
  for (const fixture of [fixtures.find((f) => languageOfFixture(f) === 'json')!, fixtures.find((f) => languageOfFixture(f) === 'terraform')!]) {
    const text = HUGE_STRING.mutate(new Rng(1), fixture.text, languageOfFixture(fixture), '');
    assert.ok(text.length >= 10 * 1024 * 1024);
    checkWorkspace(summary, 'huge', fixture.name, { file: fixture.file, texts: new Map([...fixture.context, [fixture.file, text]]) }, ['huge-string'], false);
  }
  console.log(formatSummary(summary));
  assert.equal(summary.crashes, 0, formatSummary(summary));
});

test('fuzz: nesting 10,000 levels deep, closed and unclosed, JSON and HCL', () => {
  const summary = emptySummary();
  const shapes: [string, string, string][] = [
    ['policy.json', '[', ']'], ['policy.json', '{"a":', '}'], ['policy.json', '{"Statement":', '}'],
    ['main.tf', '[', ']'], ['main.tf', '{ a = ', ' }'], ['main.tf', '(', ')'], ['main.tf', 'a {\n', '\n}\n'], ['main.tf', '"${', '}"'],
  ];
  for (const [file, open, close] of shapes) {
    for (const closed of [true, false]) {
      const inner = open.repeat(10_000) + '"kms:Decrypt"' + (closed ? close.repeat(10_000) : '');
      const text = file === 'main.tf' ? `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [${inner}] })\n}\n` : `{"Statement":[{"Effect":"Allow","Action":${inner},"Resource":"*"}]}`;
      checkWorkspace(summary, `nest ${open} ${closed ? 'closed' : 'open'}`, file, { file, texts: new Map([[file, text]]) }, ['nest'], false);
    }
  }
  console.log(formatSummary(summary));
  assert.equal(summary.crashes, 0, formatSummary(summary));
});

test('fuzz: a case seed replays the same input', () => {
  const a = makeCase(0x12345678);
  const b = makeCase(0x12345678);
  assert.deepEqual([...a.workspace.texts], [...b.workspace.texts]);
  assert.deepEqual(a.mutators, b.mutators);
});
