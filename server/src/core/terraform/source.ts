import type { ParsedFile, ParseProblem } from '../model';
import type { Layout } from './edit/render';
import { detectLayout } from './edit/hclEdits';
import { parseHcl, type Body } from './hcl';

/**
 * One Terraform file as parsed once: the HCL tree and its problems. Module linking reads these again
 * for every file of a module without parsing anything a second time.
 */
export interface TerraformSource {
  readonly file: string;
  readonly text: string;
  readonly body: Body;
  readonly problems: readonly ParseProblem[];
  readonly layout: Layout;
}

export function parseSource(file: string, text: string): TerraformSource {
  const { body, problems } = parseHcl(text);
  return {
    file,
    text,
    body,
    problems: problems.map((p): ParseProblem => ({ message: { en: p.message, ja: p.messageJa }, span: p.span })),
    layout: detectLayout(text),
  };
}

const sources = new WeakMap<ParsedFile, TerraformSource>();

/** The parse a ParsedFile was read from (Terraform files made by parseFile only). */
export function sourceOf(parsed: ParsedFile): TerraformSource | undefined {
  return sources.get(parsed);
}

/** Ties a ParsedFile (or a copy of one) to its parse, so linking can find it. */
export function rememberSource<T extends ParsedFile>(parsed: T, source: TerraformSource | undefined): T {
  if (source) sources.set(parsed, source);
  return parsed;
}
