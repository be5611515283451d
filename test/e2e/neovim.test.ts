// Neovim headless as a second LSP client: the built server over stdio gives diagnostics and a quick
// fix for a policy file, and Neovim applies it with its own workspace-edit code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, missingForNeovim, nvimPath, serverBundle, skipUnlessReady } from './support/tools';
import { start } from './support/processes';

interface LspDiagnostic {
  code?: string;
  source?: string;
  severity?: number;
  message: string;
  codeDescription?: { href: string };
}

interface NeovimResult {
  error?: string;
  filetype: string;
  log: string[];
  diagnostics_ms?: number;
  diagnostics?: LspDiagnostic[];
  shown?: unknown[];
  actions?: { title: string; kind?: string }[];
  applied?: string;
  text_after_fix?: string;
  diagnostics_after_fix?: LspDiagnostic[];
  fix_all_actions?: { title: string; kind?: string }[];
  text_after_fix_all?: string;
  diagnostics_after_fix_all?: LspDiagnostic[];
}

const RULE = 'kms-decrypt-in-identity-policy';
const skip = skipUnlessReady(missingForNeovim());

/** Runs the Lua client on one file (a copy in a temp folder) and returns what it recorded. */
async function runNeovim(dir: string, file: string, env: Record<string, string> = {}): Promise<NeovimResult> {
  const out = join(dir, 'result.json');
  const nvim = start(nvimPath!, ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'neovim', 'client.lua')}`, file], {
    cwd: dir,
    env: {
      ...process.env,
      XDG_CACHE_HOME: join(dir, 'xdg-cache'),
      XDG_DATA_HOME: join(dir, 'xdg-data'),
      XDG_STATE_HOME: join(dir, 'xdg-state'),
      XDG_CONFIG_HOME: join(dir, 'xdg-config'),
      KEYLENS_NVIM_OUT: out,
      KEYLENS_NVIM_CMD: JSON.stringify([process.execPath, serverBundle, '--stdio']),
      KEYLENS_NVIM_RULE: RULE,
      KEYLENS_NVIM_TIMEOUT: '10000',
      ...env,
    },
  });
  const timer = setTimeout(() => void nvim.stop(), 30_000);
  const code = await new Promise<number | null>((resolve) => nvim.child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  await nvim.stop();
  let result: NeovimResult;
  try {
    result = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    throw new Error(`nvim wrote no result (exit ${code}):\n${nvim.output()}`);
  }
  if (result.error || code !== 0) {
    throw new Error(`nvim client failed (exit ${code}): ${result.error}\nlog: ${result.log.join('; ')}\n${nvim.output()}`);
  }
  return result;
}

function actionsOf(text: string | undefined): string[] {
  assert.ok(text, 'no text recorded');
  const policy = JSON.parse(text);
  return policy.Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
}

describe('Neovim as an LSP client', { skip, timeout: 60_000 }, () => {
  let dir: string;
  let result: NeovimResult;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keylens-e2e-nvim-'));
    cpSync(join(fixturesDir, 'workspace', 'app-identity-policy.json'), join(dir, 'app-identity-policy.json'));
    const started = Date.now();
    result = await runNeovim(dir, 'app-identity-policy.json');
    console.log(`# neovim run: ${Date.now() - started} ms (diagnostics after ${result.diagnostics_ms?.toFixed(0)} ms)`);
  });

  after(() => {
    if (dir && !process.env.KEYLENS_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  });

  it('gets a KeyLens warning for kms:Decrypt on all keys', () => {
    assert.equal(result.filetype, 'json');
    const diagnostic = result.diagnostics?.find((d) => d.code === RULE);
    assert.ok(diagnostic, `no ${RULE} diagnostic in ${JSON.stringify(result.diagnostics)}`);
    assert.equal(diagnostic.source, 'keylens');
    assert.equal(diagnostic.severity, 2, 'expected severity Warning (2)');
    assert.match(diagnostic.codeDescription?.href ?? '', new RegExp(RULE));
    assert.ok(diagnostic.message.length > 0);
    assert.ok(!diagnostic.message.includes(RULE), 'rule ids never go inside messages');
    assert.ok((result.shown?.length ?? 0) > 0, 'Neovim shows the diagnostics');
  });

  it('applies the quick fix: kms:Decrypt is removed, the rest kept', () => {
    assert.ok(result.actions?.some((action) => action.kind === 'quickfix'), `actions: ${JSON.stringify(result.actions)}`);
    const actions = actionsOf(result.text_after_fix);
    assert.ok(!actions.includes('kms:Decrypt'), `kms:Decrypt still there: ${result.text_after_fix}`);
    assert.ok(actions.includes('kms:Encrypt') && actions.includes('kms:GenerateDataKey'), `other actions lost: ${result.text_after_fix}`);
    assert.ok(
      !result.diagnostics_after_fix?.some((d) => d.code === RULE),
      `the finding is still reported after the fix: ${JSON.stringify(result.diagnostics_after_fix)}`,
    );
  });

  it('offers "fix all" as source.fixAll.keylens', () => {
    // After the quick fix nothing is left to fix, so an empty list is acceptable; a wrong kind is not.
    for (const action of result.fix_all_actions ?? []) assert.equal(action.kind, 'source.fixAll.keylens');
  });

  it('fixes every problem of a file with "fix all"', async () => {
    cpSync(join(fixturesDir, 'workspace', 'fix-all-policy.json'), join(dir, 'fix-all-policy.json'));
    const fixAll = await runNeovim(dir, 'fix-all-policy.json', { KEYLENS_NVIM_MODE: 'fixall' });
    assert.ok(fixAll.fix_all_actions?.length, `no fix-all action offered: ${JSON.stringify(fixAll)}`);
    const actions = actionsOf(fixAll.text_after_fix_all);
    assert.ok(!actions.includes('kms:SheduleKeyDeletion') && !actions.includes('kms:Decrypt'), `not all fixed: ${fixAll.text_after_fix_all}`);
    // A typo in a Deny: correcting it narrows access, so fix all takes it (one in an Allow would widen it).
    assert.ok(actions.includes('kms:ScheduleKeyDeletion'), `typo not corrected: ${fixAll.text_after_fix_all}`);
    assert.deepEqual(
      (fixAll.diagnostics_after_fix_all ?? []).filter((d) => d.severity !== undefined && d.severity <= 2).map((d) => d.code),
      [],
      'no warnings or errors left after fix all',
    );
  });
});
