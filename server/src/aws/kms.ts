import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
  type GrantListEntry,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import type { Message } from '../core/finding';
import { parseArn } from '../core/arn';
import { isWorkspaceOnly, parseKeyReference, type KeyMetadataInfo, type KeySnapshot, type KmsAlias, type SnapshotGrant, type SourceState } from '../core/explain/snapshot';
import { describeAwsError, type AwsProblem } from './errors';

export interface FetchOptions {
  /** Key ARN, key id, alias name or alias ARN. */
  readonly key: string;
  readonly region?: string;
  readonly profile?: string;
  /** Another endpoint for KMS (tests, VPC endpoints). */
  readonly endpointUrl?: string;
  /** Whole look-up budget; default 20 s. */
  readonly timeoutMs?: number;
  /** SDK attempts per call (retries on throttling and network errors); default 3 as the SDK. */
  readonly maxAttempts?: number;
}

export type FetchResult = { readonly ok: true; readonly snapshot: KeySnapshot } | { readonly ok: false; readonly problem: AwsProblem };

/** ListGrants/ListAliases page size: the API maximum, so 10,000 grants take 100 calls. */
const PAGE_LIMIT = 100;
const DEFAULT_TIMEOUT_MS = 20_000;

type Call = 'DescribeKey' | 'GetKeyPolicy' | 'ListGrants' | 'ListAliases';

/**
 * Reads one key from KMS with read-only calls only: DescribeKey, GetKeyPolicy, ListGrants (every
 * page) and ListAliases (for that key), the independent ones in parallel. A denied call makes the
 * snapshot partial and names the missing permission; other failures end the look-up with a message.
 */
