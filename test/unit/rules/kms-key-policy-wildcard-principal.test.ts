import { ruleTable } from './table';

const ROOT = `{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`;

ruleTable('kms-key-policy-wildcard-principal', {
  valid: [
    ...['vpce-policy.json', 'kms-endpoint-policy.json', 'policies/vpc-endpoint.json'].map((file) => ({
      name: `a VPC endpoint policy (${file}) is not a key policy: "*" there is who may use the endpoint`,
      file,
      text: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*"}]}`,
    })),
    {
      name: 'an endpoint policy recognised by its shape: a condition on the resource owner (aws:ResourceAccount)',
      file: 'policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"111122223333"}}}]}`,
    },
    {
      name: 'a document that only denies "*" (a resource control policy) is not a key policy',
      file: 'policy.json',
      text: `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"}}}]}`,
    },
    {
      name: 'wildcard with kms:CallerAccount',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"s3.ap-northeast-1.amazonaws.com"}}}]}`,
    },
    {
      name: 'wildcard with aws:PrincipalOrgID',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`,
    },
    {
      name: 'Deny to everyone is fine',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
    },
    {
      name: 'specific principal',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt","Resource":"*"}]}`,
    },
    {
      name: 'service principal',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"Service":"logs.amazonaws.com"},"Action":"kms:Encrypt*","Resource":"*"}]}`,
    },
    {
      name: 'bucket policy is not a key policy',
      file: 'bucket-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::public-site/*"}]}`,
    },
    {
      name: 'aws:SourceArn narrows the caller',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:GenerateDataKey","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}}]}`,
    },
  ],
  invalid: [
    {
      name: 'the same "*" statement in a file not named like an endpoint policy is a key policy',
      file: 'policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":«"*"»,"Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*"}]}`,
    },
    {
      name: 'Principal "*" without condition',
      file: 'key-policy.json',
      severity: 'error',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":«"*"»,"Action":"kms:Decrypt","Resource":"*"}]}`,
      fixes: [{ expected: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]}` }],
    },
    {
      name: '{"AWS": "*"} in a multi-line policy',
      file: 'key-policy.json',
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow use of the key",
      "Effect": "Allow",
      "Principal": { "AWS": «"*"» },
      "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
      "Resource": "*"
    }
  ]
}`,
      fixes: [
        {
          expected: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow use of the key",
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "kms:CallerAccount": "111122223333"
        }
      }
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'AWS list containing "*"',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/a",«"*"»]},"Action":"kms:Encrypt","Resource":"*"}]}`,
    },
    {
      name: 'a condition that does not narrow the caller (kms:ViaService alone)',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":«"*"»},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}`,
      fixes: [{ expected: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com","kms:CallerAccount":"111122223333"}}}]}` }],
    },
    {
      name: 'negated operator does not narrow',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":«"*"»,"Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"kms:CallerAccount":"999999999999"}}}]}`,
    },
    {
      name: 'IfExists does not narrow',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":«"*"»,"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}]}`,
    },
    {
      name: 'Allow with NotPrincipal is as open as "*"',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","NotPrincipal":«{"AWS":"arn:aws:iam::111122223333:role/x"}»,"Action":"kms:Decrypt","Resource":"*"}]}`,
    },
    {
      name: 'statement as object, key policy recognized by kms-only actions, no account known (no fix)',
      file: 'policy.json',
      text: `{"Statement":{"Effect":"Allow","Principal":«"*"»,"Action":"kms:Decrypt","Resource":"*"}}`,
      fixCount: 0,
    },
    {
      name: 'condition value "*" narrows nothing',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":«"*"»,"Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:CallerAccount":"*"}}}]}`,
    },
  ],
});
