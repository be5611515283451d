// "Suppress on this line" round trip over every finding of the bundled examples (JSON as JSONC, and
// Terraform): the edit leaves text that parses as before, silences exactly that finding's rule on
// its line and nothing else; and the comment scanner never throws on truncated or mangled input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../server/src/core/analyze';
import type { Finding } from '../../../server/src/core/finding';
import type { ParsedFile } from '../../../server/src/core/model';
import { parseFile } from '../../../server/src/core/parse';
import { scanComments } from '../../../server/src/core/suppressions/comments';
import { commentPrefixFor, suppressOnLineEdit } from '../../../server/src/core/suppressions/edit';
import { applySuppressions, fileSuppressions } from '../../../server/src/core/suppressions/index';
import { applyTextEdits } from '../../../server/src/core/text';
import { loadCatalog } from '../../../server/src/node/catalog';
import { Rng } from '../../fuzz/prng';

const catalog = loadCatalog();
const examples = join(__dirname, '..', '..', '..', 'examples');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : /\.(json|tf)$/.test(name) ? [full] : [];
  });
}

/** Example folders analysed as the CLI does (files of a folder together), JSON files read as JSONC. */
function folders(): ParsedFile[][] {
  const byFolder = new Map<string, ParsedFile[]>();
  for (const path of listFiles(examples)) {
    const folder = path.slice(0, path.lastIndexOf('/'));
    const name = path.endsWith('.json') ? `${path}c` : path;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), parseFile(name, readFileSync(path, 'utf8'))]);
  }
  return [...byFolder.values()];
}

const open = (findings: readonly Finding[]) => findings.filter((f) => !f.suppression);

test('every finding of the examples: the suppression edit parses as before and silences that rule on that line only', () => {
  let edits = 0;
  let refused = 0;
  for (const files of folders()) {
    const findings = applySuppressions(analyze(files, { catalog, guardFixes: false }), files);
    for (const finding of open(findings)) {
      const file = files.find((f) => f.file === finding.file)!;
      const prefix = commentPrefixFor(file.language, file.file)!;
      assert.ok(prefix, file.file);
      const edit = suppressOnLineEdit(file, finding, prefix, 'reviewed');
      if (!edit) {
        refused++;
        // Only where a comment line would land inside text (a heredoc body): never for JSONC.
        assert.equal(file.language, 'terraform', `${file.file}: no edit for ${finding.ruleId}`);
        assert.ok(scanComments(file.language, file.text).opaque.length > 0);
        continue;
      }
      edits++;
      const text = applyTextEdits(file.text, [edit]);
      const changed = parseFile(file.file, text);
      assert.ok(changed.problems.length <= file.problems.length, `${file.file}: the edit breaks parsing\n${text}`);
      const again = files.map((f) => (f.file === file.file ? changed : f));
      const after = applySuppressions(analyze(again, { catalog, guardFixes: false }), again);
      const label = `${file.file} ${finding.ruleId}`;
      assert.equal(after.length, findings.length, `${label}: the same findings`);
      const newlySuppressed = after.filter((f) => f.suppression).length - findings.filter((f) => f.suppression).length;
      const sameRuleSameLine = open(findings).filter((f) => f.file === finding.file && f.ruleId === finding.ruleId && lineOf(file.text, f.span.start) === lineOf(file.text, finding.span.start)).length;
      assert.equal(newlySuppressed, sameRuleSameLine, `${label}: silences that rule on that line, nothing else`);
      assert.ok(after.every((f) => !f.suppression || f.ruleId === finding.ruleId || findings.some((g) => g.suppression && g.ruleId === f.ruleId)), label);
      assert.equal(fileSuppressions(changed)!.problems.length, 0, `${label}: the comment is a valid directive`);
    }
  }
  assert.ok(edits >= 15, `${edits} edits checked`);
  console.log(`# ${edits} suppression edits round-tripped, ${refused} refused (heredoc bodies)`);
});

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) if (text[i] === '\n') line++;
  return line;
}

test('the comment scanner and the suppression reader never throw and keep spans inside the text', () => {
  const rng = new Rng(0x5eed1234);
  const directives = ['# keylens-ignore-next-line kms-decrypt-in-identity-policy -- r', '// keylens-ignore-file iam-unknown-action', '/* keylens-ignore-next-line x */', '# keylens-ignore', '"# keylens-ignore-file a"', '<<EOT\n', '${', '"', '/*', '*/', '\n', '#'];
  const sources = listFiles(examples).map((path) => readFileSync(path, 'utf8'));
  for (let round = 0; round < 300; round++) {
    let text = rng.pick(sources);
    for (let k = rng.range(1, 6); k > 0; k--) {
      const at = rng.int(text.length + 1);
      text = rng.chance(0.3) ? text.slice(0, at) : text.slice(0, at) + rng.pick(directives) + text.slice(at);
    }
    for (const language of ['json', 'terraform', 'yaml'] as const) {
      const scan = scanComments(language, text);
      for (const span of [...scan.comments.map((c) => c.span), ...scan.opaque]) assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${language} round ${round}`);
    }
    const file = parseFile(rng.chance(0.5) ? 'a.tf' : 'a.jsonc', text);
    const findings = analyze([file], { catalog, guardFixes: false });
    assert.doesNotThrow(() => applySuppressions(findings, [file]));
  }
});
