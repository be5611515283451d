// Builds every bundle into dist/. Entries whose source does not exist are skipped with a note.
import { build } from 'esbuild';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules, createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeRequire = createRequire(import.meta.url);
process.chdir(root);

execFileSync(process.execPath, ['scripts/build-iam-data.mjs'], { stdio: 'inherit' });

const shebang = { js: '#!/usr/bin/env node' };
const entries = [
  { in: 'server/src/lsp/main.ts', out: 'dist/server/server.js', banner: shebang },
  { in: 'server/src/cli/main.ts', out: 'dist/cli/keylens.js', banner: shebang },
  // The AWS SDK lives in its own bundle, loaded only when a live look-up is asked for.
  { in: 'server/src/aws/index.ts', out: 'dist/aws/kms.js' },
  { in: 'client/src/extension.ts', out: 'dist/client/extension.js', external: ['vscode'] },
];

const production = process.argv.includes('--production');
const version = JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8')).version;
for (const entry of entries) {
  if (!existsSync(entry.in)) {
    console.log(`build: skipping ${entry.in} (not present)`);
    continue;
  }
  mkdirSync(dirname(entry.out), { recursive: true });
  await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // jsonc-parser's UMD build breaks when bundled; its ESM build does not.
    mainFields: ['module', 'main'],
    external: [...(entry.external ?? []), './aws/kms.js', '../aws/kms.js'],
    banner: entry.banner,
    define: { KEYLENS_VERSION: JSON.stringify(version) },
    sourcemap: production ? false : 'linked',
    minify: production,
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log(`build: ${entry.out} ${(statSync(entry.out).size / 1024).toFixed(1)} KB`);
}

// The configuration schema is built from the rule list (server/src/core/config/schema.ts); VS Code's
// jsonValidation and users' "$schema" read these copies.
{
  const bundled = await build({
    entryPoints: ['server/src/core/config/schema.ts'],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, (id) => {
    // The rule list reaches the template reader, whose YAML parser asks for Node's `process` and `buffer`.
    if (builtinModules.includes(id.replace(/^node:/, ''))) return nodeRequire(id);
    throw new Error(`build: the schema module may not require ${id}`);
  });
  mkdirSync('dist/schemas', { recursive: true });
  writeFileSync('dist/schemas/keylens.schema.json', JSON.stringify(module.exports.configSchema(), null, 2) + '\n');
  writeFileSync('dist/schemas/package.schema.json', JSON.stringify(module.exports.packageJsonSchema(), null, 2) + '\n');
  console.log('build: dist/schemas/keylens.schema.json, dist/schemas/package.schema.json');
}
