// Analysis time of a 32 KB and a 1 MB JSON policy (parse + recognize + every rule), as a ratio to
// jsonc-parser's parseTree of the same text measured in the same run. Goal: ≤ 2×.
import { parseTree } from 'jsonc-parser';
import { analyze } from '../../server/src/core/analyze';
import { parseFile } from '../../server/src/core/parse';
import { loadCatalog } from '../../server/src/node/catalog';
import { time } from './timing';

const catalog = loadCatalog();

function identityPolicy(targetBytes: number): string {
  const statements: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const statement = JSON.stringify(
      {
        Sid: `Statement${i}`,
        Effect: i % 7 === 0 ? 'Deny' : 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', i % 5 === 0 ? 'kms:Decrypt' : 'kms:Encrypt', 'kms:GenerateDataKey*', `ec2:Describe${i % 3 ? 'Instances' : 'Volumes'}`],
        Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:kms:us-east-1:111122223333:key/${String(i).padStart(8, '0')}-1111-2222-3333-444455556666`],
        Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 11}` } },
      },
      null,
      2,
    );
    statements.push(statement);
    size += statement.length;
  }
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`;
}

for (const [label, bytes] of [['32 KB', 32 * 1024], ['1 MB', 1024 * 1024]] as const) {
  const text = identityPolicy(bytes);
  const baseline = time(() => parseTree(text));
  const parsed = time(() => parseFile('policy.json', text));
  const full = time(() => analyze([parseFile('policy.json', text)], { catalog }));
  const findings = analyze([parseFile('policy.json', text)], { catalog }).length;
  console.log(
    `${label.padEnd(6)} (${(text.length / 1024).toFixed(0)} KB, ${findings} findings): jsonc parseTree ${baseline.toFixed(2)} ms | ` +
      `parse+recognize ${parsed.toFixed(2)} ms (${(parsed / baseline).toFixed(2)}×) | full analysis ${full.toFixed(2)} ms (${(full / baseline).toFixed(2)}× parseTree; goal ≤ 2×)`,
  );
}
