import type { ActionCatalog } from '../iam/catalog';
import type { IamReference } from '../iam/reference';
import type { ParsedFile, PolicyKind, SourceLanguage } from '../model';
import { actionCandidates } from './actions';
import type { CompletionCandidate, CompletionList } from './candidate';
import { keyCandidates as conditionKeyCandidates, operatorCandidates, valueCandidates } from './conditions';
import type { PolicyCursor } from './cursor';
import { effectCandidates, elementCandidates, encryptionAlgorithmCandidates, principalTypeCandidates, versionCandidates } from './elements';
import { locateInJson } from './jsonLocator';
import { keyCandidates, principalCandidates } from './keys';
import { placeOf } from './place';
import { statementContext } from './statementContext';
import { locateInTerraform } from './terraformLocator';
import { workspaceFacts, type WorkspaceFacts } from './workspaceFacts';

export interface CompletionEnvironment {
  readonly catalog: ActionCatalog;
  /** Descriptions, access levels and condition keys; without it items carry names only. */
  readonly reference?: IamReference;
  readonly locale?: string;
  /** The files analysed together (keys, aliases and accounts are read from them on demand). */
  readonly files: () => readonly ParsedFile[];
}

/**
 * The per-format "where is the cursor" step. JSON and Terraform have locators; a YAML template
 * locator (CloudFormation) plugs in here and everything after it is shared.
 */
export function locateCursor(text: string, language: SourceLanguage, offset: number): PolicyCursor | undefined {
  switch (language) {
    case 'json':
      return locateInJson(text, offset);
    case 'terraform':
      return locateInTerraform(text, offset);
    default:
      return undefined;
  }
}

/** The policy kind where the cursor is, when the reader recognized the document. */
export function policyKindAt(parsed: ParsedFile | undefined, offset: number): PolicyKind | undefined {
  return parsed?.policies.find((p) => p.root.span.start <= offset && offset <= p.root.span.end)?.kind;
}

/** Completion at a located cursor; undefined where KeyLens has nothing to offer. */
export function completeAt(cursor: PolicyCursor, env: CompletionEnvironment, kind?: PolicyKind): CompletionList | undefined {
  const place = placeOf(cursor);
  if (!place) return undefined;
  let facts: WorkspaceFacts | undefined;
  const getFacts = () => (facts ??= workspaceFacts(env.files()));
  const sources = { catalog: env.catalog, reference: env.reference, locale: env.locale, facts: getFacts };
  let items: CompletionCandidate[];
  let incomplete = false;
  switch (place.kind) {
    case 'root-member':
      items = elementCandidates(cursor, 'root', env.locale);
      break;
    case 'statement-member':
      items = elementCandidates(cursor, 'statement', env.locale);
      break;
    case 'version':
      items = versionCandidates(cursor);
      break;
    case 'effect':
      items = effectCandidates(cursor);
      break;
    case 'action': {
      const result = actionCandidates(cursor, sources);
      items = result.items;
      incomplete = result.incomplete;
      break;
    }
    case 'resource': {
      const statement = statementContext(cursor.root, place.statement);
      const keyPolicy = (kind ?? cursor.kind) === 'key' || (kind === undefined && cursor.kind === undefined && statement.hasPrincipal && onlyKms(statement.actions));
      items = keyCandidates(cursor, getFacts(), 'resource', env.locale, keyPolicy);
      break;
    }
    case 'encryption-key':
      items = keyCandidates(cursor, getFacts(), 'encryption', env.locale, false);
      break;
    case 'encryption-algorithm':
      items = encryptionAlgorithmCandidates(cursor);
      break;
    case 'principal-type':
      items = principalTypeCandidates(cursor, env.locale);
      break;
    case 'principal':
      items = principalCandidates(cursor, getFacts(), place.type, env.locale);
      break;
    case 'condition-operator':
      items = operatorCandidates(cursor, sources);
      break;
    case 'condition-key':
      items = conditionKeyCandidates(cursor, statementContext(cursor.root, place.statement), place.operator, sources);
      break;
    case 'condition-value':
      items = valueCandidates(cursor, place.operator, place.key, sources);
      break;
  }
  if (cursor.formatNames && place.kind !== 'statement-member' && place.kind !== 'root-member') {
    // In a policy document's `principals` or `condition` block body the names are the block's own arguments.
    items = formatNameItems(cursor);
  }
  return { items, incomplete, replace: cursor.replace, insertEnd: cursor.replace.start + cursor.prefix.length };
}

function formatNameItems(cursor: PolicyCursor): CompletionCandidate[] {
  const present = new Set(cursor.siblings.map((s) => s.toLowerCase()));
  return (cursor.formatNames ?? [])
    .filter((name) => !present.has(name.name.toLowerCase()))
    .map((name, index) => ({ label: name.name, kind: 'element' as const, detail: name.detail, insertText: name.insertText, sortText: `01-${index}` }));
}

function onlyKms(actions: readonly string[]): boolean {
  return actions.length > 0 && actions.every((a) => a === '*' || a.toLowerCase().startsWith('kms:'));
}
