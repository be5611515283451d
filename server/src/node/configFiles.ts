import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parseConfig, type ConfigProblem, type ConfigSource } from '../core/config/parse';
import { CompiledConfig, type FileSettings } from '../core/config/resolve';

export const CONFIG_FILE = '.keylens.json';

/** The configuration that governs a folder: its file, and either the compiled settings or its problems. */
export interface LocatedConfig {
  /** Absolute path of `.keylens.json` or of the package.json holding `"keylens"`. */
  readonly file: string;
  /** The folder its globs are relative to. */
  readonly folder: string;
  readonly compiled?: CompiledConfig;
  readonly problems: readonly ConfigProblem[];
}

/**
 * Finds the nearest configuration above a file, for the CLI and the language server alike: in each
 * folder from the file's own upwards, `.keylens.json`, else a package.json with a `"keylens"`
 * member. The search stops at the repository root (the folder holding `.git`) so a stray file
 * above a checkout never changes its results. Results are cached per folder until `clear()`.
 */
export class ConfigLocator {
  private readonly folders = new Map<string, LocatedConfig | null>();

  configFor(absoluteFile: string): LocatedConfig | undefined {
    return this.configOfFolder(dirname(absoluteFile)) ?? undefined;
  }

  /** The settings for a file: undefined without a usable configuration (none, or one with problems). */
  settingsFor(absoluteFile: string): FileSettings | undefined {
    const config = this.configFor(absoluteFile);
    if (!config?.compiled) return undefined;
    return config.compiled.settingsFor(relative(config.folder, absoluteFile).split(sep).join('/'));
  }

  /** Forgets everything read (a configuration file changed). */
  clear(): void {
    this.folders.clear();
  }

  /** Every configuration found so far, each once. */
  found(): LocatedConfig[] {
    return [...new Set([...this.folders.values()].filter((c): c is LocatedConfig => c !== null))];
  }

  private configOfFolder(folder: string): LocatedConfig | null {
    const walked: string[] = [];
    let found: LocatedConfig | null = null;
    for (let current = folder; ; ) {
      const cached = this.folders.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      walked.push(current);
      const here = readConfigIn(current);
      if (here) {
        found = here;
        break;
      }
      const parent = dirname(current);
      if (parent === current || isRepositoryRoot(current)) break;
      current = parent;
    }
    for (const path of walked) this.folders.set(path, found);
    return found;
  }
}

function readConfigIn(folder: string): LocatedConfig | undefined {
  const own = join(folder, CONFIG_FILE);
  const fromOwn = readConfigFile(own, 'keylens.json', folder);
  if (fromOwn) return fromOwn;
  return readConfigFile(join(folder, 'package.json'), 'package.json', folder);
}

function readConfigFile(file: string, source: ConfigSource, folder: string): LocatedConfig | undefined {
  let text: string;
  try {
    if (!statSync(file).isFile()) return undefined;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { file, folder, problems: [{ message: { en: `cannot be read: ${(error as Error).message}`, ja: `読み取れません: ${(error as Error).message}` }, offset: 0, line: 0, character: 0 }] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A package.json without "keylens" is not a configuration; most never mention it.
  if (source === 'package.json' && !text.includes('"keylens"')) return undefined;
  const parsed = parseConfig(text, source);
  if (!parsed.config && parsed.problems.length === 0) return undefined;
  return { file, folder, ...(parsed.config ? { compiled: new CompiledConfig(parsed.config) } : {}), problems: parsed.problems };
}

function isRepositoryRoot(folder: string): boolean {
  return existsSync(join(folder, '.git'));
}

/** `file:line:col: message`, 1-based as editors and compilers print positions. */
export function formatConfigProblem(file: string, problem: ConfigProblem, message: string): string {
  return `${file}:${problem.line + 1}:${problem.character + 1}: ${message}`;
}
