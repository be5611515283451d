import type { Span } from '../text';

/** Characters of an unquoted word being typed: action names, ARNs, condition keys, Terraform references. */
function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 58 || // :
    code === 42 || // *
    code === 63 || // ?
    code === 45 || // -
    code === 95 || // _
    code === 47 || // /
    code === 46 // .
  );
}

/** The word around `offset` (possibly empty) in text that is not inside a string literal. */
export function wordAround(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  return { start, end };
}
