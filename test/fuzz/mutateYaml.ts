// Structure-preserving mutation of YAML templates: the result is valid YAML (when the input was)
// that still reads as a template, so fixes can be round-tripped on it. Short-form tags survive.
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, visit, type Node } from 'yaml';
import type { Rng } from './prng';
import { INTERESTING } from './mutate';
import { CUSTOM_TAGS } from '../../server/src/core/cloudformation/yaml/parse';

/** Values that exercise intrinsics in policy positions. */
const INTRINSIC_VALUES: readonly [string, string][] = [
  ['!GetAtt', 'DataKey.Arn'], ['!Ref', 'DataKey'], ['!Ref', 'DataAlias'], ['!Ref', 'AWS::AccountId'], ['!Ref', 'Param'],
  ['!Sub', 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app-data'],
  ['!Sub', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'], ['!Sub', 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*'],
  ['!Sub', '${Bucket.Arn}/*'], ['!ImportValue', 'shared-key'], ['!GetAtt', 'Missing.Arn'],
];

export function mutateYamlDocument(rng: Rng, text: string): string {
  let document;
  try {
    document = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: false });
  } catch {
    return text;
  }
  if (document.errors.length || !document.contents) return text;
  const scalars: Scalar[] = [];
  const sequences: Node[] = [];
  const mappings: Node[] = [];
  visit(document, {
    Scalar: (_key, node) => { scalars.push(node); },
    Seq: (_key, node) => { sequences.push(node); },
    Map: (_key, node) => { mappings.push(node); },
  });
  for (let n = rng.range(1, 3); n > 0; n--) {
    switch (rng.int(6)) {
      case 0: {
        const scalar = scalars.length ? rng.pick(scalars) : undefined;
        if (scalar && typeof scalar.value === 'string') scalar.value = rng.pick(INTERESTING).replace(/^\\u.*|^\\"$|^\\\\$/, '*');
        break;
      }
      case 1: {
        const scalar = scalars.length ? rng.pick(scalars) : undefined;
        if (scalar) {
          const [tag, value] = rng.pick(INTRINSIC_VALUES);
          scalar.value = value;
          scalar.tag = tag;
          scalar.type = Scalar.QUOTE_DOUBLE;
        }
        break;
      }
      case 2: {
        const sequence = sequences.length ? rng.pick(sequences) : undefined;
        if (sequence && isSeq(sequence) && sequence.items.length) sequence.items.splice(rng.int(sequence.items.length), 0, document.createNode(rng.pick(['kms:Decrypt', 's3:PutObject', 'kms:GenerateDataKey', '*'])));
        break;
      }
      case 3: {
        const sequence = sequences.length ? rng.pick(sequences) : undefined;
        if (sequence && isSeq(sequence) && sequence.items.length > 1) sequence.items.splice(rng.int(sequence.items.length), 1);
        break;
      }
      case 4: {
        const mapping = mappings.length ? rng.pick(mappings) : undefined;
        if (mapping && isMap(mapping) && mapping.items.length > 1) {
          const pair = mapping.items[rng.int(mapping.items.length)];
          if (isPair(pair) && isScalar(pair.key)) pair.key.value = rng.pick(['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Effect', 'Statement', 'KMSMasterKeyID', 'TargetKeyId']);
        }
        break;
      }
      default: {
        const sequence = sequences.length ? rng.pick(sequences) : undefined;
        if (sequence && isSeq(sequence)) sequence.flow = !sequence.flow;
      }
    }
  }
  try {
    return document.toString({ lineWidth: 0 });
  } catch {
    return text;
  }
}
