// Desktop VS Code through @vscode/test-electron, where VS Code can be downloaded. Here it reports a
// skip with the reason; it never fails the default run for want of a network (see electron/run.ts).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runElectronSuite } from './electron/run';

it('extension tests in desktop VS Code (@vscode/test-electron)', { timeout: 300_000 }, async (t) => {
  const outcome = await runElectronSuite();
  if (outcome.status === 'skipped') return t.skip(outcome.reason);
  assert.equal(outcome.status, 'passed', outcome.status === 'failed' ? outcome.reason : '');
});
