import { analyze } from './analyze';
import { applySeverities } from './config/resolve';
import type { Finding, SeveritySetting } from './finding';
import type { ActionCatalog } from './iam/catalog';
import type { ParsedFile } from './model';
import { applySuppressions } from './suppressions/index';

export interface ConfiguredAnalysis {
  readonly catalog: ActionCatalog;
  readonly targets?: ReadonlySet<string>;
  /** Settings that win over every configuration file: the editor's `keylens.rules`, `--rule`. */
  readonly overrides: Readonly<Record<string, SeveritySetting>>;
  /** The severities the nearest configuration gives a file's findings (undefined: none applies). */
  readonly configured: (file: string) => Readonly<Record<string, SeveritySetting>> | undefined;
}

/**
 * The engine's findings with what the user configured applied, the same in the editor and in CI:
 * suppression comments mark findings, then each file's configuration sets severities with the
 * overrides on top (`off` drops a finding). Rules an override turns off are not run at all.
 */
export function analyzeConfigured(files: readonly ParsedFile[], options: ConfiguredAnalysis): Finding[] {
  const off = Object.fromEntries(Object.entries(options.overrides).filter(([, s]) => s === 'off'));
  const findings = applySuppressions(analyze(files, { catalog: options.catalog, severities: off, targets: options.targets }), files, options.targets);
  return applySeverities(findings, (file) => ({ ...options.configured(file), ...options.overrides }));
}
