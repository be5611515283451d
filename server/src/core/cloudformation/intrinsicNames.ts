/**
 * The intrinsic functions of CloudFormation templates, by their long (JSON) names, and the YAML short
 * forms of those that have one (AWS CloudFormation User Guide, "Intrinsic function reference").
 */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  // `Condition` is also an IAM statement member; inside the model the short form gets a name no statement uses.
  '!Condition': 'Fn::Condition',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
};

export const INTRINSIC_TAGS: readonly string[] = Object.keys(SHORT_FORMS);

/** `Fn::GetAtt` for `!GetAtt`; undefined for tags that are no CloudFormation short form. */
export function intrinsicOfTag(tag: string): string | undefined {
  return SHORT_FORMS[tag];
}

/** The YAML short form of a long name (`!GetAtt` for `Fn::GetAtt`), for fixes that write one. */
export function tagOfIntrinsic(name: string): string | undefined {
  for (const [tag, long] of Object.entries(SHORT_FORMS)) if (long === name) return tag;
  return undefined;
}

/** Whether an object member name is an intrinsic function (`Ref`, `Fn::*`): such an object is one call. */
export function isIntrinsicName(name: string): boolean {
  return name === 'Ref' || name.startsWith('Fn::');
}
