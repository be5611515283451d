import type { ParsedFile } from '../../model';
import { withProblemsInText } from '../../parsedFile';
import { dirOf, normalizeDir } from '../../paths';
import { baseName } from '../../json/index';
import type { Expression } from '../hcl';
import { readModuleWith, rootModuleContext } from '../index';
import { joinRelative } from '../plan/index';
import { rememberSource, sourceOf, type TerraformSource } from '../source';
import type { Value } from '../eval/value';
import type { Definition } from './environment';
import type { ReaderCache } from './reader';
import { evaluateCalls, MAX_INSTANCES, type ModuleSources } from './instances';

/** `terraform.tfvars` and `*.auto.tfvars`: the values Terraform reads for a root module by itself. */
export function isTfvarsFile(file: string): boolean {
  const name = baseName(file).toLowerCase();
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

/** A file of a module's configuration (`.tfvars` hold values, not configuration). */
function isConfiguration(file: string): boolean {
  return /\.(tf|tofu)$/i.test(file.replace(/[?#].*$/, ''));
}

/** Files `terraform init` fetched: module sources only, never a root module of their own. */
function isFetched(dir: string): boolean {
  return /(^|\/)\.terraform(\/|$)/.test(dir);
}

const MODULES_JSON = '/.terraform/modules/modules.json';

interface Linked {
  readonly inputs: readonly ParsedFile[];
  /** What reading each file produced: a relinking after an edit reads only the files it touches. */
  readonly readers: ReaderCache;
  /** The module folders (and modules.json) its instances were read from, as they were. */
  readonly dependencies: ReadonlyMap<string, readonly ParsedFile[]>;
  readonly outputs: readonly ParsedFile[];
  readonly instances: readonly ParsedFile[];
}

/** The last linking of each module folder: reused while none of the files it read changed. */
const cache = new Map<string, Linked>();
/** Folders remembered; past this, the oldest linking is dropped (a workspace rarely has this many modules). */
const MAX_CACHED_FOLDERS = 1000;

interface Folder {
  members: ParsedFile[];
  tfvars: ParsedFile[];
}

/**
 * Every `.tf`/`.tofu` file of a folder is one module: files parsed one by one (cached per file) are
 * read again together, so references, documents, attachments and values resolve across them; module
 * calls whose source is among the files are evaluated as instances (virtual files appended at the end).
 * A module whose files (and the modules it calls) did not change keeps its earlier result; a one-file
 * module without tfvars or calls is its own result. Other files pass through unchanged.
 */
export function linkModules(files: readonly ParsedFile[]): ParsedFile[] {
  const folders = new Map<string, Folder>();
  const modulesJson = new Map<string, ParsedFile>();
  for (const file of files) {
    if (file.file.replace(/\\/g, '/').endsWith(MODULES_JSON)) {
      modulesJson.set(normalizeDir(file.file.replace(/\\/g, '/').slice(0, -MODULES_JSON.length)), file);
      continue;
    }
    if (file.language !== 'terraform' || !sourceOf(file) || file.instance) continue;
    const dir = normalizeDir(dirOf(file.file));
    const folder = folders.get(dir) ?? { members: [], tfvars: [] };
    if (isConfiguration(file.file)) folder.members.push(file);
    else if (isTfvarsFile(file.file)) folder.tfvars.push(file);
    else continue;
    folders.set(dir, folder);
  }
  const sources = moduleSources(folders, modulesJson);
  const replaced = new Map<ParsedFile, ParsedFile>();
  const instances: ParsedFile[] = [];
  for (const [dir, { members, tfvars }] of folders) {
    if (members.length === 0 || isFetched(dir)) continue;
    const calls = members.some((m) => sourceOf(m)!.body.items.some((item) => item.kind === 'block' && item.type === 'module'));
    if (members.length === 1 && tfvars.length === 0 && !calls) continue;
    const inputs = [...members, ...sortTfvars(tfvars)];
    const cached = cache.get(dir);
    let linked = cached && sameFiles(cached.inputs, inputs) && dependenciesHold(cached, sources, modulesJson) ? cached : undefined;
    if (!linked) {
      linked = readFolder(dir, inputs, members, tfvars, sources, modulesJson, cached?.readers);
      cache.delete(dir);
      cache.set(dir, linked);
      if (cache.size > MAX_CACHED_FOLDERS) cache.delete(cache.keys().next().value!);
    }
    members.forEach((member, i) => replaced.set(member, linked!.outputs[i]!));
    instances.push(...linked.instances);
  }
  if (replaced.size === 0 && instances.length === 0) return [...files];
  return [...files.map((file) => replaced.get(file) ?? file), ...instances];
}

function readFolder(
  dir: string,
  inputs: readonly ParsedFile[],
  members: readonly ParsedFile[],
  tfvars: readonly ParsedFile[],
  sources: ModuleSources & { read: Map<string, readonly ParsedFile[]> },
  modulesJson: ReadonlyMap<string, ParsedFile>,
  previous: ReaderCache | undefined,
): Linked {
  const memberSources = members.map((member) => sourceOf(member)!);
  const outputs = new Map<string, Value>();
  const values = { tfvars: assignments(sortTfvars(tfvars)), modules: (name: string) => outputs.get(name) };
  let read = readModuleWith(memberSources, rootModuleContext(dir, values), previous);
  sources.read.clear();
  let instanceFiles: ParsedFile[] = [];
  if (read.reader.instances.length > 0) {
    const evaluated = evaluateCalls(read.reader, { dir, rootDir: dir, keys: [], scope: dir, prefix: '', depth: 0 }, sources, { instances: MAX_INSTANCES });
    instanceFiles = evaluated.files;
    // A second reading sees the instances' outputs (`module.data_key.key_arn` in a policy of the caller).
    if (evaluated.outputs.size > 0) {
      for (const [name, value] of evaluated.outputs) outputs.set(name, value);
      const signature = JSON.stringify([...outputs]);
      read = readModuleWith(memberSources, rootModuleContext(dir, { ...values, signature }), previous);
    }
  }
  const dependencies = new Map(sources.read);
  const json = modulesJson.get(dir);
  if (json) dependencies.set(MODULES_JSON, [json]);
  return { inputs, readers: read.reader.cache, dependencies, outputs: read.files.map((file, i) => rememberSource(withProblemsInText(file), memberSources[i])), instances: instanceFiles };
}

/** The folders on hand as module sources; remembers which were read (the cache depends on them). */
function moduleSources(folders: ReadonlyMap<string, Folder>, modulesJson: ReadonlyMap<string, ParsedFile>): ModuleSources & { read: Map<string, readonly ParsedFile[]> } {
  const fetchedDirs = new Map<string, Map<string, string> | undefined>();
  const read = new Map<string, readonly ParsedFile[]>();
  return {
    read,
    members(dir) {
      const members = folders.get(normalizeDir(dir))?.members;
      read.set(normalizeDir(dir), members ?? []);
      return members;
    },
    fetched(rootDir, key) {
      if (!fetchedDirs.has(rootDir)) fetchedDirs.set(rootDir, readModulesJson(rootDir, modulesJson.get(rootDir)));
      return fetchedDirs.get(rootDir)?.get(key);
    },
  };
}

/**
 * `.terraform/modules/modules.json`: `{"Modules": [{"Key": "data_key", "Dir": ".terraform/modules/data_key"}]}`,
 * directories relative to the root module. Only directories inside the root module are used.
 */
function readModulesJson(rootDir: string, file: ParsedFile | undefined): Map<string, string> | undefined {
  if (!file) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch {
    return undefined;
  }
  const modules = (parsed as { Modules?: unknown })?.Modules;
  if (!Array.isArray(modules)) return undefined;
  const dirs = new Map<string, string>();
  for (const entry of modules) {
    const key = (entry as { Key?: unknown })?.Key;
    const dir = (entry as { Dir?: unknown })?.Dir;
    if (typeof key !== 'string' || key === '' || typeof dir !== 'string') continue;
    const joined = normalizeDir(joinRelative(rootDir, dir.replace(/\\/g, '/')));
    // Never a folder outside the root module (`../../elsewhere`).
    if (dir.replace(/\\/g, '/').split('/').includes('..')) continue;
    dirs.set(key, joined);
  }
  return dirs;
}

function dependenciesHold(linked: Linked, sources: ModuleSources, modulesJson: ReadonlyMap<string, ParsedFile>): boolean {
  for (const [dir, members] of linked.dependencies) {
    if (dir === MODULES_JSON) continue;
    const now = sources.members(dir) ?? [];
    if (!sameFiles(now, members)) return false;
  }
  const json = linked.dependencies.get(MODULES_JSON)?.[0];
  const dir = linked.inputs[0] ? normalizeDir(dirOf(linked.inputs[0].file)) : '';
  return (modulesJson.get(dir) ?? undefined) === json;
}

/** `terraform.tfvars` first, then `*.auto.tfvars` in name order: later assignments win, as in Terraform. */
function sortTfvars(files: readonly ParsedFile[]): ParsedFile[] {
  const rank = (file: ParsedFile) => (baseName(file.file).toLowerCase() === 'terraform.tfvars' ? '' : baseName(file.file));
  return [...files].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

function assignments(files: readonly ParsedFile[]): Map<string, Definition<Expression>> {
  const values = new Map<string, Definition<Expression>>();
  for (const file of files) {
    const source: TerraformSource = sourceOf(file)!;
    for (const item of source.body.items) if (item.kind === 'attribute') values.set(item.name, { value: item.value, source });
  }
  return values;
}

function sameFiles(a: readonly ParsedFile[], b: readonly ParsedFile[]): boolean {
  return a.length === b.length && a.every((file, i) => file === b[i]);
}
