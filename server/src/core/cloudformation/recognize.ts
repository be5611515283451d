import type { PEntry, PNode, PObject } from '../model';

/** A template member by its exact name: template structure is case-sensitive, unlike IAM policy members. */
export function exact(object: PObject | undefined, key: string): PEntry | undefined {
  return object?.entries.find((entry) => entry.key === key);
}

export function objectValue(node: PNode | undefined): PObject | undefined {
  return node?.kind === 'object' ? node : undefined;
}

/** A known string value, or undefined. */
export function knownString(node: PNode | undefined): string | undefined {
  return node?.kind === 'string' && node.known ? node.value : undefined;
}

/**
 * Whether a document is a CloudFormation or SAM template (SPEC §5): it has `AWSTemplateFormatVersion`,
 * a `Transform` naming `AWS::Serverless-*`, or a `Resources` map whose values have `Type: AWS::...`.
 * CI workflows, Kubernetes manifests and compose files have none of these.
 */
export function isTemplate(root: PNode | undefined): root is PObject {
  if (root?.kind !== 'object') return false;
  if (exact(root, 'AWSTemplateFormatVersion')) return true;
  const transform = exact(root, 'Transform')?.value;
  const transforms = transform?.kind === 'array' ? transform.items : transform ? [transform] : [];
  if (transforms.some((t) => knownString(t)?.startsWith('AWS::Serverless'))) return true;
  const resources = objectValue(exact(root, 'Resources')?.value);
  return !!resources && resources.entries.some((entry) => knownString(exact(objectValue(entry.value), 'Type')?.value)?.startsWith('AWS::'));
}
