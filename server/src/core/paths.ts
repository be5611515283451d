/** The folder part of a file path or uri (`a/b/main.tf` → `a/b`); a query or fragment is not part of it. */
export function dirOf(file: string): string {
  const cleaned = file.replace(/[?#].*$/, '');
  const slash = Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\'));
  return slash >= 0 ? cleaned.slice(0, slash) : '';
}

/** Paths compared with forward slashes (Windows paths from the CLI), without a trailing one. */
export function normalizeDir(dir: string): string {
  return dir.replace(/\\/g, '/').replace(/\/+$/, '');
}
