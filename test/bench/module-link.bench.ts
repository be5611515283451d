// Editing one file of a Terraform module: the edited file is parsed again and its module linked
// again from the other files' cached parses; other modules keep their linking. Printed as ratios to
// parsing the edited file alone, measured in the same run. Nothing asserts timings.
import { analyze } from '../../server/src/core/analyze';
import { parseFile } from '../../server/src/core/parse';
import { linkModules } from '../../server/src/core/terraform/module/link';
import type { ParsedFile } from '../../server/src/core/model';
import { loadCatalog } from '../../server/src/node/catalog';

const catalog = loadCatalog();

/** One file of a module: documents, role policies, attachments, locals; about `blocks` × 12 lines. */
function moduleFile(module: number, file: number, blocks: number): string {
  const out: string[] = [`locals {\n  keys_${file} = "*"\n}\n`];
  for (let i = 0; i < blocks; i++) {
    const name = `f${file}_${i}`;
    out.push(`data "aws_iam_policy_document" "${name}" {
  statement {
    actions   = ["kms:${i % 4 === 0 ? 'Decrypt' : 'Encrypt'}", "s3:GetObject"]
    resources = [local.keys_${(file + 1) % 10}]
  }
}

resource "aws_iam_role_policy" "${name}" {
  role   = aws_iam_role.r${(i + file) % 7}.id
  policy = data.aws_iam_policy_document.${name}.json
}
`);
  }
  out.push(`resource "aws_iam_role" "r${file}" {\n  name               = "m${module}-r${file}"\n  assume_role_policy = "{}"\n}\n`);
  return out.join('\n');
}

function time(fn: () => void, minMs = 400): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

const FILES = 10;
const BLOCKS = 30;
const MODULES = 6;
const texts = new Map<string, string>();
for (let m = 0; m < MODULES; m++) for (let f = 0; f < FILES; f++) texts.set(`m${m}/file${f}.tf`, moduleFile(m, f, BLOCKS));
const totalLines = [...texts.values()].reduce((n, t) => n + t.split('\n').length, 0);
const parsed = new Map<string, ParsedFile>([...texts].map(([file, text]) => [file, parseFile(file, text)]));
const edited = 'm0/file3.tf';
const editedText = texts.get(edited)!.replace('"s3:GetObject"', '"s3:GetObject", "s3:ListBucket"');

const parseOne = time(() => parseFile(edited, editedText));
const cold = time(() => analyze([...texts].map(([file, text]) => parseFile(file, text)), { catalog, targets: new Set([edited]) }));
// As the language server does it: the edited file parsed, every other file's parse kept.
let toggle = false;
const afterEdit = () => {
  toggle = !toggle;
  const current = parseFile(edited, toggle ? editedText : texts.get(edited)!);
  return [...parsed.values()].map((file) => (file.file === edited ? current : file));
};
const incremental = time(() => analyze(afterEdit(), { catalog, targets: new Set([edited]) }));
const relinkOnly = time(() => linkModules(afterEdit()));
const unchanged = [...parsed.values()];
linkModules(unchanged);
const cachedLink = time(() => linkModules(unchanged));

console.log(`${MODULES} modules × ${FILES} files, ${totalLines} lines in all (${(([...texts.values()].join('').length) / 1024).toFixed(0)} KB); one file is ${texts.get(edited)!.split('\n').length} lines`);
console.log(`parse the edited file alone:                      ${parseOne.toFixed(2)} ms (1.00×)`);
console.log(`edit one file: parse it, relink its module, check: ${incremental.toFixed(2)} ms (${(incremental / parseOne).toFixed(2)}×)`);
console.log(`  of which parse + relink (linkModules):          ${relinkOnly.toFixed(2)} ms (${(relinkOnly / parseOne).toFixed(2)}×)`);
console.log(`nothing changed (every module's linking reused):   ${cachedLink.toFixed(3)} ms (${(cachedLink / parseOne).toFixed(3)}×)`);
console.log(`from nothing: parse all ${MODULES * FILES} files, link, check:      ${cold.toFixed(2)} ms (${(cold / parseOne).toFixed(2)}×; ${(cold / incremental).toFixed(1)}× the edit)`);

// Module calls: a root calling a key module 5 times with different inputs.
const keyModule = `variable "users" {\n  type = list(string)\n}\n\nresource "aws_kms_key" "this" {\n  policy = jsonencode({\n    Statement = concat([{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }], [for u in var.users : { Effect = "Allow", Principal = { AWS = u }, Action = "kms:Decrypt", Resource = "*" }])\n  })\n}\n`;
const root = Array.from({ length: 5 }, (_, i) => `module "k${i}" {\n  source = "./modules/key"\n  users  = [${Array.from({ length: 20 }, (_, j) => `"arn:aws:iam::111122223333:role/r${i}-${j}"`).join(', ')}]\n}\n`).join('\n');
const callFiles = () => [parseFile('calls/main.tf', root), parseFile('calls/modules/key/main.tf', keyModule)];
const callParse = time(() => callFiles());
const callAnalyze = time(() => analyze(callFiles(), { catalog }));
console.log(`5 module calls (20 users each) evaluated and checked: ${callAnalyze.toFixed(2)} ms (parsing the two files: ${callParse.toFixed(2)} ms, ${(callAnalyze / callParse).toFixed(1)}×)`);
