const SCHEMES = ['file', 'untitled'];

/**
 * What the language server is given: JSON, JSONC, Terraform, OpenTofu and YAML documents (YAML
 * counts only when it is a CloudFormation/SAM template; the server decides), and `*.tf` and
 * `*.template` files whatever language another extension assigned them.
 */
export const documentSelector: { scheme: string; language?: string; pattern?: string }[] = SCHEMES.flatMap((scheme) => [
  { scheme, language: 'json' },
  { scheme, language: 'jsonc' },
  { scheme, language: 'terraform' },
  { scheme, language: 'opentofu' },
  { scheme, language: 'yaml' },
  ...(scheme === 'file' ? [{ scheme, pattern: '**/*.tf' }, { scheme, pattern: '**/*.tofu' }, { scheme, pattern: '**/*.template' }] : []),
]);
