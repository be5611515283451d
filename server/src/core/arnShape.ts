import { parseArn } from './arn';
import type { PString } from './model';

/**
 * What stands in a part of a template string that is not known statically: the account, Region or
 * partition the configuration is deployed in (CloudFormation `AWS::AccountId`, Terraform
 * `data.aws_caller_identity.X.account_id`), or anything else.
 */
export type Hole = 'account' | 'region' | 'partition' | 'unknown';

/**
 * An ARN whose value is not known statically but whose known parts say what it is:
 * `arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app` is an alias ARN of the
 * deploying account, whatever the account turns out to be. A field is its literal text, or
 * undefined when something unknown stands there.
 */
export interface ArnShape {
  readonly partition?: string;
  readonly service: string;
  readonly region?: string;
  readonly account?: string;
  /** The account field is the deploying account (its value is unknown, but it is the owner's). */
  readonly ownAccount: boolean;
  /** The resource with unknown parts written as `\uFFFC`; compare prefixes only unless `resourceKnown`. */
  readonly resource: string;
  readonly resourceKnown: boolean;
}

/** One placeholder character per hole kind: private-use code points no ARN contains. */
const SENTINEL: Readonly<Record<Hole, string>> = { account: '\uE001', region: '\uE002', partition: '\uE003', unknown: '\uE000' };
const ANY_SENTINEL = /[\uE000-\uE003]/;
const UNKNOWN_PART = '\uFFFC';

/** A piece of a template string: literal text, or a value not known statically. */
export type TemplatePiece = { readonly literal: string } | { readonly hole: Hole };

/**
 * The shape of a template made of literal text and holes, when it is an ARN whose service is
 * literal; undefined for anything else (a whole value from a parameter, a string that is no ARN,
 * a template without holes, which is simply a known string).
 */
export function arnShape(pieces: readonly TemplatePiece[]): ArnShape | undefined {
  let text = '';
  let holes = 0;
  for (const piece of pieces) {
    if ('hole' in piece) {
      text += SENTINEL[piece.hole];
      holes++;
    } else {
      if (ANY_SENTINEL.test(piece.literal)) return undefined;
      text += piece.literal;
    }
  }
  if (holes === 0) return undefined;
  const arn = parseArn(text);
  if (!arn || !arn.service || ANY_SENTINEL.test(arn.service)) return undefined;
  const field = (value: string): string | undefined => (ANY_SENTINEL.test(value) ? undefined : value);
  const resourceKnown = !ANY_SENTINEL.test(arn.resource);
  const partition = field(arn.partition);
  const region = field(arn.region);
  const account = field(arn.account);
  return {
    ...(partition !== undefined ? { partition } : {}),
    service: arn.service,
    ...(region !== undefined ? { region } : {}),
    ...(account !== undefined ? { account } : {}),
    ownAccount: arn.account === SENTINEL.account,
    resource: resourceKnown ? arn.resource : arn.resource.replace(/[\uE000-\uE003]/g, UNKNOWN_PART),
    resourceKnown,
  };
}

/** An ARN as far as it is known: every field of a literal ARN, or the shape of a template value. */
export function arnOf(value: PString): ArnShape | undefined {
  if (value.known) {
    const arn = parseArn(value.value);
    if (!arn) return undefined;
    return { ...arn, ownAccount: false, resourceKnown: true };
  }
  return value.arn;
}

/** Whether a shape is the root of the account it names (`arn:...:iam::ACCOUNT:root`). */
export function isAccountRootShape(shape: ArnShape | undefined): boolean {
  return !!shape && shape.service === 'iam' && shape.resourceKnown && shape.resource === 'root' && (shape.ownAccount || /^\d{12}$/.test(shape.account ?? ''));
}
