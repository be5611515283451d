// Starts code-server (VS Code 1.100.3 server + web workbench) on a free loopback port, with its
// own user data and extensions folders and the built KeyLens extension installed in it.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, fixturesDir, repoRoot } from './tools';
import { start, type Started } from './processes';

export interface CodeServer {
  url: string;
  port: number;
  /** A fresh copy of test/e2e/fixtures/workspace the tests may edit. */
  workspace: string;
  userDataDir: string;
  /** Milliseconds spent installing the extension and starting the server. */
  timings: { install: number; start: number };
  /** code-server's output plus the extension host and KeyLens logs, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** VS Code display language (`--locale`); the client passes it on to the language server. */
  locale?: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Written to the workspace's .vscode/settings.json. */
  workspaceSettings?: Record<string, unknown>;
  /** Ask whether to trust the folder (it can then stay in restricted mode); off by default. */
  workspaceTrust?: boolean;
  /** Extra environment for code-server (and so the extension host and language server). */
  env?: Record<string, string>;
}

// With KEYLENS_E2E_INSTALL=copy: the files of the repository copied as the installed extension
// (quicker while iterating, but it does not test the .vsix allowlist).
const extensionEntries = ['package.json', 'dist', 'syntaxes', 'docs', 'l10n', 'README.md', 'LICENSE', 'CHANGELOG.md', 'language-configuration.json'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Installs the extension as a user does: packaged by scripts/package-vsix.mjs (as `npm run package`, into a temp
 * folder) and installed with `code-server --install-extension`, so a file missing from the .vsix
 * fails here too.
 */
function installExtension(root: string, userDataDir: string, extensionsDir: string): void {
  if (process.env.KEYLENS_E2E_INSTALL === 'copy') return copyExtension(extensionsDir);
  const vsix = join(root, 'keylens.vsix');
  const run = (args: string[], cwd: string) => {
    try {
      execFileSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, encoding: 'utf8' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`${args.slice(0, 2).join(' ')} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`);
    }
  };
  run([join(repoRoot, 'scripts', 'package-vsix.mjs'), vsix], repoRoot);
  run([codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], root);
}

function copyExtension(extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  const present = new Set(readdirSync(repoRoot));
  for (const entry of extensionEntries) {
    if (present.has(entry)) cpSync(join(repoRoot, entry), join(target, entry), { recursive: true });
  }
  for (const name of present) {
    if (/^package\.nls(\.[\w-]+)?\.json$/.test(name)) cpSync(join(repoRoot, name), join(target, name));
  }
}

/**
 * VS Code runs in a display language only when a language pack for it is installed: without one,
 * `--locale ja` falls back to English and extensions see `vscode.env.language === 'en'`. This
 * machine cannot download Microsoft's pack, so a stub pack (test/e2e/fixtures/language-pack-<locale>)
 * is installed and registered in languagepacks.json the way VS Code's language pack service does.
 */
function installLanguagePack(locale: string, userDataDir: string, extensionsDir: string): void {
  const source = join(fixturesDir, `language-pack-${locale}`);
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const target = join(extensionsDir, `${id}-${manifest.version}`);
  cpSync(source, target, { recursive: true });
  const packs: Record<string, unknown> = {};
  for (const localization of manifest.contributes.localizations) {
    packs[localization.languageId] = {
      hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: Object.fromEntries(localization.translations.map((t: { id: string; path: string }) => [t.id, join(target, t.path)])),
      label: localization.localizedLanguageName ?? localization.languageName,
    };
  }
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

async function waitForHealth(url: string, server: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`code-server exited (${server.child.exitCode}):\n${server.output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms:\n${server.output()}`);
}

function readLogs(dir: string): string {
  const parts: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.log') && /exthost|keylens|remoteagent/i.test(full)) {
        parts.push(`--- ${full}\n${readFileSync(full, 'utf8').slice(-8000)}`);
      }
    }
  };
  try {
    walk(join(dir, 'logs'));
  } catch {
    // no logs yet
  }
  return parts.join('\n');
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const root = mkdtempSync(join(tmpdir(), 'keylens-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  cpSync(join(fixturesDir, 'workspace'), workspace, { recursive: true });
  if (options.workspaceSettings) {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(options.workspaceSettings, null, 2));
  }
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'security.workspace.trust.enabled': options.workspaceTrust === true,
        ...(options.workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'always' } : {}),
        'editor.minimap.enabled': false,
        'editor.hover.delay': 300,
        'files.autoSave': 'off',
        'window.commandCenter': false,
        ...options.settings,
      },
      null,
      2,
    ),
  );
  if (options.locale) writeFileSync(join(userDataDir, 'User', 'argv.json'), JSON.stringify({ locale: options.locale }));
  const installStarted = Date.now();
  installExtension(root, userDataDir, extensionsDir);
  const install = Date.now() - installStarted;
  if (options.locale && !options.locale.startsWith('en')) installLanguagePack(options.locale, userDataDir, extensionsDir);

  const serverStarted = Date.now();
  const port = await freePort();
  const config = join(root, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServerEntry,
    '--config', config,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(options.locale ? ['--locale', options.locale] : []),
    workspace,
  ];
  const server = start(process.execPath, args, {
    cwd: root,
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...options.env },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, server, 20_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url,
    port,
    timings: { install, start: Date.now() - serverStarted },
    workspace,
    userDataDir,
    logs: () => `${server.output().slice(-8000)}\n${readLogs(userDataDir)}`,
    async stop() {
      await server.stop();
      if (!process.env.KEYLENS_E2E_KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}
