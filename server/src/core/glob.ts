import picomatch from 'picomatch';

/**
 * Path globs with .gitignore's reading, used by `.keylens.json` (`ignore`, `overrides[].files`)
 * and `keylens check --exclude`:
 * - paths and patterns use `/` and are relative to a base folder (the config file's, or the
 *   current directory); a leading `./` or `/` anchors at that folder and changes nothing else;
 * - a pattern without `/` matches a file or folder name at any depth (`*.tfvars.json`, `fixtures`);
 * - a pattern matching a folder matches everything under it (`test/fixtures`, `build/`);
 * - a trailing `/` matches folders only; `*`, `?`, `[...]`, `{a,b}` and `**` as picomatch reads them.
 */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const tests = patterns.map(compile).filter((t): t is (segments: string[]) => boolean => t !== undefined);
  return (relativePath) => {
    const segments = normalizePath(relativePath).split('/').filter((s) => s !== '' && s !== '.');
    return segments.length > 0 && tests.some((t) => t(segments));
  };
}

export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}

/** Why a glob cannot be used, or undefined when it is fine (the config schema reports these too). */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'an empty pattern matches nothing';
  if (pattern.startsWith('!')) return 'negated patterns ("!...") are not supported; narrow the pattern instead';
  return undefined;
}

function compile(raw: string): ((segments: string[]) => boolean) | undefined {
  if (globProblem(raw)) return undefined;
  let pattern = normalizePath(raw.trim());
  if (pattern.startsWith('/')) pattern = pattern.replace(/^\/+/, '');
  const folderOnly = pattern.endsWith('/');
  pattern = pattern.replace(/\/+$/, '');
  if (pattern === '' || pattern === '**') return () => true;
  const isMatch = picomatch(pattern, { dot: true });
  const anyDepth = !pattern.includes('/');
  return (segments) => {
    // Folders are every proper prefix; the file itself counts unless the pattern names folders only.
    const last = folderOnly ? segments.length - 1 : segments.length;
    if (anyDepth) {
      for (let i = 0; i < last; i++) if (isMatch(segments[i]!)) return true;
      return false;
    }
    let prefix = '';
    for (let i = 0; i < last; i++) {
      prefix = i === 0 ? segments[0]! : `${prefix}/${segments[i]}`;
      if (isMatch(prefix)) return true;
    }
    return false;
  };
}
