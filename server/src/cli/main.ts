import { runCheck, CHECK_USAGE } from './check';
import { EXIT_USAGE, type CliIo } from './io';
import { runExplain } from './explain';

const USAGE = `Usage:
  keylens check [--format text|json|sarif] [--rule ID=SEVERITY]... PATH...
  keylens explain KEY [--region R] [--profile P] [--endpoint-url URL] [--format markdown|json] [PATH...]
  keylens --version

${CHECK_USAGE}`;

declare const KEYLENS_VERSION: string | undefined;

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
    case '--help':
    case '-h':
    case 'help':
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
