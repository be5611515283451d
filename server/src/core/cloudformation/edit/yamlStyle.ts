import type { PNode } from '../../model';
import { detectEol } from '../../text';
import type { TemplateLayout } from '../layout';
import { spanKey } from '../yaml/parse';
import type { YamlStyle } from './yamlRender';
import { indentStep, lineStart } from './yamlText';

/** How a YAML template is written, measured once from its text and tree, for edits that add to it. */
export function measureStyle(text: string, root: PNode, layout: TemplateLayout): YamlStyle {
  const quotes = { '"': 0, "'": 0, '': 0 };
  const lists = { flow: 0, block: 0 };
  let sequenceIndent: string | undefined;
  const unit = indentStep(text);
  const visit = (node: PNode, keyStart: number | undefined, depth: number): void => {
    if (depth > 64) return;
    if (node.kind === 'string' && node.known && !layout.intrinsics.has(spanKey(node.span))) {
      const first = text[node.span.start];
      quotes[first === '"' || first === "'" ? first : '']++;
    } else if (node.kind === 'array') {
      if (node.items.length > 0 && node.items.every((item) => item.kind === 'string' || item.kind === 'literal')) {
        lists[layout.flow.has(spanKey(node.span)) ? 'flow' : 'block']++;
      }
      const first = node.items[0];
      if (sequenceIndent === undefined && first && keyStart !== undefined && !layout.flow.has(spanKey(node.span))) {
        let dash = first.span.start;
        while (dash > 0 && text[dash - 1] === ' ') dash--;
        if (text[dash - 1] === '-') {
          const width = dash - 1 - lineStart(text, dash - 1) - (keyStart - lineStart(text, keyStart));
          if (width >= 0 && width <= 8) sequenceIndent = ' '.repeat(width);
        }
      }
      for (const item of node.items) visit(item, undefined, depth + 1);
    } else if (node.kind === 'object') {
      for (const entry of node.entries) visit(entry.value, entry.keySpan.start, depth + 1);
    }
  };
  visit(root, undefined, 0);
  const quote: YamlStyle['quote'] = quotes['"'] > quotes[''] && quotes['"'] >= quotes["'"] ? '"' : quotes["'"] > quotes[''] ? "'" : '';
  return { eol: detectEol(text), unit, quote, lists: lists.flow > lists.block ? 'flow' : 'block', sequenceIndent: sequenceIndent ?? unit };
}
