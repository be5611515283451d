// A hand-written YAML template, the JSON template the CDK synthesizes for it, and the equivalent
// Terraform give the same findings (rule ids, severities), the same fixes (which remove their
// findings, and together leave nothing to fix), and the same explain answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTexts, applyFix, checkFixRoundTrips } from '../rules/table';
import { explainKey, snapshotFromWorkspace } from '../../../server/src/core/explain/index';
import type { Finding } from '../../../server/src/core/finding';
import { loadCatalog } from '../../../server/src/node/catalog';
import { cdkId, cdkTemplate, scenarios, type Scenario } from './scenarios';

const catalog = loadCatalog();
const YAML = 'template.yaml';
const CDK = 'cdk.out/KeyLensStack.template.json';
const TF = 'main.tf';

type Form = 'yaml' | 'cdk' | 'terraform';

function workspaces(scenario: Scenario): Record<Form, Map<string, string>> {
  return {
    yaml: new Map([[YAML, scenario.yaml]]),
    cdk: new Map([[CDK, cdkTemplate(scenario.cdk)]]),
    terraform: new Map([[TF, scenario.terraform]]),
  };
}

/**
 * Names as each form spells them, reduced to the logical name: `aws_iam_role.AppRole.arn`,
 * `AppRole.Arn`, `AppRole3F2A19C4` (a CDK hash) and the own-account expressions all compare equal.
 */
function normalize(text: string): string {
  return text
    .replace(/data\.aws_caller_identity\.\w+\.account_id|AWS::AccountId/g, 'ACCOUNT')
    .replace(/data\.aws_partition\.\w+\.partition|AWS::Partition/g, 'PARTITION')
    .replace(/data\.aws_region\.\w+\.name|AWS::Region/g, 'REGION')
    .replace(/\b(?:data\.)?aws_[a-z0-9_]+\.(?=[A-Z])/g, '')
    .replace(/\b([A-Z][A-Za-z]*?)[0-9A-F]{8}\b/g, '$1')
    .replace(/\.(?:arn|Arn)\b/g, '')
    .replace(/\.(?:key_id|name)\b/g, '')
    .replace(/"/g, '');
}

function signature(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.severity}`).sort();
}

function fixTitles(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.severity}: ${f.fixes.map((fix) => normalize(fix.title.en)).join(' | ')}`).sort();
}

/** Applies the first fix of the first fixable finding (never one that widens access) until none is left. */
function fixAll(texts: Map<string, string>): { texts: Map<string, string>; applied: number } {
  let current = texts;
  let applied = 0;
  for (let step = 0; step < 20; step++) {
    const { findings } = analyzeTexts(current);
    const finding = findings.find((f) => f.fixes.some((fix) => !fix.widensAccess));
    if (!finding) return { texts: current, applied };
    current = applyFix(current, finding, finding.fixes.findIndex((fix) => !fix.widensAccess));
    applied++;
  }
  assert.fail('fix all did not reach a fixed point');
}

function explainKeyIn(form: Form, texts: Map<string, string>, name: string) {
  const key = form === 'yaml' ? `${YAML}#${name}` : form === 'cdk' ? `${CDK}#${cdkId(name)}` : `aws_kms_key.${name}`;
  const { files } = analyzeTexts(texts);
  const result = snapshotFromWorkspace(files, key);
  assert.ok(result.ok, `${form}: ${!result.ok ? result.error.en : ''}`);
  const report = explainKey(result.snapshot, result.identityPolicies, { catalog });
  return {
    keyPolicy: report.sources.keyPolicy,
    access: report.access
      .map((entry) => ({
        principal: normalize(entry.principal),
        operations: entry.operations,
        via: entry.via.map((via) => normalize(`${via.kind} ${'statement' in via ? via.statement ?? '' : ''} ${'policies' in via ? (via.policies ?? []).map((p) => p.principal ?? '').join(',') : ''}`)).sort(),
      }))
      .sort((a, b) => a.principal.localeCompare(b.principal)),
    warnings: report.warnings.map((w) => normalize(w.message)).sort(),
  };
}

