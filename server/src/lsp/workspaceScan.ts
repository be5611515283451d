import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isWorkspacePolicyCandidate, policyLanguageOf } from './languages';
import type { SourceLanguage } from '../core/model';

export interface ScanLimits {
  /** Candidate files (`*.json`, `*.tf`, `*.tofu`, `*.yaml`, `*.yml`, `*.template`) looked at per scan. */
  readonly maxFiles: number;
  /** Larger files are skipped: policies are small, lock files and state dumps are not. */
  readonly maxFileBytes: number;
}

export const defaultScanLimits: ScanLimits = { maxFiles: 5000, maxFileBytes: 1024 * 1024 };

/** Folders that never hold the user's own policies (SPEC §3 skips the same for `keylens check`). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.terraform', '.git', '.hg', '.svn']);

export interface ScannedFile {
  readonly uri: string;
  readonly path: string;
  readonly language: SourceLanguage;
  readonly text: string;
}

export interface ScanResult {
  readonly files: number;
  readonly truncated: boolean;
  readonly skippedLarge: number;
}

/**
 * Walks a folder and hands every candidate policy file to `onFile`, reading asynchronously and a
 * batch at a time so the server keeps answering while a large workspace is indexed.
 */
export async function scanFolder(
  folder: string,
  onFile: (file: ScannedFile) => void,
  limits: ScanLimits = defaultScanLimits,
  isCancelled: () => boolean = () => false,
): Promise<ScanResult> {
  const candidates: string[] = [];
  let truncated = false;
  const queue = [folder];
  while (queue.length > 0 && !isCancelled()) {
    const directory = queue.shift()!;
    let names: import('node:fs').Dirent[];
    try {
      names = await fs.readdir(directory, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing of ours in it
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      if (entry.isDirectory()) {
        // `.terraform/modules/` holds modules `terraform init` fetched: read as module sources, not walked.
        if (entry.name === '.terraform') candidates.push(...(await fetchedModuleFiles(directory)));
        // CDK's staged assets (`cdk.out/asset.*`) hold bundles, not templates.
        const cdkAsset = entry.name.startsWith('asset.') && /(?:^|[\\/])cdk\.out$/.test(directory);
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !cdkAsset) queue.push(join(directory, entry.name));
      } else if (entry.isFile() && isWorkspacePolicyCandidate(entry.name)) {
        if (candidates.length >= limits.maxFiles) {
          truncated = true;
          break;
        }
        candidates.push(join(directory, entry.name));
      }
    }
    if (truncated) break;
  }

  let skippedLarge = 0;
  const BATCH = 32;
  for (let i = 0; i < candidates.length && !isCancelled(); i += BATCH) {
    const batch = candidates.slice(i, i + BATCH);
    const read = await Promise.all(batch.map((path) => readCandidate(path, limits.maxFileBytes)));
    for (const file of read) {
      if (file === 'too-large') skippedLarge++;
      else if (file) onFile(file);
    }
  }
  return { files: candidates.length, truncated, skippedLarge };
}

/** `.terraform/modules/modules.json` and the `.tf` files of the module folders it lists (inside `.terraform/modules/` only). */
async function fetchedModuleFiles(root: string): Promise<string[]> {
  const manifest = join(root, '.terraform', 'modules', 'modules.json');
  let modules: unknown;
  try {
    modules = (JSON.parse(await fs.readFile(manifest, 'utf8')) as { Modules?: unknown }).Modules;
  } catch {
    return [];
  }
  const found = [manifest];
  if (!Array.isArray(modules)) return found;
  for (const entry of modules) {
    const dir = (entry as { Dir?: unknown })?.Dir;
    if (typeof dir !== 'string') continue;
    const parts = dir.replace(/\\/g, '/').split('/');
    if (parts[0] !== '.terraform' || parts[1] !== 'modules' || parts.includes('..')) continue;
    try {
      for (const name of (await fs.readdir(join(root, ...parts))).sort()) if (/\.(tf|tofu)$/i.test(name)) found.push(join(root, ...parts, name));
    } catch {
      continue;
    }
  }
  return found;
}

/** Whether a path is the manifest of fetched modules (kept in the index though it holds no policy). */
export function isModulesManifest(path: string): boolean {
  return /[\\/]\.terraform[\\/]modules[\\/]modules\.json$/.test(path);
}

/** Reads one file for the index; undefined when it is gone, unreadable or cannot be a policy. */
export async function readCandidate(path: string, maxFileBytes = defaultScanLimits.maxFileBytes): Promise<ScannedFile | undefined | 'too-large'> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return undefined;
    if (stat.size > maxFileBytes) return 'too-large';
    const text = await fs.readFile(path, 'utf8');
    const language = policyLanguageOf(path, undefined) ?? 'json';
    if (!mayHoldPolicy(language, text) && !isModulesManifest(path)) return undefined;
    return { uri: pathToFileURL(path).href, path, language, text };
  } catch {
    return undefined;
  }
}

/**
 * A cheap pre-filter so package.json, tsconfig.json and friends are not parsed: JSON that KeyLens
 * understands has statements, an S3 encryption rule, `list-grants` output or template resources;
 * Terraform that matters names AWS resources; YAML only matters as a template.
 */
function mayHoldPolicy(language: SourceLanguage, text: string): boolean {
  // Any Terraform file may be part of a module (variables.tf, locals.tf, terraform.tfvars).
  if (language === 'terraform') return true;
  if (language === 'yaml') return /AWSTemplateFormatVersion|AWS::|^\s*\{/.test(text);
  return /statement|serversideencryption|granteeprincipal|"AWS::/i.test(text);
}
