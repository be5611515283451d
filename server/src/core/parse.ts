import type { ParsedFile, SourceLanguage } from './model';
import { emptyParsedFile, withProblemsInText } from './parsedFile';
import type { Message } from './finding';
import { nestedTooDeep, parseJsonFile } from './json/index';
import { isPlanJson, parsePlan } from './terraform/plan/index';
import * as terraform from './terraform/index';
import { rememberSource, sourceOf } from './terraform/source';
import { parseYamlFile } from './cloudformation/index';

export type { SourceLanguage } from './model';

/** Which parser a document needs, from its language id or file name. */
export function languageOf(file: string, languageId?: string): SourceLanguage | undefined {
  if (languageId === 'terraform' || languageId === 'opentofu' || languageId === 'hcl') return 'terraform';
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'yaml' || languageId === 'cloudformation') return 'yaml';
  const path = file.replace(/[?#].*$/, '').toLowerCase();
  // `.tfvars` hold a root module's variable values (read with the module's files).
  if (path.endsWith('.tf') || path.endsWith('.tofu') || path.endsWith('.tfvars')) return 'terraform';
  if (path.endsWith('.json') || path.endsWith('.jsonc')) return 'json';
  // CloudFormation/SAM templates: `.yaml`, `.yml`, and `.template` (YAML or JSON; the YAML reader tells).
  if (path.endsWith('.yaml') || path.endsWith('.yml') || path.endsWith('.template')) return 'yaml';
  return undefined;
}

/** Parses a file as JSON, Terraform or YAML. Never throws: unreadable text yields problems, not exceptions. */
export function parseFile(file: string, text: string, languageId?: string): ParsedFile {
  const language = languageOf(file, languageId) ?? 'json';
  try {
    const parsed =
      language === 'terraform'
        ? terraform.parseTerraform(file, text)
        : language === 'yaml'
          ? parseYamlFile(file, text)
          : !nestedTooDeep(text) && isPlanJson(text)
            ? parsePlan(file, text)
            : parseJsonFile(file, text);
    return rememberSource(withProblemsInText(parsed), sourceOf(parsed));
  } catch (error) {
    return unanalysedFile(file, text, language, {
      en: `KeyLens could not analyse this file: ${(error as Error).message}`,
      ja: `KeyLens はこのファイルを解析できませんでした: ${(error as Error).message}`,
    });
  }
}

/** A file with nothing understood in it but one problem at its start (unparseable, too large...). */
export function unanalysedFile(file: string, text: string, language: SourceLanguage, message: Message): ParsedFile {
  return emptyParsedFile(file, text, language, [{ message, span: { start: 0, end: 0 } }]);
}
