import { aliasName, isKmsKeyArn, parseArn } from '../arn';
import type { ParsedFile } from '../model';
import { isDataRef, refKind } from '../refs';
import { workspaceKeys } from '../workspaceKeys';

/** What the workspace names that a policy may refer to: keys, aliases, and the accounts and Regions they live in. */
export interface WorkspaceFacts {
  readonly keyArns: readonly { readonly arn: string; readonly description?: string }[];
  /** Terraform `aws_kms_key` resources, by address (`aws_kms_key.app`). */
  readonly terraformKeys: readonly { readonly address: string; readonly description?: string }[];
  readonly aliases: readonly { readonly name: string; readonly description?: string }[];
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/** Reads the facts once per completion request (they change with every edit elsewhere). */
export function workspaceFacts(files: readonly ParsedFile[]): WorkspaceFacts {
  const keyArns: { arn: string; description?: string }[] = [];
  const terraformKeys: { address: string; description?: string }[] = [];
  const aliases = new Map<string, { name: string; description?: string }>();
  const accounts = new Set<string>();
  const regions = new Set<string>();
  const noteArn = (value: string) => {
    const arn = parseArn(value);
    if (!arn) return;
    if (/^\d{12}$/.test(arn.account)) accounts.add(arn.account);
    if (/^[a-z]{2}(-[a-z]+)+-\d$/.test(arn.region)) regions.add(arn.region);
  };
  for (const key of workspaceKeys(files)) {
    if (key.key.startsWith('aws_kms_key.')) terraformKeys.push({ address: key.key, ...(key.description ? { description: key.description } : {}) });
    else if (isKmsKeyArn(key.key)) {
      keyArns.push({ arn: key.key, ...(key.description ? { description: key.description } : {}) });
      noteArn(key.key);
    } else if (key.key.startsWith('alias/')) aliases.set(key.key, { name: key.key, ...(key.description ? { description: key.description } : {}) });
  }
  for (const file of files) {
    for (const alias of file.aliases) {
      if (alias.name && !(alias.ref && (isDataRef(alias.ref) || refKind(alias.ref) !== 'alias'))) {
        const name = aliasName(alias.name) ?? alias.name;
        if (!aliases.has(name)) aliases.set(name, { name });
      }
    }
    for (const policy of file.policies) {
      for (const statement of policy.statements) {
        for (const entry of statement.principals?.entries ?? []) if (entry.value.known) noteArn(entry.value.value);
        for (const item of statement.resources?.items ?? []) if (item.known) noteArn(item.value);
      }
    }
  }
  return {
    keyArns,
    terraformKeys,
    aliases: [...aliases.values()].sort((a, b) => a.name.localeCompare(b.name)),
    accounts: [...accounts].sort(),
    regions: [...regions].sort(),
  };
}
