import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/finding';
import { localize } from '../core/finding';
import type { LineIndex } from '../core/text';
import { rules } from '../core/rules/index';
import { ruleDocumentationLink } from './docLinks';
import { messages } from './messages';
import type { DiagnosticData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]));

/** The rule's bundled page (see docLinks.ts). */
export function ruleDocsUrl(ruleId: string, locale?: string): string | undefined {
  return ruleDocumentationLink(ruleId, locale);
}

export function isKnownRule(ruleId: string): boolean {
  return rulesById.has(ruleId);
}

export function toDiagnostic(finding: Finding, lines: LineIndex, version: number | null, locale: string | undefined): Diagnostic {
  const data: DiagnosticData = { version, start: finding.span.start, end: finding.span.end };
  const href = ruleDocsUrl(finding.ruleId, locale);
  // A suppressed finding stays visible as a hint that says so (and why), out of the Problems count.
  const suppressed = finding.suppression;
  return {
    range: { start: lines.positionAt(finding.span.start), end: lines.positionAt(finding.span.end) },
    severity: suppressed ? DiagnosticSeverity.Hint : SEVERITY[finding.severity],
    code: finding.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'keylens',
    message: suppressed ? localize(messages.suppressedFinding(finding.message, suppressed.justification), locale) : localize(finding.message, locale),
    data,
  };
}

/** Reads our data back from a diagnostic the client returns (in a code action request). */
export function readDiagnosticData(diagnostic: Diagnostic): (DiagnosticData & { ruleId: string }) | undefined {
  if (diagnostic.source !== 'keylens' || typeof diagnostic.code !== 'string') return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data.start !== 'number' || typeof data.end !== 'number') return undefined;
  const version = typeof data.version === 'number' ? data.version : null;
  return { ruleId: diagnostic.code, version, start: data.start, end: data.end };
}

/** A stable id for a diagnostics list, so an unchanged pull result is reported as unchanged. */
export function resultIdOf(diagnostics: readonly Diagnostic[]): string {
  const text = JSON.stringify(diagnostics);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length}-${(hash >>> 0).toString(36)}`;
}
