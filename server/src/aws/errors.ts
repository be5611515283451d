import type { Message } from '../core/finding';

export type AwsErrorCode =
  | 'credentials'
  | 'sso-expired'
  | 'credentials-expired'
  | 'credentials-invalid'
  | 'denied'
  | 'not-found'
  | 'invalid-state'
  | 'throttled'
  | 'network'
  | 'timeout'
  | 'region'
  | 'invalid-key'
  | 'unknown';

export interface AwsProblem {
  readonly code: AwsErrorCode;
  readonly message: Message;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'];

function networkCode(error: ErrorLike | undefined, depth = 0): string | undefined {
  if (!error || depth > 3) return undefined;
  if (error.code && (NETWORK_CODES.includes(error.code) || error.code === 'ETIMEDOUT')) return error.code;
  const aggregate = (error as { errors?: ErrorLike[] }).errors;
  if (Array.isArray(aggregate)) for (const inner of aggregate) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  return networkCode(error.cause as ErrorLike | undefined, depth + 1);
}

/**
 * Turns an SDK error into a clear message (en/ja) that says what to do. Never includes credentials:
 * only the error's name, the service's own message and the endpoint host are shown.
 */
export function describeAwsError(raw: unknown, context: { key: string; region?: string; endpoint?: string; operation?: string; timeoutMs?: number; profile?: string }): AwsProblem {
  const error = (raw ?? {}) as ErrorLike;
  const name = error.name ?? '';
  const text = redact(error.message ?? String(raw));
  const where = context.endpoint ? context.endpoint : `KMS in ${context.region ?? 'the default region'}`;

  if (name === 'AccessDeniedException') {
    const permission = `kms:${context.operation ?? '?'}`;
    return {
      code: 'denied',
      message: { en: `Access denied: the caller lacks ${permission} on ${context.key}. ${text}`, ja: `アクセスが拒否されました: 呼び出し元に ${context.key} への ${permission} 権限がありません。${text}` },
    };
  }
  if (name === 'NotFoundException') {
    return {
      code: 'not-found',
      message: {
        en: `Key ${context.key} was not found in ${context.region ?? 'the region'} (${text}). Check the key id or alias, the region (--region) and the account of the credentials (--profile).`,
        ja: `キー ${context.key} が ${context.region ?? 'リージョン'} に見つかりません (${text})。キー ID またはエイリアス、リージョン (--region)、認証情報のアカウント (--profile) を確認してください。`,
      },
    };
  }
  if (name === 'KMSInvalidStateException') {
    return { code: 'invalid-state', message: { en: `The key is not in a state that allows this call: ${text}`, ja: `キーがこの呼び出しを受け付けない状態です: ${text}` } };
  }
  if (/Throttl/i.test(name) || name === 'TooManyRequestsException' || error.$metadata?.httpStatusCode === 429) {
    return {
      code: 'throttled',
      message: {
        en: `KMS throttled the request (${name || 'ThrottlingException'}): too many requests. Wait a moment and retry; KMS shares request quotas across the account and region.`,
        ja: `KMS がリクエストをスロットリングしました (${name || 'ThrottlingException'})。リクエストが多すぎます。少し待ってから再実行してください。クォータはアカウントとリージョンで共有されます。`,
      },
    };
  }
  if (/SSO/i.test(text) && /expired|refresh|invalid|not found/i.test(text)) {
    return {
      code: 'sso-expired',
      message: {
        en: `The AWS SSO (IAM Identity Center) session has expired or is missing. Run "aws sso login${context.profile ? ` --profile ${context.profile}` : ''}" and try again.`,
        ja: `AWS SSO (IAM Identity Center) のセッションの期限が切れているか、存在しません。"aws sso login${context.profile ? ` --profile ${context.profile}` : ''}" を実行してから再試行してください。`,
      },
    };
  }
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken' || /security token included in the request is expired/i.test(text)) {
    return {
      code: 'credentials-expired',
      message: { en: 'The AWS credentials have expired. Refresh them (new session, aws sso login, or aws configure) and try again.', ja: 'AWS の認証情報の期限が切れています。認証情報を更新して (新しいセッション、aws sso login、aws configure など) 再試行してください。' },
    };
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException' || name === 'IncompleteSignatureException' || name === 'InvalidClientTokenId') {
    return {
      code: 'credentials-invalid',
      message: { en: `AWS rejected the credentials (${name}): the access key or signature is not valid for this account or endpoint.`, ja: `AWS が認証情報を拒否しました (${name})。アクセスキーまたは署名がこのアカウント・エンドポイントで有効ではありません。` },
    };
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /Could not load credentials/i.test(text)) {
    return {
      code: 'credentials',
      message: {
        en: 'No AWS credentials found. Configure them (aws configure, aws sso login, environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or pass --profile; or explain offline from files by passing PATH.',
        ja: 'AWS の認証情報が見つかりません。aws configure、aws sso login、環境変数 AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY などで設定するか --profile を指定してください。または PATH を渡してファイルからオフラインで説明できます。',
      },
    };
  }
  if (/Region is missing/i.test(text)) {
    return {
      code: 'region',
      message: { en: 'No AWS region: pass --region, set AWS_REGION, set a region in the profile, or give the key as an ARN.', ja: 'AWS リージョンが分かりません。--region を指定するか、AWS_REGION を設定するか、プロファイルにリージョンを設定するか、キーを ARN で指定してください。' },
    };
  }
  if (name === 'AbortError' || name === 'TimeoutError' || networkCode(error) === 'ETIMEDOUT' || /timed? ?out/i.test(text)) {
    const seconds = context.timeoutMs ? ` after ${Math.round(context.timeoutMs / 100) / 10} s` : '';
    const secondsJa = context.timeoutMs ? ` (${Math.round(context.timeoutMs / 100) / 10} 秒)` : '';
    return {
      code: 'timeout',
      message: { en: `${where} did not answer in time${seconds}. Check the network, proxy or VPC endpoint, and retry.`, ja: `${where} から時間内に応答がありませんでした${secondsJa}。ネットワーク、プロキシ、VPC エンドポイントを確認して再試行してください。` },
    };
  }
  const network = networkCode(error);
  if (network) {
    return {
      code: 'network',
      message: {
        en: `Cannot reach ${where} (${network}). Check the network, the --endpoint-url, proxy settings and the region.`,
        ja: `${where} に接続できません (${network})。ネットワーク、--endpoint-url、プロキシ設定、リージョンを確認してください。`,
      },
    };
  }
  return {
    code: 'unknown',
    message: { en: `The KMS call failed: ${name ? `${name}: ` : ''}${text}`, ja: `KMS の呼び出しに失敗しました: ${name ? `${name}: ` : ''}${text}` },
  };
}

/** Drops anything that looks like an access key id or secret from an error message before showing it. */
export function redact(text: string): string {
  return text.replace(/\b(AKIA|ASIA|AKID)[A-Z0-9]{8,}\b/g, '[access key id]').replace(/\b[A-Za-z0-9/+=]{40}\b/g, '[redacted]');
}
