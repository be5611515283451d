// A generated CloudFormation stack with many IAM policies and keys, as YAML (short forms) and as the
// CDK-style JSON template of the same resources: the yaml package's parse alone, our template
// reading (parse + intrinsics + model), and parse + every rule, each beside the JSON template in
// the same run. Prints numbers and ratios; asserts nothing.
import { parseDocument } from 'yaml';
import { parseTree } from 'jsonc-parser';
import { analyze } from '../../server/src/core/analyze';
import { parseFile } from '../../server/src/core/parse';
import { loadCatalog } from '../../server/src/node/catalog';
import { compare } from './hcl-parse.bench';

/** `count` managed policies and a key per 10 of them, in both forms. */
export function generateStack(count: number): { yaml: string; json: string } {
  const yaml: string[] = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const key = `Key${Math.floor(i / 10)}`;
    if (i % 10 === 0) {
      yaml.push(
        `  ${key}:`,
        '    Type: AWS::KMS::Key',
        '    Properties:',
        '      KeyPolicy:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }',
        '            Action: kms:*',
        '            Resource: "*"',
      );
      resources[key] = {
        Type: 'AWS::KMS::Key',
        Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } }, Action: 'kms:*', Resource: '*' }] } },
      };
    }
    const actions = ['s3:GetObject', 's3:PutObject', i % 5 === 0 ? 'kms:Decrypt' : 'kms:Encrypt', 'kms:GenerateDataKey*'];
    yaml.push(
      `  Policy${i}:`,
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      `          - Sid: Statement${i}`,
      '            Effect: Allow',
      '            Action:',
      ...actions.map((a) => `              - ${a}`),
      '            Resource:',
      `              - !Sub "arn:\${AWS::Partition}:s3:::bucket-${i}/*"`,
      `              - !GetAtt ${key}.Arn`,
      '            Condition:',
      '              StringEquals:',
      `                aws:PrincipalTag/team: team-${i % 11}`,
    );
    resources[`Policy${i}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Sid: `Statement${i}`,
            Effect: 'Allow',
            Action: actions,
            Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::bucket-${i}/*`]] }, { 'Fn::GetAtt': [key, 'Arn'] }],
            Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 11}` } },
          }],
        },
      },
    };
  }
  return { yaml: yaml.join('\n') + '\n', json: JSON.stringify({ Resources: resources }, null, 1) + '\n' };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const catalog = loadCatalog();
  for (const count of [50, 500]) {
    const { yaml, json } = generateStack(count);
    const parsedYaml = parseFile('template.yaml', yaml);
    const parsedJson = parseFile('cdk.out/Stack.template.json', json);
    const findings = analyze([parsedYaml], { catalog }).length;
    const jsonFindings = analyze([parsedJson], { catalog }).length;
    const rounds = count > 100 ? 10 : 40;
    const t = compare({
      yamlLibrary: () => parseDocument(yaml),
      jsonTree: () => parseTree(json),
      yamlTemplate: () => parseFile('template.yaml', yaml),
      jsonTemplate: () => parseFile('cdk.out/Stack.template.json', json),
      yamlAnalysis: () => analyze([parseFile('template.yaml', yaml)], { catalog }),
      jsonAnalysis: () => analyze([parseFile('cdk.out/Stack.template.json', json)], { catalog }),
    }, rounds);
    const ms = (value: number | undefined): string => `${value!.toFixed(1)} ms`;
    const ratio = (a: number | undefined, b: number | undefined): string => `${(a! / b!).toFixed(2)}×`;
    console.log(`${count} policies: YAML ${(yaml.length / 1024).toFixed(0)} KB (${parsedYaml.policies.length} policies), JSON ${(json.length / 1024).toFixed(0)} KB (${parsedJson.policies.length}). Medians of ${rounds} alternating rounds.`);
    console.log(`  yaml parseDocument    ${ms(t.yamlLibrary)} | jsonc parseTree ${ms(t.jsonTree)} | ratio ${ratio(t.yamlLibrary, t.jsonTree)}`);
    console.log(`  template reading      YAML ${ms(t.yamlTemplate)} (${ratio(t.yamlTemplate, t.yamlLibrary)} the library parse) | JSON ${ms(t.jsonTemplate)} | ratio ${ratio(t.yamlTemplate, t.jsonTemplate)}`);
    console.log(`  parse + all rules     YAML ${ms(t.yamlAnalysis)} (${findings} findings) | JSON ${ms(t.jsonAnalysis)} (${jsonFindings} findings) | ratio ${ratio(t.yamlAnalysis, t.jsonAnalysis)}`);
  }
}
