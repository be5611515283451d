import { analyze } from '../core/analyze';
import type { SeveritySetting } from '../core/finding';
import { ruleById } from '../core/rules/index';
import { PARSE_ERROR_RULE } from '../core/analyze';
import { loadCatalog } from '../node/catalog';
import { loadFiles } from './files';
import { formatJson, formatSarif, formatText, locate } from './format';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, scanArgs, type CliIo } from './io';

declare const KEYLENS_VERSION: string | undefined;

const SEVERITIES: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export const CHECK_USAGE = `Usage: keylens check [--format text|json|sarif] [--rule ID=SEVERITY]... [--locale en|ja] PATH...

Checks IAM identity policies, KMS key policies, S3 bucket policies, Terraform files and
CloudFormation/SAM/CDK templates (*.json, *.tf, *.tofu, *.yaml, *.yml, *.template, cdk.out/;
skipping node_modules, .terraform, .git, cdk.out/asset.*). Files are analysed together.
Exit status: 0 no error finding, 1 at least one error finding, 2 bad usage or unreadable input.`;

interface CheckOptions {
  format: 'text' | 'json' | 'sarif';
  severities: Record<string, SeveritySetting>;
  locale: string;
  paths: string[];
}

export function parseCheckArgs(args: readonly string[], env: NodeJS.ProcessEnv): CheckOptions {
  const options: CheckOptions = { format: 'text', severities: {}, locale: env.KEYLENS_LOCALE ?? 'en', paths: [] };
  scanArgs(args, ({ flag, raw: arg, value, rest }) => {
    switch (flag) {
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}" (text, json or sarif)`);
        options.format = format;
        break;
      }
      case '--rule': {
        const setting = value();
        const eq = setting.lastIndexOf('=');
        if (eq <= 0) throw new UsageError(`--rule takes ID=SEVERITY, got "${setting}"`);
        const id = setting.slice(0, eq);
        const severity = setting.slice(eq + 1) as SeveritySetting;
        if (!ruleById(id) && id !== PARSE_ERROR_RULE) throw new UsageError(`unknown rule "${id}"`);
        if (!SEVERITIES.includes(severity)) throw new UsageError(`unknown severity "${severity}" (${SEVERITIES.join(', ')})`);
        options.severities[id] = severity;
        break;
      }
      case '--locale':
        options.locale = value();
        break;
      case '--':
        options.paths.push(...rest());
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  });
  if (options.paths.length === 0) throw new UsageError('no PATH given');
  return options;
}

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  let options: CheckOptions;
  try {
    options = parseCheckArgs(args, io.env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`keylens check: ${error.message}\n\n${CHECK_USAGE}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const { files, unreadable } = await loadFiles(options.paths, io.cwd);
  for (const problem of unreadable) io.stderr(`keylens check: cannot read ${problem.path}: ${problem.reason}\n`);

  const findings = analyze(files, { catalog: loadCatalog(), severities: options.severities });
  const located = locate(findings, new Map(files.map((f) => [f.file, f.text])));
  const version = typeof KEYLENS_VERSION === 'string' ? KEYLENS_VERSION : '0.0.0-dev';
  if (options.format === 'json') io.stdout(formatJson(located, options.locale) + '\n');
  else if (options.format === 'sarif') io.stdout(formatSarif(located, options.locale, version) + '\n');
  else io.stdout(formatText(located, options.locale, !io.env.NO_COLOR && io.env.FORCE_COLOR !== '0' && process.stdout.isTTY === true) + '\n');

  if (unreadable.length) return EXIT_USAGE;
  return findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}
