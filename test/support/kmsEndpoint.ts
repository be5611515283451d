// A local stand-in for AWS KMS speaking the JSON 1.1 protocol (`X-Amz-Target: TrentService.<Op>`), so
// the real @aws-sdk/client-kms can be pointed at it: real serialization, pagination and error shapes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type KmsOperation = 'DescribeKey' | 'GetKeyPolicy' | 'ListGrants' | 'ListAliases' | string;

export interface EndpointKey {
  /** KeyMetadata as DescribeKey returns it; KeyId, Arn and AWSAccountId are required. */
  readonly metadata: { KeyId: string; Arn: string; AWSAccountId: string; [field: string]: unknown };
  /** The `default` key policy (JSON text). */
  readonly policy?: string;
  /** GrantListEntry objects (dates as ISO strings or Date). */
  readonly grants?: readonly object[];
}

export interface EndpointAlias {
  readonly AliasName: string;
  readonly AliasArn: string;
  readonly TargetKeyId?: string;
}

export interface EndpointFailure {
  /** `AccessDeniedException`, `NotFoundException`, `ThrottlingException`, ... */
  readonly type: string;
  readonly message?: string;
  /** Defaults to 400, as KMS answers these errors. */
  readonly status?: number;
}

export interface KmsEndpointOptions {
  readonly keys: readonly EndpointKey[];
  readonly aliases?: readonly EndpointAlias[];
  /** Page size when a request gives no Limit (KMS uses 50). */
  readonly defaultLimit?: number;
  /** Answer these operations with an error instead of data. */
  readonly fail?: Partial<Record<KmsOperation, EndpointFailure>>;
  /** Delay (ms) before answering these operations. */
  readonly delayMs?: Partial<Record<KmsOperation, number>>;
}

export interface RecordedRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
}

export interface KmsEndpoint {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The distinct operations called, sorted. */
  operations(): string[];
  /** Changes failures after start (e.g. deny one call in one test). */
  setFailure(operation: KmsOperation, failure: EndpointFailure | undefined): void;
  close(): Promise<void>;
}

const epochSeconds = (value: unknown): unknown => (value instanceof Date ? value.getTime() / 1000 : typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) / 1000 : value);

