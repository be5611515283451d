import { createConnection } from 'vscode-languageserver/node';
import { loadCatalog } from '../node/catalog';
import { explainInWorkspace } from './explain';
import { startServer } from './server';

declare const KEYLENS_VERSION: string | undefined;

// `--stdio`, `--node-ipc` (how vscode-languageclient launches it) and `--socket=N` are read from argv.
if (process.argv.includes('--version') || process.argv.includes('-v')) {
  process.stdout.write(`${typeof KEYLENS_VERSION === 'string' ? KEYLENS_VERSION : '0.0.0-dev'}\n`);
  process.exit(0);
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: keylens-language-server --stdio | --node-ipc | --socket=PORT\n       keylens-language-server --version\n');
  process.exit(0);
}
if (!process.argv.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket') || arg.startsWith('--pipe'))) {
  process.stderr.write('keylens-language-server: pass --stdio (or --node-ipc, --socket=PORT) to choose how to talk to the client\n');
  process.exit(2);
}

const connection = createConnection();

// Anything written to stdout would corrupt the protocol stream; route stray logging to the client.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

process.on('uncaughtException', (error) => connection.console.error(`keylens: uncaught: ${error?.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`keylens: unhandled rejection: ${(reason as Error)?.stack ?? reason}`));

startServer(connection, {
  loadCatalog,
  explain: explainInWorkspace,
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  },
});
