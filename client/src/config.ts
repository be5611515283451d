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
};

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
