import { ruleTable } from './table';

ruleTable('iam-unknown-action', {
  valid: [
    { name: 'real actions in any case', text: `{"Statement":[{"Effect":"Allow","Action":["kms:Encrypt","KMS:generatedatakey","s3:GetObject"],"Resource":"*"}]}` },
    { name: 'wildcards that match something', text: `{"Statement":{"Effect":"Allow","Action":["kms:Generate*","s3:Get*Tagging","ec2:Describe?nstances","*"],"Resource":"*"}}` },
    { name: 'NotAction with real actions', text: `{"Statement":[{"Effect":"Allow","NotAction":["iam:*","kms:Decrypt"],"Resource":"*"}]}` },
    { name: 'key policy with kms:*', file: 'key-policy.json', text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}` },
    { name: 'Deny with real actions', text: `{"Statement":[{"Effect":"Deny","Action":["kms:ScheduleKeyDeletion","kms:DisableKey"],"Resource":"*"}]}` },
    { name: 'not a policy', file: 'data.json', text: `{"Action":"kms:Decrpt"}` },
  ],
  invalid: [
    {
      name: 'typo in a key policy',
      file: 'key-policy.json',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":[«"kms:Decrpt"»,"kms:Encrypt"],"Resource":"*"}]}`,
      messageIncludes: 'kms:Decrypt',
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"}]}` }],
    },
    {
      name: 'typo in an identity policy',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"s3:GetObjcet"»],"Resource":"arn:aws:s3:::b/*"}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}` }],
    },
    {
      name: 'single string action, statement as object',
      text: `{"Statement":{"Effect":"Allow","Action":«"kms:GenerateDataKeys"»,"Resource":"*"}}`,
      fixes: [{ expected: `{"Statement":{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"*"}}` }],
    },
    {
      name: 'unknown service prefix',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kmss:Encrypt"»,"Resource":"*"}]}`,
      messageIncludes: 'kms:Encrypt',
    },
    {
      name: 'wildcard that matches nothing',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"kms:Decrpt*"»],"Resource":"*"}]}`,
      fixCount: 0,
    },
    {
      name: 'a typo in a Deny denies nothing (the action it meant stays allowed)',
      file: 'key-policy.json',
      messageIncludes: 'so this denies nothing',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":«"kms:SheduleKeyDeletion"»,"Resource":"*"}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"kms:ScheduleKeyDeletion","Resource":"*"}]}` }],
    },
    {
      name: 'an unknown service in a Deny denies nothing',
      messageIncludes: '"kmss:Decrypt" denies nothing',
      text: `{"Statement":[{"Effect":"Deny","Action":«"kmss:Decrypt"»,"Resource":"*"}]}`,
    },
    {
      name: 'a typo in an Allow allows nothing',
      messageIncludes: 'so this allows nothing',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Encrpyt"»,"Resource":"*"}]}`,
    },
    {
      name: 'missing service prefix',
      text: `{"Statement":[{"Effect":"Allow","Action":«"Decrypt"»,"Resource":"*"}]}`,
    },
    {
      name: 'typo inside NotAction',
      messageIncludes: 'excludes nothing',
      text: `{"Statement":[{"Effect":"Deny","NotAction":["iam:*",«"kms:DescribeKeys"»],"Resource":"*"}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Deny","NotAction":["iam:*","kms:DescribeKey"],"Resource":"*"}]}` }],
    },
    {
      name: 'typo that would become a decrypt action in an identity policy: named, not written',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"kms:Decrpyt"»],"Resource":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`,
      messageIncludes: 'kms:Decrypt',
      fixCount: 0,
    },
    {
      name: 'multi-line list keeps its layout',
      text: `{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        «"kms:ReEncrpytTo"»
      ],
      "Resource": "*"
    }
  ]
}`,
      fixes: [
        {
          expected: `{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        "kms:ReEncryptTo"
      ],
      "Resource": "*"
    }
  ]
}`,
        },
      ],
    },
  ],
});
