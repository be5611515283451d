// CloudFormation/SAM/CDK cases for kms-multipart-upload-permissions: uploaders to SSE-KMS buckets
// declared in the template (or another file of the workspace), YAML and CDK JSON.
import { ruleTable, type InvalidCase, type ValidCase } from '../table';

const YAML = 'template.yaml';
const CDK = 'cdk.out/UploadStack.template.json';

/** A bucket encrypted with the template's key, whose policy only delegates to the account root. */
function uploads(keyStatements = '', bucketName = 'example-cfn-uploads'): string {
  return `  UploadsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:root
            Action: kms:*
            Resource: "*"
${keyStatements}  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: ${bucketName}
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt UploadsKey.Arn
  Uploader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
`;
}

export const table: { valid: ValidCase[]; invalid: InvalidCase[] } = {
  valid: [
    {
      name: 'YAML: the uploader role may generate data keys and decrypt (its own policy)',
      file: YAML,
      text: `Resources:
${uploads()}  UploaderPolicy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Uploader
      PolicyName: upload
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:PutObject
            Resource: !Sub "\${Uploads.Arn}/*"
          - Effect: Allow
            Action: [kms:GenerateDataKey, kms:Decrypt]
            Resource: !GetAtt UploadsKey.Arn
`,
    },
    {
      name: 'YAML: kms:Decrypt for the role is in the key policy',
      file: YAML,
      text: `Resources:
${uploads(`          - Sid: Uploader
            Effect: Allow
            Principal: { AWS: !GetAtt Uploader.Arn }
            Action: [kms:Decrypt, kms:GenerateDataKey]
            Resource: "*"
`)}  UploaderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Uploader]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:PutObject
            Resource: !Sub "\${Uploads.Arn}/*"
`,
    },
    {
      name: 'YAML: a bucket with SSE-S3 (AES256) and no KMS statements is not SSE-KMS',
      file: YAML,
      text: `Resources:
  Plain:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 }
  Writer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: s3:PutObject, Resource: !Sub "\${Plain.Arn}/*" }
`,
    },
  ],
  invalid: [
    {
      name: 'YAML: a role policy uploads with kms:GenerateDataKey but no kms:Decrypt → allow kms:Decrypt for !GetAtt Uploader.Arn in the key policy',
      file: YAML,
      severity: 'warning',
      messageIncludes: 'multipart',
      fixCount: 1,
      text: `Resources:
${uploads()}  UploaderPolicy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Uploader
      PolicyName: upload
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: «s3:PutObject»
            Resource: !Sub "\${Uploads.Arn}/*"
          - Effect: Allow
            Action: kms:GenerateDataKey
            Resource: !GetAtt UploadsKey.Arn
`,
      fixes: [{ expected: `Resources:
${uploads(`          - Sid: AllowDecryptForMultipartUpload
            Effect: Allow
            Principal:
              AWS: !GetAtt Uploader.Arn
            Action: kms:Decrypt
            Resource: "*"
`)}  UploaderPolicy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Uploader
      PolicyName: upload
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:PutObject
            Resource: !Sub "\${Uploads.Arn}/*"
          - Effect: Allow
            Action: kms:GenerateDataKey
            Resource: !GetAtt UploadsKey.Arn
` }],
    },
    {
      name: 'YAML: neither action, bucket named literally → kms:GenerateDataKey on !GetAtt UploadsKey.Arn here, kms:Decrypt in the key policy',
      file: YAML,
      severity: 'warning',
      text: `Resources:
${uploads()}  UploaderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Uploader]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [««s3:PutObject»»]
            Resource: arn:aws:s3:::example-cfn-uploads/*
`,
      fixes: [{ finding: 0, expected: `Resources:
${uploads()}  UploaderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Uploader]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [s3:PutObject]
            Resource: arn:aws:s3:::example-cfn-uploads/*
          - Effect: Allow
            Action: kms:GenerateDataKey
            Resource: !GetAtt UploadsKey.Arn
` }],
    },
    {
      name: 'CDK JSON: the key policy delegates to the stack account root (Fn::Join); the role has only kms:GenerateDataKey',
      file: CDK,
      severity: 'warning',
      fixCount: 1,
      text: `{
 "Resources": {
  "UploadsKeyA1B2C3D4": {
   "Type": "AWS::KMS::Key",
   "Properties": {
    "KeyPolicy": {
     "Statement": [
      {
       "Action": "kms:*",
       "Effect": "Allow",
       "Principal": { "AWS": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::", { "Ref": "AWS::AccountId" }, ":root"]] } },
       "Resource": "*"
      }
     ],
     "Version": "2012-10-17"
    }
   }
  },
  "UploadsBucketB2C3D4E5": {
   "Type": "AWS::S3::Bucket",
   "Properties": {
    "BucketEncryption": {
     "ServerSideEncryptionConfiguration": [
      { "ServerSideEncryptionByDefault": { "KMSMasterKeyID": { "Fn::GetAtt": ["UploadsKeyA1B2C3D4", "Arn"] }, "SSEAlgorithm": "aws:kms" } }
     ]
    }
   }
  },
  "UploaderRoleC3D4E5F6": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": { "Statement": [] } } },
  "UploaderRoleDefaultPolicyD4E5F6A7": {
   "Type": "AWS::IAM::Policy",
   "Properties": {
    "PolicyDocument": {
     "Statement": [
      {
       "Action": [«"s3:PutObject"», "s3:Abort*"],
       "Effect": "Allow",
       "Resource": [
        { "Fn::GetAtt": ["UploadsBucketB2C3D4E5", "Arn"] },
        { "Fn::Join": ["", [{ "Fn::GetAtt": ["UploadsBucketB2C3D4E5", "Arn"] }, "/*"]] }
       ]
      },
      {
       "Action": "kms:GenerateDataKey",
       "Effect": "Allow",
       "Resource": { "Fn::GetAtt": ["UploadsKeyA1B2C3D4", "Arn"] }
      }
     ],
     "Version": "2012-10-17"
    },
    "PolicyName": "UploaderRoleDefaultPolicyD4E5F6A7",
    "Roles": [{ "Ref": "UploaderRoleC3D4E5F6" }]
   }
  }
 }
}
`,
    },
    {
      name: 'YAML: a key policy statement for S3 (kms:ViaService) without kms:Decrypt → add it there',
      file: YAML,
      severity: 'warning',
      text: `Resources:
  SharedKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: kms:*
            Resource: "*"
          - Sid: ViaS3
            Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:role/uploader }
            Action: «[kms:GenerateDataKey, kms:Encrypt]»
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: s3.us-east-1.amazonaws.com
`,
      fixes: [{ expected: `Resources:
  SharedKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: kms:*
            Resource: "*"
          - Sid: ViaS3
            Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:role/uploader }
            Action: [kms:GenerateDataKey, kms:Encrypt, kms:Decrypt]
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: s3.us-east-1.amazonaws.com
` }],
    },
    {
      name: 'SAM: S3WritePolicy to an SSE-KMS bucket of the template (both actions missing; kms:Decrypt goes to the key policy for WriterRole)',
      file: YAML,
      severity: 'warning',
      text: `Transform: AWS::Serverless-2016-10-31
Resources:
${uploads('', 'example-sam-uploads')}  Writer:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - ««S3WritePolicy»»:
            BucketName: example-sam-uploads
`,
      fixes: [{ finding: 1, expected: `Transform: AWS::Serverless-2016-10-31
Resources:
${uploads(`          - Sid: AllowDecryptForMultipartUpload
            Effect: Allow
            Principal:
              AWS: !GetAtt WriterRole.Arn
            Action: kms:Decrypt
            Resource: "*"
`, 'example-sam-uploads')}  Writer:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - S3WritePolicy:
            BucketName: example-sam-uploads
` }],
    },
  ],
};

ruleTable('kms-multipart-upload-permissions', table);
