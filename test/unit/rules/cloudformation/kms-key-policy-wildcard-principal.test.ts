// CloudFormation cases for kms-key-policy-wildcard-principal: AWS::KMS::Key policies open to "*";
// the fix writes the template's own account (!Ref AWS::AccountId) when no literal account is known.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';
const JSON_TEMPLATE = 'cdk.out/KeyStack.template.json';

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML: "*" narrowed by kms:CallerAccount = AWS::AccountId and kms:ViaService',
      file: YAML,
      text: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: [kms:Encrypt, kms:Decrypt, kms:GenerateDataKey*]
            Resource: "*"
            Condition:
              StringEquals:
                kms:CallerAccount: !Ref AWS::AccountId
                kms:ViaService: !Sub "s3.\${AWS::Region}.amazonaws.com"
`,
    },
    {
      name: 'YAML: "*" narrowed by aws:PrincipalOrgID from a parameter (unknown but narrowing)',
      file: YAML,
      text: `Parameters:
  OrgId: { Type: String }
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: kms:Decrypt
            Resource: "*"
            Condition: { StringEquals: { "aws:PrincipalOrgID": !Ref OrgId } }
`,
    },
    {
      name: 'YAML: a Deny for "*" is no grant; an identity policy "*" is not a key policy',
      file: YAML,
      text: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: kms:ScheduleKeyDeletion
            Resource: "*"
`,
    },
  ],
  invalid: [
    {
      name: 'YAML: Principal AWS "*" with no condition; no literal account → kms:CallerAccount: !Ref AWS::AccountId',
      file: YAML,
      severity: 'error',
      fixCount: 1,
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
            Action: kms:*
            Resource: "*"
          - Sid: AnyoneEncrypts
            Effect: Allow
            Principal:
              AWS: «"*"»
            Action: kms:Encrypt
            Resource: "*"
`,
      fixes: [{ expected: `Resources:
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
            Action: kms:*
            Resource: "*"
          - Sid: AnyoneEncrypts
            Effect: Allow
            Principal:
              AWS: "*"
            Action: kms:Encrypt
            Resource: "*"
            Condition:
              StringEquals:
                kms:CallerAccount: !Ref AWS::AccountId
` }],
    },
    {
      name: 'YAML: the literal account of the root statement is used when there is one',
      file: YAML,
      severity: 'error',
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - { Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }
          - { Effect: Allow, Principal: «"*"», Action: "kms:Decrypt", Resource: "*" }
`,
      fixes: [{ expected: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - { Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }
          - { Effect: Allow, Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: {StringEquals: {"kms:CallerAccount": "111122223333"}} }
` }],
    },
    {
      name: 'YAML: Allow with NotPrincipal is as open as "*"',
      file: YAML,
      severity: 'error',
      text: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            NotPrincipal: «{ AWS: !GetAtt Blocked.Arn }»
            Action: kms:Decrypt
            Resource: "*"
  Blocked:
    Type: AWS::IAM::Role
`,
    },
    {
      name: 'CDK JSON: {"AWS": "*"} → {"Ref": "AWS::AccountId"} in a StringEquals condition',
      file: JSON_TEMPLATE,
      severity: 'error',
      text: `{
 "Resources": {
  "DataKey5E1A1A4B": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:Decrypt",
       "Effect": "Allow",
       "Principal": {
        "AWS": «"*"»
       },
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
  "DataKey5E1A1A4B": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:Decrypt",
       "Effect": "Allow",
       "Principal": {
        "AWS": "*"
       },
       "Resource": "*",
       "Condition": {
        "StringEquals": {
         "kms:CallerAccount": {
          "Ref": "AWS::AccountId"
         }
        }
       }
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

ruleTable('kms-key-policy-wildcard-principal', table);
