import type { ParsedFile, ParseProblem, PObject } from '../model';
import { JsonTemplateEditor } from './edit/jsonTemplateEditor';
import { readTemplate } from './reader';

/** Reads a JSON document already recognized as a template (`isTemplate`); called by the JSON reader. */
export function readJsonTemplate(file: string, text: string, root: PObject, problems: readonly ParseProblem[]): ParsedFile {
  return readTemplate(file, text, root, { language: 'json', editor: (value, place) => new JsonTemplateEditor(text, value, place) }, problems);
}
