// Quick-fix round trips over every fixture (examples, Terraform fixtures, rule-table snippets): the
// result parses, only the named element changed, the finding is gone, no other rule fires newly, and
// fixing repeatedly reaches a fixed point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFixtures } from './fixtures';
import { runEngine } from './engine';
import { checkRoundTrips, roundTripApplies } from './roundtrip';
import { knownIssue } from './known';

test('round trips: every fix of every fixture', () => {
  let fixes = 0;
  const failures: string[] = [];
  const elements = new Map<string, number>();
  for (const fixture of loadFixtures()) {
    const workspace = { file: fixture.file, texts: new Map([...fixture.context, [fixture.file, fixture.text]]) };
    const result = runEngine(workspace);
    failures.push(...result.problems.filter((p) => !knownIssue(p)).map((p) => `${fixture.name}: ${p}`));
    if (!result.applied.length || !roundTripApplies(result)) continue;
    const report = checkRoundTrips(workspace, result);
    fixes += report.checkedFixes;
    for (const element of report.elements) elements.set(element, (elements.get(element) ?? 0) + 1);
    failures.push(...report.problems.filter((p) => !knownIssue(p)).map((p) => `${fixture.name}: ${p}`));
  }
  console.log(`round trips: ${fixes} fixes checked; changed elements:\n${[...elements].map(([e, n]) => `  ${n} × ${e}`).join('\n')}`);
  assert.ok(fixes >= 50, `only ${fixes} fixes were checked`);
  assert.deepEqual(failures, []);
});
