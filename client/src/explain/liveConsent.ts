import * as vscode from 'vscode';
import { parseArn } from '../../../server/src/core/arn';
import { parseKeyReference } from '../../../server/src/core/explain/snapshot';
import { config } from '../config';

/** Whether "Fetch live data from AWS" can be offered for a key: trusted workspace, live off, a key AWS knows by that name. */
export function canOfferLive(key: string): boolean {
  if (!vscode.workspace.isTrusted || config.liveEnabled()) return false;
  const reference = parseKeyReference(key);
  return !!reference && reference.kind !== 'terraform';
}

/**
 * Asks once, in a modal, before the first live look-up: which read-only calls, with which profile,
 * region and endpoint. On yes, turns `keylens.live.enabled` on (workspace settings) and returns true.
 */
export async function confirmAndEnableLive(key: string): Promise<boolean> {
  if (!vscode.workspace.isTrusted) return false;
  const aws = config.aws();
  const arnRegion = parseArn(key)?.region;
  const profile = aws.profile ?? vscode.l10n.t('the default credential chain');
  const region = arnRegion || aws.region || vscode.l10n.t("the profile's region");
  const detail = [
    vscode.l10n.t('KeyLens will make read-only calls only: DescribeKey, GetKeyPolicy, ListGrants and ListAliases.'),
    vscode.l10n.t('Profile: {0}. Region: {1}.', profile, region),
    ...(aws.endpointUrl ? [vscode.l10n.t('Endpoint: {0}.', aws.endpointUrl)] : []),
    vscode.workspace.workspaceFolders?.length
      ? vscode.l10n.t('This turns on keylens.live.enabled in the settings of this workspace.')
      : vscode.l10n.t('No folder is open, so this turns on keylens.live.enabled in your user settings.'),
  ].join('\n');
  const fetch = vscode.l10n.t('Fetch live data');
  const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Fetch live data for {0} from AWS?', key), { modal: true, detail }, fetch);
  if (answer !== fetch || !vscode.workspace.isTrusted) return false;
  await config.enableLive();
  return true;
}
