import type { ParsedFile } from '../model';
import { dirOf, normalizeDir } from '../paths';
import { ModuleReader, type FileReading, type ModuleContext, type ReaderCache } from './module/reader';
import { parseSource, rememberSource, type TerraformSource } from './source';

export { parseHcl } from './hcl';

/**
 * Reads a Terraform file on its own (a module of one file): policies, which resource each belongs
 * to (SPEC §1), and the keys, aliases, grants and bucket encryption declared. The parse is kept with
 * the result, so `linkModules` can read the file again together with the rest of its folder.
 * Never throws; HCL problems become parse problems and everything else still parses.
 */
export function parseTerraform(file: string, text: string): ParsedFile {
  const source = parseSource(file, text);
  return rememberSource(readModule([source], rootModuleContext(normalizeDir(dirOf(file))))[0]!, source);
}

/** How a folder of `.tf` files is read as a root module: literal values only, resources named in the folder. */
export function rootModuleContext(dir: string, values: ModuleContext['values'] = {}): ModuleContext {
  return { scope: dir, mode: 'literal', values, addressPrefix: '', fileOf: (source) => source.file };
}

/** Reads sources as one module: one ParsedFile per source, in order (the reader too, for its module calls and outputs). */
export function readModule(sources: readonly TerraformSource[], context: ModuleContext): ParsedFile[] {
  return readModuleWith(sources, context).files;
}

export function readModuleWith(
  sources: readonly TerraformSource[],
  context: ModuleContext,
  previous?: ReaderCache,
): { files: ParsedFile[]; reader: ModuleReader; readings: ReadonlyMap<string, FileReading> } {
  const reader = new ModuleReader(sources, context);
  const readings = reader.read(previous);
  const files = sources.map((source) => parsedFile(source, context.fileOf(source), readings.get(source.file)!));
  return { files, reader, readings };
}

function parsedFile(source: TerraformSource, file: string, reading: FileReading): ParsedFile {
  return {
    file,
    text: source.text,
    language: 'terraform',
    policies: reading.policies,
    encryption: reading.encryption,
    keys: reading.keys,
    aliases: reading.aliases,
    grants: reading.grants,
    attachments: reading.attachments,
    memberships: reading.memberships,
    problems: [...source.problems, ...reading.problems],
    ...(reading.notes.length ? { notes: reading.notes } : {}),
  };
}
