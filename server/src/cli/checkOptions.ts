import type { Severity, SeveritySetting } from '../core/finding';
import { globProblem } from '../core/glob';
import { isKnownRuleId, knownRuleIds } from '../core/ruleIds';
import { UsageError, scanArgs } from './io';

export const CHECK_USAGE = `Usage: keylens check [options] PATH...

Checks IAM identity policies, KMS key policies, S3 bucket policies, Terraform files and
CloudFormation/SAM/CDK templates (*.json, *.jsonc, *.tf, *.tofu, *.tfvars, terraform show -json
plans, *.yaml, *.yml, *.template under each PATH, cdk.out/ included; skipping node_modules, .git,
cdk.out/asset.* and .terraform — modules fetched into .terraform/modules are read as module sources
only). The .tf files of a folder are one module. Files given
together are analysed together, so cross-file rules see the bucket, its key policy and the IAM
policies at once. The nearest .keylens.json (or "keylens" in package.json) above each file sets
rule severities, ignored paths and per-path overrides.

Options:
  --format text|json|sarif    output format (default text)
  --rule ID=SEVERITY          set a rule's severity (off, hint, info, warning, error); repeatable,
                              wins over the configuration file
  --fail-on error|warning|info|hint
                              exit 1 when a finding has at least this severity (default error)
  --exclude GLOB              leave out matching paths (relative to the current folder, as in
                              .gitignore); repeatable, on top of the configuration's "ignore"
  --baseline FILE             report only findings not recorded in FILE
  --baseline write FILE       record today's findings in FILE (exit 0) to adopt KeyLens gradually
  --include-suppressed        also list findings silenced by keylens-ignore comments (text, json)
  --fix                       apply the safe quick fixes in place (never one that gives more
                              access), list what changed, then report what is left
  --docs-url URL              where the rule pages are published, for SARIF helpUri ({rule} is
                              replaced by the rule id; default: $KEYLENS_DOCS_URL, else none)
  --locale en|ja              language of messages (default $KEYLENS_LOCALE, else en)
  -h, --help                  show this help

Exit status: 0 no finding at the --fail-on severity, 1 at least one, 2 bad usage, a bad
configuration file, a path that is missing or holds no file to check.`;

export type OutputFormat = 'text' | 'json' | 'sarif';

export type BaselineMode = { readonly mode: 'write'; readonly file: string } | { readonly mode: 'compare'; readonly file: string };

export interface CheckOptions {
  format: OutputFormat;
  /** `--rule` settings: on top of the configuration files. */
  severities: Record<string, SeveritySetting>;
  locale: string;
  failOn: Severity;
  exclude: string[];
  baseline?: BaselineMode;
  includeSuppressed: boolean;
  /** Apply the fixes "fix all" would apply in the editor, in place. */
  fix: boolean;
  /** A URL template for published rule pages (`{rule}`), or undefined: SARIF then has no helpUri. */
  docsUrl?: string;
  paths: string[];
  help: boolean;
}

const SEVERITIES: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];
const FAIL_ON: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export function parseCheckArgs(args: readonly string[], env: NodeJS.ProcessEnv): CheckOptions {
  const options: CheckOptions = {
    format: 'text',
    severities: {},
    locale: env.KEYLENS_LOCALE ?? 'en',
    failOn: 'error',
    exclude: [],
    includeSuppressed: false,
    fix: false,
    docsUrl: env.KEYLENS_DOCS_URL ? checkDocsUrl(env.KEYLENS_DOCS_URL, 'KEYLENS_DOCS_URL') : undefined,
    paths: [],
    help: false,
  };
  const { help } = scanArgs(args, ({ flag, raw: arg, value, rest }) => {
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
        if (!isKnownRuleId(id)) throw new UsageError(`unknown rule "${id}" (${knownRuleIds().join(', ')})`);
        if (!SEVERITIES.includes(severity)) throw new UsageError(`unknown severity "${severity}" (${SEVERITIES.join(', ')})`);
        options.severities[id] = severity;
        break;
      }
      case '--fail-on': {
        const level = value() as Severity;
        if (!FAIL_ON.includes(level)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')}, got "${level}"`);
        options.failOn = level;
        break;
      }
      case '--exclude': {
        const glob = value();
        const problem = globProblem(glob);
        if (problem) throw new UsageError(`--exclude "${glob}": ${problem}`);
        options.exclude.push(glob);
        break;
      }
      case '--baseline': {
        const first = value();
        if (first === 'write') {
          const file = value();
          options.baseline = { mode: 'write', file };
        } else {
          options.baseline = { mode: 'compare', file: first };
        }
        break;
      }
      case '--include-suppressed':
        options.includeSuppressed = true;
        break;
      case '--fix':
        options.fix = true;
        break;
      case '--docs-url':
        options.docsUrl = checkDocsUrl(value(), '--docs-url');
        break;
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
  options.help = help;
  if (!options.help && options.paths.length === 0) throw new UsageError('no PATH given (use . for the current folder)');
  return options;
}

function checkDocsUrl(url: string, where: string): string {
  if (!/^https?:\/\/[^\s/]+\/?\S*$/.test(url)) throw new UsageError(`${where} needs an http(s) URL, got "${url}"`);
  return url;
}

/** The published page of a rule under a `--docs-url` template: `{rule}` replaced, else `<rule>.md` appended. */
export function publishedRuleUrl(template: string, ruleId: string): string {
  if (template.includes('{rule}')) return template.split('{rule}').join(ruleId);
  return `${template}${template.endsWith('/') ? '' : '/'}${ruleId}.md`;
}
