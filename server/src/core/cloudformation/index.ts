import { parseJsonFile } from '../json/index';
import type { ParsedFile } from '../model';
import { emptyParsedFile } from '../parsedFile';
import { YamlPolicyEditor } from './edit/yamlEditor';
import { measureStyle } from './edit/yamlStyle';
import { readTemplate } from './reader';
import { isTemplate } from './recognize';
import { parseYaml } from './yaml/parse';

export { isTemplate } from './recognize';

const MAY_BE_TEMPLATE = /AWSTemplateFormatVersion|AWS::/;
export { readJsonTemplate } from './jsonTemplate';

/**
 * Reads a YAML file: a CloudFormation/SAM template becomes policies, keys and the rest; any other
 * YAML (CI workflows, Kubernetes manifests, compose files) yields nothing at all, not even a parse
 * problem. A `.template` file holding JSON is read as JSON. Never throws.
 */
export function parseYamlFile(file: string, text: string): ParsedFile {
  if (/^\uFEFF?\s*\{/.test(text)) return parseJsonFile(file, text);
  // Every template names AWSTemplateFormatVersion or an AWS:: type: other YAML (an OpenAPI spec, a
  // Helm chart) is not even parsed, however large it is.
  if (!MAY_BE_TEMPLATE.test(text)) return emptyParsedFile(file, text, 'yaml');
  const tree = parseYaml(text);
  if (!isTemplate(tree.root)) {
    // A template nested too deeply to parse still says so; other YAML stays untouched.
    const tooDeep = tree.root === undefined && /AWSTemplateFormatVersion|Resources:/.test(text.slice(0, 4096));
    return emptyParsedFile(file, text, 'yaml', tooDeep ? tree.problems : []);
  }
  const root = tree.root;
  const style = measureStyle(text, root, tree.layout);
  return readTemplate(file, text, root, { language: 'yaml', editor: (value, place) => new YamlPolicyEditor(text, value, tree.layout, style, place) }, tree.problems);
}

