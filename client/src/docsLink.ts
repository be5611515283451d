/**
 * The link the server puts in `codeDescription.href` for VS Code: a URI of the editor's own scheme
 * that this extension handles (`vscode://keylens.keylens/docs/<rule>`), so hover and Problems links
 * open the rule page bundled in the extension — offline, in the display language. No vscode import:
 * tests read the same mapping.
 */
export function ruleDocumentationTemplate(uriScheme: string, extensionId: string): string {
  return `${uriScheme}://${extensionId.toLowerCase()}/docs/{rule}`;
}

/** The rule id a documentation link names, from the path of a URI this extension was asked to handle. */
export function ruleOfDocumentationPath(path: string): string | undefined {
  const match = /^\/docs\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(path);
  return match?.[1];
}
