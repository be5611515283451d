import type { ParsedFile, ParseProblem } from './model';

/** A file in which KeyLens understood nothing (yet): the base every parser's result is built on. */
export function emptyParsedFile(file: string, text: string, language: ParsedFile['language'], problems: readonly ParseProblem[] = []): ParsedFile {
  return { file, text, language, policies: [], encryption: [], keys: [], aliases: [], grants: [], attachments: [], memberships: [], problems };
}
