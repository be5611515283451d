import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The folder of the bundled rule pages: `docs/rules/` of the installed package (beside `dist/`,
 * in the npm package and the .vsix alike), or of the source tree when running from sources.
 */
export function ruleDocsFolder(): string | undefined {
  // __filename rather than __dirname: tsx sets only the former when an ES module imports this file.
  const here = dirname(__filename);
  const candidates = [join(here, '..', '..', 'docs', 'rules'), join(here, '..', '..', '..', 'docs', 'rules')];
  return candidates.find((folder) => existsSync(join(folder, 'parse-error.md')));
}

/** The bundled page of a rule: the Japanese one for a Japanese locale when it exists, else English. */
export function rulePagePath(ruleId: string, locale?: string): string | undefined {
  const folder = ruleDocsFolder();
  if (!folder || !RULE_ID.test(ruleId)) return undefined;
  const names = locale?.toLowerCase().startsWith('ja') ? [`${ruleId}.ja.md`, `${ruleId}.md`] : [`${ruleId}.md`];
  return names.map((name) => join(folder, name)).find((path) => existsSync(path));
}

export function readRulePage(ruleId: string, locale?: string): string | undefined {
  const path = rulePagePath(ruleId, locale);
  try {
    return path ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
