import { localize } from '../finding';
import { referenceText, sortKey, valueText, type CompletionCandidate } from './candidate';
import type { PolicyCursor } from './cursor';
import { labels } from './messages';
import type { WorkspaceFacts } from './workspaceFacts';

/** Service principals that commonly use KMS keys on a customer's behalf. */
const COMMON_SERVICE_PRINCIPALS = [
  's3.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'delivery.logs.amazonaws.com',
  'lambda.amazonaws.com',
  'sns.amazonaws.com',
  'sqs.amazonaws.com',
  'events.amazonaws.com',
  'ec2.amazonaws.com',
  'autoscaling.amazonaws.com',
  'dynamodb.amazonaws.com',
  'secretsmanager.amazonaws.com',
  'ssm.amazonaws.com',
  'rds.amazonaws.com',
  'backup.amazonaws.com',
  'ses.amazonaws.com',
];

/**
 * The workspace's KMS keys where a key is expected (a statement's `Resource`, S3 default encryption's
 * `KMSMasterKeyID`): key ARNs, and in Terraform references to `aws_kms_key` resources; in a key policy
 * `"*"` (the key itself) first, in other policies `arn:aws:kms:REGION:ACCOUNT:key/*` per account seen.
 * Alias ARNs are not offered: KMS authorizes key operations on key ARNs only.
 */
export function keyCandidates(cursor: PolicyCursor, facts: WorkspaceFacts, where: 'resource' | 'encryption', locale: string | undefined, keyPolicy: boolean): CompletionCandidate[] {
  const items: CompletionCandidate[] = [];
  const t = (m: { en: string; ja: string }) => localize(m, locale);
  if (where === 'resource') {
    items.push({
      label: '*',
      kind: 'value',
      detail: keyPolicy ? t(labels.keyPolicyResource) : t(labels.allResources),
      insertText: valueText('*', cursor),
      sortText: sortKey(keyPolicy ? 0 : 5, '*'),
      ...(keyPolicy ? { preselect: true } : {}),
    });
  }
  for (const key of facts.keyArns) {
    items.push({ label: key.arn, kind: 'key', detail: key.description ?? t(labels.keyInWorkspace), documentation: t(labels.aliasArnNote), insertText: valueText(key.arn, cursor), sortText: sortKey(1, key.arn) });
  }
  for (const key of facts.terraformKeys) {
    const reference = `${key.address}.arn`;
    const text = referenceText(reference, cursor);
    if (!text) continue;
    items.push({ label: reference, kind: 'reference', detail: key.description ?? t(labels.terraformKey), insertText: text, filterText: cursor.quoted ? `\${${reference}}` : reference, sortText: sortKey(2, reference) });
  }
  if (where === 'resource' && !keyPolicy) {
    const seen = new Set<string>();
    for (const key of facts.keyArns) {
      const [, partition, , region, account] = key.arn.split(':');
      const pattern = `arn:${partition}:kms:${region}:${account}:key/*`;
      if (seen.has(pattern)) continue;
      seen.add(pattern);
      items.push({ label: pattern, kind: 'value', insertText: valueText(pattern, cursor), sortText: sortKey(3, pattern) });
    }
  }
  return items;
}

/** Principals: `*`, account roots of the workspace's accounts, common service principals. */
export function principalCandidates(cursor: PolicyCursor, facts: WorkspaceFacts, type: string | undefined, locale: string | undefined): CompletionCandidate[] {
  const t = (m: { en: string; ja: string }) => localize(m, locale);
  const items: CompletionCandidate[] = [];
  const kind = type?.toLowerCase();
  if (!kind || kind === 'aws' || kind === '*') items.push({ label: '*', kind: 'value', detail: t(labels.anyone), insertText: valueText('*', cursor), sortText: sortKey(5, '*') });
  if (kind === 'aws') {
    for (const account of facts.accounts) {
      const root = `arn:aws:iam::${account}:root`;
      items.push({ label: root, kind: 'value', detail: t(labels.accountRoot), insertText: valueText(root, cursor), sortText: sortKey(1, root) });
    }
  }
  if (kind === 'service') {
    for (const service of COMMON_SERVICE_PRINCIPALS) items.push({ label: service, kind: 'value', insertText: valueText(service, cursor), sortText: sortKey(1, service) });
  }
  return items;
}
