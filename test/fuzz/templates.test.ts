// Templates under the fuzzer: the example stack cut at every offset (parse and analyse; the full
// engine with every fix at a sample of offsets), a 10 MB string in a template, and deep nesting in
// YAML flow and block collections. The template fixtures also run in fuzz.test.ts (mutations,
// truncations of the small ones, fix round trips).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../server/src/core/parse';
import { analyze } from '../../server/src/core/analyze';
import { catalog } from './engine';
import { checkWorkspace, emptySummary, formatSummary } from './harness';
import { HUGE_STRING } from './mutate';
import { Rng } from './prng';
import { root } from './fixtures';

const EXAMPLES = ['examples/cloudformation/template.yaml', 'examples/cloudformation/fixed/template.yaml'];

test('every prefix of the example stacks parses and analyses without an exception, spans inside the text', () => {
  let prefixes = 0;
  const problems: string[] = [];
  // Every offset of the stack with the mistakes; every 7th of its fixed twin.
  for (const [path, step] of [[EXAMPLES[0]!, 1], [EXAMPLES[1]!, 7]] as const) {
    const text = readFileSync(join(root, path), 'utf8');
    for (let at = 0; at <= text.length; at += step) {
      const prefix = text.slice(0, at);
      const parsed = parseFile(path, prefix);
      for (const problem of parsed.problems) {
        if (problem.message.en.startsWith('KeyLens could not analyse')) problems.push(`${path}@${at}: ${problem.message.en}`);
        if (problem.span.start < 0 || problem.span.end > prefix.length || problem.span.start > problem.span.end) problems.push(`${path}@${at}: problem span ${JSON.stringify(problem.span)}`);
      }
      const errors: string[] = [];
      const originalError = console.error;
      console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
      try {
        for (const finding of analyze([parsed], { catalog, guardFixes: false })) {
          if (finding.span.start < 0 || finding.span.end > prefix.length || finding.span.start > finding.span.end) problems.push(`${path}@${at}: ${finding.ruleId} span ${JSON.stringify(finding.span)}`);
        }
      } finally {
        console.error = originalError;
      }
      problems.push(...errors.map((e) => `${path}@${at}: ${e}`));
      prefixes++;
    }
  }
  console.log(`${prefixes} prefixes of the example stacks`);
  assert.ok(prefixes > 7_000);
  assert.deepEqual(problems.slice(0, 20), []);
});

test('the whole engine, every fix included, on prefixes of the example stack (every 61st offset)', () => {
  const summary = emptySummary();
  const path = EXAMPLES[0]!;
  const text = readFileSync(join(root, path), 'utf8');
  for (let at = 0; at <= text.length; at += 61) checkWorkspace(summary, `truncate@${at}`, path, { file: path, texts: new Map([[path, text.slice(0, at)]]) }, ['truncate'], false);
  console.log(formatSummary(summary));
  assert.ok(summary.fixesChecked > 100, `${summary.fixesChecked} fixes`);
  assert.equal(summary.crashes, 0, formatSummary(summary));
});

test('a 10 MB string in a YAML and in a JSON template', () => {
  const summary = emptySummary();
  const yaml = readFileSync(join(root, EXAMPLES[0]!), 'utf8');
  const json = JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] } } } } }, null, 1);
  for (const [file, text] of [['template.yaml', yaml], ['cdk.out/Big.template.json', json]] as const) {
    const huge = HUGE_STRING.mutate(new Rng(7), text, file.endsWith('.json') ? 'json' : 'yaml', '');
    assert.ok(huge.length >= 10 * 1024 * 1024);
    checkWorkspace(summary, 'huge', file, { file, texts: new Map([[file, huge]]) }, ['huge-string'], false);
  }
  console.log(formatSummary(summary));
  assert.equal(summary.crashes, 0, formatSummary(summary));
});

test('YAML nested 10,000 levels deep in flow collections (closed and open), 3,000 in block ones: a problem, not a crash', () => {
  const summary = emptySummary();
  const block = Array.from({ length: 3_000 }, (_, i) => ' '.repeat(i + 2) + 'a:').join('\n');
  const shapes = [
    '[ '.repeat(10_000) + 'kms:Decrypt' + ' ]'.repeat(10_000),
    '[ '.repeat(10_000) + 'kms:Decrypt',
    '{a: '.repeat(10_000) + 'x' + '}'.repeat(10_000),
    '!Join ['.repeat(10_000),
  ];
  for (const shape of shapes) {
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Action: ${shape}\n`;
    checkWorkspace(summary, 'nest', 'template.yaml', { file: 'template.yaml', texts: new Map([['template.yaml', text]]) }, ['nest'], false);
    assert.ok(parseFile('template.yaml', text).problems.length > 0);
  }
  const deepBlock = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${block}\n`;
  checkWorkspace(summary, 'nest block', 'template.yaml', { file: 'template.yaml', texts: new Map([['template.yaml', deepBlock]]) }, ['nest'], false);
  console.log(formatSummary(summary));
  assert.equal(summary.crashes, 0, formatSummary(summary));
});
