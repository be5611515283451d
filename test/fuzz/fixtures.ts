// Every fixture the fuzzer mutates: the example workspaces, the Terraform fixtures, the e2e workspace
// and the snippets of the rule tables (read without registering their tests).
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { transformSync } from 'esbuild';
import { stripMarkers } from '../unit/rules/table';
import { moduleCallFixtures, splitFixtures, treeFixtures } from './modules';
import type { Language } from './mutate';

export const root = join(__dirname, '..', '..');

/** One workspace: the file the fuzzer mutates and the files analysed with it (cross-file rules). */
export interface Fixture {
  /** Where it came from, for reports: a path or `rule-id valid|invalid: case name`. */
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly context: ReadonlyMap<string, string>;
}

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, accept));
    else if (accept(name)) out.push(full);
  }
  return out;
}

const isPolicySource = (name: string) => /\.(?:json|tf|ya?ml|template)$/.test(name);

/** Files of a folder (not its subfolders) form one workspace, as `keylens check` analyses them. */
function workspaceFixtures(dir: string): Fixture[] {
  const files = filesUnder(dir, isPolicySource);
  const byFolder = new Map<string, string[]>();
  for (const file of files) byFolder.set(dirname(file), [...(byFolder.get(dirname(file)) ?? []), file]);
  const fixtures: Fixture[] = [];
  for (const group of byFolder.values()) {
    const texts = new Map(group.map((file) => [relative(root, file), readFileSync(file, 'utf8')]));
    for (const [file, text] of texts) {
      const context = new Map([...texts].filter(([other]) => other !== file));
      fixtures.push({ name: file, file, text, context });
    }
  }
  return fixtures;
}

interface TableCase {
  readonly name: string;
  readonly file?: string;
  readonly text: string;
  readonly context?: Readonly<Record<string, string>>;
}

function defaultFile(text: string): string {
  return /^\s*(resource|data|locals|variable|provider|terraform)\b/m.test(text) ? 'main.tf' : 'policy.json';
}

/** The valid and invalid snippets of test/unit/rules/*.test.ts, markers removed. */
function ruleTableFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const path of filesUnder(join(root, 'test', 'unit', 'rules'), (name) => name.endsWith('.test.ts'))) {
    const { code } = transformSync(readFileSync(path, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20' });
    const seen = new Set<string>();
    const collect = (ruleId: string, table: { valid: readonly TableCase[]; invalid: readonly TableCase[] }) => {
      for (const [kind, cases] of [['valid', table.valid], ['invalid', table.invalid]] as const) {
        for (const testCase of cases) {
          const text = stripMarkers(testCase.text).text;
          const file = testCase.file ?? defaultFile(text);
          const key = `${file}\0${text}\0${JSON.stringify(testCase.context ?? {})}`;
          if (seen.has(key)) continue;
          seen.add(key);
          fixtures.push({ name: `${ruleId} ${kind}: ${testCase.name}`, file, text, context: new Map(Object.entries(testCase.context ?? {})) });
        }
      }
    };
    const fakeRequire = (specifier: string) =>
      /(^|\/)table$/.test(specifier) ? { ruleTable: collect } : require(specifier.startsWith('.') ? join(dirname(path), specifier) : specifier);
    const module = { exports: {} };
    new Function('require', 'module', 'exports', '__dirname', '__filename', code)(fakeRequire, module, module.exports, dirname(path), path);
  }
  return fixtures;
}

/** Example folders holding modules (`modules/`, `.terraform/modules/`): the whole tree is one workspace. */
function moduleTreeFixtures(dir: string): Fixture[] {
  const out: Fixture[] = [];
  for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory() || !(existsSync(join(folder, 'modules')) || existsSync(join(folder, '.terraform')))) continue;
    const texts = new Map(filesUnder(folder, (file) => isPolicySource(file) || file.endsWith('.tfvars')).map((file) => [relative(root, file), readFileSync(file, 'utf8')]));
    out.push(...treeFixtures(relative(root, folder), texts));
  }
  return out;
}

let cached: Fixture[] | undefined;

/** All fixtures, in a stable order (a seed must pick the same fixture on every machine). */
export function loadFixtures(): Fixture[] {
  if (cached) return cached;
  const base = [
    ...workspaceFixtures(join(root, 'examples')),
    ...workspaceFixtures(join(root, 'test', 'unit', 'terraform', 'fixtures')),
    ...workspaceFixtures(join(root, 'test', 'e2e', 'fixtures', 'workspace')),
    ...ruleTableFixtures(),
  ];
  const terraform = base.filter((fixture) => languageOfFixture(fixture) === 'terraform');
  cached = [...base, ...moduleTreeFixtures(join(root, 'examples', 'terraform')), ...splitFixtures(terraform), ...moduleCallFixtures(terraform)];
  return cached;
}

export function languageOfFixture(fixture: { file: string }): Language {
  if (fixture.file.endsWith('.tf') || fixture.file.endsWith('.tofu')) return 'terraform';
  return /\.(?:ya?ml|template)$/.test(fixture.file) ? 'yaml' : 'json';
}
