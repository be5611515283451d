import { localize, type Finding, type Severity } from '../core/finding';
import { LineIndex } from '../core/text';
import { rules } from '../core/rules/index';
import { docsUrl } from '../core/rules/rule';
import { PARSE_ERROR_RULE } from '../core/analyze';

export interface LocatedFinding extends Finding {
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Adds 0-based LSP-style ranges to findings, one line index per file. */
export function locate(findings: readonly Finding[], texts: ReadonlyMap<string, string>): LocatedFinding[] {
  const indexes = new Map<string, LineIndex>();
  return findings.map((finding) => {
    let index = indexes.get(finding.file);
    if (!index) {
      index = new LineIndex(texts.get(finding.file) ?? '');
      indexes.set(finding.file, index);
    }
    return { ...finding, range: { start: index.positionAt(finding.span.start), end: index.positionAt(finding.span.end) } };
  });
}

export function formatJson(findings: readonly LocatedFinding[], locale: string): string {
  return JSON.stringify(
    findings.map((f) => ({ file: f.file, ruleId: f.ruleId, severity: f.severity, message: localize(f.message, locale), range: f.range })),
    null,
    2,
  );
}

/** ESLint "stylish"-like output: findings grouped by file, then a summary line. */
export function formatText(findings: readonly LocatedFinding[], locale: string, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const severityColor: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };
  const lines: string[] = [];
  const byFile = new Map<string, LocatedFinding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  for (const [file, list] of byFile) {
    lines.push(paint('4', file));
    for (const f of list) {
      const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      lines.push(`  ${paint('2', where.padEnd(7))} ${paint(severityColor[f.severity], f.severity.padEnd(7))}  ${localize(f.message, locale)}  ${paint('2', f.ruleId)}`);
    }
    lines.push('');
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  if (findings.length === 0) lines.push(locale.startsWith('ja') ? '問題は見つかりませんでした。' : 'No problems found.');
  else {
    const summary = `${findings.length} problem${findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos, ${count('hint')} hints)`;
    lines.push(paint(count('error') ? '31;1' : '33;1', `✖ ${summary}`));
  }
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0 with rule metadata and help URIs; columns are 1-based UTF-16 code units (the default). */
export function formatSarif(findings: readonly LocatedFinding[], locale: string, version: string): string {
  const ruleIds = [...rules.map((r) => r.meta.id), PARSE_ERROR_RULE];
  const descriptors = [
    ...rules.map((r) => ({
      id: r.meta.id,
      name: r.meta.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: localize(r.meta.summary, locale) },
      fullDescription: { text: localize(r.meta.summary, locale) },
      helpUri: docsUrl(r.meta),
      help: { text: `${localize(r.meta.summary, locale)} See ${docsUrl(r.meta)}` },
      defaultConfiguration: { level: SARIF_LEVEL[r.meta.defaultSeverity] },
    })),
    {
      id: PARSE_ERROR_RULE,
      name: 'ParseError',
      shortDescription: { text: 'The file could not be parsed.' },
      fullDescription: { text: 'The file could not be parsed; KeyLens checks what it can read.' },
      helpUri: docsUrl({ id: PARSE_ERROR_RULE, docs: `docs/rules/${PARSE_ERROR_RULE}.md`, defaultSeverity: 'error', summary: { en: '', ja: '' } }),
      defaultConfiguration: { level: 'error' },
    },
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'KeyLens', version, semanticVersion: version, informationUri: 'https://github.com/keylens/keylens', rules: descriptors } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: Math.max(0, ruleIds.indexOf(f.ruleId)),
          level: SARIF_LEVEL[f.severity],
          message: { text: localize(f.message, locale) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file) },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
