// CloudFormation/SAM/CDK cases for kms-decrypt-in-identity-policy: managed policies, inline role
// policies, AWS::IAM::Policy (as CDK writes it), SAM policies and templates, in YAML and JSON.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';
const CDK = 'cdk.out/AppStack.template.json';

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML managed policy without decryption',
      file: YAML,
      text: `Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [kms:Encrypt, kms:GenerateDataKey]
            Resource: "*"
`,
    },
    {
      name: 'YAML: decryption in the key policy is where it belongs',
      file: YAML,
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal: { AWS: !GetAtt AppRole.Arn }
            Action: kms:Decrypt
            Resource: "*"
  AppRole:
    Type: AWS::IAM::Role
`,
    },
    {
      name: 'YAML: an unconditional Deny of decryption on every key neutralizes the Allow',
      file: YAML,
      text: `Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:*
            Resource: "*"
          - Effect: Deny
            Action: [kms:Decrypt, kms:ReEncryptFrom]
            Resource: "*"
`,
    },
    {
      name: 'YAML: the decrypt action comes from a parameter (unknown, never guessed)',
      file: YAML,
      text: `Parameters:
  ExtraAction:
    Type: String
Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [!Ref ExtraAction, !If [IsProd, kms:Decrypt, kms:Encrypt]]
            Resource: "*"
`,
    },
    {
      name: 'a trust policy (AssumeRolePolicyDocument) is no identity policy',
      file: YAML,
      text: `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`,
    },
    {
      name: 'CDK JSON: AWS::IAM::Policy allowing encryption only',
      file: CDK,
      text: `{
 "Resources": {
  "AppRoleDefaultPolicy1A2B3C4D": {
   "Type": "AWS::IAM::Policy",
   "Properties": {
    "PolicyDocument": {
     "Statement": [
      {
       "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],
       "Effect": "Allow",
       "Resource": { "Fn::GetAtt": ["DataKey5E1A1A4B", "Arn"] }
      }
     ],
     "Version": "2012-10-17"
    },
    "PolicyName": "AppRoleDefaultPolicy1A2B3C4D",
    "Roles": [{ "Ref": "AppRole5E1A1A4B" }]
   }
  },
  "DataKey5E1A1A4B": { "Type": "AWS::KMS::Key" },
  "AppRole5E1A1A4B": { "Type": "AWS::IAM::Role" }
 }
}
`,
    },
  ],
  invalid: [
    {
      name: 'YAML managed policy allowing kms:Decrypt on "*" (block list, comment kept) → remove the line',
      file: YAML,
      severity: 'warning',
      messageIncludes: 'all KMS keys',
      fixCount: 1,
      text: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: UseData
            Effect: Allow
            Action:
              - «kms:Decrypt»   # reading reports
              - kms:Encrypt
            Resource: "*"
`,
      fixes: [{ expected: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: UseData
            Effect: Allow
            Action:
              - kms:Encrypt
            Resource: "*"
` }],
    },
    {
      name: 'YAML: an inline role policy on !GetAtt DataKey.Arn (info) → remove only: naming the role in the key policy would make a dependency cycle',
      file: YAML,
      severity: 'info',
      fixCount: 1,
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: "kms:*"
            Resource: "*"
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [«kms:Decrypt», kms:GenerateDataKey]
                Resource: !GetAtt DataKey.Arn
`,
    },
    {
      name: 'YAML: a role policy of its own (AWS::IAM::Policy) on !GetAtt DataKey.Arn (info) → remove, or move to the key policy for !GetAtt AppRole.Arn',
      file: YAML,
      severity: 'info',
      fixCount: 2,
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
  AppData:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: data
      Roles: [!Ref AppRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [«kms:Decrypt», kms:GenerateDataKey]
            Resource: !GetAtt DataKey.Arn
`,
      fixes: [
        {
          fix: 1,
          expected: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
          - Sid: AllowDecryptForAppRole
            Effect: Allow
            Principal:
              AWS: !GetAtt AppRole.Arn
            Action: kms:Decrypt
            Resource: "*"
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
  AppData:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: data
      Roles: [!Ref AppRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [kms:GenerateDataKey]
            Resource: !GetAtt DataKey.Arn
`,
        },
      ],
    },
    {
      name: 'YAML: key/* of the deploying account (!Sub with pseudo parameters) covers every key → warning',
      file: YAML,
      severity: 'warning',
      messageIncludes: 'all KMS keys',
      text: `Resources:
  ReaderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [«'kms:ReEncrypt*'», 'kms:Encrypt']
            Resource: !Sub 'arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*'
`,
      fixes: [{ expected: `Resources:
  ReaderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ['kms:ReEncryptTo', 'kms:Encrypt']
            Resource: !Sub 'arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*'
` }],
    },
    {
      name: 'YAML: a key ARN whose account is unknown but whose key id is literal is a specific key → info',
      file: YAML,
      severity: 'info',
      text: `Resources:
  ReaderPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: reader
      Users: [!Ref Reader]
      PolicyDocument:
        Statement:
          Effect: Allow
          Action: «kms:Decrypt»
          Resource: !Sub arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab
  Reader:
    Type: AWS::IAM::User
`,
      fixCount: 0,
    },
    {
      name: 'CDK JSON: AWS::IAM::Policy on Fn::GetAtt of a key of the stack → remove, or move with {"Fn::GetAtt": [role, "Arn"]}',
      file: CDK,
      severity: 'info',
      fixCount: 2,
      text: `{
 "Resources": {
  "DataKey5E1A1A4B": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:*",
       "Effect": "Allow",
       "Principal": {
        "AWS": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::", { "Ref": "AWS::AccountId" }, ":root"]] }
       },
       "Resource": "*"
      }
     ],
     "Version": "2012-10-17"
    }
   }
  },
  "AppRole5E1A1A4B": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": { "Statement": [] } } },
  "AppRoleDefaultPolicy1A2B3C4D": {
   "Type": "AWS::IAM::Policy",
   "Properties": {
    "PolicyDocument": {
     "Statement": [
      {
       "Action": [«"kms:Decrypt"», "kms:Encrypt"],
       "Effect": "Allow",
       "Resource": { "Fn::GetAtt": ["DataKey5E1A1A4B", "Arn"] }
      }
     ],
     "Version": "2012-10-17"
    },
    "PolicyName": "AppRoleDefaultPolicy1A2B3C4D",
    "Roles": [{ "Ref": "AppRole5E1A1A4B" }]
   }
  }
 }
}
`,
      fixes: [
        {
          fix: 1,
          expected: `{
 "Resources": {
  "DataKey5E1A1A4B": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:*",
       "Effect": "Allow",
       "Principal": {
        "AWS": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::", { "Ref": "AWS::AccountId" }, ":root"]] }
       },
       "Resource": "*"
      },
      {
       "Sid": "AllowDecryptForAppRole5E1A1A4B",
       "Effect": "Allow",
       "Principal": {
        "AWS": {
         "Fn::GetAtt": [
          "AppRole5E1A1A4B",
          "Arn"
         ]
        }
       },
       "Action": "kms:Decrypt",
       "Resource": "*"
      }
     ],
     "Version": "2012-10-17"
    }
   }
  },
  "AppRole5E1A1A4B": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": { "Statement": [] } } },
  "AppRoleDefaultPolicy1A2B3C4D": {
   "Type": "AWS::IAM::Policy",
   "Properties": {
    "PolicyDocument": {
     "Statement": [
      {
       "Action": ["kms:Encrypt"],
       "Effect": "Allow",
       "Resource": { "Fn::GetAtt": ["DataKey5E1A1A4B", "Arn"] }
      }
     ],
     "Version": "2012-10-17"
    },
    "PolicyName": "AppRoleDefaultPolicy1A2B3C4D",
    "Roles": [{ "Ref": "AppRole5E1A1A4B" }]
   }
  }
 }
}
`,
        },
      ],
    },
    {
      name: 'SAM: a KMSDecryptPolicy template grants kms:Decrypt on the key (info); the expansion has no text to fix',
      file: YAML,
      severity: 'info',
      fixCount: 0,
      text: `Transform: AWS::Serverless-2016-10-31
Resources:
  DataKey:
    Type: AWS::KMS::Key
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Policies:
        - «KMSDecryptPolicy»:
            KeyId: !Ref DataKey
`,
    },
    {
      name: 'SAM: inline policy statements on the implicit role → remove from the list',
      file: YAML,
      severity: 'warning',
      fixCount: 1,
      text: `Transform: AWS::Serverless-2016-10-31
Resources:
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - kms:Encrypt
                - «kms:Decrypt»
              Resource: "*"
`,
      fixes: [{ expected: `Transform: AWS::Serverless-2016-10-31
Resources:
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - kms:Encrypt
              Resource: "*"
` }],
    },
    {
      name: 'the key policy is a JSON file of the workspace: the template role cannot be written there, only removal is offered',
      file: YAML,
      severity: 'info',
      fixCount: 1,
      context: {
        'key-policy.1234abcd-12ab-34cd-56ef-1234567890ab.json': JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
        }, null, 2),
      },
      text: `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [«kms:Decrypt», kms:Encrypt]
                Resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
    },
  ],
};

ruleTable('kms-decrypt-in-identity-policy', table);
