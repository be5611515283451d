// Inputs built to make a backtracking matcher explode: `*a*a*a…b` patterns, `?` runs, and long names
// they almost match. Each is a whole workspace so the pattern meets every rule's matching.
import type { Workspace } from './engine';

const ACCOUNT = '111122223333';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const LENGTH = 100_000;

const starA = (n: number, tail: string) => '*a'.repeat(n) + tail;

export interface PathologicalCase {
  readonly name: string;
  readonly workspace: Workspace;
}

function identity(action: string, resource: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [action, 's3:PutObject', 'kms:GenerateDataKey'], Resource: [resource, 'arn:aws:s3:::example-data/*'] }] });
}

function keyPolicy(principal: string, action: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' }] });
}

/** The key ARN, bucket and alias names stretched to LENGTH characters of `a`s, so the patterns almost match. */
function context(longName: string): [string, string][] {
  return [
    [`key-policy.${KEY_ID}.json`, keyPolicy(`arn:aws:iam::${ACCOUNT}:root`, 'kms:*')],
    ['encryption.json', JSON.stringify({ Bucket: longName, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${longName}` } }] } })],
    ['bucket-policy.json', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${longName}/*` }] })],
  ];
}

export function pathologicalCases(): PathologicalCase[] {
  const n = LENGTH / 2;
  const longName = 'a'.repeat(LENGTH);
  const cases: [string, string, string][] = [
    ['Action kms:*a*a…b', `kms:${starA(n, 'b')}`, '*'],
    ['Action *a*a…b (no service)', starA(n, 'b'), '*'],
    ['Resource *a*a…b against a long key ARN', 'kms:Decrypt', starA(n, 'b')],
    ['Resource arn:…:key/*a*a…b', 'kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/${starA(n, 'b')}`],
    ['Resource *a?a?…b?* (question marks in a segment)', 'kms:Decrypt', '*' + 'a?'.repeat(n) + 'b*'],
    ['Action kms:???…? ', 'kms:' + '?'.repeat(LENGTH), '*'],
    ['Action kms:*?*?…', 'kms:' + '*?'.repeat(n), '*'],
    ['Resource a long literal ARN', 'kms:Decrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/${longName}`],
    ['Resource *a*a…a* (matches)', 'kms:Decrypt', starA(n, '*')],
  ];
  const result: PathologicalCase[] = cases.map(([name, action, resource]) => ({
    name,
    workspace: { file: 'app-policy.json', texts: new Map([['app-policy.json', identity(action, resource)], ...context(longName)]) },
  }));
  result.push({
    name: 'key policy principal *a*a…b and action kms:*a*a…b',
    workspace: { file: `key-policy.${KEY_ID}.json`, texts: new Map([[`key-policy.${KEY_ID}.json`, keyPolicy(starA(n, 'b'), `kms:${starA(n, 'b')}`)], ...context(longName).slice(1)]) },
  });
  result.push({
    name: 'Terraform jsonencode with Action kms:*a*a…b',
    workspace: {
      file: 'main.tf',
      texts: new Map([['main.tf', `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Action = ["kms:${starA(n, 'b')}"]\n      Resource = ["${starA(n, 'b')}"]\n    }]\n  })\n}\n`], ...context(longName)]),
    },
  });
  return result;
}
