// Helpers for CLI tests: run `keylens` in-process (fast, from sources) or as the built bundle, in temp folders.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../server/src/cli/main';

export const repoRoot = join(__dirname, '..', '..');
export const builtCli = join(repoRoot, 'dist', 'cli', 'keylens.js');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `keylens ARGS` in-process with `cwd`; NO_COLOR so output is plain. */
export async function keylens(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: { NO_COLOR: '1', ...env } });
  return { status, stdout, stderr };
}

/** Runs the built `dist/cli/keylens.js` as a user would. */
export function keylensBin(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [builtCli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temp folder with the given files (paths relative to it, `/`-separated). */
export function tempTree(files: Readonly<Record<string, string>>, prefix = 'keylens-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export const DECRYPT_ALL = '{\n  "Statement": [\n    { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" }\n  ]\n}\n';
export const WILDCARD_KEY_POLICY = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}\n';
