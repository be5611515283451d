// The npm package (issue 12): `npm pack` of this repository installs `keylens` and
// `keylens-language-server` into a fresh prefix with no dependencies and no install scripts, and
// both work from there — the CLI (text, SARIF with bundled help), npx in a project, and the server.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { repoRoot } from './support';

let work: string;
let tarball: string;
let prefix: string;
let env: NodeJS.ProcessEnv;

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env });
  assert.equal(r.status, 0, `npm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

before(() => {
  assert.ok(existsSync(join(repoRoot, 'dist', 'cli', 'keylens.js')), 'dist/ is built (npm test builds it first)');
  work = mkdtempSync(join(tmpdir(), 'keylens-pack-'));
  // A cache of its own, no registry needed: the package has no dependencies to fetch.
  env = { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
  // --ignore-scripts: the suite already built dist/; prepack would rebuild it under the other tests' feet.
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot))[0] as { filename: string; files: { path: string }[] };
  tarball = join(work, packed.filename);
  prefix = join(work, 'prefix');
  npm(['install', '--global', '--offline', '--prefix', prefix, tarball], work);
});

test('the tarball: a public package with both commands, its run-time files only, no dependencies, no install scripts', () => {
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--dry-run', '--json'], repoRoot))[0] as { files: { path: string }[] };
  const files = packed.files.map((f) => f.path).sort();
  for (const needed of ['dist/cli/keylens.js', 'dist/server/server.js', 'dist/aws/kms.js', 'dist/data/iam-actions.json', 'dist/schemas/keylens.schema.json', 'docs/rules/parse-error.md', 'README.md', 'LICENSE', 'package.json']) {
    assert.ok(files.includes(needed), needed);
  }
  for (const file of files) assert.doesNotMatch(file, /^(server\/src|client|test|examples|node_modules|scripts)\/|\.map$|^dist\/client\//, `${file} does not belong in the npm package`);
  const manifest = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'keylens', 'package.json'), 'utf8'));
  assert.equal(manifest.private, undefined);
  assert.deepEqual(manifest.bin, { keylens: 'dist/cli/keylens.js', 'keylens-language-server': 'dist/server/server.js' });
  assert.equal(manifest.dependencies, undefined, 'everything is bundled');
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts?.[hook], undefined, hook);
  assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'keylens', 'node_modules')), 'nothing else was installed');
  assert.match(manifest.engines.node, />=\s*20/);
});

test('the installed keylens checks files, exits as documented and emits SARIF with the bundled pages', () => {
  const keylens = join(prefix, 'bin', 'keylens');
  const project = join(work, 'checkout');
  cpSync(join(repoRoot, 'examples'), project, { recursive: true });
  const run = (...args: string[]) => spawnSync(keylens, args, { cwd: project, encoding: 'utf8', env });
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
  assert.equal(run('--version').stdout, `${version}\n`);
  assert.equal(run('check', '--help').status, 0);
  const text = run('check', '.');
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /✖ \d+ problems .*\nchecked \d+ files \(\d+ policies\)\n$/);
  const sarif = JSON.parse(run('check', '--format', 'sarif', '.').stdout);
  for (const rule of sarif.runs[0].tool.driver.rules) assert.ok(rule.help.markdown.startsWith(`# ${rule.id}`), `${rule.id}: help from the installed package's docs`);
  const explain = run('explain', '--offline', '--format', 'json', 'aws_kms_key.uploads', 'terraform/multipart-upload/main.tf');
  assert.equal(explain.status, 0, explain.stderr);
  assert.ok((JSON.parse(explain.stdout) as { access: unknown[] }).access.length > 0);
});

test('npx keylens check . in a project that installed the tarball (as `npm install --save-dev keylens` would), and npx --package', () => {
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  writeFileSync(join(project, 'policy.json'), '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}');
  npm(['install', '--offline', '--save-dev', tarball], project);
  const npx = spawnSync('npx', ['--offline', 'keylens', 'check', '.'], { cwd: project, encoding: 'utf8', env });
  assert.equal(npx.status, 1, npx.stderr);
  assert.match(npx.stdout, /kms-key-policy-wildcard-principal/);
  const oneOff = spawnSync('npx', ['--yes', '--offline', '--package', tarball, '--', 'keylens', 'check', '--format', 'json', join(project, 'policy.json')], { cwd: work, encoding: 'utf8', env });
  assert.equal(oneOff.status, 1, oneOff.stderr);
  assert.ok((JSON.parse(oneOff.stdout) as { ruleId: string }[]).some((f) => f.ruleId === 'kms-key-policy-wildcard-principal'));
});

test('the installed keylens-language-server answers over stdio; its links point into the installed package', async () => {
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
  const bin = join(prefix, 'bin', 'keylens-language-server');
  assert.equal(spawnSync(bin, ['--version'], { encoding: 'utf8', env }).stdout, `${version}\n`);
  const help = spawnSync(bin, ['--help'], { encoding: 'utf8', env });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: keylens-language-server --stdio/);
  const server = spawn(join(prefix, 'bin', 'keylens-language-server'), ['--stdio'], { env, stdio: 'pipe' });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.diagnostics.length) resolve(p);
    }));
  connection.listen();
  try {
    const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, locale: 'en' })) as { serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'keylens');
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///virtual/key-policy.json', languageId: 'json', version: 1, text: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}' },
    });
    const { diagnostics } = await published;
    const href = diagnostics[0]!.codeDescription!.href;
    const page = realpathSync(fileURLToPath(href));
    assert.ok(!relative(realpathSync(join(prefix, 'lib', 'node_modules', 'keylens', 'docs', 'rules')), page).startsWith('..'), `${href} is inside the installed package`);
  } finally {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    server.kill();
  }
});