for (const scenario of scenarios) {
  test(`equivalence: ${scenario.name}`, () => {
    const forms = workspaces(scenario);
    const results = Object.fromEntries(
      (Object.keys(forms) as Form[]).map((form) => {
        const { files, findings } = analyzeTexts(forms[form]);
        for (const file of files) assert.deepEqual(file.problems, [], `${form}: ${file.file} parses`);
        return [form, findings];
      }),
    ) as Record<Form, Finding[]>;

    // The same findings...
    for (const form of Object.keys(forms) as Form[]) assert.deepEqual(signature(results[form]), [...scenario.expected].sort(), `${form} findings`);
    // ...with the same fixes...
    const titles = fixTitles(results.yaml);
    assert.ok(titles.every((t) => !t.endsWith(': ')), `every finding has a fix: ${titles.join('\n')}`);
    assert.deepEqual(fixTitles(results.cdk), titles, 'CDK fixes');
    assert.deepEqual(fixTitles(results.terraform), titles, 'Terraform fixes');
    // ...each of which parses, removes its finding and makes no other rule fire...
    for (const form of Object.keys(forms) as Form[]) {
      for (const ruleId of new Set(results[form].map((f) => f.ruleId))) checkFixRoundTrips(ruleId, forms[form], results[form]);
    }
    // ...and which together leave nothing fix all may fix, in the same number of steps: what is left
    // is the same in every form, and each finding left has only fixes that widen access.
    const fixed = (Object.keys(forms) as Form[]).map((form) => {
      const { texts, applied } = fixAll(forms[form]);
      const left = analyzeTexts(texts).findings;
      assert.ok(left.every((f) => f.fixes.length > 0 && f.fixes.every((fix) => fix.widensAccess)), `${form}: left ${signature(left).join(', ')}`);
      return { form, applied, remaining: signature(left) };
    });
    assert.deepEqual(fixed.map((f) => [f.applied, f.remaining]), fixed.map(() => [fixed[0]!.applied, fixed[0]!.remaining]), JSON.stringify(fixed));

    // The same explain answers for the scenario's key.
    if (scenario.explain) {
      const yaml = explainKeyIn('yaml', forms.yaml, scenario.explain);
      assert.equal(yaml.keyPolicy, 'workspace');
      assert.ok(yaml.access.length > 0, 'somebody has access');
      assert.deepEqual(explainKeyIn('cdk', forms.cdk, scenario.explain), yaml, 'CDK explain');
      assert.deepEqual(explainKeyIn('terraform', forms.terraform, scenario.explain), yaml, 'Terraform explain');
    }
  });
}

test('equivalence: after fixing, the explain answers still agree (decryption moved into the key policy)', () => {
  const scenario = scenarios.find((s) => s.explain === 'DataKey')!;
  const forms = workspaces(scenario);
  const moved = (Object.keys(forms) as Form[]).map((form) => {
    const { findings } = analyzeTexts(forms[form]);
    const decrypt = findings.find((f) => f.ruleId === 'kms-decrypt-in-identity-policy')!;
    const move = decrypt.fixes.findIndex((fix) => fix.title.en.startsWith('Move'));
    assert.ok(move >= 0, `${form}: a fix moves decryption to the key policy`);
    return explainKeyIn(form, applyFix(forms[form], decrypt, move), 'DataKey');
  });
  assert.ok(moved[0]!.access.some((entry) => entry.principal === 'AppRole' && entry.operations.includes('kms:Decrypt') && entry.via.some((v) => v.startsWith('key-policy'))), JSON.stringify(moved[0]));
  assert.deepEqual(moved[1], moved[0]);
  assert.deepEqual(moved[2], moved[0]);
});
