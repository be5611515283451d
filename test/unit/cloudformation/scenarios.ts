// The same KMS setups written three ways: a hand-written YAML template, the JSON template the AWS
// CDK synthesizes for it (cdk.out/*.template.json: one-space indentation, Fn::Join and Fn::GetAtt,
// logical ids with hash suffixes, CDK metadata), and Terraform. The equivalence test expects the
// same findings, fixes and explain answers from all three.

export interface Scenario {
  readonly name: string;
  /** Rule id and severity of every finding, sorted: what all three forms must report. */
  readonly expected: readonly string[];
  readonly yaml: string;
  readonly cdk: CdkResources;
  readonly terraform: string;
  /** Explain this key in every form (its YAML logical id = Terraform name = CDK id without hash). */
  readonly explain?: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type CdkResources = Record<string, { Type: string; Properties?: Record<string, Json>; DependsOn?: string[] }>;

/** What CDK's `Stack.formatArn` and principals synthesize: `Fn::Join` of `arn:`, pseudo parameters and literal parts. */
const join = (...parts: Json[]): Json => ({ 'Fn::Join': ['', parts] });
const partition = { Ref: 'AWS::Partition' };
const region = { Ref: 'AWS::Region' };
const account = { Ref: 'AWS::AccountId' };
const root = join('arn:', partition, ':iam::', account, ':root');
const getAtt = (id: string, attribute = 'Arn'): Json => ({ 'Fn::GetAtt': [id, attribute] });
const ref = (id: string): Json => ({ Ref: id });

/** CDK logical ids carry an 8-character hash of the construct path. */
export const cdkId = (name: string): string => name + hashOf(name);
function hashOf(name: string): string {
  let h = 0x811c9dc5;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

/** The whole cdk.out template, as `cdk synth` writes it. */
export function cdkTemplate(resources: CdkResources): string {
  const withMetadata: Record<string, Json> = {};
  for (const [name, resource] of Object.entries(resources)) {
    withMetadata[cdkId(name)] = {
      Type: resource.Type,
      ...(resource.Properties ? { Properties: resource.Properties } : {}),
      ...(resource.DependsOn ? { DependsOn: resource.DependsOn.map(cdkId) } : {}),
      ...(resource.Type === 'AWS::KMS::Key' || resource.Type === 'AWS::S3::Bucket' ? { UpdateReplacePolicy: 'Retain', DeletionPolicy: 'Retain' } : {}),
      Metadata: { 'aws:cdk:path': `KeyLensStack/${name}/Resource` },
    };
  }
  withMetadata.CDKMetadata = { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sIAAAAAAAA/zPSMzE=' }, Metadata: { 'aws:cdk:path': 'KeyLensStack/CDKMetadata/Default' } };
  const template = {
    Resources: withMetadata,
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version', Description: 'Version of the CDK Bootstrap resources in this environment' } },
    Rules: { CheckBootstrapVersion: { Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] }, AssertDescription: "CDK bootstrap stack version 6 required." }] } },
  };
  return JSON.stringify(template, null, 1) + '\n';
}

/** A role CDK writes for a service principal, and its default policy (`grant*` adds statements there). */
function cdkRole(name: string, statements: Json[]): CdkResources {
  return {
    [name]: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }], Version: '2012-10-17' } },
    },
    [`${name}DefaultPolicy`]: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyDocument: { Statement: statements, Version: '2012-10-17' },
        PolicyName: cdkId(`${name}DefaultPolicy`),
        Roles: [ref(cdkId(name))],
      },
    },
  };
}

const TF_ROLE = (name: string) => `resource "aws_iam_role" "${name}" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`;

const TF_SELF = `data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}
`;

const YAML_ROLE = (name: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`;

/** A key whose policy delegates to the deploying account's root, as each form writes it. */
const yamlKey = (name: string, extraStatements = '') => `  ${name}:
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
${extraStatements}`;

const cdkKey = (extraStatements: Json[] = []): CdkResources[string] => ({
  Type: 'AWS::KMS::Key',
  Properties: { KeyPolicy: { Statement: [{ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: root }, Resource: '*', Sid: 'Root' }, ...extraStatements], Version: '2012-10-17' } },
});

const tfKey = (name: string, extraStatements = '') => `resource "aws_kms_key" "${name}" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },${extraStatements}
    ]
  })
}
`;

export const scenarios: readonly Scenario[] = [
  {
    name: 'an identity policy decrypts with every key',
    expected: ['kms-decrypt-in-identity-policy warning'],
    yaml: `Resources:
