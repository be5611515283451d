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
      name: 'every principal of the account through "*" and kms:CallerAccount (what the wildcard rule\'s fix writes)',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]}`,
    },
    {
      name: 'every principal of the account through "*" and aws:PrincipalAccount',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":["111122223333"]}}}]}`,
    },
    {
      name: 'an AWS managed key policy: "*" for the account, through one service',
      file: 'key-policy.json',
      text: `{"Statement":[{"Sid":"Allow access through EBS for all principals in the account","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.us-east-1.amazonaws.com"}}},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Describe*","kms:Get*","kms:List*"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]}`,
    },
    {
      name: '"*" for the account with an IfExists condition on aws:SourceAccount (absent from a caller\'s own requests)',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"},"StringEquals":{"kms:CallerAccount":"111122223333"}}}]}`,
    },
    {
      name: '"*" without a condition lets in the account too (the wildcard rule reports it)',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}]}`,
    },
    ...['ACCOUNT_ID', 'your-account-id', '<account-id>', '${AWS::AccountId}', 'YOUR ACCOUNT ID'].map((placeholder) => ({
      name: `root with a placeholder account: ${placeholder}`,
      file: 'key-policy.json',
      text: `{"Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${placeholder}:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}]}`,
    })),
    {
      name: 'root with CloudFormation partition and account placeholders',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"]},"Action":"kms:*","Resource":"*"}]}`,
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
      name: '"*" narrowed to one role by aws:PrincipalArn is not the whole account',
      file: 'key-policy.json',
      text: `{«"Statement"»:[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/admin"}}}]}`,
      fixCount: 1,
    },
    {
      name: 'a root ARN of the iam service only: an sts ARN ending in root is not the account',
      file: 'key-policy.json',
      text: `{«"Statement"»:[{"Effect":"Allow","Principal":{"AWS":["arn:aws:sts::111122223333:assumed-role/admin/root","arn:aws:iam::111122223333:user/root"]},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'key id in the file name gives the account through the key ARN context',
      file: 'key-policy.1234abcd-12ab-34cd-56ef-1234567890ab.json',
      text: `{«"Statement"»:[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ops"},"Action":["kms:Create*","kms:Describe*","kms:Enable*","kms:Put*"],"Resource":"*"}]}`,
      fixCount: 1,
    },
  ],
});
