// CloudFormation cases for kms-key-policy-no-root-delegation: key policies that never name the
// account root; CDK's Fn::Join root and !Sub root count as the root.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';
const JSON_TEMPLATE = 'key.template.json';

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML: the root as !Sub with pseudo parameters',
      file: YAML,
      text: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: kms:*
            Resource: "*"
`,
    },
    {
      name: 'YAML: the account as !Ref AWS::AccountId (an account principal)',
      file: YAML,
      text: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Ref AWS::AccountId
            Action: kms:*
            Resource: "*"
`,
    },
    {
      name: 'CDK JSON: the root as Fn::Join',
      file: 'cdk.out/Stack.template.json',
      text: `{"Resources":{"Key":{"Type":"AWS::KMS::Key","Properties":{"KeyPolicy":{"Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"AWS":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::",{"Ref":"AWS::AccountId"},":root"]]}},"Resource":"*"}],"Version":"2012-10-17"}}}}}`,
    },
    {
      name: 'YAML: a key without KeyPolicy gets the default key policy (which delegates to the root)',
      file: YAML,
      text: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: default policy
`,
    },
  ],
  invalid: [
    {
      name: 'YAML: only a role of the template → add the root as !Sub with AWS::AccountId',
      file: YAML,
      severity: 'info',
      fixCount: 1,
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        «Statement»:
          - Sid: Admin
            Effect: Allow
            Principal:
              AWS: !GetAtt KeyAdmin.Arn
            Action: kms:*
            Resource: "*"
  KeyAdmin:
    Type: AWS::IAM::Role
`,
      fixes: [{ expected: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Admin
            Effect: Allow
            Principal:
              AWS: !GetAtt KeyAdmin.Arn
            Action: kms:*
            Resource: "*"
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: kms:*
            Resource: "*"
  KeyAdmin:
    Type: AWS::IAM::Role
` }],
    },
    {
      name: 'YAML: a literal role ARN names the account → the literal root ARN',
      file: YAML,
      severity: 'info',
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        «Statement»:
          Effect: Allow
          Principal: { AWS: arn:aws:iam::111122223333:role/KeyAdmin }
          Action: kms:*
          Resource: "*"
`,
      fixes: [{ expected: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:role/KeyAdmin }
            Action: kms:*
            Resource: "*"
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:root
            Action: kms:*
            Resource: "*"
` }],
    },
    {
      name: 'JSON: {"Fn::Sub": root} is added',
      file: JSON_TEMPLATE,
      severity: 'info',
      text: `{
  "Resources": {
    "DataKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": {
          «"Statement"»: [
            {
              "Effect": "Allow",
              "Principal": { "Service": "logs.amazonaws.com" },
              "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],
              "Resource": "*"
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
    "DataKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "Service": "logs.amazonaws.com" },
              "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],
              "Resource": "*"
            },
            {
              "Sid": "Enable IAM User Permissions",
              "Effect": "Allow",
              "Principal": {
                "AWS": {
                  "Fn::Sub": "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
                }
              },
              "Action": "kms:*",
              "Resource": "*"
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

ruleTable('kms-key-policy-no-root-delegation', table);
