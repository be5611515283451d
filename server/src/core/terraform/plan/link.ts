import type { ParsedFile, ValueNote } from '../../model';
import { dirOf } from '../../paths';
import { LineIndex } from '../../text';
import { sourceOf } from '../source';
import { joinRelative } from './index';

const cache = new WeakMap<ParsedFile, { others: readonly ParsedFile[]; linked: ParsedFile }>();

/**
 * Names each planned resource in the findings inside it: its address, and the `.tf` block that
 * configures it when that file is in the workspace (the plan's folder, or the module's source folder).
 */
export function linkPlans(files: readonly ParsedFile[]): ParsedFile[] {
  if (!files.some((f) => f.planned)) return [...files];
  const terraform = files.filter((f) => sourceOf(f));
  return files.map((file) => {
    if (!file.planned) return file;
    const cached = cache.get(file);
    if (cached && cached.others.length === terraform.length && cached.others.every((f, i) => f === terraform[i])) return cached.linked;
    const linked = { ...file, notes: [...(file.notes ?? []), ...file.planned.map((resource) => note(file.file, resource, terraform))] };
    cache.set(file, { others: terraform, linked });
    return linked;
  });
}

function note(planFile: string, resource: NonNullable<ParsedFile['planned']>[number], terraform: readonly ParsedFile[]): ValueNote {
  const declared = resource.moduleSource === undefined ? undefined : declaration(joinRelative(dirOf(planFile), resource.moduleSource), resource.type, resource.name, terraform);
  const planDir = dirOf(planFile);
  const shown = declared && planDir && declared.file.startsWith(planDir + '/') ? declared.file.slice(planDir.length + 1) : declared?.file;
  return {
    span: resource.span,
    within: resource.span,
    message: declared
      ? { en: `(Planned resource ${resource.address}, configured in ${shown} line ${declared.line}.)`, ja: `(計画されたリソース ${resource.address}。${shown} の ${declared.line} 行目で定義されています。)` }
      : { en: `(Planned resource ${resource.address}.)`, ja: `(計画されたリソース ${resource.address}。)` },
  };
}

function declaration(dir: string, type: string, name: string, terraform: readonly ParsedFile[]): { file: string; line: number } | undefined {
  for (const file of terraform) {
    if (dirOf(file.file) !== dir) continue;
    const source = sourceOf(file)!;
    for (const item of source.body.items) {
      if (item.kind === 'block' && item.type === 'resource' && item.labels[0]?.value === type && item.labels[1]?.value === name) {
        return { file: file.file, line: new LineIndex(source.text).positionAt(item.span.start).line + 1 };
      }
    }
  }
  return undefined;
}
