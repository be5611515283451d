import type { CodeLens } from 'vscode-languageserver';
import { localize } from '../core/finding';
import { keyLensTargets, shortKey, workspaceKeys } from '../core/workspaceKeys';
import type { LineIndex } from '../core/text';
import { uriKey } from './languages';
import { messages } from './messages';
import { ClientCommands, type WorkspaceKeyItem } from './protocol';
import type { WorkspaceIndex } from './workspaceIndex';

/** `keylens/workspaceKeys`: the keys of the index, those of the document the command came from first. */
export function workspaceKeyItems(index: WorkspaceIndex, fromUri: string | undefined): WorkspaceKeyItem[] {
  const items: WorkspaceKeyItem[] = [];
  for (const key of workspaceKeys(index.files())) {
    const lines = index.lines(key.file);
    if (!lines) continue;
    items.push({
      key: key.key,
      label: key.label,
      ...(key.description ? { description: key.description } : {}),
      sources: key.sources,
      uri: key.file,
      range: { start: lines.positionAt(key.span.start), end: lines.positionAt(key.span.end) },
    });
  }
  if (!fromUri) return items;
  const here = uriKey(fromUri);
  return [...items.filter((item) => uriKey(item.uri) === here), ...items.filter((item) => uriKey(item.uri) !== here)];
}

/**
 * "Explain access" above key ARNs and `resource "aws_kms_key"` blocks, running the client's
 * `keylens.explainKeyAccess` with that key (only clients that announced the command get lenses).
 */
export function keyCodeLenses(
  text: string,
  lines: LineIndex,
  parsed: Parameters<typeof keyLensTargets>[1],
  locale: string | undefined,
  moduleKeys: Parameters<typeof keyLensTargets>[4] = [],
): CodeLens[] {
  return keyLensTargets(text, parsed, (offset) => lines.positionAt(offset).line, undefined, moduleKeys).map((target) => ({
    range: { start: { line: target.line, character: 0 }, end: { line: target.line, character: 0 } },
    command: {
      title: localize(target.shared ? messages.explainAccessTo(shortKey(target.key)) : messages.explainAccess, locale),
      command: ClientCommands.explainKeyAccess,
      arguments: [target.key],
    },
  }));
}
