// The CI documentation is runnable: every keylens command line in the README and docs parses with
// the real option parser, the GitHub Actions workflow uploads the SARIF it writes, and the
// pre-commit hook runs a command the package installs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseCheckArgs } from '../../server/src/cli/checkOptions';
import { parseExplainArgs } from '../../server/src/cli/explain';
import { repoRoot } from './support';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** `npx keylens check --format sarif . > out` → ['check', '--format', 'sarif', '.'] */
function keylensArgs(line: string): string[] | undefined {
  const match = /(?:^|\s)(?:npx(?: --yes)?(?: keylens@[\d.]+| keylens)|keylens)\s+(check|explain)\b(.*)$/.exec(line.replace(/#.*$/, '').trim());
  if (!match) return undefined;
  const rest = match[2]!.replace(/\s*>.*$/, '').trim();
  return [match[1]!, ...(rest ? rest.split(/\s+/) : [])];
}

test('every concrete keylens command in the README and docs parses with the real option parser', () => {
  let seen = 0;
  for (const page of ['README.md', 'docs/ci.md', 'docs/configuration.md', 'docs/configuration.ja.md']) {
    for (const block of [...codeBlocks(read(page), 'sh'), ...codeBlocks(read(page), 'yaml')]) {
      for (const line of block.split('\n')) {
        const args = keylensArgs(line);
        if (!args || /[[\]]|\.\.\./.test(line)) continue; // synopsis lines with placeholders
        seen++;
        const [command, ...rest] = args;
        if (command === 'check') assert.doesNotThrow(() => parseCheckArgs(rest, {}), `${page}: ${line}`);
        else assert.doesNotThrow(() => parseExplainArgs(rest, {}), `${page}: ${line}`);
      }
    }
  }
  assert.ok(seen >= 6, `found ${seen} command lines`);
});

test('the GitHub Actions workflow in docs/ci.md writes SARIF, uploads that file to code scanning, and fails on findings', () => {
  const workflows = codeBlocks(read('docs/ci.md'), 'yaml').map((b) => parse(b) as Record<string, unknown>).filter((d) => d && 'jobs' in d);
  assert.equal(workflows.length, 1);
  const workflow = workflows[0] as { permissions: Record<string, string>; jobs: Record<string, { steps: { id?: string; run?: string; uses?: string; with?: Record<string, string>; if?: string; 'continue-on-error'?: boolean }[] }> };
  assert.equal(workflow.permissions['security-events'], 'write');
  const steps = Object.values(workflow.jobs)[0]!.steps;
  const check = steps.find((s) => s.run?.includes('keylens check'))!;
  const args = keylensArgs(check.run!)!;
  const options = parseCheckArgs(args.slice(1), {});
  assert.equal(options.format, 'sarif');
  const output = /> (\S+)/.exec(check.run!)![1];
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
  assert.equal(upload.with!.sarif_file, output);
  assert.equal(upload.if, 'always()', 'uploaded also when findings fail the step');
  assert.equal(check['continue-on-error'], true);
  assert.ok(steps.some((s) => s.if === `steps.${check.id}.outcome == 'failure'` && s.run === 'exit 1'), 'the job still fails on findings');
});

test('.pre-commit-hooks.yaml runs a command the npm package installs, over the whole repository, for the files KeyLens reads', () => {
  const hooks = parse(read('.pre-commit-hooks.yaml')) as { id: string; entry: string; args?: string[]; language: string; files: string; pass_filenames: boolean }[];
  assert.equal(hooks.length, 1);
  const [hook] = hooks;
  assert.equal(hook!.id, 'keylens');
  assert.equal(hook!.language, 'node');
  const [bin, command, ...entryArgs] = hook!.entry.split(' ');
  const manifest = JSON.parse(read('package.json'));
  assert.ok(manifest.bin[bin!], `${bin} is a bin of the package`);
  assert.equal(manifest.scripts.prepack, 'node scripts/build.mjs --production', 'pre-commit installs through npm pack, which builds dist/');
  assert.equal(command, 'check');
  assert.deepEqual(parseCheckArgs([...entryArgs, ...(hook!.args ?? [])], {}).paths, ['.']);
  assert.equal(hook!.pass_filenames, false, 'cross-file rules need every file, not only the staged ones');
  const files = new RegExp(hook!.files);
  for (const name of ['main.tf', 'policy.json', 'key-policy.jsonc', 'template.yaml', 'stack.yml', 'x.template', 'mod.tofu']) assert.ok(files.test(name), name);
  for (const name of ['README.md', 'app.ts']) assert.ok(!files.test(name), name);
});
