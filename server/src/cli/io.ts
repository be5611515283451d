/** What a CLI command may touch, so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** One command-line argument: `--flag`, `--flag=value`, or a positional word. */
export interface Arg {
  readonly flag: string;
  readonly raw: string;
  /** The option's value: inline after `=`, else the next argument (never another `--option`). */
  value(): string;
  /** Everything after this argument (for `--`); scanning stops there. */
  rest(): string[];
}

/**
 * Walks arguments once, handing each to `visit`; shared by every subcommand's option parser.
 * `--help` and `-h` are every command's and are not handed on: the result says whether one was seen.
 */
export function scanArgs(args: readonly string[], visit: (arg: Arg) => void): { help: boolean } {
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    if (raw === '--help' || raw === '-h') {
      help = true;
      continue;
    }
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    let stop = false;
    visit({
      flag,
      raw,
      value() {
        if (inline !== undefined) return inline;
        const next = args[i + 1];
        if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
        i++;
        return next;
      },
      rest() {
        stop = true;
        return args.slice(i + 1);
      },
    });
    if (stop) break;
  }
  return { help };
}
