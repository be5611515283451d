import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { parseFile, languageOf, unanalysedFile } from '../core/parse';
import type { ParsedFile } from '../core/model';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.terraform', '.git']);
/** Files larger than this are reported, not parsed: no policy is this big, a data dump might be. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface LoadResult {
  readonly files: ParsedFile[];
  /** Paths that could not be read (missing, permission denied): a usage error for the CLI. */
  readonly unreadable: { path: string; reason: string }[];
}

/**
 * Collects `*.json`, `*.tf`, `*.tofu`, `*.yaml`, `*.yml` and `*.template` files under the given paths
 * (CDK output in `cdk.out/` included, its `asset.*` folders skipped) and parses them. YAML that is no
 * template yields nothing. File names stay as given.
 */
export async function loadFiles(paths: readonly string[], cwd = process.cwd()): Promise<LoadResult> {
  const files: ParsedFile[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const seen = new Set<string>();

  async function visit(path: string, explicit: boolean): Promise<void> {
    let info;
    try {
      info = await stat(resolvePath(cwd, path));
    } catch (error) {
      if (explicit) unreadable.push({ path, reason: describeError(error) });
      return;
    }
    if (info.isDirectory()) {
      let entries: string[];
      try {
        entries = (await readdir(resolvePath(cwd, path))).sort();
      } catch (error) {
        unreadable.push({ path, reason: describeError(error) });
        return;
      }
      const cdkOut = basename(path) === 'cdk.out';
      for (const entry of entries) {
        if (SKIPPED_DIRECTORIES.has(entry)) continue;
        // CDK's staged assets (Lambda bundles, Docker contexts) are not templates.
        if (cdkOut && entry.startsWith('asset.')) continue;
        const child = join(path, entry);
        let childInfo;
        try {
          childInfo = await stat(resolvePath(cwd, child));
        } catch {
          continue;
        }
        if (childInfo.isDirectory() || languageOf(child)) await visit(child, false);
      }
      return;
    }
    if (seen.has(path)) return;
    seen.add(path);
    if (info.size > MAX_FILE_BYTES) {
      files.push(tooLarge(path, info.size));
      return;
    }
    let text: string;
    try {
      text = await readFile(resolvePath(cwd, path), 'utf8');
    } catch (error) {
      unreadable.push({ path, reason: describeError(error) });
      return;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    files.push(parseFile(path, text));
  }

  for (const path of paths) await visit(path, true);
  return { files, unreadable };
}

function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : join(cwd, path);
}

function tooLarge(path: string, size: number): ParsedFile {
  return unanalysedFile(path, '', languageOf(path) ?? 'json', {
    en: `File too large to analyse (${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB).`,
    ja: `ファイルが大きすぎるため解析しません (${(size / 1024 / 1024).toFixed(1)} MB、上限は ${MAX_FILE_BYTES / 1024 / 1024} MB)。`,
  });
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message ?? String(error);
}