export async function fetchKeySnapshot(options: FetchOptions): Promise<FetchResult> {
  const reference = parseKeyReference(options.key);
  if (!reference || isWorkspaceOnly(reference)) {
    return {
      ok: false,
      problem: {
        code: 'invalid-key',
        message: {
          en: `"${options.key}" is not a KMS key ARN, key id, alias name or alias ARN.`,
          ja: `"${options.key}" は KMS キーの ARN・キー ID・エイリアス名・エイリアス ARN のいずれでもありません。`,
        },
      },
    };
  }
  const warnings: Message[] = [];
  const arnRegion = reference.kind === 'key-arn' || reference.kind === 'alias-arn' ? reference.region : undefined;
  if (arnRegion && options.region && options.region !== arnRegion) {
    warnings.push({
      en: `The key ARN is in ${arnRegion}; --region ${options.region} was ignored.`,
      ja: `キー ARN のリージョンは ${arnRegion} のため、--region ${options.region} は無視しました。`,
    });
  }
  const region = arnRegion ?? options.region;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new KMSClient({
    ...(region ? { region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  timer.unref?.();
  const send = { abortSignal: abort.signal };
  const context = async (operation?: Call) => ({
    key: options.key,
    region: region ?? (await client.config.region().catch(() => undefined)),
    endpoint: options.endpointUrl,
    operation,
    timeoutMs,
    profile: options.profile,
  });

  try {
    const describe = () => client.send(new DescribeKeyCommand({ KeyId: options.key }), send).then((r) => r.KeyMetadata);
    let described: PromiseSettledResult<KeyMetadata | undefined> | undefined;
    let keyForCalls: string;
    if (reference.kind === 'alias-name' || reference.kind === 'alias-arn') {
      // GetKeyPolicy and ListGrants need the key itself: resolve the alias through DescribeKey first.
      described = await settle(describe());
      if (described.status === 'rejected') return { ok: false, problem: describeAwsError(described.reason, await context('DescribeKey')) };
      keyForCalls = described.value?.Arn ?? described.value?.KeyId ?? options.key;
    } else {
      keyForCalls = options.key;
    }
    const [describeResult, policyResult, grantsResult, aliasesResult] = await Promise.all([
      described ?? settle(describe()),
      settle(client.send(new GetKeyPolicyCommand({ KeyId: keyForCalls, PolicyName: 'default' }), send).then((r) => r.Policy)),
      settle(listGrants(client, keyForCalls, send)),
      settle(listAliases(client, keyForCalls, send)),
    ]);

    // Anything but a denial (no credentials, network, throttling, unknown key) fails the whole look-up.
    const calls: [Call, PromiseSettledResult<unknown>][] = [
      ['DescribeKey', describeResult],
      ['GetKeyPolicy', policyResult],
      ['ListGrants', grantsResult],
      ['ListAliases', aliasesResult],
    ];
    for (const [operation, result] of calls) {
      if (result.status === 'fulfilled') continue;
      const problem = describeAwsError(result.reason, await context(operation));
      if (problem.code !== 'denied') return { ok: false, problem };
    }
    const sources: { keyPolicy: SourceState; grants: SourceState; aliases: SourceState } = { keyPolicy: 'live', grants: 'live', aliases: 'live' };
    for (const [operation, result] of calls) {
      if (result.status === 'fulfilled') continue;
      warnings.push(deniedWarning(operation, keyForCalls));
      if (operation === 'GetKeyPolicy') sources.keyPolicy = 'denied';
      if (operation === 'ListGrants') sources.grants = 'denied';
      if (operation === 'ListAliases') sources.aliases = 'denied';
    }

    const metadata = describeResult.status === 'fulfilled' && describeResult.value ? metadataOf(describeResult.value) : metadataFromReference(keyForCalls);
    const policy = policyResult.status === 'fulfilled' ? policyResult.value : undefined;
    if (policyResult.status === 'fulfilled' && !policy) sources.keyPolicy = 'missing';
    const grants = grantsResult.status === 'fulfilled' ? grantsResult.value : { grants: [], warning: undefined };
    if (grants.warning) warnings.push(grants.warning);
    const aliases = aliasesResult.status === 'fulfilled' ? aliasesResult.value : [];
    return {
      ok: true,
      snapshot: {
        metadata,
        keyPolicy: policy ? { kind: 'json', text: policy, label: 'GetKeyPolicy default' } : undefined,
        grants: grants.grants,
        aliases,
        sources,
        warnings,
      },
    };
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}

function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}

/** Every page of ListGrants, following NextMarker while Truncated. */
async function listGrants(client: KMSClient, keyId: string, send: { abortSignal: AbortSignal }): Promise<{ grants: SnapshotGrant[]; warning?: Message }> {
  const grants: SnapshotGrant[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await client.send(new ListGrantsCommand({ KeyId: keyId, Limit: PAGE_LIMIT, ...(marker ? { Marker: marker } : {}) }), send);
    for (const grant of page.Grants ?? []) grants.push(grantOf(grant));
    if (!page.Truncated || !page.NextMarker) return { grants };
    if (seen.has(page.NextMarker)) {
      // A service repeating a marker would loop forever; stop with what we have.
      return { grants, warning: { en: 'ListGrants repeated a page marker; the grant list may be incomplete.', ja: 'ListGrants が同じページマーカーを返したため、グラント一覧が不完全な可能性があります。' } };
    }
    seen.add(page.NextMarker);
    marker = page.NextMarker;
  }
}

async function listAliases(client: KMSClient, keyId: string, send: { abortSignal: AbortSignal }): Promise<KmsAlias[]> {
  const aliases: KmsAlias[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await client.send(new ListAliasesCommand({ KeyId: keyId, Limit: PAGE_LIMIT, ...(marker ? { Marker: marker } : {}) }), send);
    for (const alias of page.Aliases ?? []) {
      if (alias.AliasName) aliases.push({ AliasName: alias.AliasName, AliasArn: alias.AliasArn, TargetKeyId: alias.TargetKeyId });
    }
    if (!page.Truncated || !page.NextMarker || seen.has(page.NextMarker)) return aliases;
    seen.add(page.NextMarker);
    marker = page.NextMarker;
  }
}

function grantOf(grant: GrantListEntry): SnapshotGrant {
  const constraints = grant.Constraints
    ? {
        ...(grant.Constraints.EncryptionContextEquals ? { EncryptionContextEquals: grant.Constraints.EncryptionContextEquals } : {}),
        ...(grant.Constraints.EncryptionContextSubset ? { EncryptionContextSubset: grant.Constraints.EncryptionContextSubset } : {}),
      }
    : undefined;
  return {
    KeyId: grant.KeyId,
    GrantId: grant.GrantId,
    Name: grant.Name || undefined,
    CreationDate: grant.CreationDate?.toISOString(),
    GranteePrincipal: grant.GranteePrincipal,
    RetiringPrincipal: grant.RetiringPrincipal,
    IssuingAccount: grant.IssuingAccount,
    Operations: grant.Operations,
    ...(constraints ? { Constraints: constraints } : {}),
  };
}

function metadataOf(metadata: KeyMetadata): KeyMetadataInfo {
  const arn = metadata.Arn ? parseArn(metadata.Arn) : undefined;
  return {
    arn: metadata.Arn,
    keyId: metadata.KeyId,
    account: metadata.AWSAccountId ?? arn?.account,
    region: arn?.region,
    keyManager: metadata.KeyManager === 'AWS' || metadata.KeyManager === 'CUSTOMER' ? metadata.KeyManager : undefined,
    state: metadata.KeyState,
    description: metadata.Description || undefined,
    keyUsage: metadata.KeyUsage,
    keySpec: metadata.KeySpec,
    origin: metadata.Origin,
    multiRegion: metadata.MultiRegion,
    creationDate: metadata.CreationDate?.toISOString(),
  };
}

/** When DescribeKey is denied, what the key argument itself tells. */
function metadataFromReference(key: string): KeyMetadataInfo {
  const reference = parseKeyReference(key);
  if (reference?.kind === 'key-arn') return { arn: reference.arn, keyId: reference.keyId, account: reference.account, region: reference.region };
  if (reference?.kind === 'key-id') return { keyId: reference.keyId };
  return {};
}

function deniedWarning(operation: Call, key: string): Message {
  const what: Record<Call, { en: string; ja: string }> = {
    DescribeKey: { en: 'key details (state, key manager) are missing', ja: 'キーの詳細 (状態、管理者の種類) が分かりません' },
    GetKeyPolicy: { en: 'the key policy is not shown, so access from it and IAM delegation are unknown', ja: 'キーポリシーを表示できないため、キーポリシーと IAM への委任によるアクセスは不明です' },
    ListGrants: { en: 'grants are not shown, so access through grants is unknown', ja: 'グラントを表示できないため、グラントによるアクセスは不明です' },
    ListAliases: { en: 'aliases are not shown', ja: 'エイリアスを表示できません' },
  };
  return {
    en: `Partial report: access denied for kms:${operation} on ${key} (the caller lacks the kms:${operation} permission); ${what[operation].en}.`,
    ja: `部分的なレポート: ${key} に対する kms:${operation} が拒否されました (呼び出し元に kms:${operation} 権限がありません)。${what[operation].ja}。`,
  };
}
