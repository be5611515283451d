import { runCheck, CHECK_USAGE } from './check';
import { EXIT_USAGE, type CliIo } from './io';
import { runExplain, EXPLAIN_USAGE } from './explain';

/** The overview `keylens --help` prints; each command's own options are in `keylens COMMAND --help`. */
const USAGE = `Usage: keylens COMMAND [options]

Commands:
  check PATH...   check policies and Terraform for KMS access mistakes (exit 1 on findings)
  explain KEY     explain who can use a KMS key and why, from files or the live account

Run "keylens COMMAND --help" for a command's options.
  -h, --help      show this help
  -v, --version   print the version`;

declare const KEYLENS_VERSION: string | undefined;

const HELP: Record<string, string> = { check: CHECK_USAGE, explain: EXPLAIN_USAGE };

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest, io);
    case 'explain':
      return runExplain([...rest], io);
    case '--version':
    case '-v':
      io.stdout(`${typeof KEYLENS_VERSION === 'string' ? KEYLENS_VERSION : '0.0.0-dev'}\n`);
      return 0;
    case 'help': {
      const topic = rest[0];
      if (topic !== undefined && !HELP[topic]) {
        io.stderr(`keylens: no command "${topic}"\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      io.stdout((topic ? HELP[topic] : USAGE) + '\n');
      return 0;
    }
    case '--help':
    case '-h':
      io.stdout(USAGE + '\n');
      return 0;
    default:
      io.stderr(`keylens: ${command ? `unknown command "${command}"` : 'no command given'}\n\n${USAGE}\n`);
      return EXIT_USAGE;
  }
}

if (require.main === module) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Never a stack trace for the user; the message says what went wrong.
      process.stderr.write(`keylens: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
