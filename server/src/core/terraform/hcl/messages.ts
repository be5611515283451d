/** Parser problem texts in both languages the product ships. */

export interface ProblemText {
  readonly en: string;
  readonly ja: string;
}

export const problemText = {
  unexpected: (what: string, expected: string): ProblemText => ({
    en: `Unexpected ${what}; expected ${expected}.`,
    ja: `${what} は予期しない位置にあります。${expected} が必要です。`,
  }),
  expectedExpression: (found: string): ProblemText => ({
    en: `Expected a value (expression), found ${found}.`,
    ja: `値 (式) が必要ですが ${found} があります。`,
  }),
  missingEquals: (name: string): ProblemText => ({
    en: `Expected "=" after "${name}".`,
    ja: `"${name}" の後に "=" が必要です。`,
  }),
  missingValueAfterEquals: (name: string): ProblemText => ({
    en: `Missing value for "${name}".`,
    ja: `"${name}" の値がありません。`,
  }),
  unclosed: (open: string, close: string, what: string): ProblemText => ({
    en: `Unclosed ${open}: this ${what} has no matching ${close}.`,
    ja: `${open} が閉じられていません (${what} に対応する ${close} がありません)。`,
  }),
  unterminatedString: (): ProblemText => ({
    en: 'Unterminated string: a quoted string must end with " on the line where it starts.',
    ja: '文字列が閉じられていません。引用符で囲んだ文字列は同じ行の " で終わる必要があります。',
  }),
  unterminatedHeredoc: (marker: string): ProblemText => ({
    en: `Unterminated heredoc: no line holding only "${marker}" closes it.`,
    ja: `ヒアドキュメントが閉じられていません ("${marker}" だけの行がありません)。`,
  }),
  heredocNeedsNewline: (): ProblemText => ({
    en: 'A heredoc marker must be followed by a line break.',
    ja: 'ヒアドキュメントの開始記号の直後には改行が必要です。',
  }),
  unterminatedComment: (): ProblemText => ({
    en: 'Unterminated comment: "/*" has no matching "*/".',
    ja: 'コメントが閉じられていません ("/*" に対応する "*/" がありません)。',
  }),
  invalidEscape: (sequence: string): ProblemText => ({
    en: `Invalid escape sequence "${sequence}".`,
    ja: `不正なエスケープシーケンス "${sequence}" です。`,
  }),
  invalidCharacter: (character: string): ProblemText => ({
    en: `Invalid character ${JSON.stringify(character)}.`,
    ja: `不正な文字 ${JSON.stringify(character)} です。`,
  }),
  unclosedInterpolation: (open: string): ProblemText => ({
    en: `Unclosed template sequence "${open}": expected "}".`,
    ja: `テンプレートの "${open}" が閉じられていません ("}" が必要です)。`,
  }),
  unknownDirective: (keyword: string): ProblemText => ({
    en: `Unknown template directive "${keyword}"; expected if, else, endif, for or endfor.`,
    ja: `不明なテンプレート指令 "${keyword}" です (if, else, endif, for, endfor のいずれか)。`,
  }),
  unbalancedDirective: (keyword: string): ProblemText => ({
    en: `Template directive "${keyword}" has no matching opening or closing directive.`,
    ja: `テンプレート指令 "${keyword}" に対応する開始または終了の指令がありません。`,
  }),
  labelNotLiteral: (): ProblemText => ({
    en: 'A block label must be a plain string without interpolation.',
    ja: 'ブロックのラベルには埋め込み式を含まない文字列が必要です。',
  }),
  expectedName: (after: string): ProblemText => ({
    en: `Expected a name after ${after}.`,
    ja: `${after} の後に名前が必要です。`,
  }),
  tooDeep: (limit: number): ProblemText => ({
    en: `Nesting deeper than ${limit} levels; the inner part is skipped.`,
    ja: `入れ子が ${limit} 段を超えています。内側は読み飛ばしました。`,
  }),
} as const;
