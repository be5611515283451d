// Packages keylens.vsix from the built dist/ (run scripts/build.mjs --production first).
// The manifest names no repository, because no public repository is this project's: vsce is told so,
// and README links stay relative — VS Code's extension page resolves them against the installed
// extension, where docs/ is bundled. With KEYLENS_PUBLIC_URL (where the repository's files are
// published), vsce points them there instead, for the Marketplace page.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = ['package', '--no-dependencies', '--allow-missing-repository', '-o', process.argv[2] ?? 'keylens.vsix'];
const base = process.env.KEYLENS_PUBLIC_URL;
if (base) {
  if (!/^https:\/\/\S+$/.test(base)) {
    console.error(`package-vsix: KEYLENS_PUBLIC_URL must be an https URL, got "${base}"`);
    process.exit(2);
  }
  const folder = base.endsWith('/') ? base : `${base}/`;
  args.push('--baseContentUrl', folder, '--baseImagesUrl', folder);
} else {
  args.push('--no-rewrite-relative-links');
}
const result = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
