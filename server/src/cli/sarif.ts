import { localize, type Severity } from '../core/finding';
import { ruleDescriptors, type RuleDescriptor } from '../core/ruleIds';
import { readRulePage } from '../node/ruleDocs';
import { SARIF_FINGERPRINT_KEY } from './baseline';
import { publishedRuleUrl } from './checkOptions';
import type { Reported } from './format';

export interface SarifOptions {
  readonly locale: string;
  readonly version: string;
  /** Where rule pages are published (`--docs-url`); without it no result links anywhere. */
  readonly docsUrl?: string;
  /** A result's file as a `/`-separated path under the project root (see projectPaths.ts). */
  readonly uriOf: (file: string) => string;
  /** The project root as a file: URI, for `originalUriBaseIds`. */
  readonly rootUri: string;
  /** A baseline was applied: every result shown is new. */
  readonly baselined: boolean;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * GitHub code scanning's 0.1–10 scale (critical ≥ 9, high ≥ 7, medium ≥ 4, low below), from the
 * rule's default severity; GitHub reads it only for rules tagged "security".
 */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0', hint: '1.0' };

/** Findings KeyLens reports about its own input, not about access: no security severity. */
const NOT_SECURITY = new Set(['parse-error', 'invalid-suppression']);

/**
 * SARIF 2.1.0 for code scanning: every rule with its bundled page as `help`, `helpUri` only when a
 * published location is configured, fingerprints that survive line moves, and suppressed findings
 * as results with `suppressions` (justification = the comment's reason). Columns are UTF-16.
 */
export function formatSarif(reported: readonly Reported[], options: SarifOptions): string {
  const descriptors = ruleDescriptors();
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'KeyLens',
            version: options.version,
            semanticVersion: options.version,
            // The published pages' folder, when `--docs-url` names one (a `{rule}` template names pages only).
            ...(options.docsUrl && !options.docsUrl.includes('{rule}') ? { informationUri: options.docsUrl } : {}),
            rules: descriptors.map((d) => ruleObject(d, options)),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: options.rootUri } },
        columnKind: 'utf16CodeUnits',
        results: reported.map(({ finding: f, range, fingerprint }) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: SARIF_LEVEL[f.severity],
          message: { text: localize(f.message, options.locale) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeUri(options.uriOf(f.file)), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: range.start.line + 1,
                  startColumn: range.start.character + 1,
                  endLine: range.end.line + 1,
                  endColumn: range.end.character + 1,
                },
              },
            },
          ],
          partialFingerprints: { [SARIF_FINGERPRINT_KEY]: fingerprint },
          ...(options.baselined ? { baselineState: 'new' } : {}),
          ...(f.suppression
            ? { suppressions: [{ kind: 'inSource', status: 'accepted', ...(f.suppression.justification ? { justification: f.suppression.justification } : {}) }] }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

function ruleObject(rule: RuleDescriptor, options: SarifOptions) {
  const summary = localize(rule.summary, options.locale);
  const page = readRulePage(rule.id, options.locale);
  const markdown = page ? resolveLinks(page, options.docsUrl) : summary;
  const helpUri = options.docsUrl ? publishedRuleUrl(options.docsUrl, options.locale.toLowerCase().startsWith('ja') ? `${rule.id}.ja` : rule.id) : undefined;
  const security = !NOT_SECURITY.has(rule.id);
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase()),
    shortDescription: { text: summary },
    fullDescription: { text: summary },
    ...(helpUri ? { helpUri } : {}),
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
    properties: {
      tags: security ? ['security', 'aws', 'kms'] : ['correctness'],
      ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.defaultSeverity], precision: 'high' } : {}),
    },
  };
}

/**
 * Links between bundled pages (`other-rule.md`) point at the published copy when there is one;
 * otherwise they become plain text (a relative link means nothing on a code scanning page).
 */
function resolveLinks(markdown: string, docsUrl: string | undefined): string {
  return markdown.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, text: string, target: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return whole;
    const page = /^(?:\.\/)?([a-z0-9.-]+)\.md(#.*)?$/i.exec(target);
    if (docsUrl && page) return `[${text}](${publishedRuleUrl(docsUrl, page[1]!)}${page[2] ?? ''})`;
    return text;
  });
}

/** The page without Markdown's link and emphasis syntax, for viewers that show `help.text`. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*([\s\S]+?)\*\*/g, '$1')
    .replace(/^#+\s*/gm, '');
}

function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
