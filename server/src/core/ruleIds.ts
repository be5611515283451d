import type { Message, Severity } from './finding';
import { PARSE_ERROR_RULE } from './analyze';
import { editDistance } from './iam/catalog';
import { rules } from './rules/index';

/** A suppression comment that names no rule or a rule that does not exist: it silences nothing. */
export const INVALID_SUPPRESSION_RULE = 'invalid-suppression';

/** What users and tools see of a finding's ruleId: rules, plus the two findings KeyLens itself reports. */
export interface RuleDescriptor {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly summary: Message;
  /** Path of its page in the package (`docs/rules/<id>.md`; `<id>.ja.md` beside it). */
  readonly docs: string;
}

const BUILT_IN: readonly RuleDescriptor[] = [
  {
    id: PARSE_ERROR_RULE,
    defaultSeverity: 'error',
    summary: { en: 'The file cannot be parsed; KeyLens checks what it can read.', ja: 'ファイルを解析できません。読み取れた部分だけを検査します。' },
    docs: `docs/rules/${PARSE_ERROR_RULE}.md`,
  },
  {
    id: INVALID_SUPPRESSION_RULE,
    defaultSeverity: 'warning',
    summary: {
      en: 'A keylens-ignore comment names no rule, or a rule that does not exist, so it silences nothing.',
      ja: 'keylens-ignore コメントにルールが書かれていないか、存在しないルールが書かれているため、何も抑制しません。',
    },
    docs: `docs/rules/${INVALID_SUPPRESSION_RULE}.md`,
  },
];

/** Every ruleId a finding can carry, in SPEC order (rules first). */
export function ruleDescriptors(): readonly RuleDescriptor[] {
  return [...rules.map((rule) => rule.meta), ...BUILT_IN];
}

export function knownRuleIds(): string[] {
  return ruleDescriptors().map((d) => d.id);
}

export function isKnownRuleId(id: string): boolean {
  return ruleDescriptors().some((d) => d.id === id);
}

export function ruleDescriptor(id: string): RuleDescriptor | undefined {
  return ruleDescriptors().find((d) => d.id === id);
}

/** The rule id nearest to a misspelt one (at most a third of its letters off), for "did you mean". */
export function closestRuleId(name: string): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of knownRuleIds()) {
    const distance = editDistance(name.toLowerCase(), id, 40);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.id : undefined;
}
