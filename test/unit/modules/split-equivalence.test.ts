// "Every rule and explain give the same answers whether a module is in one file or ten": every
// Terraform table case and example is analysed as written and again with each top-level block in a
// file of its own (same folder), and the findings and explain reports are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import { parseFile } from '../../../server/src/core/parse';
import { parseHcl } from '../../../server/src/core/terraform/hcl';
import { workspaceKeys } from '../../../server/src/core/workspaceKeys';
import { explainKey, snapshotFromWorkspace } from '../../../server/src/core/explain/index';
import type { Finding } from '../../../server/src/core/finding';
import { loadCatalog } from '../../../server/src/node/catalog';
import { loadFixtures } from '../../fuzz/fixtures';
import { splitWorkspace } from '../../fuzz/modules';

const catalog = loadCatalog();

/** A finding as an answer: rule, severity, message without the notes on where values came from, and the text it points at. */
function answers(findings: readonly Finding[], texts: ReadonlyMap<string, string>): string[] {
  return findings
    .map((f) => {
      // Notes name files and lines, which move when blocks move to files of their own.
      const message = f.message.en.replace(/ (KeyLens used the value of .*|\(In module\..*|\(Planned resource .*)$/, '');
      return `${f.ruleId} ${f.severity} «${texts.get(f.file)!.slice(f.span.start, f.span.end)}» ${message}`;
    })
    .sort();
}

function analyzeTexts(texts: ReadonlyMap<string, string>) {
  const files = [...texts].map(([file, text]) => parseFile(file, text));
  return { files, findings: analyze(files, { catalog, guardFixes: false }) };
}

function explained(files: ReturnType<typeof analyzeTexts>['files'], key: string): unknown {
  const result = snapshotFromWorkspace(files, key);
  if (!result.ok) return result.error.en;
  const report = explainKey(result.snapshot, result.identityPolicies, { catalog });
  const entries = (list: typeof report.access) => list.map((e) => `${e.principal} ${e.operations.join(',')} ${JSON.stringify(e.conditions)}`).sort();
  return { access: entries(report.access), denies: entries(report.denies), grants: report.grants.length };
}

const workspaces = loadFixtures().filter((fixture) => fixture.file.endsWith('.tf') && !/^(split|module call|tree) /.test(fixture.name));

test('split modules: the fixtures include Terraform table cases and examples', () => {
  assert.ok(workspaces.length >= 90, `${workspaces.length} Terraform workspaces`);
});

test('split modules: every Terraform table case and example gives the same findings in one file per block', () => {
  let compared = 0;
  for (const fixture of workspaces) {
    const texts = new Map([...fixture.context, [fixture.file, fixture.text]]);
    if ([...texts.values()].some((text) => parseHcl(text).problems.length > 0)) continue;
    const split = splitWorkspace(texts);
    const one = analyzeTexts(texts);
    const many = analyzeTexts(split);
    assert.deepEqual(answers(many.findings, split), answers(one.findings, texts), `${fixture.name}\n${[...split.keys()].join(', ')}`);
    compared++;
  }
  assert.ok(compared >= 90, `${compared} compared`);
});

test('split modules: explain gives the same report for every key of every Terraform fixture', () => {
  let compared = 0;
  for (const fixture of workspaces) {
    const texts = new Map([...fixture.context, [fixture.file, fixture.text]]);
    if ([...texts.values()].some((text) => parseHcl(text).problems.length > 0)) continue;
    const one = analyzeTexts(texts);
    const many = analyzeTexts(splitWorkspace(texts));
    for (const key of workspaceKeys(one.files)) {
      assert.deepEqual(explained(many.files, key.key), explained(one.files, key.key), `${fixture.name}: ${key.key}`);
      compared++;
    }
  }
  assert.ok(compared > 30, `${compared} keys compared`);
});
