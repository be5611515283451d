import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { parseFile, languageOf, unanalysedFile } from '../core/parse';
import { looksLikePolicy } from '../core/looksLikePolicy';
import type { ParsedFile } from '../core/model';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.terraform', '.git']);
/** Files larger than this are reported, not parsed: no policy is this big, a data dump might be. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Why a file was left out: `--exclude`, the configuration's `ignore`, or its size (found by walking). */
export interface Skipped {
  readonly path: string;
  readonly reason: string;
  /** The path was named on the command line (worth telling the user), not found by walking. */
  readonly explicit: boolean;
}

export interface LoadOptions {
  readonly cwd?: string;
  /** Whether a file is left out, and why (`path` as shown to the user, `absolute` resolved). */
  readonly skip?: (path: string, absolute: string) => string | undefined;
  /** KeyLens's own files (its configuration, the baseline): never inputs, not even counted as skipped. */
  readonly own?: (absolute: string) => boolean;
}

export interface LoadResult {
  readonly files: ParsedFile[];
  /** Paths that could not be read (missing, permission denied): a usage error for the CLI. */
  readonly unreadable: { path: string; reason: string }[];
  /** Named folders in which nothing KeyLens reads was found (empty, mistyped, only other files). */
  readonly empty: string[];
  readonly skipped: Skipped[];
}

/**
 * Collects the files under the given paths that KeyLens reads (`*.json`, `*.tf`, `*.tofu`, `*.yaml`,
 * `*.yml`, `*.template`; CDK output in `cdk.out/` included, its `asset.*` folders skipped; YAML that
 * is no template yields nothing) and parses them. File names stay as given (joined with what was found under a named folder). A file found by walking that does not
 * parse and does not look like a policy keeps no parse problem: a broken fixture or lock file next
 * to the policies is not reported unless it is named.
 */
export async function loadFiles(paths: readonly string[], options: LoadOptions | string = {}): Promise<LoadResult> {
  const { cwd = process.cwd(), skip, own } = typeof options === 'string' ? { cwd: options } : options;
  const files: ParsedFile[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const empty: string[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();

  /** Returns how many files were found (read, skipped or unreadable) under `path`. */
  async function visit(path: string, explicit: boolean): Promise<number> {
    const absolute = resolvePath(cwd, path);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      if (explicit) unreadable.push({ path, reason: describeError(error) });
      return explicit ? 1 : 0;
    }
    if (info.isDirectory()) {
      let entries: string[];
      try {
        entries = (await readdir(absolute)).sort();
      } catch (error) {
        unreadable.push({ path, reason: describeError(error) });
        return 1;
      }
      const cdkOut = basename(path) === 'cdk.out';
      let found = 0;
      if (entries.includes('.terraform')) await readFetchedModules(path);
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
        if (childInfo.isDirectory() || languageOf(child)) found += await visit(child, false);
      }
      return found;
    }
    if (seen.has(absolute)) return 1;
    seen.add(absolute);
    if (!explicit && own?.(absolute)) return 0;
    const reason = skip?.(path, absolute);
    if (reason) {
      skipped.push({ path, reason, explicit });
      return 1;
    }
    if (info.size > MAX_FILE_BYTES) {
      if (explicit) files.push(tooLarge(path, info.size));
      else skipped.push({ path, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, explicit });
      return 1;
    }
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      unreadable.push({ path, reason: describeError(error) });
      return 1;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const parsed = parseFile(path, text);
    files.push(explicit || parsed.problems.length === 0 || looksLikePolicy(parsed.language, text) ? parsed : { ...parsed, problems: [] });
    return 1;
  }

  /**
   * Modules `terraform init` fetched are read as module sources (`.terraform/modules/modules.json`
   * lists them), never checked as workspace files: only folders inside `.terraform/modules/`.
   */
  async function readFetchedModules(root: string): Promise<void> {
    const manifest = join(root, '.terraform', 'modules', 'modules.json');
    let text: string;
    try {
      text = await readFile(resolvePath(cwd, manifest), 'utf8');
    } catch {
      return;
    }
    if (seen.has(manifest)) return;
    seen.add(manifest);
    files.push(parseFile(manifest, text));
    let modules: unknown;
    try {
      modules = (JSON.parse(text) as { Modules?: unknown }).Modules;
    } catch {
      return;
    }
    if (!Array.isArray(modules)) return;
    for (const entry of modules) {
      const dir = typeof (entry as { Dir?: unknown })?.Dir === 'string' ? ((entry as { Dir: string }).Dir).replace(/\\/g, '/') : undefined;
      if (!dir || !dir.startsWith('.terraform/modules/') || dir.split('/').includes('..')) continue;
      const folder = join(root, ...dir.split('/'));
      let names: string[];
      try {
        names = (await readdir(resolvePath(cwd, folder))).sort();
      } catch {
        continue;
      }
      for (const name of names) {
        if (!/\.(tf|tofu)$/i.test(name)) continue;
        const file = join(folder, name);
        if (seen.has(file)) continue;
        try {
          const info = await stat(resolvePath(cwd, file));
          if (!info.isFile() || info.size > MAX_FILE_BYTES) continue;
          seen.add(file);
          files.push(parseFile(file, await readFile(resolvePath(cwd, file), 'utf8')));
        } catch {
          continue;
        }
      }
    }
  }

  for (const path of paths) {
    const found = await visit(path, true);
    if (found === 0) empty.push(path);
  }
  return { files, unreadable, empty, skipped };
}

export function resolvePath(cwd: string, path: string): string {
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