export async function startKmsEndpoint(options: KmsEndpointOptions): Promise<KmsEndpoint> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, EndpointFailure>(Object.entries(options.fail ?? {}) as [string, EndpointFailure][]);
  const defaultLimit = options.defaultLimit ?? 50;

  const findKey = (id: unknown): EndpointKey | undefined => {
    if (typeof id !== 'string') return undefined;
    let keyId = id;
    const alias = (options.aliases ?? []).find((a) => a.AliasName === id || a.AliasArn === id);
    if (alias) keyId = alias.TargetKeyId ?? '';
    return options.keys.find((k) => k.metadata.KeyId === keyId || k.metadata.Arn === keyId);
  };

  const notFound = (id: unknown): EndpointFailure => ({ type: 'NotFoundException', message: `Key '${String(id)}' does not exist` });

  function page<T>(items: readonly T[], body: Record<string, unknown>): { items: T[]; NextMarker?: string; Truncated: boolean } {
    const limit = typeof body.Limit === 'number' ? body.Limit : defaultLimit;
    if (limit < 1 || limit > 1000) throw { type: 'ValidationException', message: `Limit ${limit} out of range` } as EndpointFailure;
    const start = typeof body.Marker === 'string' ? Number.parseInt(Buffer.from(body.Marker, 'base64url').toString(), 10) : 0;
    if (Number.isNaN(start)) throw { type: 'InvalidMarkerException', message: 'bad marker' } as EndpointFailure;
    const end = Math.min(items.length, start + limit);
    const truncated = end < items.length;
    return { items: items.slice(start, end), Truncated: truncated, ...(truncated ? { NextMarker: Buffer.from(String(end)).toString('base64url') } : {}) };
  }

  function answer(operation: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (operation) {
      case 'DescribeKey': {
        const key = findKey(body.KeyId);
        if (!key) throw notFound(body.KeyId);
        const metadata: Record<string, unknown> = { Enabled: true, KeyState: 'Enabled', KeyManager: 'CUSTOMER', KeyUsage: 'ENCRYPT_DECRYPT', ...key.metadata };
        for (const field of ['CreationDate', 'DeletionDate', 'ValidTo']) if (field in metadata) metadata[field] = epochSeconds(metadata[field]);
        return { KeyMetadata: metadata };
      }
      case 'GetKeyPolicy': {
        // GetKeyPolicy takes a key id or key ARN, never an alias.
        const key = typeof body.KeyId === 'string' && !body.KeyId.includes('alias/') ? findKey(body.KeyId) : undefined;
        if (!key) throw notFound(body.KeyId);
        if (body.PolicyName !== undefined && body.PolicyName !== 'default') throw { type: 'NotFoundException', message: 'No such policy' } as EndpointFailure;
        return { Policy: key.policy ?? '', PolicyName: 'default' };
      }
      case 'ListGrants': {
        const key = typeof body.KeyId === 'string' && !body.KeyId.includes('alias/') ? findKey(body.KeyId) : undefined;
        if (!key) throw notFound(body.KeyId);
        const result = page((key.grants ?? []) as readonly Record<string, unknown>[], body);
        return { Grants: result.items.map((g) => ({ ...g, CreationDate: epochSeconds(g.CreationDate) })), Truncated: result.Truncated, ...(result.NextMarker ? { NextMarker: result.NextMarker } : {}) };
      }
      case 'ListAliases': {
        let aliases = options.aliases ?? [];
        if (body.KeyId !== undefined) {
          const key = findKey(body.KeyId);
          if (!key) throw notFound(body.KeyId);
          aliases = aliases.filter((a) => a.TargetKeyId === key.metadata.KeyId);
        }
        const result = page(aliases, body);
        return { Aliases: result.items, Truncated: result.Truncated, ...(result.NextMarker ? { NextMarker: result.NextMarker } : {}) };
      }
      default:
        throw { type: 'UnknownOperationException', message: `${operation} is not served by the test endpoint` } as EndpointFailure;
    }
  }

  const send = (response: ServerResponse, status: number, payload: unknown) => {
    const text = JSON.stringify(payload);
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': `req-${requests.length}` });
    response.end(text);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : target;
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        send(response, 400, { __type: 'SerializationException', message: 'bad JSON' });
        return;
      }
      requests.push({ operation, body, headers: request.headers });
      const reply = () => {
        const failure = failures.get(operation);
        if (failure) {
          send(response, failure.status ?? 400, { __type: failure.type, message: failure.message ?? defaultMessage(failure.type, operation, body) });
          return;
        }
        if (request.headers['content-type'] !== 'application/x-amz-json-1.1' || !target.startsWith('TrentService.')) {
          send(response, 400, { __type: 'SerializationException', message: 'expected the KMS JSON 1.1 protocol' });
          return;
        }
        try {
          send(response, 200, answer(operation, body));
        } catch (error) {
          const failure = error as EndpointFailure;
          if (typeof failure?.type !== 'string') throw error;
          send(response, failure.status ?? 400, { __type: failure.type, message: failure.message });
        }
      };
      const delay = options.delayMs?.[operation];
      if (delay) setTimeout(reply, delay);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    operations: () => [...new Set(requests.map((r) => r.operation))].sort(),
    setFailure(operation, failure) {
      if (failure) failures.set(operation, failure);
      else failures.delete(operation);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function defaultMessage(type: string, operation: string, body: Record<string, unknown>): string {
  if (type === 'AccessDeniedException') {
    return `User: arn:aws:sts::111122223333:assumed-role/reader/test is not authorized to perform: kms:${operation} on resource: ${String(body.KeyId ?? '*')} because no identity-based policy allows the kms:${operation} action`;
  }
  if (type === 'ThrottlingException') return 'Rate exceeded';
  return `${type} from the test endpoint`;
}

/** Environment for the SDK in tests: static fake credentials, no profiles or metadata service from the machine. */
export function testAwsEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret-not-real',
    AWS_REGION: 'ap-northeast-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/keylens-test/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/keylens-test/credentials',
  };
}

/** Runs `body` with process.env replaced for the AWS variables (the SDK reads process.env), then restores it. */
export async function withAwsEnv<T>(env: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_KMS', 'AWS_MAX_ATTEMPTS', ...Object.keys(env)];
  const saved = new Map(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) process.env[name] = value;
  try {
    return await body();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
