// Every documentation link the extension, the language server and the CLI emit resolves to a page
// bundled in what users install (the .vsix, the npm package), offline; nothing links to a website
// that is not this project's (issue 14).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ruleDocumentationTemplate, ruleOfDocumentationPath } from '../../client/src/docsLink';
import { ruleDescriptors } from '../../server/src/core/ruleIds';
import { configSchema } from '../../server/src/core/config/schema';
import { LspTestClient, pathToUri, repoRoot } from './lspClient';

let vsixFiles: Set<string>;
let npmFiles: Set<string>;

before(() => {
  const ls = spawnSync(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(ls.status, 0, ls.stderr);
  vsixFiles = new Set(ls.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  npmFiles = new Set((JSON.parse(pack.stdout)[0].files as { path: string }[]).map((f) => f.path));
  assert.ok(vsixFiles.has('dist/server/server.js') && npmFiles.has('dist/server/server.js'));
});

/** Opens every example file plus two that trigger the findings KeyLens reports about its input. */
async function hrefsFrom(client: LspTestClient): Promise<Map<string, string>> {
  const files = listFiles(join(repoRoot, 'examples')).filter((f) => /\.(json|tf)$/.test(f));
  const extra = new Map([
    [join(repoRoot, 'examples', 'broken.virtual.json'), '{ "Statement": [ { "Effect": "Allow", '],
    [join(repoRoot, 'examples', 'partner-admin.key-policy.virtual.json'), JSON.stringify({ Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'PartnerAll', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:*', Resource: '*' },
    ] })],
    [join(repoRoot, 'examples', 'typo.virtual.jsonc'), '{ "Statement": [\n  // keylens-ignore-next-line kms-decrypt-in-identiy-policy\n  { "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*" } ] }'],
  ]);
  const hrefs = new Map<string, string>();
  const waits: Promise<Diagnostic[]>[] = [];
  for (const file of [...files, ...extra.keys()]) {
    const uri = pathToUri(file);
    client.open(uri, file.endsWith('.tf') ? 'terraform' : file.endsWith('.jsonc') ? 'jsonc' : 'json', extra.get(file) ?? readFileSync(file, 'utf8'));
    waits.push(client.waitForDiagnostics(uri));
  }
  // Cross-file findings settle once the workspace scan is in; wait until every rule has shown up.
  const wanted = ruleDescriptors().map((d) => d.id);
  const deadline = Date.now() + 8000;
  for (;;) {
    await Promise.all(waits);
    for (const params of client.published.values()) {
      for (const d of params.diagnostics) if (typeof d.code === 'string' && d.codeDescription) hrefs.set(d.code, d.codeDescription.href);
    }
    if (wanted.every((id) => hrefs.has(id)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(wanted.filter((id) => !hrefs.has(id)), [], 'every rule id got a diagnostic with a link');
  return hrefs;
}

test('other LSP clients: every codeDescription.href is a file: URI of a page the npm package ships', async () => {
  for (const locale of ['en', 'ja']) {
    const client = new LspTestClient({ locale, workspaceFolder: join(repoRoot, 'examples') });
    await client.initialize();
    try {
      for (const [rule, href] of await hrefsFrom(client)) {
        assert.match(href, /^file:\/\//, `${rule}: ${href}`);
        const path = realpathSync(fileURLToPath(href));
        const inPackage = relative(realpathSync(repoRoot), path).split(sep).join('/');
        assert.equal(inPackage, `docs/rules/${rule}${locale === 'ja' ? '.ja' : ''}.md`, `${rule} (${locale})`);
        assert.ok(npmFiles.has(inPackage), `${inPackage} is in the npm package`);
        assert.ok(statSync(path).size > 1000);
      }
      const shown = (await client.executeCommand('keylens.server.ruleDocumentation', ['kms-alias-arn-as-key'])) as { url: string };
      assert.ok(existsSync(fileURLToPath(shown.url)));
    } finally {
      await client.shutdown();
    }
  }
});

test('VS Code: every href is the extension\'s own URI, which its handler maps to a page the .vsix ships', async () => {
  const template = ruleDocumentationTemplate('vscode', 'keylens.keylens');
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.equal(`${manifest.publisher}.${manifest.name}`, 'keylens.keylens', 'the URI authority is the extension id');
  assert.ok(manifest.activationEvents.includes('onUri'), 'a link activates the extension');
  const client = new LspTestClient({ locale: 'en', workspaceFolder: join(repoRoot, 'examples'), initializationOptions: { ruleDocumentation: template, clientCommands: ['keylens.showRuleDocumentation'] } });
  await client.initialize();
  try {
    for (const [rule, href] of await hrefsFrom(client)) {
      const uri = new URL(href);
      assert.equal(uri.protocol, 'vscode:');
      assert.equal(uri.host, 'keylens.keylens');
      assert.equal(ruleOfDocumentationPath(uri.pathname), rule);
      // client/src/documentation.ts opens docs/rules/<rule>.md (or .ja.md) inside the extension.
      for (const page of [`docs/rules/${rule}.md`, `docs/rules/${rule}.ja.md`]) assert.ok(vsixFiles.has(page), `${page} is in the .vsix`);
    }
  } finally {
    await client.shutdown();
  }
  assert.equal(ruleOfDocumentationPath('/docs/../../etc/passwd'), undefined);
  assert.equal(ruleOfDocumentationPath('/other/kms-alias-arn-as-key'), undefined);
});

test('the CLI: SARIF links nothing unless a published location is given; the text and json formats link nothing', () => {
  const cli = join(repoRoot, 'dist', 'cli', 'keylens.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'check', ...args, 'examples'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, KEYLENS_DOCS_URL: '' } }).stdout;
  const sarif = JSON.parse(run('--format', 'sarif'));
  const { $schema, ...rest } = sarif;
  assert.equal($schema, 'https://json.schemastore.org/sarif-2.1.0.json', 'the SARIF format\'s own schema id, not a documentation link');
  const links = (JSON.stringify(rest).match(/"(helpUri|informationUri|href|uri)":"[^"]*"/g) ?? []).filter((l) => !/"uri":"(examples\/|file:\/\/\/)/.test(l));
  assert.deepEqual(links, []);
  for (const format of ['text', 'json']) assert.doesNotMatch(run('--format', format), /https?:\/\//, format);
});

test('no file links to github.com/keylens/keylens; package.json names no repository that is not this project', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  for (const key of ['repository', 'bugs', 'homepage']) assert.equal(manifest[key], undefined, key);
  const tracked = spawnSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).stdout.split('\n').filter((f) => f && !f.startsWith('test/') && existsSync(join(repoRoot, f)));
  for (const file of tracked) {
    if (/\.(png|jpg|gif|vsix|tgz)$/.test(file) || file === 'package-lock.json') continue;
    assert.doesNotMatch(readFileSync(join(repoRoot, file), 'utf8'), /github\.com\/keylens\/keylens/, file);
  }
});

test('relative links in the README and the docs it links resolve, and ship in the .vsix (its page in VS Code resolves them there)', () => {
  for (const page of ['README.md', 'docs/configuration.md', 'docs/configuration.ja.md', 'docs/ci.md']) {
    const text = readFileSync(join(repoRoot, page), 'utf8');
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!.replace(/#.*$/, '');
      if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const file = resolve(dirname(join(repoRoot, page)), target);
      assert.ok(existsSync(file), `${page} links to missing ${target}`);
      if (page === 'README.md') assert.ok(vsixFiles.has(relative(repoRoot, file).split(sep).join('/')), `${target} (linked from the README) is in the .vsix`);
    }
  }
});

test('the schemas VS Code validates .keylens.json and package.json with ship in the .vsix and are the schema the CLI uses', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const validation = manifest.contributes.jsonValidation as { fileMatch: string; url: string }[];
  assert.deepEqual(validation.map((v) => v.fileMatch), ['.keylens.json', 'package.json']);
  for (const { url } of validation) assert.ok(vsixFiles.has(url.replace(/^\.\//, '')), `${url} is in the .vsix`);
  const shipped = JSON.parse(readFileSync(join(repoRoot, 'dist', 'schemas', 'keylens.schema.json'), 'utf8'));
  assert.deepEqual(shipped, configSchema());
  assert.deepEqual(JSON.parse(readFileSync(join(repoRoot, 'dist', 'schemas', 'package.schema.json'), 'utf8')).properties.keylens.properties, configSchema().properties);
  assert.deepEqual(Object.keys((configSchema().definitions as { rules: { properties: object } }).rules.properties), ruleDescriptors().map((d) => d.id));
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
