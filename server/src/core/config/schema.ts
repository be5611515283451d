import { ruleDescriptors } from '../ruleIds';

export const SEVERITY_SETTINGS = ['off', 'hint', 'info', 'warning', 'error'] as const;

/**
 * The JSON schema of `.keylens.json` (and of `"keylens"` in package.json), built from the rule
 * list so it never falls behind: the CLI and the server validate with it (ajv), and the build
 * writes it to dist/schemas/ for VS Code's `jsonValidation` (completion and squiggles while editing).
 */
export function configSchema(): Record<string, unknown> {
  const severity = {
    enum: [...SEVERITY_SETTINGS],
    markdownEnumDescriptions: ['The rule does not run.', 'Shown as a hint only.', 'Information.', 'A warning.', 'An error (fails `keylens check`).'],
  };
  const rules = {
    type: 'object',
    description: 'Severity per rule id: off, hint, info, warning or error.',
    properties: Object.fromEntries(
      ruleDescriptors().map((rule) => [rule.id, { $ref: '#/definitions/severity', description: `${rule.summary.en} (default: ${rule.defaultSeverity})` }]),
    ),
    additionalProperties: false,
  };
  const glob = {
    type: 'string',
    minLength: 1,
    pattern: '^[^!]',
    description: 'A path glob relative to this file\'s folder, read as in .gitignore: a pattern without "/" matches a name at any depth, a folder matches everything under it, "**" any number of folders. Negation ("!") is not supported.',
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'KeyLens configuration',
    description: 'KeyLens settings for the files in this folder and below (the nearest configuration wins); read by the editor and by `keylens check`.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules: { $ref: '#/definitions/rules' },
      ignore: { type: 'array', description: 'Paths KeyLens does not check (and does not read as context for other files).', items: { $ref: '#/definitions/glob' } },
      overrides: {
        type: 'array',
        description: 'Rule severities for some paths; a later entry wins over an earlier one, and both over "rules".',
        items: {
          type: 'object',
          properties: {
            files: { type: 'array', minItems: 1, items: { $ref: '#/definitions/glob' }, description: 'The paths this override applies to.' },
            rules: { $ref: '#/definitions/rules' },
          },
          required: ['files'],
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
    definitions: { severity, rules, glob },
  };
}

/** The schema for a package.json: its `"keylens"` member is a KeyLens configuration. */
export function packageJsonSchema(): Record<string, unknown> {
  const { $schema, definitions, ...config } = configSchema();
  return { $schema, type: 'object', properties: { keylens: config }, definitions };
}
