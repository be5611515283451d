// CloudFormation cases for kms-cross-account-access: a bucket policy shares an SSE-KMS bucket with
// another account; the key (in the same template) does not allow it, or the bucket uses aws/s3.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';
const JSON_TEMPLATE = 'reports.template.json';

function reports(keyStatements = '', encryption = 'KMSMasterKeyID: !GetAtt ReportsKey.Arn'): string {
  return `  ReportsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal: { AWS: "arn:aws:iam::111122223333:root" }
            Action: "kms:*"
            Resource: "*"
${keyStatements}  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-cfn-reports
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              ${encryption}
`;
}

/** The conditions the fix narrows the other account's use with: S3 (in any Region: the key's is not literal), that account's callers. */
const THROUGH_S3 = `            Condition:
              StringLike:
                kms:ViaService: s3.*.amazonaws.com
              StringEquals:
                kms:CallerAccount: "444455556666"
`;

const SHARE = `  ReportsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Reports
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: PartnerRead
            Effect: Allow
            Principal: { AWS: PARTNER }
            Action: s3:GetObject
            Resource: !Sub "\${Reports.Arn}/*"
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML: the key policy allows the partner account kms:Decrypt',
      file: YAML,
      text: `Resources:
${reports(`          - Sid: PartnerDecrypt
            Effect: Allow
            Principal: { AWS: "arn:aws:iam::444455556666:root" }
            Action: kms:Decrypt
            Resource: "*"
`)}${SHARE.replace('PARTNER', '"arn:aws:iam::444455556666:root"')}`,
    },
    {
      name: 'YAML: the key policy names its account only through AWS::AccountId (whether 444455556666 is another account is unknown)',
      file: YAML,
      text: `Resources:
${reports().replace('"arn:aws:iam::111122223333:root"', '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"')}${SHARE.replace('PARTNER', '"arn:aws:iam::444455556666:root"')}`,
    },
    {
      name: 'YAML: the bucket is shared within its own account',
      file: YAML,
      text: `Resources:
${reports()}${SHARE.replace('PARTNER', '"arn:aws:iam::111122223333:role/reader"')}`,
    },
  ],
  invalid: [
    {
      name: 'YAML: another account reads objects the key does not let it decrypt → allow 444455556666 in the key policy',
      file: YAML,
      severity: 'warning',
      messageIncludes: '444455556666',
      fixCount: 1,
      text: `Resources:
${reports()}${SHARE.replace('PARTNER', '«"arn:aws:iam::444455556666:root"»')}`,
      fixes: [{ expected: `Resources:
${reports(`          - Sid: AllowAccount444455556666UseThroughS3
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Action: kms:Decrypt
            Resource: "*"
${THROUGH_S3}`)}${SHARE.replace('PARTNER', '"arn:aws:iam::444455556666:root"')}` }],
    },
    {
      name: 'YAML: the bucket uses the AWS managed key (aws:kms without a key id): no key policy can help',
      file: YAML,
      severity: 'warning',
      messageIncludes: 'AWS managed key',
      fixCount: 0,
      text: `Resources:
  Legacy:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms }
  LegacyPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Legacy
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: «"444455556666"» }
            Action: [s3:GetObject]
            Resource: !Join ["", [!GetAtt Legacy.Arn, "/*"]]
`,
    },
    {
      name: 'YAML: the bucket in one template, its key and the bucket policy in another file of the workspace (by bucket name)',
      file: 'sharing.yaml',
      severity: 'warning',
      context: { [YAML]: `Resources:\n${reports()}` },
      text: `Resources:
  ReportsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: example-cfn-reports
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: «"arn:aws:iam::444455556666:root"» }
            Action: s3:PutObject
            Resource: arn:aws:s3:::example-cfn-reports/*
`,
      fixes: [{ file: YAML, expected: `Resources:
${reports(`          - Sid: AllowAccount444455556666UseThroughS3
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::444455556666:root
            Action:
              - kms:GenerateDataKey
              - kms:Decrypt
            Resource: "*"
${THROUGH_S3}`)}` }],
    },
    {
      name: 'JSON: the same in a JSON template',
      file: JSON_TEMPLATE,
      severity: 'warning',
      text: `{
  "Resources": {
    "ReportsKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": {
          "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }
          ]
        }
      }
    },
    "Reports": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketEncryption": { "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": { "Fn::GetAtt": ["ReportsKey", "Arn"] } } }] }
      }
    },
    "ReportsPolicy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": { "Ref": "Reports" },
        "PolicyDocument": {
          "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": «"arn:aws:iam::444455556666:root"» }, "Action": "s3:GetObject", "Resource": { "Fn::Join": ["", [{ "Fn::GetAtt": ["Reports", "Arn"] }, "/*"]] } }
          ]
        }
      }
    }
  }
}
`,
      fixes: [{ expected: `{
  "Resources": {
    "ReportsKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": {
          "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" },
            {
              "Sid": "AllowAccount444455556666UseThroughS3",
              "Effect": "Allow",
              "Principal": {
                "AWS": "arn:aws:iam::444455556666:root"
              },
              "Action": "kms:Decrypt",
              "Resource": "*",
              "Condition": {
                "StringLike": {
                  "kms:ViaService": "s3.*.amazonaws.com"
                },
                "StringEquals": {
                  "kms:CallerAccount": "444455556666"
                }
              }
            }
          ]
        }
      }
    },
    "Reports": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketEncryption": { "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": { "Fn::GetAtt": ["ReportsKey", "Arn"] } } }] }
      }
    },
    "ReportsPolicy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": { "Ref": "Reports" },
        "PolicyDocument": {
          "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "s3:GetObject", "Resource": { "Fn::Join": ["", [{ "Fn::GetAtt": ["Reports", "Arn"] }, "/*"]] } }
          ]
        }
      }
    }
  }
}
` }],
    },
  ],
};

ruleTable('kms-cross-account-access', table);
