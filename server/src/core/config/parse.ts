import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Message, SeveritySetting } from '../finding';
import { closestRuleId, knownRuleIds } from '../ruleIds';
import { LineIndex } from '../text';
import { configSchema, SEVERITY_SETTINGS } from './schema';

/** What a configuration says, as written (globs are relative to the configuration's folder). */
export interface ConfigData {
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly ignore: readonly string[];
  readonly overrides: readonly { readonly files: readonly string[]; readonly rules: Readonly<Record<string, SeveritySetting>> }[];
}

/** A problem in a configuration file, with the 0-based position it is at. */
export interface ConfigProblem {
  readonly message: Message;
  readonly offset: number;
  readonly line: number;
  readonly character: number;
}

export type ConfigSource = 'keylens.json' | 'package.json';

export interface ParsedConfig {
  /** Undefined when the text holds no configuration (a package.json without "keylens") or has problems. */
  readonly config?: ConfigData;
  readonly problems: readonly ConfigProblem[];
}

let validator: ValidateFunction | undefined;

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    // VS Code's own schema keyword: ajv need not understand it, only accept it.
    ajv.addVocabulary(['markdownEnumDescriptions']);
    validator = ajv.compile(configSchema());
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/**
 * Reads a `.keylens.json` (JSON with comments, as tsconfig.json) or the `"keylens"` member of a
 * package.json and checks it against the schema. Every problem names its position; a
 * configuration with problems is not used (the CLI stops, the editor says so and uses defaults).
 */
export function parseConfig(text: string, source: ConfigSource): ParsedConfig {
  const lines = new LineIndex(text);
  const at = (offset: number, message: Message): ConfigProblem => ({ message, offset, ...lines.positionAt(offset) });
  if (source === 'keylens.json' && text.trim() === '') {
    return { problems: [at(0, { en: 'the file is empty: write {} for a configuration with defaults', ja: 'ファイルが空です。既定値の設定なら {} と書いてください' })] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: source === 'keylens.json', disallowComments: source === 'package.json' });
  let root = tree;
  let base: (string | number)[] = [];
  if (source === 'package.json') {
    root = tree && findNodeAtLocation(tree, ['keylens']);
    if (!root) return { problems: [] };
    base = ['keylens'];
  }
  if (errors.length > 0) {
    const first = errors[0]!;
    return { problems: [at(first.offset, { en: `invalid JSON (${printParseErrorCode(first.error)})`, ja: `JSON として読めません (${printParseErrorCode(first.error)})` })] };
  }
  if (!root) return { problems: [at(0, { en: 'the file holds no JSON value: write {} for a configuration with defaults', ja: 'JSON の値がありません。既定値の設定なら {} と書いてください' })] };
  const value = nodeValue(root);
  const problems = validate(value).map((error) => at(offsetOf(tree!, base, error), describe(error)));
  if (problems.length > 0) return { problems: dedupe(problems) };
  const data = value as { rules?: Record<string, SeveritySetting>; ignore?: string[]; overrides?: { files: string[]; rules?: Record<string, SeveritySetting> }[] };
  return {
    config: {
      rules: data.rules ?? {},
      ignore: data.ignore ?? [],
      overrides: (data.overrides ?? []).map((o) => ({ files: o.files, rules: o.rules ?? {} })),
    },
    problems: [],
  };
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0]!.value as string, p.children![1] ? nodeValue(p.children![1]) : undefined]));
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** Where an ajv error points: the offending member's name for unknown members, else the value. */
function offsetOf(tree: Node, base: (string | number)[], error: ErrorObject): number {
  const path = [...base, ...error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s))];
  const node = findNodeAtLocation(tree, path) ?? tree;
  if (error.keyword === 'additionalProperties') {
    const name = (error.params as { additionalProperty: string }).additionalProperty;
    const property = node.children?.find((p) => p.children?.[0]?.value === name);
    if (property) return property.offset;
  }
  return node.offset;
}

function describe(error: ErrorObject): Message {
  const where = error.instancePath;
  const inRules = /(^|\/)rules$/.test(where);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      if (inRules) {
        const near = closestRuleId(name);
        return {
          en: `unknown rule "${name}"${near ? ` (did you mean "${near}"?)` : ''}; rules: ${knownRuleIds().join(', ')}`,
          ja: `不明なルール "${name}"${near ? ` ("${near}" ではありませんか?)` : ''}。ルール: ${knownRuleIds().join(', ')}`,
        };
      }
      const allowed = where === '' ? 'rules, ignore, overrides' : 'files, rules';
      return { en: `unknown setting "${name}" (expected ${allowed})`, ja: `不明な設定 "${name}" (${allowed} のいずれか)` };
    }
    case 'enum':
      return {
        en: `${JSON.stringify(error.data)} is not a severity for "${valueName(where)}" (${SEVERITY_SETTINGS.join(', ')})`,
        ja: `${JSON.stringify(error.data)} は "${valueName(where)}" の重大度ではありません (${SEVERITY_SETTINGS.join(', ')})`,
      };
    case 'type': {
      const type = (error.params as { type: string }).type;
      return { en: `${describePath(where)} must be ${article(type)}`, ja: `${describePath(where)} は ${type} でなければなりません` };
    }
    case 'required':
      return { en: 'an override needs "files": the paths it applies to', ja: 'override には適用するパスの "files" が必要です' };
    case 'minItems':
      return { en: '"files" needs at least one pattern', ja: '"files" にはパターンが 1 つ以上必要です' };
    case 'minLength':
      return { en: 'an empty pattern matches nothing', ja: '空のパターンは何にも一致しません' };
    case 'pattern':
      return {
        en: 'negated patterns ("!...") are not supported; narrow the pattern instead',
        ja: '否定パターン ("!...") には対応していません。パターンを絞り込んでください',
      };
    default:
      return { en: `${describePath(where)} ${error.message ?? 'is invalid'}`, ja: `${describePath(where)} が不正です (${error.message ?? ''})` };
  }
}

function valueName(path: string): string {
  return path.split('/').pop() ?? '';
}

function describePath(path: string): string {
  return path === '' ? 'the configuration' : `"${path.slice(1).replace(/\//g, '.')}"`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.offset}:${p.message.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).sort((a, b) => a.offset - b.offset);
}
