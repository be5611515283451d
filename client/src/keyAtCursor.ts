/**
 * Finds the KMS key reference under the cursor on one line of text: a key or alias ARN, an alias
 * name (`alias/...`) or a bare key id. Plain text matching, no policy parsing (that is the server's).
 */
const PATTERNS: readonly RegExp[] = [
  /arn:aws[a-z-]*:kms:[a-z0-9-]*:\d{12}:(?:key|alias)\/[A-Za-z0-9/_+=.@:-]+/g,
  /(?<![\w/])alias\/[A-Za-z0-9/_-]+/g,
  /\b(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g,
];

export function keyAt(line: string, character: number): string | undefined {
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
      if (match.index <= character && character <= match.index + match[0].length) return match[0];
    }
  }
  return undefined;
}
