// Where the end-to-end tools live, and what to do when they are missing: skip with a reason on a
// developer machine, fail loudly in CI (a skipped e2e suite in CI would be a fake pass).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export const repoRoot = join(__dirname, '..', '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'e2e', 'fixtures');
export const artifactsDir = join(repoRoot, 'test-artifacts', 'e2e');

export const chromiumPath = process.env.KEYLENS_E2E_CHROMIUM ?? '/usr/bin/chromium';
const cacheDir = process.env.KEYLENS_E2E_CACHE ?? join(homedir(), '.cache', 'keylens-e2e');
export const codeServerDir = join(cacheDir, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
export const serverBundle = join(repoRoot, 'dist', 'server', 'server.js');
export const clientBundle = join(repoRoot, 'dist', 'client', 'extension.js');

const setupHint = 'run scripts/setup-e2e.sh';

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const nvimPath = process.env.KEYLENS_E2E_NVIM ?? which('nvim');

/** Missing prerequisites for the workbench tests, as human-readable reasons. */
export function missingForWorkbench(): string[] {
  const missing: string[] = [];
  if (!existsSync(chromiumPath)) missing.push(`no Chromium at ${chromiumPath} (${setupHint})`);
  if (!existsSync(codeServerEntry)) missing.push(`no code-server at ${codeServerDir} (${setupHint})`);
  missing.push(...missingBuild());
  return missing;
}

export function missingForNeovim(): string[] {
  const missing: string[] = [];
  if (!nvimPath) missing.push(`no nvim on PATH (${setupHint})`);
  if (!existsSync(serverBundle)) missing.push(`no ${serverBundle} (run node scripts/build.mjs)`);
  return missing;
}

function missingBuild(): string[] {
  const missing: string[] = [];
  for (const file of [clientBundle, serverBundle]) {
    if (!existsSync(file)) missing.push(`no ${file} (run node scripts/build.mjs)`);
  }
  return missing;
}

/**
 * The `skip` option for a node:test suite. In CI a missing tool throws instead, so the run fails
 * with the reason rather than passing with nothing tested.
 */
export function skipUnlessReady(missing: string[]): string | false {
  if (missing.length === 0) return false;
  const reason = `e2e prerequisites missing: ${missing.join('; ')}`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so this is a failure, not a skip)`);
  return reason;
}
