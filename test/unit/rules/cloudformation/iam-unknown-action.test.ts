// CloudFormation cases for iam-unknown-action: misspelt actions in every policy a template holds.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML: actions in any case, wildcards that match, !Sub actions',
      file: YAML,
      text: `Resources:
  Use:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [KMS:ENCRYPT, kms:GenerateDatakey, "kms:Describe*", !Sub "kms:\${Operation}"]
            Resource: "*"
Parameters:
  Operation: { Type: String }
`,
    },
    {
      name: 'YAML: actions of a trust policy are not checked as policy actions',
      file: YAML,
      text: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRoles }
`,
    },
  ],
  invalid: [
    {
      name: 'YAML key policy: kms:DescribeKeys in a block list → kms:DescribeKey',
      file: YAML,
      severity: 'warning',
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action:
              - kms:Encrypt
              - «kms:DescribeKeys»
            Resource: "*"
`,
      fixes: [{ expected: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action:
              - kms:Encrypt
              - kms:DescribeKey
            Resource: "*"
` }],
    },
    {
      name: 'YAML bucket policy: a single quoted misspelt action → the closest real one, quoting kept',
      file: YAML,
      severity: 'warning',
      text: `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:role/reader }
            Action: «'s3:GetObjcet'»
            Resource: !Sub "\${Bucket.Arn}/*"
`,
      fixes: [{ expected: `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:role/reader }
            Action: 's3:GetObject'
            Resource: !Sub "\${Bucket.Arn}/*"
` }],
    },
    {
      name: 'SAM inline policy: a misspelt service prefix',
      file: YAML,
      severity: 'warning',
      text: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: [«kmss:Encrypt»]
              Resource: "*"
`,
      fixes: [{ expected: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: [kms:Encrypt]
              Resource: "*"
` }],
    },
    {
      name: 'JSON template: a misspelt action in AWS::IAM::Policy',
      file: 'cdk.out/Stack.template.json',
      severity: 'warning',
      text: `{
 "Resources": {
  "Policy": {
   "Type": "AWS::IAM::Policy",
   "Properties": {
    "PolicyDocument": { "Statement": [{ "Action": [«"kms:GenerateDataKeys"»], "Effect": "Allow", "Resource": "*" }] },
    "PolicyName": "p"
   }
  }
 }
}
`,
      fixes: [{ expected: `{
 "Resources": {
  "Policy": {
   "Type": "AWS::IAM::Policy",
   "Properties": {
    "PolicyDocument": { "Statement": [{ "Action": ["kms:GenerateDataKey"], "Effect": "Allow", "Resource": "*" }] },
    "PolicyName": "p"
   }
  }
 }
}
` }],
    },
  ],
};

ruleTable('iam-unknown-action', table);
