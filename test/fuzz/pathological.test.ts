// `*a*a*a…b` wildcards, `?` runs and long names: 100,000-character patterns through the whole engine
// finish, within the same generous per-KB bound as the fuzzer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathologicalCases, LENGTH } from './pathological';
import { checkWorkspace, emptySummary, formatSummary } from './harness';

test(`pathological wildcards: ${LENGTH.toLocaleString('en')}-character patterns stay linear`, () => {
  const summary = emptySummary();
  for (const { name, workspace } of pathologicalCases()) {
    assert.ok([...workspace.texts.values()].some((text) => text.length > LENGTH));
    checkWorkspace(summary, 'pathological', name, workspace, [], false);
  }
  console.log(formatSummary(summary));
  assert.equal(summary.crashes, 0, formatSummary(summary));
});
