// CloudFormation cases for kms-key-policy-cross-account-admin: a template key policy gives another
// account key administration, which KMS never allows across accounts; the stack's own account is
// named through AWS::AccountId (YAML !Sub, CDK's Fn::Join).
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';
const CDK = 'cdk.out/KeyStack.template.json';

const key = (partner: string) => `Resources:
  SharedKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: kms:*
            Resource: "*"
${partner}  KeyAdmin:
    Type: AWS::IAM::Role
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML: the partner account gets only operations it can use',
      file: YAML,
      text: key(`          - Sid: Partner
            Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action: [kms:Encrypt, kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey]
            Resource: "*"
`),
    },
    {
      name: 'YAML: a role of the stack (its own account) may administer the key',
      file: YAML,
      text: key(`          - Sid: Admin
            Effect: Allow
            Principal: { AWS: !GetAtt KeyAdmin.Arn }
            Action: kms:*
            Resource: "*"
`),
    },
    {
      name: 'YAML: the partner account comes from a parameter (unknown: never guessed)',
      file: YAML,
      text: `Parameters:
  PartnerAccount: { Type: String }
${key(`          - Sid: Partner
            Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::\${PartnerAccount}:root" }
            Action: kms:*
            Resource: "*"
`)}`,
    },
  ],
  invalid: [
    {
      name: 'YAML: a partner account given kms:* (block list kept one per line)',
      file: YAML,
      severity: 'warning',
      messageIncludes: 'account 444455556666',
      fixCount: 1,
      text: key(`          - Sid: PartnerAll
            Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action:
              - «kms:*»
            Resource: "*"
`),
      fixes: [{ expected: key(`          - Sid: PartnerAll
            Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action:
              - kms:CreateGrant
              - kms:Decrypt
              - kms:DeriveSharedSecret
              - kms:DescribeKey
              - kms:Encrypt
              - kms:GenerateDataKey*
              - kms:GenerateMac
              - kms:GetKeyRotationStatus
              - kms:GetPublicKey
              - kms:ListGrants
              - kms:ReEncrypt*
              - kms:RetireGrant
              - kms:RevokeGrant
              - kms:Sign
              - kms:Verify
              - kms:VerifyMac
            Resource: "*"
`) }],
    },
    {
      name: 'CDK JSON: the stack account as Fn::Join, a partner given kms:Put* among usable operations',
      file: CDK,
      severity: 'warning',
      text: `{
 "Resources": {
  "SharedKey5E1A1A4B": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:*",
       "Effect": "Allow",
       "Principal": { "AWS": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::", { "Ref": "AWS::AccountId" }, ":root"]] } },
       "Resource": "*"
      },
      {
       "Action": ["kms:Decrypt", «"kms:Put*"»],
       "Effect": "Allow",
       "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
       "Resource": "*"
      }
     ],
     "Version": "2012-10-17"
    }
   }
  }
 }
}
`,
      fixes: [{ expected: `{
 "Resources": {
  "SharedKey5E1A1A4B": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:*",
       "Effect": "Allow",
       "Principal": { "AWS": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::", { "Ref": "AWS::AccountId" }, ":root"]] } },
       "Resource": "*"
      },
      {
       "Action": ["kms:Decrypt"],
       "Effect": "Allow",
       "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
       "Resource": "*"
      }
     ],
     "Version": "2012-10-17"
    }
   }
  }
 }
}
` }],
    },
  ],
};

ruleTable('kms-key-policy-cross-account-admin', table);
