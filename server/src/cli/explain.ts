import { localize, type Message } from '../core/finding';
import type { ParsedFile } from '../core/model';
import { isWorkspaceOnly, parseKeyReference } from '../core/explain/index';
import { loadCatalog } from '../node/catalog';
import { explainKeyAccess } from '../aws/explainKeyAccess';
import { loadFiles } from './files';
import { EXIT_OK, EXIT_USAGE, UsageError, scanArgs, type CliIo } from './io';

export const EXPLAIN_USAGE = `Usage: keylens explain KEY [--region R] [--profile P] [--endpoint-url URL] [--format markdown|json]
                       [--locale en|ja] [--offline] [--timeout SECONDS] [-h|--help] [PATH...]

Explains who can use a KMS key and why. KEY is a key ARN, key id, alias name or alias ARN
(or, with PATH, a Terraform address such as aws_kms_key.app or module.data_key.aws_kms_key.this, or
a template's logical id such as template.yaml#DataKey; a template given this way is read even
without PATH).
With PATH, the key policy, IAM policies and aws_kms_grant resources in those files are used.
With AWS credentials (--profile, the standard chain) or without PATH, the live key is read with
read-only calls only: DescribeKey, GetKeyPolicy, ListGrants (all pages), ListAliases.
--offline never calls AWS. Exit status: 0 report printed, 1 the key could not be explained
(unknown key, no credentials, network), 2 bad usage or unreadable input.`;

/** Exit status when the key cannot be explained (unknown key, AWS unreachable, no credentials). */
export const EXIT_UNAVAILABLE = 1;

export interface ExplainArgs {
  key: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  format: 'markdown' | 'json';
  locale: string;
  offline: boolean;
  help: boolean;
  timeoutMs?: number;
  paths: string[];
}

export function parseExplainArgs(args: readonly string[], env: NodeJS.ProcessEnv): ExplainArgs {
  const positional: string[] = [];
  const options: Omit<ExplainArgs, 'key' | 'paths'> = { format: 'markdown', locale: env.KEYLENS_LOCALE ?? 'en', offline: false, help: false };
  const { help } = scanArgs(args, ({ flag, raw: arg, value, rest }) => {
    switch (flag) {
      case '--region':
        options.region = value();
        break;
      case '--profile':
        options.profile = value();
        break;
      case '--endpoint-url': {
        const url = value();
        if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`--endpoint-url needs an http(s) URL, got "${url}"`);
        options.endpointUrl = url;
        break;
      }
      case '--format': {
        const format = value();
        if (format !== 'markdown' && format !== 'json') throw new UsageError(`unknown format "${format}" (markdown or json)`);
        options.format = format;
        break;
      }
      case '--locale':
        options.locale = value();
        break;
      case '--offline':
        options.offline = true;
        break;
      case '--timeout': {
        const seconds = Number(value());
        if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--timeout needs a positive number of seconds');
        options.timeoutMs = Math.round(seconds * 1000);
        break;
      }
      case '--':
        positional.push(...rest());
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
        positional.push(arg);
    }
  });
  const [key, ...paths] = positional;
  options.help = help;
  if (options.help) return { key: key ?? '', paths, ...options };
  if (!key) throw new UsageError('KEY is missing');
  if (!parseKeyReference(key)) throw new UsageError(`"${key}" is not a KMS key ARN, key id, alias name or alias ARN`);
  if (options.offline && paths.length === 0 && parseKeyReference(key)?.kind !== 'template') throw new UsageError('--offline needs PATH (the files to explain from)');
  if (options.offline && (options.profile || options.endpointUrl)) throw new UsageError('--offline cannot be combined with --profile or --endpoint-url');
  return { key, paths, ...options };
}

/** Whether the standard credential chain has something to work with, without reading any secret. */
function credentialsHinted(env: NodeJS.ProcessEnv): boolean {
  return ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'].some((name) => !!env[name]);
}

/** `keylens explain`: SPEC §3. */
export async function runExplain(args: string[], io: CliIo): Promise<number> {
  let options: ExplainArgs;
  try {
    options = parseExplainArgs(args, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`keylens explain: ${error.message}\nRun "keylens explain --help" for the options.\n`);
    return EXIT_USAGE;
  }
  if (options.help) {
    io.stdout(EXPLAIN_USAGE + '\n');
    return EXIT_OK;
  }
  const say = (message: Message) => localize(message, options.locale);

  let files: ParsedFile[] = [];
  const named = parseKeyReference(options.key);
  // `keylens explain template.yaml#DataKey` alone explains from that template.
  const paths = options.paths.length === 0 && named?.kind === 'template' ? [named.file] : options.paths;
  if (paths.length > 0) {
    const loaded = await loadFiles(paths, io.cwd);
    if (loaded.unreadable.length > 0) {
      for (const { path, reason } of loaded.unreadable) io.stderr(`keylens explain: cannot read ${path}: ${reason}\n`);
      return EXIT_USAGE;
    }
    files = loaded.files;
  }

  const reference = parseKeyReference(options.key)!;
  const live =
    !options.offline &&
    !isWorkspaceOnly(reference) &&
    (options.paths.length === 0 || !!options.profile || !!options.endpointUrl || !!options.region || credentialsHinted(io.env));

  const outcome = await explainKeyAccess({
    key: options.key,
    files,
    live: live ? { region: options.region, profile: options.profile, endpointUrl: options.endpointUrl, timeoutMs: options.timeoutMs } : undefined,
    catalog: loadCatalog(),
    locale: options.locale,
  });
  if (outcome.liveProblem && outcome.ok) {
    io.stderr(`keylens explain: live look-up failed, explaining from the files: ${say(outcome.liveProblem.message)}\n`);
  }
  if (!outcome.ok) {
    io.stderr(`keylens explain: ${say(outcome.message)}\n`);
    return EXIT_UNAVAILABLE;
  }
  io.stdout(options.format === 'json' ? `${JSON.stringify(outcome.report, null, 2)}\n` : outcome.markdown);
  return EXIT_OK;
}
