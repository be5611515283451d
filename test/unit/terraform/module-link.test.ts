// The files of a folder are one module: what Terraform rejects about the module as a whole is said in the file at fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import { parseFile } from '../../../server/src/core/parse';
import { loadCatalog } from '../../../server/src/node/catalog';

const decrypt = (name: string) => `resource "aws_iam_policy" "${name}" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }] })\n}\n`;

test('a resource declared in two files of one module is a parse error at the second, naming the first', () => {
  const files = [parseFile('infra/a.tf', decrypt('app')), parseFile('infra/b.tf', '\n' + decrypt('app'))];
  const findings = analyze(files, { catalog: loadCatalog() });
  const problems = findings.filter((f) => f.ruleId === 'parse-error');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.file, 'infra/b.tf');
  assert.match(problems[0]!.message.en, /^aws_iam_policy\.app is declared twice in this module \(first in a\.tf line 1\)/);
  assert.equal(files[1]!.text.slice(problems[0]!.span.start, problems[0]!.span.end), '"aws_iam_policy" "app"');
  // The first declaration is still judged.
  assert.deepEqual(findings.filter((f) => f.ruleId === 'kms-decrypt-in-identity-policy').map((f) => f.file), ['infra/a.tf']);
});

test('the same address in two folders is two modules: no problem, both judged', () => {
  const files = [parseFile('one/main.tf', decrypt('app')), parseFile('two/main.tf', decrypt('app'))];
  const findings = analyze(files, { catalog: loadCatalog() });
  assert.deepEqual(findings.filter((f) => f.ruleId === 'parse-error'), []);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'kms-decrypt-in-identity-policy').map((f) => f.file).sort(), ['one/main.tf', 'two/main.tf']);
});
