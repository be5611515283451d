import type { ParsedFile } from '../../model';
import { dirOf } from '../../paths';
import { baseName } from '../../json/index';
import type { Expression } from '../hcl';
import { readModuleWith, rootModuleContext } from '../index';
import { rememberSource, sourceOf, type TerraformSource } from '../source';
import type { Definition } from './environment';

/** `terraform.tfvars` and `*.auto.tfvars`: the values Terraform reads for a root module by itself. */
export function isTfvarsFile(file: string): boolean {
  const name = baseName(file).toLowerCase();
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

/** A file of a module's configuration (`.tfvars` hold values, not configuration). */
function isConfiguration(file: string): boolean {
  return /\.(tf|tofu)$/i.test(file.replace(/[?#].*$/, ''));
}

interface Linked {
  readonly inputs: readonly ParsedFile[];
  readonly outputs: readonly ParsedFile[];
}

/** The last linking of each module, by its first file: reused while none of its files changed. */
const cache = new WeakMap<ParsedFile, Linked>();

/**
 * Every `.tf`/`.tofu` file of a folder is one module: files parsed one by one (cached per file) are
 * read again together, so references, documents, attachments and values resolve across them. Files
 * of a module whose files did not change keep their earlier result; one-file modules without
 * tfvars are their own result. Other files pass through unchanged.
 */
export function linkModules(files: readonly ParsedFile[]): ParsedFile[] {
  const folders = new Map<string, { members: ParsedFile[]; tfvars: ParsedFile[] }>();
  for (const file of files) {
    if (file.language !== 'terraform' || !sourceOf(file)) continue;
    const dir = dirOf(file.file);
    const folder = folders.get(dir) ?? { members: [], tfvars: [] };
    if (isConfiguration(file.file)) folder.members.push(file);
    else if (isTfvarsFile(file.file)) folder.tfvars.push(file);
    else continue;
    folders.set(dir, folder);
  }
  const replaced = new Map<ParsedFile, ParsedFile>();
  for (const [dir, { members, tfvars }] of folders) {
    if (members.length === 0 || (members.length === 1 && tfvars.length === 0)) continue;
    const inputs = [...members, ...sortTfvars(tfvars)];
    const cached = cache.get(members[0]!);
    let outputs = cached && sameFiles(cached.inputs, inputs) ? cached.outputs : undefined;
    if (!outputs) {
      outputs = readFolder(dir, members, tfvars);
      cache.set(members[0]!, { inputs, outputs });
    }
    members.forEach((member, i) => replaced.set(member, outputs![i]!));
  }
  return replaced.size === 0 ? [...files] : files.map((file) => replaced.get(file) ?? file);
}

function readFolder(dir: string, members: readonly ParsedFile[], tfvars: readonly ParsedFile[]): ParsedFile[] {
  const sources = members.map((member) => sourceOf(member)!);
  const { files } = readModuleWith(sources, rootModuleContext(dir, { tfvars: assignments(sortTfvars(tfvars)) }));
  return files.map((file, i) => rememberSource(file, sources[i]));
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
