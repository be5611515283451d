import { basename, relative, sep } from 'node:path';
import { localize } from '../core/finding';
import { globMatcher } from '../core/glob';
import { languageOf } from '../core/parse';
import { CONFIG_FILE, ConfigLocator, formatConfigProblem } from '../node/configFiles';
import type { CheckOptions } from './checkOptions';
import { loadFiles, resolvePath, type LoadResult } from './files';
import { EXIT_USAGE, type CliIo } from './io';

export interface Inputs {
  readonly configs: ConfigLocator;
  readonly loaded: LoadResult;
  /** Some path was missing, unreadable or held nothing to check: exit 2 whatever the findings. */
  readonly incomplete: boolean;
}

/**
 * What `keylens check` reads: the files under the paths minus `--exclude` and the configurations'
 * `ignore` (KeyLens's own configuration and baseline are never inputs), each problem said on
 * stderr. A configuration with problems stops the run (exit 2) before anything is checked.
 */
export async function loadInputs(options: CheckOptions, io: CliIo): Promise<Inputs | { readonly exit: number }> {
  const say = (en: string, ja: string) => localize({ en, ja }, options.locale);
  const cwd = io.cwd;
  const configs = new ConfigLocator();
  const excluded = globMatcher(options.exclude);
  const shown = (absolute: string) => relative(cwd, absolute) || '.';
  const baselineFile = options.baseline && resolvePath(cwd, options.baseline.file);
  const loaded = await loadFiles(options.paths, {
    cwd,
    own: (absolute) => absolute === baselineFile || basename(absolute) === CONFIG_FILE,
    skip: (_path, absolute) => {
      if (options.exclude.length > 0 && excluded(relative(cwd, absolute).split(sep).join('/'))) return say('matches --exclude', '--exclude に一致');
      const config = configs.configFor(absolute);
      if (config && configs.settingsFor(absolute)?.ignored) return say(`ignored by ${shown(config.file)}`, `${shown(config.file)} で除外`);
      return undefined;
    },
  });

  const broken = configs.found().filter((c) => c.problems.length > 0);
  if (broken.length > 0) {
    for (const config of broken) {
      for (const problem of config.problems) io.stderr(`keylens check: ${formatConfigProblem(shown(config.file), problem, localize(problem.message, options.locale))}\n`);
    }
    io.stderr(say('keylens check: fix the configuration above; nothing was checked.\n', 'keylens check: 上記の設定を直してください。検査は行っていません。\n'));
    return { exit: EXIT_USAGE };
  }
  for (const { path, reason } of loaded.unreadable) io.stderr(`keylens check: ${say(`cannot read ${path}: ${reason}`, `${path} を読み取れません: ${reason}`)}\n`);
  const looked = readExtensions().map((e) => `*${e}`).join(', ');
  for (const path of loaded.empty) {
    io.stderr(`keylens check: ${say(`no files to check in ${path} (looked for ${looked})`, `${path} に検査対象のファイルがありません (${looked})`)}\n`);
  }
  for (const { path, reason } of loaded.skipped.filter((s) => s.explicit)) io.stderr(`keylens check: ${say(`skipped ${path}: ${reason}`, `${path} をスキップ: ${reason}`)}\n`);
  return { configs, loaded, incomplete: loaded.unreadable.length > 0 || loaded.empty.length > 0 };
}

/** The file name endings `keylens check` reads when walking a folder (as the parser knows them). */
function readExtensions(): string[] {
  return ['.json', '.jsonc', '.tf', '.tofu', '.yaml', '.yml', '.template'].filter((extension) => languageOf(`file${extension}`) !== undefined);
}
