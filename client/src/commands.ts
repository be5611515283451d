import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FIX_ALL_KIND } from '../../server/src/lsp/protocol';
import { showRuleDocumentation } from './documentation';
import { explainKeyAccess } from './explain/explainCommand';

export interface CommandContext {
  readonly context: vscode.ExtensionContext;
  readonly client: () => LanguageClient | undefined;
  readonly output: vscode.LogOutputChannel;
}

/** Every command the extension contributes (package.json `contributes.commands`), by id. */
export function commandTable(ctx: CommandContext): Record<string, (...args: unknown[]) => unknown> {
  return {
    'keylens.showRuleDocumentation': (ruleId) => showRuleDocumentation(ctx.context.extensionUri, ruleId),
    'keylens.explainKeyAccess': (key) => explainKeyAccess(ctx, typeof key === 'string' ? key : undefined),
    'keylens.fixAll': () => vscode.commands.executeCommand('editor.action.codeAction', { kind: FIX_ALL_KIND, apply: 'first' }),
    'keylens.restartServer': async () => {
      const client = ctx.client();
      if (client) await client.restart();
    },
    'keylens.showOutput': () => ctx.output.show(true),
    // Run by fix-all code actions after their edit: the server says what it changed.
    'keylens.showFixSummary': (summary) => {
      if (typeof summary === 'string' && summary) void vscode.window.showInformationMessage(summary);
    },
  };
}
