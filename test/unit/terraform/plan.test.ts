// `terraform show -json` plans as input: detection, policies parsed from JSON strings with spans
// mapped back into the plan file, attachments through the configuration's references, findings
// naming the resource address and the .tf block that configures it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../server/src/core/analyze';
import { parseFile } from '../../../server/src/core/parse';
import { isPlanJson, parsePlan } from '../../../server/src/core/terraform/plan/index';
import { decodeJsonString, fileSpan } from '../../../server/src/core/terraform/plan/jsonString';
import { explainKey, snapshotFromWorkspace } from '../../../server/src/core/explain/index';
import { loadCatalog } from '../../../server/src/node/catalog';

const catalog = loadCatalog();
const dir = join(import.meta.dirname, '..', '..', '..', 'examples', 'terraform', 'plan');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const PLAN = 'examples/terraform/plan/plan.json';

test('plan detection: format_version with planned_values or resource_changes, at the top', () => {
  assert.ok(isPlanJson(read('plan.json')));
  assert.ok(isPlanJson('{"format_version":"1.2","resource_changes":[]}'));
  assert.ok(!isPlanJson('{"format_version":"1.2"}'));
  assert.ok(!isPlanJson('{"Statement":[],"x":{"format_version":"1","planned_values":{}}}'));
  assert.ok(!isPlanJson('{"format_version": "1.2", "planned_values": '));
});

test('a JSON string decodes with every character mapped to the file, escapes included', () => {
  const text = 'x "a\\"b\\n\\u00e9c" y';
  const decoded = decodeJsonString(text, 2, text.length)!;
  assert.equal(decoded.value, 'a"b\né' + 'c');
  // `"b` in the decoded text is `\"b` in the file.
  assert.deepEqual(fileSpan(decoded, 1, 3), { start: 4, end: 7 });
  assert.equal(text.slice(fileSpan(decoded, 0, decoded.value.length).start, fileSpan(decoded, 0, decoded.value.length).end), 'a\\"b\\n\\u00e9c');
  assert.equal(decodeJsonString('"abc', 0, 4), undefined);
  assert.equal(decodeJsonString('"a\\x"', 0, 5), undefined);
});

test('the example plan: policies of every module, labelled by address, spans inside the escaped strings', () => {
  const text = read('plan.json');
  const parsed = parseFile(PLAN, text);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.policies.map((p) => [p.label, p.kind]).sort(), [
    ['aws_iam_policy.reader', 'identity'],
    ['aws_kms_key.logs', 'key'],
    ['module.data_key.aws_kms_key.this', 'key'],
  ]);
  const reader = parsed.policies.find((p) => p.label === 'aws_iam_policy.reader')!;
  const decrypt = reader.statements[0]!.actions!.items[0]!;
  assert.equal(decrypt.value, 'kms:Decrypt');
  assert.equal(text.slice(decrypt.span.start, decrypt.span.end), '\\"kms:Decrypt\\"');
  assert.deepEqual(parsed.keys.map((k) => k.address).sort(), ['aws_kms_key.logs', 'module.data_key.aws_kms_key.this']);
  // The attachment names its policy and role through the configuration's references.
  assert.deepEqual(parsed.attachments.map((a) => [a.policy.ref?.name, a.principal.ref?.name]), [['reader', 'reader']]);
});

test('the example: findings in the plan name the resource and the .tf block configuring it', () => {
  const texts = new Map(['main.tf', 'modules/key/main.tf', 'plan.json'].map((name) => [`examples/terraform/plan/${name}`, read(name)]));
  const files = [...texts].map(([file, text]) => parseFile(file, text));
  const findings = analyze(files, { catalog }).filter((f) => f.file === PLAN);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, texts.get(PLAN)!.slice(f.span.start, f.span.end)]), [
    ['kms-decrypt-in-identity-policy', 'warning', '\\"kms:Decrypt\\"'],
    ['kms-key-policy-wildcard-principal', 'error', '\\"*\\"'],
  ]);
  assert.match(findings[0]!.message.en, /Planned resource aws_iam_policy\.reader, configured in main\.tf line 52\./);
  assert.match(findings[1]!.message.en, /Planned resource aws_kms_key\.logs, configured in main\.tf line 14\./);
  assert.match(findings[1]!.message.ja, /計画されたリソース aws_kms_key\.logs/);
  // Plans are generated: no fix is offered there.
  assert.ok(findings.every((f) => f.fixes.length === 0));
});

test('explain reads the plan: an address inside a module is a KEY, the attached role is found by reference', () => {
  const files = [parseFile(PLAN, read('plan.json'))];
  for (const [key, principal] of [['module.data_key.aws_kms_key.this', 'arn:aws:iam::111122223333:role/etl'], ['aws_kms_key.logs', 'aws_iam_role.reader']] as const) {
    const result = snapshotFromWorkspace(files, key);
    assert.ok(result.ok, key);
    const report = explainKey(result.snapshot, result.identityPolicies, { catalog });
    assert.ok(report.access.some((e) => e.principal === principal && e.operations.includes('kms:Decrypt')), `${key}: ${report.access.map((e) => e.principal).join(', ')}`);
  }
});

test('a plan with resource_changes only, an unknown policy and a policy that is not JSON', () => {
  const plan = JSON.stringify({
    format_version: '1.2',
    resource_changes: [
      { address: 'aws_kms_key.a', mode: 'managed', type: 'aws_kms_key', name: 'a', change: { actions: ['create'], after: { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] }) } } },
      { address: 'aws_kms_key.b', mode: 'managed', type: 'aws_kms_key', name: 'b', change: { actions: ['create'], after: {}, after_unknown: { policy: true } } },
      { address: 'aws_iam_policy.c', mode: 'managed', type: 'aws_iam_policy', name: 'c', change: { actions: ['create'], after: { policy: '{not json' } } },
    ],
  });
  const parsed = parsePlan('plan.json', plan);
  assert.deepEqual(parsed.policies.map((p) => p.label), ['aws_kms_key.a']);
  const findings = analyze([parsed], { catalog });
  // "*" lets in every principal, the account root included: the wildcard error, not the root-delegation info.
  assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['kms-key-policy-wildcard-principal']);
});

test('broken plans never throw', () => {
  const text = read('plan.json');
  for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 300))) {
    const parsed = parseFile('plan.json', text.slice(0, cut));
    analyze([parsed], { catalog });
  }
});
