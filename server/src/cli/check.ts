import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprintInput } from '../core/baseline/fingerprint';
import { analyzeConfigured } from '../core/configured';
import { localize, type Severity } from '../core/finding';
import { loadCatalog } from '../node/catalog';
import { fingerprintOf, newSince, readBaseline, writeBaseline } from './baseline';
import { CHECK_USAGE, parseCheckArgs, type CheckOptions } from './checkOptions';
import { resolvePath } from './files';
import { checkedLine, formatJson, formatText, locator, type CheckSummary, type Reported } from './format';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io';
import { projectPath, projectRoot } from './projectPaths';
import { formatSarif } from './sarif';
import { fixInPasses } from './fix';
import { loadInputs } from './inputs';
import type { ParsedFile } from '../core/model';

export { CHECK_USAGE, parseCheckArgs };

declare const KEYLENS_VERSION: string | undefined;

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** `keylens check`: SPEC §3 and §5. */
export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  let options: CheckOptions;
  try {
    options = parseCheckArgs(args, io.env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`keylens check: ${error.message}\nRun "keylens check --help" for the options.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (options.help) {
    io.stdout(CHECK_USAGE + '\n');
    return EXIT_OK;
  }
  const say = (en: string, ja: string) => localize({ en, ja }, options.locale);
  const cwd = io.cwd;
  const inputs = await loadInputs(options, io);
  if ('exit' in inputs) return inputs.exit;
  const { configs, loaded, incomplete } = inputs;

  const analyzeAll = (files: readonly ParsedFile[]) =>
    analyzeConfigured(files, { catalog: loadCatalog(), overrides: options.severities, configured: (file) => configs.settingsFor(resolvePath(cwd, file))?.rules });
  let files: readonly ParsedFile[] = loaded.files;
  let findings = analyzeAll(files);
  if (options.fix) {
    const fixed = await fixInPasses(files, findings, analyzeAll, io, options);
    if (!fixed) return EXIT_USAGE;
    ({ files, findings } = fixed);
  }
  const root = projectRoot(cwd);
  const parsed = new Map(files.map((f) => [f.file, f]));
  const rangeOf = locator(new Map(files.map((f) => [f.file, f.text])));
  const pathOf = (file: string) => projectPath(root, cwd, file);
  const reported: Reported[] = findings.map((finding) => ({
    finding,
    range: rangeOf(finding),
    fingerprint: fingerprintOf(fingerprintInput(finding, parsed.get(finding.file), pathOf(finding.file))),
  }));
  const open = reported.filter((r) => !r.finding.suppression);
  const suppressed = reported.filter((r) => r.finding.suppression);
  const policies = files.reduce((n, f) => n + f.policies.length, 0);
  const summaryOf = (baselined: number): CheckSummary => ({ files: files.length, policies, suppressed: suppressed.length, baselined, skipped: loaded.skipped.length, incomplete });

  if (options.baseline?.mode === 'write') {
    if (incomplete) {
      io.stderr(say('keylens check: the baseline was not written because some input could not be read.\n', 'keylens check: 読み取れない入力があるため、ベースラインを書き込みませんでした。\n'));
      return EXIT_USAGE;
    }
    const target = resolvePath(cwd, options.baseline.file);
    await writeBaseline(target, open, (r) => pathOf(r.finding.file));
    io.stdout(`${say(`recorded ${open.length} finding${open.length === 1 ? '' : 's'} in ${options.baseline.file}`, `${open.length} 件の検出結果を ${options.baseline.file} に記録しました`)}\n${localize(checkedLine(summaryOf(0)), options.locale)}\n`);
    return EXIT_OK;
  }

  let fresh = open;
  let baselined = 0;
  if (options.baseline?.mode === 'compare') {
    const read = await readBaseline(resolvePath(cwd, options.baseline.file));
    if (!read.ok) {
      io.stderr(`keylens check: ${localize(read.message, options.locale)}\n`);
      return EXIT_USAGE;
    }
    ({ fresh, known: baselined } = newSince(open, read.baseline));
  }

  const listed = options.includeSuppressed ? [...fresh, ...suppressed].sort(bySpan) : fresh;
  const version = typeof KEYLENS_VERSION === 'string' ? KEYLENS_VERSION : '0.0.0-dev';
  if (options.format === 'json') io.stdout(formatJson(listed, options.locale) + '\n');
  else if (options.format === 'sarif') {
    io.stdout(
      formatSarif([...fresh, ...suppressed].sort(bySpan), {
        locale: options.locale,
        version,
        docsUrl: options.docsUrl,
        uriOf: pathOf,
        rootUri: pathToFileURL(root + sep).href,
        baselined: options.baseline?.mode === 'compare',
      }) + '\n',
    );
  } else {
    const color = !io.env.NO_COLOR && io.env.FORCE_COLOR !== '0' && process.stdout.isTTY === true;
    io.stdout(formatText(listed, summaryOf(baselined), options.locale, color) + '\n');
  }

  if (incomplete) return EXIT_USAGE;
  return fresh.some((r) => RANK[r.finding.severity] >= RANK[options.failOn]) ? EXIT_FINDINGS : EXIT_OK;
}

function bySpan(a: Reported, b: Reported): number {
  return a.finding.file < b.finding.file ? -1 : a.finding.file > b.finding.file ? 1 : a.finding.span.start - b.finding.span.start;
}
