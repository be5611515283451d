import { ruleTable } from './table';

const ROOT = `{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`;

ruleTable('kms-key-policy-cross-account-admin', {
  valid: [
    {
      name: 'another account with the operations it can use',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey","kms:GetKeyRotationStatus"],"Resource":"*"}]}`,
    },
    {
      name: 'the key account itself may administer the key',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'a Deny for another account is no grant',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'the key account cannot be told (two accounts, no default statement): no finding',
      file: 'key-policy.json',
      text: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:*","Resource":"*"}]}`,
    },
    {
      name: 'identity policies are not key policies',
      text: `{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`,
    },
  ],
  invalid: [
    {
      name: 'issue 16: a partner account given kms:* — narrowed to what works across accounts',
      file: 'key-policy.json',
      severity: 'warning',
      messageIncludes: 'account 444455556666 kms:PutKeyPolicy, kms:ScheduleKeyDeletion, kms:DisableKey',
      text: `{
  "Version": "2012-10-17",
  "Statement": [
    ${ROOT},
    {
      "Sid": "PartnerAll",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
      "Action": «"kms:*"»,
      "Resource": "*"
    }
  ]
}`,
      fixes: [
        {
          expected: `{
  "Version": "2012-10-17",
  "Statement": [
    ${ROOT},
    {
      "Sid": "PartnerAll",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
      "Action": [
        "kms:CreateGrant",
        "kms:Decrypt",
        "kms:DeriveSharedSecret",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:GenerateDataKey*",
        "kms:GenerateMac",
        "kms:GetKeyRotationStatus",
        "kms:GetPublicKey",
        "kms:ListGrants",
        "kms:ReEncrypt*",
        "kms:RetireGrant",
        "kms:RevokeGrant",
        "kms:Sign",
        "kms:Verify",
        "kms:VerifyMac"
      ],
      "Resource": "*"
    }
  ]
}`,
        },
      ],
    },
    {
      name: 'a role of another account given key administration: the action goes',
      file: 'key-policy.json',
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/ops"},"Action":["kms:Decrypt",«"kms:ScheduleKeyDeletion"»],"Resource":"*"}]}`,
      fixes: [{ expected: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/ops"},"Action":["kms:Decrypt"],"Resource":"*"}]}` }],
    },
    {
      name: 'NotAction for another account: the finding is on NotAction, no fix',
      file: 'key-policy.json',
      fixCount: 0,
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":"444455556666"},«"NotAction"»:"kms:Decrypt","Resource":"*"}]}`,
    },
    {
      name: 'a statement shared with the key account: no fix, it would take access from the key account too',
      file: 'key-policy.json',
      fixCount: 0,
      text: `{"Statement":[${ROOT},{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/admin","arn:aws:iam::444455556666:root"]},"Action":«"kms:Put*"»,"Resource":"*"}]}`,
    },
  ],
});
