import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wildcardMatch } from '../../server/src/core/iam/wildcard';
import { coversAllKeys } from '../../server/src/core/iam/semantics';
import { loadCatalog } from '../../server/src/node/catalog';

test('wildcards: * and ? with case handling', () => {
  assert.ok(wildcardMatch('kms:*', 'kms:Decrypt', true));
  assert.ok(wildcardMatch('KMS:DECRYPT', 'kms:Decrypt', true));
  assert.ok(!wildcardMatch('KMS:DECRYPT', 'kms:Decrypt', false));
  assert.ok(wildcardMatch('kms:Re?ncrypt*', 'kms:ReEncryptFrom', true));
  assert.ok(wildcardMatch('*', '', false));
  assert.ok(wildcardMatch('a*b*c', 'abc', false));
  assert.ok(!wildcardMatch('a*b*c', 'acb', false));
  assert.ok(wildcardMatch('*From', 'kms:ReEncryptFrom', true));
  assert.ok(!wildcardMatch('kms:Decrypt', 'kms:Decrypt2', true));
  assert.ok(!wildcardMatch('ab*ba', 'aba', false), 'prefix and suffix may not overlap');
  assert.ok(wildcardMatch('a?c*', 'abcdef', false));
});

test('wildcards: pathological patterns stay linear on 100,000 characters', () => {
  const text = 'a'.repeat(100_000);
  const pattern = '*a'.repeat(5_000) + '*b';
  // The greedy segment matcher looks at each character a bounded number of times; a backtracking
  // matcher would need on the order of 10^9 steps here. Finishing at all is the assertion.
  assert.equal(wildcardMatch(pattern, text, false), false);
  assert.equal(wildcardMatch(pattern.slice(0, -2), text, false), true);
  const segments = '*' + 'a?'.repeat(100) + 'b';
  assert.equal(wildcardMatch(segments, text, true), false);
});

test('coversAllKeys recognizes the Security Hub KMS.1/KMS.2 shapes', () => {
  for (const all of ['*', 'arn:aws:kms:*:*:key/*', 'arn:aws:kms:us-east-1:111122223333:key/*', 'arn:aws:kms:*:111122223333:*', 'arn:aws:kms:*']) {
    assert.ok(coversAllKeys(all), all);
  }
  for (const specific of ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:kms:*:111122223333:key/mrk-*', 'arn:aws:s3:::bucket/*', 'arn:aws:kms:us-east-1:111122223333:alias/*']) {
    assert.ok(!coversAllKeys(specific), specific);
  }
});

test('action catalog: canonical names, expansion, closest match', () => {
  const catalog = loadCatalog();
  assert.equal(catalog.canonical('KMS:decrypt'), 'kms:Decrypt');
  assert.equal(catalog.canonical('kms:Decrpt'), undefined);
  const reencrypt = catalog.expand('kms:ReEncrypt*');
  assert.deepEqual(reencrypt.sort(), ['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
  assert.ok(catalog.expand('kms:*').length > 40);
  assert.equal(catalog.closest('kms:Decrpt'), 'kms:Decrypt');
  assert.equal(catalog.closest('s3:GetObjcet'), 's3:GetObject');
  assert.equal(catalog.closest('kmss:Encrypt'), 'kms:Encrypt');
});

test('action catalog: the resource types each action is authorised on', () => {
  const catalog = loadCatalog();
  assert.deepEqual(catalog.resourceTypesOf('KMS:decrypt'), ['key']);
  assert.deepEqual([...catalog.resourceTypesOf('kms:CreateAlias')!].sort(), ['alias', 'key']);
  assert.deepEqual(catalog.resourceTypesOf('kms:ListAliases'), []);
  assert.deepEqual(catalog.resourceTypesOf('kms:GenerateRandom'), []);
  assert.ok(catalog.resourceTypesOf('s3:GetObject')!.includes('object'));
  assert.equal(catalog.resourceTypesOf('kms:Decrpt'), undefined);
  // Every action of every service has an entry aligned with its name.
  for (const service of catalog.services()) {
    for (const name of catalog.actionsOf(service)) assert.notEqual(catalog.resourceTypesOf(`${service}:${name}`), undefined, `${service}:${name}`);
  }
});
