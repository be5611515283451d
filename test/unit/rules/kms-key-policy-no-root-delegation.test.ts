import { ruleTable } from './table';

ruleTable('kms-key-policy-no-root-delegation', {
  valid: [
    {
      name: 'default key policy',
      file: 'key-policy.json',
      text: `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'bare account id is the account',
      file: 'key-policy.json',
      text: `{"Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}}`,
    },
    {
      name: 'root among several principals',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/admin","arn:aws:iam::111122223333:root"]},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'identity policy is not a key policy',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}`,
    },
    {
      name: 'other partition',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'empty Statement list',
      file: 'key-policy.json',
      text: `{"Statement":[]}`,
    },
  ],
  invalid: [
    {
      name: 'seed 000: only an admin role',
      file: 'key-policy.json',
      severity: 'info',
      text: `{
  "Version": "2012-10-17",
  "Id": "key-consolepolicy-3",
  «"Statement"»: [
    {
      "Sid": "Allow access for Key Administrators",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::012345678901:role/my-role"
      },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}`,
      fixes: [
        {
          expected: `{
  "Version": "2012-10-17",
  "Id": "key-consolepolicy-3",
  "Statement": [
    {
      "Sid": "Allow access for Key Administrators",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::012345678901:role/my-role"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::012345678901:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'root only in a Deny',
      file: 'key-policy.json',
      text: `{«"Statement"»:[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:ScheduleKeyDeletion","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'root only in NotPrincipal',
      file: 'key-policy.json',
      text: `{«"Statement"»:[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'statement as object',
      file: 'keypolicy.json',
      text: `{«"Statement"»:{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}, {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}` }],
    },
    {
      name: 'only service principals (account unknown: no fix)',
      file: 'key-policy.json',
      fixCount: 0,
      text: `{«"Statement"»:[{"Effect":"Allow","Principal":{"Service":"logs.amazonaws.com"},"Action":"kms:Encrypt","Resource":"*"}]}`,
    },
    {
      name: 'an assumed-role session is not the account',
      file: 'key-policy.json',
      text: `{«"Statement"»:[{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/admin/alice"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'another account root does not delegate this account (ambiguous account: no fix)',
      file: 'key-policy.json',
      text: `{«"Statement"»:[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/partner"},"Action":"kms:Decrypt","Resource":"*"}]}`,
      fixCount: 0,
    },
    {
      name: 'key id in the file name gives the account through the key ARN context',
      file: 'key-policy.1234abcd-12ab-34cd-56ef-1234567890ab.json',
      text: `{«"Statement"»:[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ops"},"Action":["kms:Create*","kms:Describe*","kms:Enable*","kms:Put*"],"Resource":"*"}]}`,
      fixCount: 1,
    },
  ],
});
