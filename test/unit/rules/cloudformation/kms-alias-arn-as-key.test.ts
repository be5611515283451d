// CloudFormation cases for kms-alias-arn-as-key: alias ARNs (literal, !Sub with pseudo parameters,
// !Ref of an AWS::KMS::Alias) where a key is needed, in policies and bucket encryption, YAML and JSON.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';
const JSON_TEMPLATE = 'stack.template.json';

const KEY_AND_ALIAS = `  DataKey:
    Type: AWS::KMS::Key
    Properties:
      Description: data key
  DataAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/app-data
      TargetKeyId: !Ref DataKey
`;

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML: the key by !GetAtt in a policy and in bucket encryption',
      file: YAML,
      text: `Resources:
${KEY_AND_ALIAS}  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt DataKey.Arn
  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [kms:Encrypt, kms:GenerateDataKey]
            Resource: !GetAtt DataKey.Arn
`,
    },
    {
      name: 'YAML: alias management on the alias ARN is what alias ARNs are for',
      file: YAML,
      text: `Resources:
  Aliases:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [kms:CreateAlias, kms:UpdateAlias, kms:DeleteAlias]
            Resource: !Sub "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:alias/app-*"
`,
    },
    {
      name: 'YAML: key/* with a kms:ResourceAliases condition naming the alias; a parameter key id',
      file: YAML,
      text: `Parameters:
  KeyId:
    Type: String
Resources:
  Scoped:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: !Sub "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*"
            Condition:
              ForAnyValue:StringEquals:
                kms:ResourceAliases: alias/app-data
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms, KMSMasterKeyID: !Ref KeyId }
`,
    },
  ],
  invalid: [
    {
      name: 'YAML: !Sub alias ARN of the deploying account in Resource, alias declared → !GetAtt DataKey.Arn',
      file: YAML,
      severity: 'error',
      fixCount: 1,
      text: `Resources:
${KEY_AND_ALIAS}  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:GenerateDataKey
            Resource: «!Sub "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:alias/app-data"»
`,
      fixes: [{ expected: `Resources:
${KEY_AND_ALIAS}  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:GenerateDataKey
            Resource: !GetAtt DataKey.Arn
` }],
    },
    {
      name: 'YAML: a literal alias ARN in a flow list, alias declared → the key by reference',
      file: YAML,
      severity: 'error',
      text: `Resources:
${KEY_AND_ALIAS}  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: [kms:Encrypt], Resource: [«'arn:aws:kms:us-east-1:111122223333:alias/app-data'»] }
`,
      fixes: [{ expected: `Resources:
${KEY_AND_ALIAS}  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: [kms:Encrypt], Resource: [!GetAtt DataKey.Arn] }
` }],
    },
    {
      name: 'YAML: an alias ARN of an alias declared elsewhere → key/* with a kms:ResourceAliases condition',
      file: YAML,
      severity: 'error',
      text: `Resources:
  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: «arn:aws:kms:us-east-1:111122223333:alias/shared»
`,
      fixes: [{ expected: `Resources:
  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: arn:aws:kms:us-east-1:111122223333:key/*
            Condition:
              ForAnyValue:StringEquals:
                kms:ResourceAliases: alias/shared
` }],
    },
    {
      name: 'YAML: bucket encryption naming the key by !Ref of its alias (warning) → !GetAtt DataKey.Arn',
      file: YAML,
      severity: 'warning',
      messageIncludes: 'requester',
      text: `Resources:
${KEY_AND_ALIAS}  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: «!Ref DataAlias»
            BucketKeyEnabled: true
`,
      fixes: [{ expected: `Resources:
${KEY_AND_ALIAS}  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt DataKey.Arn
            BucketKeyEnabled: true
` }],
    },
    {
      name: 'YAML: bucket encryption with the AWS managed alias alias/aws/s3 (no key to write)',
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
          - ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms, KMSMasterKeyID: «alias/aws/s3» }
`,
    },
    {
      name: 'YAML: the S3 key-id condition compared with the alias (!Ref) → the key ARN',
      file: YAML,
      severity: 'error',
      text: `Resources:
${KEY_AND_ALIAS}  Bucket:
    Type: AWS::S3::Bucket
  RequireKey:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Sid: RequireDataKey
            Effect: Deny
            Principal: "*"
            Action: s3:PutObject
            Resource: !Sub "\${Bucket.Arn}/*"
            Condition:
              StringNotEquals:
                s3:x-amz-server-side-encryption-aws-kms-key-id: «!Ref DataAlias»
`,
      fixes: [{ expected: `Resources:
${KEY_AND_ALIAS}  Bucket:
    Type: AWS::S3::Bucket
  RequireKey:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Sid: RequireDataKey
            Effect: Deny
            Principal: "*"
            Action: s3:PutObject
            Resource: !Sub "\${Bucket.Arn}/*"
            Condition:
              StringNotEquals:
                s3:x-amz-server-side-encryption-aws-kms-key-id: !GetAtt DataKey.Arn
` }],
    },
    {
      name: 'YAML: an alias ARN inside kms:ResourceAliases (takes alias names) → the name',
      file: YAML,
      severity: 'error',
      text: `Resources:
  Scoped:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: arn:aws:kms:us-east-1:111122223333:key/*
            Condition:
              ForAnyValue:StringEquals:
                kms:ResourceAliases: [«"arn:aws:kms:us-east-1:111122223333:alias/app-data"»]
`,
      fixes: [{ expected: `Resources:
  Scoped:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Encrypt
            Resource: arn:aws:kms:us-east-1:111122223333:key/*
            Condition:
              ForAnyValue:StringEquals:
                kms:ResourceAliases: ["alias/app-data"]
` }],
    },
    {
      name: 'JSON: bucket encryption {"Ref": alias} → {"Fn::GetAtt": [key, "Arn"]}',
      file: JSON_TEMPLATE,
      severity: 'warning',
      text: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "DataKey": { "Type": "AWS::KMS::Key" },
    "DataAlias": { "Type": "AWS::KMS::Alias", "Properties": { "AliasName": "alias/app-data", "TargetKeyId": { "Fn::GetAtt": ["DataKey", "Arn"] } } },
    "Reports": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketEncryption": {
          "ServerSideEncryptionConfiguration": [
            { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": «{ "Ref": "DataAlias" }» } }
          ]
        }
      }
    }
  }
}
`,
      fixes: [{ expected: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "DataKey": { "Type": "AWS::KMS::Key" },
    "DataAlias": { "Type": "AWS::KMS::Alias", "Properties": { "AliasName": "alias/app-data", "TargetKeyId": { "Fn::GetAtt": ["DataKey", "Arn"] } } },
    "Reports": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketEncryption": {
          "ServerSideEncryptionConfiguration": [
            { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt":["DataKey","Arn"]} } }
          ]
        }
      }
    }
  }
}
` }],
    },
    {
      name: 'JSON: Fn::Join alias ARN with pseudo parameters in Resource',
      file: JSON_TEMPLATE,
      severity: 'error',
      text: `{
  "Resources": {
    "DataKey": { "Type": "AWS::KMS::Key" },
    "DataAlias": { "Type": "AWS::KMS::Alias", "Properties": { "AliasName": "alias/app-data", "TargetKeyId": { "Ref": "DataKey" } } },
    "Use": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "kms:Encrypt",
              "Resource": «{ "Fn::Join": [":", ["arn", { "Ref": "AWS::Partition" }, "kms", { "Ref": "AWS::Region" }, { "Ref": "AWS::AccountId" }, "alias/app-data"]] }»
            }
          ]
        }
      }
    }
  }
}
`,
      fixes: [{ expected: `{
  "Resources": {
    "DataKey": { "Type": "AWS::KMS::Key" },
    "DataAlias": { "Type": "AWS::KMS::Alias", "Properties": { "AliasName": "alias/app-data", "TargetKeyId": { "Ref": "DataKey" } } },
    "Use": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "kms:Encrypt",
              "Resource": {
                "Fn::GetAtt": [
                  "DataKey",
                  "Arn"
                ]
              }
            }
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

ruleTable('kms-alias-arn-as-key', table);
