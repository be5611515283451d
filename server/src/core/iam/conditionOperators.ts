import type { Message } from '../finding';

/** The value type a condition operator compares, as condition key types are named in the Service Authorization Reference. */
export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'Null';

export interface ConditionOperator {
  readonly name: string;
  readonly family: OperatorFamily;
  readonly description: Message;
}

const op = (name: string, family: OperatorFamily, en: string, ja: string): ConditionOperator => ({ name, family, description: { en, ja } });

/** The IAM condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators"). */
export const CONDITION_OPERATORS: readonly ConditionOperator[] = [
  op('StringEquals', 'String', 'Exact match, case-sensitive.', '完全一致 (大文字と小文字を区別)。'),
  op('StringNotEquals', 'String', 'No exact match, case-sensitive.', '完全一致しない (大文字と小文字を区別)。'),
  op('StringEqualsIgnoreCase', 'String', 'Exact match, ignoring case.', '完全一致 (大文字と小文字を区別しない)。'),
  op('StringNotEqualsIgnoreCase', 'String', 'No exact match, ignoring case.', '完全一致しない (大文字と小文字を区別しない)。'),
  op('StringLike', 'String', 'Case-sensitive match with * and ? wildcards.', 'ワイルドカード * と ? を使った一致 (大文字と小文字を区別)。'),
  op('StringNotLike', 'String', 'No case-sensitive match with * and ? wildcards.', 'ワイルドカード * と ? を使って一致しない (大文字と小文字を区別)。'),
  op('NumericEquals', 'Numeric', 'Equal to the number.', '数値が等しい。'),
  op('NumericNotEquals', 'Numeric', 'Not equal to the number.', '数値が等しくない。'),
  op('NumericLessThan', 'Numeric', 'Less than the number.', '数値より小さい。'),
  op('NumericLessThanEquals', 'Numeric', 'Less than or equal to the number.', '数値以下。'),
  op('NumericGreaterThan', 'Numeric', 'Greater than the number.', '数値より大きい。'),
  op('NumericGreaterThanEquals', 'Numeric', 'Greater than or equal to the number.', '数値以上。'),
  op('DateEquals', 'Date', 'On the date (ISO 8601 or epoch seconds).', '日時が等しい (ISO 8601 またはエポック秒)。'),
  op('DateNotEquals', 'Date', 'Not on the date.', '日時が等しくない。'),
  op('DateLessThan', 'Date', 'Before the date.', '日時より前。'),
  op('DateLessThanEquals', 'Date', 'On or before the date.', '日時以前。'),
  op('DateGreaterThan', 'Date', 'After the date.', '日時より後。'),
  op('DateGreaterThanEquals', 'Date', 'On or after the date.', '日時以降。'),
  op('Bool', 'Bool', 'True or false ("true" / "false").', '真偽値 ("true" / "false")。'),
  op('BinaryEquals', 'Binary', 'Equal to the base64-encoded binary value.', 'base64 でエンコードしたバイナリ値が等しい。'),
  op('IpAddress', 'IPAddress', 'The IP address or CIDR range matches.', 'IP アドレスまたは CIDR 範囲に一致する。'),
  op('NotIpAddress', 'IPAddress', 'The IP address is outside the CIDR ranges.', 'IP アドレスが CIDR 範囲外。'),
  op('ArnEquals', 'ARN', 'The ARN matches (case-sensitive per segment; * and ? allowed).', 'ARN が一致する (区切りごとに大文字小文字を区別、* と ? を使用可)。'),
  op('ArnLike', 'ARN', 'The ARN matches (case-sensitive per segment; * and ? allowed).', 'ARN が一致する (区切りごとに大文字小文字を区別、* と ? を使用可)。'),
  op('ArnNotEquals', 'ARN', 'The ARN does not match.', 'ARN が一致しない。'),
  op('ArnNotLike', 'ARN', 'The ARN does not match.', 'ARN が一致しない。'),
  op('Null', 'Null', 'Whether the key is absent from the request ("true": absent, "false": present).', 'キーがリクエストにないかどうか ("true": ない、"false": ある)。'),
];

/** The parts of an operator as written: `ForAnyValue:StringLikeIfExists` → set ForAnyValue, base StringLike, ifExists. */
export function parseOperator(written: string): { set?: 'ForAnyValue' | 'ForAllValues'; base: string; ifExists: boolean } {
  let rest = written.trim();
  let set: 'ForAnyValue' | 'ForAllValues' | undefined;
  const colon = rest.indexOf(':');
  if (colon > 0) {
    const qualifier = rest.slice(0, colon).toLowerCase();
    if (qualifier === 'foranyvalue') set = 'ForAnyValue';
    else if (qualifier === 'forallvalues') set = 'ForAllValues';
    rest = rest.slice(colon + 1);
  }
  const ifExists = /ifexists$/i.test(rest) && rest.length > 'IfExists'.length;
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  return { ...(set ? { set } : {}), base, ifExists };
}

export function operatorNamed(base: string): ConditionOperator | undefined {
  const lower = base.toLowerCase();
  return CONDITION_OPERATORS.find((o) => o.name.toLowerCase() === lower);
}

/** The operator families a condition key of this type is compared with (string operators work on ARNs too). */
export function familiesFor(type: string): OperatorFamily[] {
  const scalar = type.replace(/^ArrayOf/, '');
  switch (scalar) {
    case 'String':
      return ['String'];
    case 'ARN':
    case 'Arn':
      return ['ARN', 'String'];
    case 'Bool':
    case 'Boolean':
      return ['Bool'];
    case 'Numeric':
    case 'Long':
    case 'Integer':
      return ['Numeric'];
    case 'Date':
      return ['Date'];
    case 'IPAddress':
    case 'IpAddress':
      return ['IPAddress'];
    case 'Binary':
      return ['Binary'];
    default:
      return [];
  }
}

/** Multivalued keys (ArrayOf...) are compared with a set qualifier (ForAnyValue:/ForAllValues:). */
export function isMultivalued(type: string): boolean {
  return type.startsWith('ArrayOf');
}
