import type { SourceLanguage } from './model';

/**
 * Words only a document KeyLens reads would hold: a policy's `Statement`, an S3 encryption rule,
 * saved `list-grants` output, a CloudFormation template, a Terraform plan.
 */
const POLICY_MARKERS = new RegExp(
  [
    String.raw`\bstatement\b["']?\s*:`,
    'applyserversideencryptionbydefault',
    'granteeprincipal',
    'awstemplateformatversion',
    String.raw`\btype\b["']?\s*:\s*["']?aws::`,
    String.raw`aws::serverless-`,
    String.raw`"planned_values"\s*:`,
    String.raw`"resource_changes"\s*:`,
  ].join('|'),
  'i',
);

/**
 * Whether a file that does not parse should still be reported as a parse error when it was only
 * found by walking a folder: Terraform always is; a broken JSON or YAML file only when it looks like
 * it holds a policy (a broken fixture or lock file next to the policies is not KeyLens's business).
 */
export function looksLikePolicy(language: SourceLanguage, text: string): boolean {
  return language === 'terraform' || POLICY_MARKERS.test(text);
}
