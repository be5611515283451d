import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHcl, attribute, MAX_NESTING } from '../../../server/src/core/terraform/hcl';
import { assertSpansSane, dump } from './hcl-helpers';

const fixtures = join(import.meta.dirname, 'fixtures');
const fixtureTexts = readdirSync(fixtures).sort().map((name) => ({ name, text: readFileSync(join(fixtures, name), 'utf8') }));

function assertParses(text: string, label: string): void {
  let result;
  try {
    result = parseHcl(text);
  } catch (error) {
    assert.fail(`${label}: threw ${(error as Error).stack}`);
  }
  assertSpansSane(text, result.body);
  for (const problem of result.problems) {
    assert.ok(problem.span.start >= 0 && problem.span.start <= problem.span.end && problem.span.end <= text.length, `${label}: problem span`);
    assert.ok(problem.message.length > 0 && problem.messageJa.length > 0, `${label}: problem text`);
  }
}

test('every prefix of every fixture parses without an exception and with sane spans', () => {
  for (const { name, text } of fixtureTexts) {
    for (let end = 0; end <= text.length; end++) assertParses(text.slice(0, end), `${name}[0, ${end})`);
  }
});

test('every suffix of every fixture parses without an exception', () => {
  for (const { name, text } of fixtureTexts) {
    for (let start = 0; start <= text.length; start += 1) assertParses(text.slice(start), `${name}[${start}, end)`);
  }
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random edits (deletions, insertions of syntax characters) never throw', () => {
  const alphabet = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '<<EOT\n', '\nEOT\n', '=', ':', ',', '\n', '#', '/*', '*/', '\\', '~', '.', '*', '...', '?', '!', 'x', ' '];
  for (const { name, text } of fixtureTexts) {
    for (let seed = 1; seed <= 150; seed++) {
      const next = random(seed);
      let mutated = text;
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (mutated.length + 1));
        if (next() < 0.5) {
          mutated = mutated.slice(0, at) + mutated.slice(at + 1 + Math.floor(next() * 8));
        } else {
          mutated = mutated.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)] + mutated.slice(at);
        }
      }
      assertParses(mutated, `${name} seed ${seed}`);
    }
  }
});

test('deep nesting is cut off with one problem instead of overflowing the stack', () => {
  const depth = 100_000;
  const cases: Record<string, string> = {
    tuples: 'a = ' + '['.repeat(depth) + ']'.repeat(depth) + '\nb = 1\n',
    objects: 'a = ' + '{ k = '.repeat(depth) + '1' + ' }'.repeat(depth) + '\nb = 1\n',
    parens: 'a = ' + '('.repeat(depth) + '1' + ')'.repeat(depth) + '\nb = 1\n',
    calls: 'a = ' + 'f('.repeat(depth) + ')'.repeat(depth) + '\nb = 1\n',
    unary: 'a = ' + '!'.repeat(depth) + 'x\nb = 1\n',
    negation: 'a = ' + '- '.repeat(depth) + '1\nb = 1\n',
    conditionals: 'a = ' + 'c ? 1 : '.repeat(depth) + '0\nb = 1\n',
    interpolations: 'a = ' + '"${'.repeat(depth / 10) + 'x' + '}"'.repeat(depth / 10) + '\nb = 1\n',
    blocks: 'a {\n'.repeat(depth) + '}\n'.repeat(depth) + 'b = 1\n',
    unclosedTuples: 'a = ' + '['.repeat(depth) + '\nb = 1\n',
    unclosedBlocks: 'x {\n'.repeat(depth) + 'b = 1\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const result = parseHcl(text);
    assert.ok(result.problems.some((problem) => problem.message.includes(`deeper than ${MAX_NESTING}`)), `${name}: too-deep problem`);
    // Balanced input gets one problem; unclosed input also gets one per bracket left open above the cut.
    const allowed = name.startsWith('unclosed') ? MAX_NESTING + 2 : 3;
    assert.ok(result.problems.length <= allowed, `${name}: ${result.problems.length} problems`);
  }
  // Below the limit everything is kept.
  const fine = parseHcl('a = ' + '['.repeat(MAX_NESTING - 10) + ']'.repeat(MAX_NESTING - 10) + '\n');
  assert.deepEqual(fine.problems, []);
  const after = parseHcl(cases.tuples!);
  assert.equal(dump(attribute(after.body, 'b')!.value), '1');
});

// The timeout only catches quadratic blow-ups (minutes on this input); speed is measured in test/bench/.
test('pathological flat input finishes (no quadratic recovery)', { timeout: 60_000 }, () => {
  const big = 'a = [' + '"x", '.repeat(200_000) + ']\n' + '#'.repeat(100_000) + '\n' + '"'.repeat(50_000) + '\n' +
    '}'.repeat(50_000) + '\n' + 'a = ['.repeat(20_000) + '\n' + 'x = <<EOT\n'.repeat(20_000);
  const result = parseHcl(big);
  assert.equal(dump(attribute(result.body, 'a')!.value).length > 0, true);
});
