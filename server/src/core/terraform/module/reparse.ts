import type { ParsedFile } from '../../model';
import { parseFile } from '../../parse';
import { linkModules } from './link';

/**
 * A file parsed again after an edit, as its module sees it: parsed, put in place of the old one,
 * and linked with the other files (editors that edit in steps find their policy again this way).
 */
export function reparseLinked(files: readonly ParsedFile[], file: string, text: string, language: ParsedFile['language']): ParsedFile | undefined {
  const parsed = parseFile(file, text, language);
  const others = files.filter((f) => f.file !== file && !f.instance);
  return linkModules([parsed, ...others]).find((f) => f.file === file);
}
