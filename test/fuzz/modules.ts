// Fixtures for fuzzing Terraform as modules are written: a workspace split into one file per
// top-level block, example trees holding module sources (local and fetched), and every Terraform
// fixture wrapped as a module called from a root module with inputs.
import { parseHcl } from '../../server/src/core/terraform/hcl';
import { dirOf } from '../../server/src/core/paths';
import type { Fixture } from './fixtures';

/** Each top-level block of each `.tf` file in a file of its own, next to the original. */
export function splitWorkspace(texts: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, text] of texts) {
    if (!file.endsWith('.tf')) {
      out.set(file, text);
      continue;
    }
    const { body } = parseHcl(text);
    const dir = dirOf(file);
    const stem = file.slice(dir.length ? dir.length + 1 : 0).replace(/\.tf$/, '');
    body.items.forEach((item, i) => out.set(`${dir ? dir + '/' : ''}${stem}.part${i}.tf`, text.slice(item.span.start, item.span.end) + '\n'));
  }
  return out;
}

/** One fixture per file of a workspace: that file is mutated, the others are its module and context. */
function fixturesOf(name: string, texts: ReadonlyMap<string, string>): Fixture[] {
  return [...texts].map(([file, text]) => ({ name: `${name} [${file}]`, file, text, context: new Map([...texts].filter(([other]) => other !== file)) }));
}

/** Terraform fixtures with several blocks, split (the part files form one module). */
export function splitFixtures(terraform: readonly Fixture[]): Fixture[] {
  const out: Fixture[] = [];
  for (const fixture of terraform) {
    const texts = new Map([...fixture.context, [fixture.file, fixture.text]]);
    if (parseHcl(fixture.text).body.items.length < 2) continue;
    out.push(...fixturesOf(`split ${fixture.name}`, splitWorkspace(texts)));
  }
  return out;
}

/**
 * Each Terraform fixture as a module at `root/modules/m/`, called twice from `root/main.tf`: once
 * with no inputs, once with inputs for every variable it declares (a `"*"`, a list holding an
 * alias ARN, `false`), so instances are evaluated, relocated and fuzzed from both sides.
 */
export function moduleCallFixtures(terraform: readonly Fixture[]): Fixture[] {
  const out: Fixture[] = [];
  const inputs = ['"*"', '["arn:aws:kms:us-east-1:111122223333:alias/app", aws_iam_role.app.arn]', 'false', '{ a = ["kms:Decrypt"] }'];
  for (const fixture of terraform) {
    const texts = new Map([...fixture.context, [fixture.file, fixture.text]]);
    const moved = new Map([...texts].filter(([file]) => file.endsWith('.tf')).map(([file, text]) => [`root/modules/m/${file.replace(/\//g, '_')}`, text]));
    const variables = [...new Set([...texts.values()].flatMap((text) => [...text.matchAll(/^variable\s+"([\w-]+)"/gm)].map((m) => m[1]!)))];
    const args = variables.map((name, i) => `  ${name} = ${inputs[i % inputs.length]}`).join('\n');
    const root = `module "plain" {\n  source = "./modules/m"\n}\n\nmodule "given" {\n  source = "./modules/m"\n${args}\n}\n`;
    out.push(...fixturesOf(`module call ${fixture.name}`, new Map([['root/main.tf', root], ...moved])).slice(0, 2));
  }
  return out;
}

/** Fixtures of a tree whose subfolders are module sources: every file of the tree is one workspace. */
export function treeFixtures(name: string, texts: ReadonlyMap<string, string>): Fixture[] {
  return fixturesOf(`tree ${name}`, texts);
}