${YAML_ROLE('AppRole')}  AppRoleDefaultPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: app
      Roles: [!Ref AppRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [kms:Decrypt, kms:Encrypt]
            Resource: "*"
`,
    cdk: cdkRole('AppRole', [{ Action: ['kms:Decrypt', 'kms:Encrypt'], Effect: 'Allow', Resource: '*' }]),
    terraform: `${TF_ROLE('AppRole')}
resource "aws_iam_role_policy" "AppRoleDefaultPolicy" {
  role = aws_iam_role.AppRole.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:Encrypt"], Resource = "*" }]
  })
}
`,
  },
  {
    name: 'a role decrypts with a key of the stack through its own policy (info; move to the key policy)',
    expected: ['kms-decrypt-in-identity-policy info'],
    explain: 'DataKey',
    yaml: `Resources:
${yamlKey('DataKey')}${YAML_ROLE('AppRole')}  AppRoleDefaultPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: app
      Roles: [!Ref AppRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [kms:Decrypt, kms:GenerateDataKey]
            Resource: !GetAtt DataKey.Arn
`,
    cdk: { DataKey: cdkKey(), ...cdkRole('AppRole', [{ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: getAtt(cdkId('DataKey')) }]) },
    terraform: `${TF_SELF}${tfKey('DataKey')}${TF_ROLE('AppRole')}
resource "aws_iam_role_policy" "AppRoleDefaultPolicy" {
  role = aws_iam_role.AppRole.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = aws_kms_key.DataKey.arn }]
  })
}
`,
  },
  {
    name: 'an alias ARN of the deploying account in Resource (the alias is declared)',
    expected: ['kms-alias-arn-as-key error'],
    yaml: `Resources:
${yamlKey('DataKey')}  DataAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/app-data
      TargetKeyId: !Ref DataKey
${YAML_ROLE('AppRole')}  AppRoleDefaultPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: app
      Roles: [!Ref AppRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:GenerateDataKey
            Resource: !Sub "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:alias/app-data"
`,
    cdk: {
      DataKey: cdkKey(),
      DataAlias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/app-data', TargetKeyId: getAtt(cdkId('DataKey')) } },
      ...cdkRole('AppRole', [{ Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: join('arn:', partition, ':kms:', region, ':', account, ':alias/app-data') }]),
    },
    terraform: `${TF_SELF}${tfKey('DataKey')}
resource "aws_kms_alias" "DataAlias" {
  name          = "alias/app-data"
  target_key_id = aws_kms_key.DataKey.key_id
}
${TF_ROLE('AppRole')}
resource "aws_iam_role_policy" "AppRoleDefaultPolicy" {
  role = aws_iam_role.AppRole.id
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "kms:GenerateDataKey"
      Resource = "arn:\${data.aws_partition.current.partition}:kms:\${data.aws_region.current.name}:\${data.aws_caller_identity.current.account_id}:alias/app-data"
    }]
  })
}
`,
  },
  {
    name: 'bucket encryption names the key by its alias',
    expected: ['kms-alias-arn-as-key warning'],
    yaml: `Resources:
${yamlKey('DataKey')}  DataAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/app-data
      TargetKeyId: !Ref DataKey
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              KMSMasterKeyID: !Ref DataAlias
              SSEAlgorithm: aws:kms
`,
    cdk: {
      DataKey: cdkKey(),
      DataAlias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/app-data', TargetKeyId: getAtt(cdkId('DataKey')) } },
      Data: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { KMSMasterKeyID: ref(cdkId('DataAlias')), SSEAlgorithm: 'aws:kms' } }] } } },
    },
    terraform: `${TF_SELF}${tfKey('DataKey')}
resource "aws_kms_alias" "DataAlias" {
  name          = "alias/app-data"
  target_key_id = aws_kms_key.DataKey.key_id
}

resource "aws_s3_bucket" "Data" {}

resource "aws_s3_bucket_server_side_encryption_configuration" "Data" {
  bucket = aws_s3_bucket.Data.id
  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_alias.DataAlias.arn
      sse_algorithm     = "aws:kms"
    }
  }
}
`,
  },
  {
    name: 'an uploader to an SSE-KMS bucket lacks kms:Decrypt (multipart uploads fail)',
    expected: ['kms-multipart-upload-permissions warning'],
    explain: 'UploadsKey',
    yaml: `Resources:
${yamlKey('UploadsKey')}  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              KMSMasterKeyID: !GetAtt UploadsKey.Arn
              SSEAlgorithm: aws:kms
${YAML_ROLE('Uploader')}  UploaderDefaultPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: upload
      Roles: [!Ref Uploader]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [s3:PutObject, s3:Abort*]
            Resource: [!GetAtt Uploads.Arn, !Sub "\${Uploads.Arn}/*"]
          - Effect: Allow
            Action: [kms:Encrypt, kms:GenerateDataKey*]
            Resource: !GetAtt UploadsKey.Arn
`,
    cdk: {
      UploadsKey: cdkKey(),
      Uploads: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { KMSMasterKeyID: getAtt(cdkId('UploadsKey')), SSEAlgorithm: 'aws:kms' } }] } } },
      ...cdkRole('Uploader', [
        { Action: ['s3:PutObject', 's3:Abort*'], Effect: 'Allow', Resource: [getAtt(cdkId('Uploads')), join(getAtt(cdkId('Uploads')), '/*')] },
        { Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: getAtt(cdkId('UploadsKey')) },
      ]),
    },
    terraform: `${TF_SELF}${tfKey('UploadsKey')}
