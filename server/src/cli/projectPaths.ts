import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { resolvePath } from './files';

/**
 * The folder paths in baselines and SARIF are relative to: the repository root above the current
 * folder (where `.git` is), else the current folder. Running from a subfolder, or naming files
 * differently, then records the same paths, and code scanning finds them in its checkout.
 */
export function projectRoot(cwd: string): string {
  for (let folder = cwd; ; ) {
    if (existsSync(join(folder, '.git'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return cwd;
    folder = parent;
  }
}

/** A file as shown by the CLI (relative to cwd, or absolute) → its `/`-separated path under the project root. */
export function projectPath(root: string, cwd: string, file: string): string {
  return relative(root, resolvePath(cwd, file)).split(sep).join('/');
}
