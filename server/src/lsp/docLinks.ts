import { pathToFileURL } from 'node:url';
import { ruleDescriptor } from '../core/ruleIds';
import { rulePagePath } from '../node/ruleDocs';

/**
 * Where a diagnostic's `codeDescription.href` points. The VS Code extension passes a URI its own
 * handler opens (`vscode://keylens.keylens/docs/{rule}`: the bundled page, offline, in the
 * editor's language); other clients get a `file:` URI of the page shipped beside the server.
 * No link ever points at a website: the pages are in the package.
 */
let template: string | undefined;

/** From initialization options: a URI with `{rule}` where the rule id goes. */
export function configureDocumentationLinks(ruleDocumentation: unknown): void {
  template = typeof ruleDocumentation === 'string' && ruleDocumentation.includes('{rule}') && /^[a-z][a-z0-9+.-]*:/i.test(ruleDocumentation) ? ruleDocumentation : undefined;
}

export function ruleDocumentationLink(ruleId: string, locale: string | undefined): string | undefined {
  if (!ruleDescriptor(ruleId)) return undefined;
  if (template) return template.split('{rule}').join(encodeURIComponent(ruleId));
  const page = rulePagePath(ruleId, locale);
  return page ? pathToFileURL(page).href : undefined;
}
