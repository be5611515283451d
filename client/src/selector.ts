const SCHEMES = ['file', 'untitled'];

/**
 * What the language server is given: JSON, JSONC, Terraform and OpenTofu documents, and `*.tf`
 * files whatever language another extension assigned them.
 */
export const documentSelector: { scheme: string; language?: string; pattern?: string }[] = SCHEMES.flatMap((scheme) => [
  { scheme, language: 'json' },
  { scheme, language: 'jsonc' },
  { scheme, language: 'terraform' },
  { scheme, language: 'opentofu' },
  ...(scheme === 'file' ? [{ scheme, pattern: '**/*.tf' }, { scheme, pattern: '**/*.tofu' }] : []),
]);
