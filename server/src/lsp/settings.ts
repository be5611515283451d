import type { SeveritySetting } from '../core/finding';

/** The `keylens` configuration section (SPEC §4). */
export interface KeyLensSettings {
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly aws: { readonly profile?: string; readonly region?: string; readonly endpointUrl?: string };
  readonly live: { readonly enabled: boolean };
  /** "Explain access" lenses above key ARNs and `aws_kms_key` blocks. */
  readonly codeLens: { readonly enabled: boolean };
  /** Which files get diagnostics: every policy file of the workspace (default), or open ones only. */
  readonly diagnostics: { readonly scope: DiagnosticsScope };
}

export type DiagnosticsScope = 'workspace' | 'openFiles';

export const defaultSettings: KeyLensSettings = { rules: {}, aws: {}, live: { enabled: false }, codeLens: { enabled: true }, diagnostics: { scope: 'workspace' } };

const SEVERITIES = new Set<SeveritySetting>(['off', 'hint', 'info', 'warning', 'error']);
/** Spellings other tools use, accepted so a copied configuration still works. */
const ALIASES: Record<string, SeveritySetting> = { information: 'info', warn: 'warning', none: 'off', ignore: 'off' };

/**
 * Reads whatever the client sent for `keylens` into settings; invalid parts are reported through
 * `warn` and ignored, never thrown.
 */
export function readSettings(raw: unknown, warn: (message: string) => void = () => {}): KeyLensSettings {
  if (raw === null || raw === undefined) return defaultSettings;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warn(`keylens settings: expected an object, got ${typeof raw}`);
    return defaultSettings;
  }
  const section = raw as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  const rawRules = section.rules;
  if (rawRules && typeof rawRules === 'object' && !Array.isArray(rawRules)) {
    for (const [ruleId, value] of Object.entries(rawRules as Record<string, unknown>)) {
      const severity = typeof value === 'string' ? normalizeSeverity(value) : undefined;
      if (severity) rules[ruleId] = severity;
      else warn(`keylens.rules.${ruleId}: expected one of off, hint, info, warning, error; got ${JSON.stringify(value)}`);
    }
  } else if (rawRules !== undefined && rawRules !== null) {
    warn('keylens.rules: expected an object mapping rule ids to severities');
  }
  const aws = objectOrEmpty(section.aws);
  const live = objectOrEmpty(section.live);
  const codeLens = objectOrEmpty(section.codeLens);
  const diagnostics = objectOrEmpty(section.diagnostics);
  if (diagnostics.scope !== undefined && diagnostics.scope !== 'workspace' && diagnostics.scope !== 'openFiles') {
    warn(`keylens.diagnostics.scope: expected "workspace" or "openFiles", got ${JSON.stringify(diagnostics.scope)}`);
  }
  return {
    rules,
    aws: {
      profile: nonEmptyString(aws.profile),
      region: nonEmptyString(aws.region),
      endpointUrl: nonEmptyString(aws.endpointUrl),
    },
    live: { enabled: live.enabled === true },
    codeLens: { enabled: codeLens.enabled !== false },
    diagnostics: { scope: diagnostics.scope === 'openFiles' ? 'openFiles' : 'workspace' },
  };
}

function normalizeSeverity(value: string): SeveritySetting | undefined {
  const lower = value.trim().toLowerCase();
  if (SEVERITIES.has(lower as SeveritySetting)) return lower as SeveritySetting;
  return ALIASES[lower];
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function sameSeverities(a: KeyLensSettings, b: KeyLensSettings): boolean {
  const aKeys = Object.keys(a.rules);
  if (aKeys.length !== Object.keys(b.rules).length) return false;
  return aKeys.every((key) => a.rules[key] === b.rules[key]);
}
