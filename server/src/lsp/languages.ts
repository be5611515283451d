import { fileURLToPath } from 'node:url';

import type { SourceLanguage } from '../core/model';

/** Language ids whose documents KeyLens checks (plus any `*.tf`/`*.tofu` uri, whatever its language id). */
const JSON_LANGUAGES = new Set(['json', 'jsonc']);
const TERRAFORM_LANGUAGES = new Set(['terraform', 'opentofu']);
/** YAML documents are read when they are CloudFormation/SAM templates; other YAML yields nothing. */
const YAML_LANGUAGES = new Set(['yaml', 'cloudformation']);

/** What parseFile should treat a document as, or undefined when KeyLens does not look at it. */
export function policyLanguageOf(uri: string, languageId: string | undefined): SourceLanguage | undefined {
  if (languageId && TERRAFORM_LANGUAGES.has(languageId)) return 'terraform';
  const path = uriPath(uri).toLowerCase();
  if (path.endsWith('.tf') || path.endsWith('.tofu') || path.endsWith('.tfvars')) return 'terraform';
  if (languageId && JSON_LANGUAGES.has(languageId)) return 'json';
  if (languageId && YAML_LANGUAGES.has(languageId)) return 'yaml';
  // Clients that send no useful language id (or `plaintext` for an unknown extension).
  if (path.endsWith('.json')) return 'json';
  // `.template` may hold JSON or YAML: the YAML reader hands JSON to the JSON reader.
  if (path.endsWith('.yaml') || path.endsWith('.yml') || path.endsWith('.template')) return 'yaml';
  return undefined;
}

/** Whether a file found on disk belongs in the workspace index. */
export function isWorkspacePolicyCandidate(path: string): boolean {
  return /\.(?:json|tf|tofu|tfvars|ya?ml|template)$/i.test(path);
}

/** The watcher pattern for the same files. */
export const WATCHED_FILES_GLOB = '**/*.{json,tf,tofu,tfvars,yaml,yml,template}';

function uriPath(uri: string): string {
  const query = uri.search(/[?#]/);
  return query >= 0 ? uri.slice(0, query) : uri;
}

/**
 * A key under which the same file opened by the client and read from disk coincide: clients encode
 * file uris differently (VS Code escapes `@`, `:` and `+`, Node's pathToFileURL does not).
 */
export function uriKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return 'file:' + fileURLToPath(uri);
  } catch {
    return uri;
  }
}
