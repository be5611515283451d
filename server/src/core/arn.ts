/** ARN and principal parsing shared by rules and the explain engine. */

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(value: string): Arn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  // Five colons delimit the fixed fields; the resource keeps any colons of its own.
  const c1 = 3;
  const c2 = value.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : value.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : value.indexOf(':', c3 + 1);
  const c5 = c4 < 0 ? -1 : value.indexOf(':', c4 + 1);
  if (c5 < 0) return undefined;
  return {
    partition: value.slice(c1 + 1, c2),
    service: value.slice(c2 + 1, c3),
    region: value.slice(c3 + 1, c4),
    account: value.slice(c4 + 1, c5),
    resource: value.slice(c5 + 1),
  };
}

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;

export function isKeyId(value: string): boolean {
  return KEY_ID.test(value);
}

/** Finds a key id (UUID or multi-Region `mrk-` id) inside arbitrary text such as a file name. */
export function findKeyId(text: string): string | undefined {
  const match = /(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(text);
  return match?.[0].toLowerCase();
}

export function isKmsKeyArn(value: string): boolean {
  const arn = parseArn(value);
  return !!arn && arn.service === 'kms' && arn.resource.startsWith('key/');
}

export function isKmsAliasArn(value: string): boolean {
  const arn = parseArn(value);
  return !!arn && arn.service === 'kms' && arn.resource.startsWith('alias/');
}

export function isAliasName(value: string): boolean {
  return value.startsWith('alias/');
}

/** `alias/name` from an alias ARN or name. */
export function aliasName(value: string): string | undefined {
  if (isAliasName(value)) return value;
  const arn = parseArn(value);
  return arn && arn.service === 'kms' && arn.resource.startsWith('alias/') ? arn.resource : undefined;
}

export function keyIdOf(value: string): string | undefined {
  if (isKeyId(value)) return value.toLowerCase();
  const arn = parseArn(value);
  if (arn && arn.service === 'kms' && arn.resource.startsWith('key/')) return arn.resource.slice(4).toLowerCase();
  return undefined;
}

/** The AWS managed key for S3 (`aws/s3`), which no other account can ever use. */
export function isAwsManagedS3Key(value: string): boolean {
  return aliasName(value) === 'alias/aws/s3';
}

export function isAwsManagedAlias(value: string): boolean {
  return aliasName(value)?.startsWith('alias/aws/') ?? false;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** The account of an AWS principal: an account id, an IAM/STS ARN, or undefined (`*`, services). */
export function principalAccount(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const arn = parseArn(value);
  if (arn && (arn.service === 'iam' || arn.service === 'sts') && isAccountId(arn.account)) return arn.account;
  return undefined;
}

/** `arn:aws:iam::111122223333:root` or a bare account id: the whole account (IAM decides inside it). */
export function isAccountPrincipal(value: string): boolean {
  if (isAccountId(value)) return true;
  const arn = parseArn(value);
  return !!arn && arn.service === 'iam' && arn.resource === 'root' && isAccountId(arn.account);
}

/**
 * `arn:<partition>:iam::<account>:root` whatever stands for the account: a 12-digit id, a placeholder
 * (`ACCOUNT_ID`, `<account-id>`), CloudFormation's `${AWS::AccountId}` or a Terraform interpolation
 * (`${data.aws_caller_identity.current.account_id}`). Template expressions may hold colons, so they are
 * set aside before the ARN is split.
 */
export function isRootPrincipal(value: string): boolean {
  const arn = parseArn(replaceInterpolations(value, 'X'));
  return !!arn && arn.service === 'iam' && arn.region === '' && arn.resource === 'root' && arn.partition !== '' && arn.account !== '' && !arn.account.includes('/');
}

export function rootArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** Bucket name from `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key...`. */
export function bucketOfS3Arn(value: string): string | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== 's3' || arn.account !== '' || arn.region !== '') return undefined;
  const name = arn.resource.split('/')[0]!;
  return name || undefined;
}

/**
 * The text with every `${...}` (a Terraform or CloudFormation expression) replaced by `by`, in one
 * linear pass: an unclosed `${` ends the replacing (a regex would rescan the rest for each one).
 */
export function replaceInterpolations(text: string, by: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    out += text.slice(from, open) + by;
    from = close + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
