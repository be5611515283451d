/** Conditions that tie a wildcard principal to known callers (SPEC §2, kms-key-policy-wildcard-principal). */
export const NARROWING_CONDITION_KEYS = [
  'kms:calleraccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourcevpce',
  'aws:sourcevpc',
];

export function narrowsCaller(conditions: Record<string, Record<string, string[]>>): boolean {
  for (const [operator, block] of Object.entries(conditions)) {
    // A negated operator (`StringNotEquals`) or an `IfExists` one does not pin the caller down.
    if (/Not/.test(operator) || /IfExists$/.test(operator)) continue;
    for (const key of Object.keys(block)) if (NARROWING_CONDITION_KEYS.includes(key.toLowerCase())) return true;
  }
  return false;
}
