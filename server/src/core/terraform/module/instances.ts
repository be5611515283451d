import type { ModuleInstance, ParsedFile } from '../../model';
import { normalizeDir } from '../../paths';
import type { Span } from '../../text';
import type { Value } from '../eval/value';
import { readModuleWith } from '../index';
import { joinRelative } from '../plan/index';
import { sourceOf } from '../source';
import type { CallInstance, ModuleReader } from './reader';

/** Module calls inside module calls are followed this deep. */
export const MAX_MODULE_DEPTH = 4;
/** Instances evaluated for one root module, nested ones included. */
export const MAX_INSTANCES = 50;

/** The module folders a linking can read: files already given (no disk, no network). */
export interface ModuleSources {
  /** The configuration files of a folder (normalized path), when any were given. */
  members(dir: string): readonly ParsedFile[] | undefined;
  /** The folder `terraform init` fetched a module to (`.terraform/modules/modules.json` of the root module). */
  fetched(rootDir: string, key: string): string | undefined;
}

/** Where a module's code is being evaluated from. */
export interface Caller {
  /** The folder of the calling module's files (normalized). */
  readonly dir: string;
  /** The root module's folder: where `.terraform/modules/modules.json` is. */
  readonly rootDir: string;
  /** The calls from the root down to this module (`modules.json` keys: `outer.inner`). */
  readonly keys: readonly string[];
  /** The calling module's resource scope and address prefix (`module.outer.` or ''). */
  readonly scope: string;
  readonly prefix: string;
  readonly depth: number;
}

export interface Evaluated {
  /** Virtual files of every instance (nested ones too). */
  readonly files: ParsedFile[];
  /** `module.NAME` → that call's outputs, for the caller to read. */
  readonly outputs: Map<string, Value>;
  /** The module folders read. */
  readonly dirs: Set<string>;
}

/**
 * Evaluates the instances a module's calls make: each module folder on hand is read again as that
 * instance, its variables taking the call's inputs (resource references stay the caller's), its own
 * resources in a scope of their own. Bounded in depth and count; a source not on hand is skipped.
 */
export function evaluateCalls(reader: ModuleReader, caller: Caller, sources: ModuleSources, budget: { instances: number }): Evaluated {
  const result: Evaluated = { files: [], outputs: new Map(), dirs: new Set() };
  if (caller.depth >= MAX_MODULE_DEPTH) return result;
  for (const instance of reader.instances) {
    if (budget.instances <= 0) break;
    const key = [...caller.keys, instance.call.name].join('.');
    const dir = sources.fetched(caller.rootDir, key) ?? (instance.source && isLocalSource(instance.source) ? normalizeDir(joinRelative(caller.dir, instance.source)) : undefined);
    const members = dir !== undefined ? sources.members(dir) : undefined;
    if (!dir || !members || members.length === 0) continue;
    budget.instances--;
    result.dirs.add(dir);
    const evaluated = evaluateInstance(instance, dir, members, caller, sources, budget);
    result.files.push(...evaluated.files);
    for (const d of evaluated.dirs) result.dirs.add(d);
    // `module.NAME.output` in the caller: the first instance's outputs (a for_each's items differ; rarely referenced one by one).
    if (!result.outputs.has(instance.call.name)) result.outputs.set(instance.call.name, evaluated.outputs);
  }
  return result;
}

function evaluateInstance(
  instance: CallInstance,
  dir: string,
  members: readonly ParsedFile[],
  caller: Caller,
  sources: ModuleSources,
  budget: { instances: number },
): { files: ParsedFile[]; outputs: Value; dirs: Set<string> } {
  const address = `${caller.prefix}${instance.address}`;
  const scope = `${caller.scope}>${instance.address}`;
  const moduleSources = members.map((m) => sourceOf(m)!);
  const outputs = new Map<string, Value>();
  const context = {
    scope,
    mode: 'full' as const,
    values: { inputs: instance.inputs, modules: (name: string) => outputs.get(name) },
    addressPrefix: `${address}.`,
    fileOf: (source: { file: string }) => `${source.file}#${address}`,
  };
  let read = readModuleWith(moduleSources, context);
  const inner: Caller = { dir, rootDir: caller.rootDir, keys: [...caller.keys, instance.call.name], scope, prefix: `${address}.`, depth: caller.depth + 1 };
  const nested = evaluateCalls(read.reader, inner, sources, budget);
  if (nested.outputs.size > 0) {
    for (const [name, value] of nested.outputs) outputs.set(name, value);
    read = readModuleWith(moduleSources, context);
  }
  const call = { file: instance.call.file, span: header(instance.call.block) };
  const argumentsOf = new Map([...instance.inputs].map(([name, input]) => [name, { file: input.file, span: input.span }]));
  const files = read.files.map((file, i): ParsedFile => {
    const info: ModuleInstance = { address, moduleFile: moduleSources[i]!.file, call, arguments: argumentsOf, reads: read.readings.get(moduleSources[i]!.file)!.reads };
    return { ...file, instance: info };
  });
  return { files: [...files, ...nested.files], outputs: read.reader.outputs(), dirs: nested.dirs };
}

/** `module "x"`: where findings with no better place in the call go. */
function header(block: { typeSpan: Span; labels: readonly { span: Span }[] }): Span {
  const last = block.labels[block.labels.length - 1];
  return { start: block.typeSpan.start, end: last ? last.span.end : block.typeSpan.end };
}

/** `./x`, `../x`: a module in the same repository (anything else is fetched by `terraform init`). */
function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source.startsWith('.\\') || source.startsWith('..\\');
}
