import { ruleTable } from './table';

const KEY = 'arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

ruleTable('kms-decrypt-in-identity-policy', {
  valid: [
    {
      name: 'encrypt and generate data key only',
      text: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:GenerateDataKey*"],"Resource":"*"}]}`,
    },
    {
      name: 'key policy (has Principal) is not an identity policy',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt","Resource":"*"}]}`,
    },
    {
      name: 'Deny statement',
      text: `{"Statement":{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}}`,
    },
    {
      name: 'NotAction excluding both decrypt actions',
      text: `{"Statement":[{"Effect":"Allow","NotAction":["kms:Decrypt","kms:ReEncryptFrom","iam:*"],"Resource":"*"}]}`,
    },
    {
      name: 'ReEncryptTo only',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:ReEncryptTo","Resource":"*"}]}`,
    },
    {
      name: 'prefix wildcard that does not reach Decrypt',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:Describe*","kms:List*","kms:Generate*"],"Resource":"*"}]}`,
    },
    {
      name: 'Allow neutralized by an unconditional Deny on all resources',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"},{"Effect":"Deny","Action":["kms:Decrypt","kms:ReEncryptFrom"],"Resource":"*"}]}`,
    },
    {
      name: 'every action on S3 objects: no resource there can be a KMS key',
      text: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::my-bucket/*"}]}`,
    },
    {
      name: 'kms:Decrypt on an alias ARN governs the alias, never a key (the alias rule reports it)',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-west-2:111122223333:alias/app"}]}`,
    },
    {
      name: 'kms:* on alias ARNs and IAM roles only',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":["arn:aws:kms:*:111122223333:alias/*","arn:aws:iam::111122223333:role/app"]}]}`,
    },
    {
      name: 'NotResource excluding every key leaves no key to decrypt with',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","NotResource":"arn:aws:kms:*:*:key/*"}]}`,
    },
    {
      name: 'a statement without Resource applies to nothing (IAM rejects it)',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt"}]}`,
    },
    {
      name: 'an Allow on one account\'s keys neutralized by a Deny on the same keys (key/* pattern, not "*")',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"arn:aws:kms:us-east-1:111122223333:key/*"},{"Effect":"Deny","Action":["kms:Decrypt","kms:ReEncrypt*"],"Resource":"arn:aws:kms:*:111122223333:key/*"}]}`,
    },
    {
      name: 'an Allow on a key neutralized by a Deny on every key of every account',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"${KEY}"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"arn:aws:kms:*:*:key/*"}]}`,
    },
    {
      name: 'not a policy at all (package.json with a Statement field)',
      file: 'package.json',
      text: `{"name":"x","Statement":"kms:Decrypt"}`,
    },
  ],
  invalid: [
    {
      name: 'kms:Decrypt on all keys (Security Hub KMS.1)',
      severity: 'warning',
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        «"kms:Decrypt"»,
        "kms:GenerateDataKey"
      ],
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
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        "kms:GenerateDataKey"
      ],
      "Resource": "*"
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'seed 003: Decrypt and ReEncrypt* on a specific key',
      severity: 'info',
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        «"kms:Decrypt"»,
        «"kms:ReEncrypt*"»,
        "kms:GenerateDataKey*"
      ],
      "Resource": "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef1234567890abcdef"
    }
  ]
}`,
      fixes: [
        {
          finding: 1,
          expected: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncryptTo",
        "kms:GenerateDataKey*"
      ],
      "Resource": "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef1234567890abcdef"
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'case-insensitive action name, statement as object',
      severity: 'warning',
      text: `{"Statement":{"Effect":"Allow","Action":["KMS:decrypt",«"kms:reencryptfrom"»],"Resource":"*"}}`.replace('"KMS:decrypt"', '«"KMS:decrypt"»'),
      fixes: [{ expected: `{"Statement":{"Effect":"Allow","Action":["kms:reencryptfrom"],"Resource":"*"}}` }],
    },
    {
      name: 'kms:* expands to the remaining explicit actions',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:*"»,"Resource":"arn:aws:kms:us-east-1:111122223333:key/*"}]}`,
      fixCount: 1,
    },
    {
      name: 'full wildcard action "*" (no automatic fix)',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"*"»,"Resource":"*"}]}`,
      fixCount: 0,
    },
    {
      name: 'Allow NotAction that does not exclude decryption',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","NotAction":«["iam:*","organizations:*"]»,"Resource":"*"}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","kms:Decrypt","kms:ReEncryptFrom"],"Resource":"*"}]}` }],
    },
    {
      name: 'question-mark and infix wildcards',
      severity: 'info',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:Encrypt",«"kms:De?rypt"»,«"kms:*From"»],"Resource":"${KEY}"}]}`,
    },
    {
      name: 'all keys of one account through key/*',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":["kms:DescribeKey",«"kms:Decrypt"»],"Resource":["arn:aws:kms:ap-northeast-1:111122223333:key/*"]}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Action":["kms:DescribeKey"],"Resource":["arn:aws:kms:ap-northeast-1:111122223333:key/*"]}]}` }],
    },
    {
      name: 'NotResource counts as all keys',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"kms:Decrypt"»,"kms:Encrypt"],"NotResource":"arn:aws:kms:*:*:key/secret"}]}`,
    },
    {
      name: 'an uploader keeps kms:Decrypt until it is in the key policy (multipart uploads need it): no plain removal',
      severity: 'info',
      text: `{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::example-data/*"},{"Effect":"Allow","Action":["kms:GenerateDataKey",«"kms:Decrypt"»],"Resource":"${KEY}"}]}`,
      fixCount: 0,
    },
    {
      name: 'a Deny on one account\'s keys leaves the keys of other accounts that trust this one',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"kms:Decrypt"»,"kms:Encrypt"],"Resource":"*"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"arn:aws:kms:*:111122223333:key/*"}]}`,
    },
    {
      name: 'a Deny of kms:Decrypt alone: the finding names only kms:ReEncryptFrom',
      severity: 'warning',
      messageIncludes: 'allows `kms:ReEncryptFrom` on all KMS keys',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:*"»,"Resource":"*"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`,
    },
    {
      name: 'all keys of an account and region through arn:...:*',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":"arn:aws:kms:us-east-1:111122223333:*"}]}`,
    },
    {
      name: 'a key ARN beside an alias ARN: decryption on that specific key',
      severity: 'info',
      messageIncludes: 'on specific keys',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":["arn:aws:kms:us-west-2:111122223333:alias/app","${KEY}"]}]}`,
    },
    {
      name: 'ABAC: key/* narrowed by aws:ResourceTag is on the tagged keys, not all keys',
      severity: 'info',
      messageIncludes: 'on the keys that `aws:ResourceTag/Project` selects',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"kms:Decrypt"»,"kms:Encrypt"],"Resource":"arn:aws:kms:*:111122223333:key/*","Condition":{"StringEquals":{"aws:ResourceTag/Project":"Alpha"}}}]}`,
    },
    {
      name: 'ABAC: a resource tag matched against the principal\'s tag (${aws:PrincipalTag/team})',
      severity: 'info',
      messageIncludes: '`aws:ResourceTag/team`',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"\${aws:PrincipalTag/team}"}}}]}`,
    },
    {
      name: 'ABAC: kms:ResourceAliases with ForAnyValue, and kms:RequestAlias',
      severity: 'info',
      messageIncludes: '`kms:ResourceAliases`, `kms:RequestAlias`',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":"arn:aws:kms:*:111122223333:key/*","Condition":{"ForAnyValue:StringLike":{"kms:ResourceAliases":"alias/finance-*"},"StringEquals":{"kms:RequestAlias":"alias/finance-key"}}}]}`,
    },
    {
      name: 'ForAllValues on kms:ResourceAliases also matches keys without any alias: still all keys',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":"*","Condition":{"ForAllValues:StringLike":{"kms:ResourceAliases":"alias/*Test*"}}}]}`,
    },
    {
      name: 'IfExists on a resource tag matches untagged keys too; a negated tag condition excludes a few: still all keys',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":"*","Condition":{"StringEqualsIfExists":{"aws:ResourceTag/Project":"Alpha"},"StringNotEquals":{"aws:ResourceTag/env":"prod"}}}]}`,
    },
    {
      name: 'kms:ViaService, kms:EncryptionContext and kms:CallerAccount narrow the request, not the keys: still all keys',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com","kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::b","kms:CallerAccount":"111122223333","kms:KeySpec":"SYMMETRIC_DEFAULT"}}}]}`,
    },
    {
      name: 'a tag condition whose value matches anything selects no keys: still all keys',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":«"kms:Decrypt"»,"Resource":"*","Condition":{"StringLike":{"aws:ResourceTag/Project":"*"}}}]}`,
    },
    {
      name: 'a conditional Deny does not neutralize the Allow',
      severity: 'warning',
      text: `{"Statement":[{"Effect":"Allow","Action":[«"kms:Decrypt"»,"s3:GetObject"],"Resource":"*"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`,
      fixes: [{ expected: `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}` }],
    },
  ],
});