resource "aws_s3_bucket" "Uploads" {}

resource "aws_s3_bucket_server_side_encryption_configuration" "Uploads" {
  bucket = aws_s3_bucket.Uploads.id
  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.UploadsKey.arn
      sse_algorithm     = "aws:kms"
    }
  }
}
${TF_ROLE('Uploader')}
resource "aws_iam_role_policy" "UploaderDefaultPolicy" {
  role = aws_iam_role.Uploader.id
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["s3:PutObject", "s3:Abort*"], Resource = [aws_s3_bucket.Uploads.arn, "\${aws_s3_bucket.Uploads.arn}/*"] },
      { Effect = "Allow", Action = ["kms:Encrypt", "kms:GenerateDataKey*"], Resource = aws_kms_key.UploadsKey.arn }
    ]
  })
}
`,
  },
  {
    name: 'a bucket shared with another account whose key policy does not allow it',
    expected: ['kms-cross-account-access warning'],
    yaml: `Resources:
  ReportsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: kms:*
            Resource: "*"
  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { KMSMasterKeyID: !GetAtt ReportsKey.Arn, SSEAlgorithm: aws:kms }
  ReportsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Reports
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action: s3:GetObject
            Resource: !Sub "\${Reports.Arn}/*"
`,
    cdk: {
      ReportsKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [{ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Resource: '*' }], Version: '2012-10-17' } } },
      Reports: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { KMSMasterKeyID: getAtt(cdkId('ReportsKey')), SSEAlgorithm: 'aws:kms' } }] } } },
      ReportsPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: ref(cdkId('Reports')),
          PolicyDocument: { Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Resource: join(getAtt(cdkId('Reports')), '/*') }], Version: '2012-10-17' },
        },
      },
    },
    terraform: `resource "aws_kms_key" "ReportsKey" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_s3_bucket" "Reports" {}

resource "aws_s3_bucket_server_side_encryption_configuration" "Reports" {
  bucket = aws_s3_bucket.Reports.id
  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.ReportsKey.arn
      sse_algorithm     = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_policy" "ReportsPolicy" {
  bucket = aws_s3_bucket.Reports.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.Reports.arn}/*" }]
  })
}
`,
  },
  {
    name: 'a key policy open to every principal, and a key IAM policies cannot reach',
    expected: ['kms-key-policy-no-root-delegation info', 'kms-key-policy-wildcard-principal error'],
    explain: 'SharedKey',
    yaml: `Resources:
${yamlKey('SharedKey', `          - Sid: Anyone
            Effect: Allow
            Principal: { AWS: "*" }
            Action: kms:Encrypt
            Resource: "*"
`)}${YAML_ROLE('KeyAdmin')}  AdminKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Sid: Admin
            Effect: Allow
            Principal: { AWS: !GetAtt KeyAdmin.Arn }
            Action: kms:*
            Resource: "*"
`,
    cdk: {
      SharedKey: cdkKey([{ Action: 'kms:Encrypt', Effect: 'Allow', Principal: { AWS: '*' }, Resource: '*', Sid: 'Anyone' }]),
      KeyAdmin: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }], Version: '2012-10-17' } } },
      AdminKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [{ Action: 'kms:*', Effect: 'Allow', Principal: { AWS: getAtt(cdkId('KeyAdmin')) }, Resource: '*', Sid: 'Admin' }], Version: '2012-10-17' } } },
    },
    terraform: `${TF_SELF}${tfKey('SharedKey', `
      {
        Sid       = "Anyone"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "kms:Encrypt"
        Resource  = "*"
      },`)}${TF_ROLE('KeyAdmin')}
resource "aws_kms_key" "AdminKey" {
  policy = jsonencode({
    Statement = [{ Sid = "Admin", Effect = "Allow", Principal = { AWS = aws_iam_role.KeyAdmin.arn }, Action = "kms:*", Resource = "*" }]
  })
}
`,
  },
  {
    name: 'a misspelt action',
    expected: ['iam-unknown-action warning'],
    yaml: `Resources:
${YAML_ROLE('Auditor')}  AuditorDefaultPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: audit
      Roles: [!Ref Auditor]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [kms:ListKeys, kms:DescribeKeys]
            Resource: "*"
`,
    cdk: cdkRole('Auditor', [{ Action: ['kms:ListKeys', 'kms:DescribeKeys'], Effect: 'Allow', Resource: '*' }]),
    terraform: `${TF_ROLE('Auditor')}
resource "aws_iam_role_policy" "AuditorDefaultPolicy" {
  role   = aws_iam_role.Auditor.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["kms:ListKeys", "kms:DescribeKeys"], Resource = "*" }] })
}
`,
  },
];
