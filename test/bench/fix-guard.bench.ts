// What checking every fix costs (FixGuard re-analyses the workspace per fix and matches findings by
// identity), as a ratio to one analysis of the same files measured in the same run: an identity
// policy with many decrypt findings (fix-all's worst case below the guard's size limit), and a key
// policy with "*" statements next to an identity policy (cross-file checks).
import { analyze } from '../../server/src/core/analyze';
import { parseFile } from '../../server/src/core/parse';
import { loadCatalog } from '../../server/src/node/catalog';
import { time } from './timing';

const catalog = loadCatalog();

function identityPolicy(statements: number): string {
  const list = Array.from({ length: statements }, (_, i) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Action: ['kms:Encrypt', 'kms:Decrypt', i % 3 ? 'kms:GenerateDataKey' : 'kms:ReEncrypt*'],
    Resource: i % 2 ? '*' : `arn:aws:kms:us-east-1:111122223333:key/${String(i).padStart(8, '0')}-1111-2222-3333-444455556666`,
    ...(i % 4 === 0 ? { Condition: { StringEquals: { 'aws:ResourceTag/team': `t${i}` } } } : {}),
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement: list }, null, 2);
}

function keyPolicy(statements: number): string {
  const list = Array.from({ length: statements }, (_, i) => ({
    Sid: `K${i}`,
    Effect: 'Allow',
    Principal: i % 2 ? { AWS: '*' } : { AWS: `arn:aws:iam::111122223333:role/r${i}` },
    Action: 'kms:Decrypt',
    Resource: '*',
    ...(i % 4 === 1 ? { Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } } : {}),
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement: list }, null, 2);
}

const cases: [string, Record<string, string>][] = [
  ['identity, 60 statements', { 'policy.json': identityPolicy(60) }],
  ['identity, 300 statements', { 'policy.json': identityPolicy(300) }],
  ['key 40 + identity 20', { 'key-policy.json': keyPolicy(40), 'policy.json': identityPolicy(20) }],
];

for (const [label, texts] of cases) {
  const files = Object.entries(texts).map(([file, text]) => parseFile(file, text));
  const kb = Object.values(texts).reduce((sum, t) => sum + t.length, 0) / 1024;
  const once = time(() => analyze(files, { catalog }));
  let fixes = 0;
  let findings = 0;
  const all = time(() => {
    const result = analyze(files, { catalog });
    findings = result.length;
    fixes = result.reduce((sum, f) => sum + f.fixes.length, 0);
  }, 1000);
  console.log(
    `${label.padEnd(26)} ${kb.toFixed(0).padStart(4)} KB, ${findings} findings, ${fixes} fixes offered: analysis ${once.toFixed(2)} ms | ` +
      `analysis + every fix checked ${all.toFixed(1)} ms (${(all / once).toFixed(1)}× one analysis; ${((all - once) / Math.max(1, findings)).toFixed(2)} ms per finding)`,
  );
}
