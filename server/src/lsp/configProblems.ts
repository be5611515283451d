import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspaceFolder } from 'vscode-languageserver';
import { localize } from '../core/finding';
import { formatConfigProblem, type LocatedConfig } from '../node/configFiles';

/** One notification for a broken configuration: each problem as `file:line:col: message`, and what happens meanwhile. */
export function describeConfigProblems(config: LocatedConfig, folders: readonly WorkspaceFolder[], locale: string | undefined): string {
  const shown = shortPath(config.file, folders);
  const problems = config.problems.map((p) => formatConfigProblem(shown, p, localize(p.message, locale)));
  const tail = localize(
    {
      en: 'Files under it are checked with the default severities until it is fixed.',
      ja: '直るまで、その下のファイルは既定の重大度で検査します。',
    },
    locale,
  );
  return `KeyLens: ${problems.join('; ')}. ${tail}`;
}

function shortPath(file: string, folders: readonly WorkspaceFolder[]): string {
  for (const folder of folders) {
    if (!folder.uri.startsWith('file:')) continue;
    const rel = relative(fileURLToPath(folder.uri), file);
    if (!rel.startsWith('..')) return rel;
  }
  return file;
}
