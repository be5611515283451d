import * as vscode from 'vscode';

export type SeveritySetting = 'off' | 'hint' | 'info' | 'warning' | 'error';

/** Typed getters for the `keylens.*` settings (SPEC §4); the server reads the same section itself. */
export const config = {
  section: 'keylens',

  rules(): Record<string, SeveritySetting> {
    return vscode.workspace.getConfiguration('keylens').get<Record<string, SeveritySetting>>('rules', {});
  },

  aws(): { profile?: string; region?: string; endpointUrl?: string } {
    const section = vscode.workspace.getConfiguration('keylens.aws');
    return {
      profile: nonEmpty(section.get<string>('profile')),
      region: nonEmpty(section.get<string>('region')),
      endpointUrl: nonEmpty(section.get<string>('endpointUrl')),
    };
  },

  /** Live look-ups: on only when asked for, and never in an untrusted workspace. */
  liveEnabled(): boolean {
    return vscode.workspace.isTrusted && vscode.workspace.getConfiguration('keylens.live').get<boolean>('enabled', false);
  },

  /**
   * Turns live look-ups on where the user agreed to it: this workspace's settings, or the user
   * settings when no folder is open (there are no workspace settings then). Never when untrusted.
   */
  async enableLive(): Promise<void> {
    if (!vscode.workspace.isTrusted) throw new Error('live look-ups are not allowed in an untrusted workspace');
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('keylens.live').update('enabled', true, target);
  },

  /** "Explain access" CodeLenses (the server reads the same setting for JSON and Terraform). */
  codeLensEnabled(): boolean {
    return vscode.workspace.getConfiguration('keylens.codeLens').get<boolean>('enabled', true);
  },
};

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
