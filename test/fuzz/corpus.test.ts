// The generated corpus: many statements and resources, every principal shape and condition operator,
// as JSON, jsonencode, heredoc and aws_iam_policy_document; no crash, time within the bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGeneratedCorpus, PRINCIPALS, OPERATORS } from './generate';
import { formatSummary } from './harness';

test('generated corpus: every principal shape and operator, small and large policies', () => {
  assert.ok(PRINCIPALS.length >= 12 && OPERATORS.length >= 100);
  const summary = runGeneratedCorpus(0x636f7270, undefined, 300, false);
  console.log(formatSummary(summary));
  assert.equal(summary.crashes, 0, formatSummary(summary));
});
