import type { ParsedFile, ParseProblem } from './model';

/** A file in which KeyLens understood nothing (yet): the base every parser's result is built on. */
export function emptyParsedFile(file: string, text: string, language: ParsedFile['language'], problems: readonly ParseProblem[] = []): ParsedFile {
  return { file, text, language, policies: [], encryption: [], keys: [], aliases: [], grants: [], attachments: [], memberships: [], problems };
}

/** Problem spans stay inside the text (an error "at the end" must not point one past it). */
export function withProblemsInText(parsed: ParsedFile): ParsedFile {
  const length = parsed.text.length;
  if (parsed.problems.every((p) => p.span.end <= length)) return parsed;
  return {
    ...parsed,
    problems: parsed.problems.map((p) =>
      p.span.end <= length ? p : { ...p, span: { start: Math.min(p.span.start, length), end: length } },
    ),
  };
}
