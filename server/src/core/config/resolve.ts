import { deriveFinding, type Finding, type SeveritySetting } from '../finding';
import { globMatcher } from '../glob';
import type { ConfigData } from './parse';

/** What a configuration says about one file. */
export interface FileSettings {
  /** The file is in `ignore`: not checked, and not read as context for other files. */
  readonly ignored: boolean;
  /** Severities from `rules` with every matching override applied in order. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}

/** A configuration with its globs compiled once, asked about files by their path relative to its folder. */
export class CompiledConfig {
  private readonly ignored: (path: string) => boolean;
  private readonly overrides: { readonly matches: (path: string) => boolean; readonly rules: Readonly<Record<string, SeveritySetting>> }[];

  constructor(readonly data: ConfigData) {
    this.ignored = globMatcher(data.ignore);
    this.overrides = data.overrides.map((o) => ({ matches: globMatcher(o.files), rules: o.rules }));
  }

  settingsFor(relativePath: string): FileSettings {
    let rules: Record<string, SeveritySetting> = { ...this.data.rules };
    for (const override of this.overrides) if (override.matches(relativePath)) rules = { ...rules, ...override.rules };
    return { ignored: this.ignored(relativePath), rules };
  }
}

/**
 * Gives each finding the severity its file's settings name for its rule, dropping those set to
 * `off`. `rulesOf` merges whatever applies to the file (configuration, then the editor's settings
 * or `--rule` on top); undefined keeps the rule's own severity.
 */
export function applySeverities(findings: readonly Finding[], rulesOf: (file: string) => Readonly<Record<string, SeveritySetting>> | undefined): Finding[] {
  const cache = new Map<string, Readonly<Record<string, SeveritySetting>> | undefined>();
  const result: Finding[] = [];
  for (const finding of findings) {
    if (!cache.has(finding.file)) cache.set(finding.file, rulesOf(finding.file));
    const setting = cache.get(finding.file)?.[finding.ruleId];
    if (setting === 'off') continue;
    result.push(setting === undefined || setting === finding.severity ? finding : deriveFinding(finding, { severity: setting }));
  }
  return result;
}
