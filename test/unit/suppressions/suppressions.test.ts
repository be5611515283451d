// Inline suppressions in every format (SPEC §5): what a comment silences, and what it never does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import type { Finding } from '../../../server/src/core/finding';
import { emptyParsedFile } from '../../../server/src/core/parsedFile';
import { parseFile } from '../../../server/src/core/parse';
import { scanComments } from '../../../server/src/core/suppressions/comments';
import { applySuppressions, fileSuppressions, suppressionOf } from '../../../server/src/core/suppressions/index';
import { LineIndex } from '../../../server/src/core/text';
import { loadCatalog } from '../../../server/src/node/catalog';

const catalog = loadCatalog();

/** Findings of one file after suppressions, as `line:ruleId[:suppressed-kind:justification]` (1-based lines). */
function check(file: string, text: string): string[] {
  const files = [parseFile(file, text)];
  const lines = new LineIndex(text);
  return applySuppressions(analyze(files, { catalog }), files).map((f) => describe(f, lines));
}

function describe(f: Finding, lines: LineIndex): string {
  const where = `${lines.positionAt(f.span.start).line + 1}:${f.ruleId}`;
  return f.suppression ? `${where}:${f.suppression.kind}:${f.suppression.justification ?? ''}` : where;
}

const DECRYPT = 'kms-decrypt-in-identity-policy';
const UNKNOWN = 'iam-unknown-action';

test('JSONC: // and /* */ silence the named rule on the next line that holds code, with the reason kept', () => {
  const text = [
    '{',
    '  "Statement": [',
    `    // keylens-ignore-next-line ${DECRYPT} -- break-glass role, reviewed in SEC-142`,
    '    { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" },',
    `    /* keylens-ignore-next-line ${DECRYPT} -- second */`,
    '',
    '    { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" },',
    '    { "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*" }',
    '  ]',
    '}',
  ].join('\n');
  assert.deepEqual(check('app.jsonc', text), [`4:${DECRYPT}:next-line:break-glass role, reviewed in SEC-142`, `7:${DECRYPT}:next-line:second`, `8:${DECRYPT}`]);
});

test('a suppression of another rule does not hide this one; several rules, stacked directives, no reason', () => {
  const line = '    { "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encypt"], "Resource": "*" }';
  const wrap = (...comments: string[]) => ['{', '  "Statement": [', ...comments, line, '  ]', '}'].join('\n');
  assert.deepEqual(check('a.jsonc', wrap(`    // keylens-ignore-next-line ${UNKNOWN} -- typo accepted`)), [`4:${DECRYPT}`, `4:${UNKNOWN}:next-line:typo accepted`]);
  assert.deepEqual(check('a.jsonc', wrap(`    // keylens-ignore-next-line ${UNKNOWN}, ${DECRYPT} -- both`)), [`4:${DECRYPT}:next-line:both`, `4:${UNKNOWN}:next-line:both`]);
  assert.deepEqual(check('a.jsonc', wrap(`    // keylens-ignore-next-line ${UNKNOWN} ${DECRYPT}`)), [`4:${DECRYPT}:next-line:`, `4:${UNKNOWN}:next-line:`]);
  assert.deepEqual(check('a.jsonc', wrap(`    // keylens-ignore-next-line ${UNKNOWN} -- one`, `    // keylens-ignore-next-line ${DECRYPT} -- two`)), [
    `5:${DECRYPT}:next-line:two`,
    `5:${UNKNOWN}:next-line:one`,
  ]);
});

test('keylens-ignore-file silences the named rules anywhere in the file, and only those', () => {
  const text = [
    `// keylens-ignore-file ${DECRYPT} -- this role decrypts everything by design`,
    '{ "Statement": [',
    '  { "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encypt"], "Resource": "*" },',
    '  { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }',
    '] }',
  ].join('\n');
  assert.deepEqual(check('a.jsonc', text), [`3:${DECRYPT}:file:this role decrypts everything by design`, `3:${UNKNOWN}`, `4:${DECRYPT}:file:this role decrypts everything by design`]);
});

test('Terraform: # and // in jsonencode and aws_iam_policy_document; # inside a string is text', () => {
  const jsonencode = [
    'resource "aws_iam_policy" "app" {',
    '  policy = jsonencode({',
    '    Statement = [{',
    '      Effect = "Allow"',
    `      # keylens-ignore-next-line ${DECRYPT} -- break-glass`,
    '      Action   = ["kms:Decrypt"]',
    '      Resource = "*"',
    '    }]',
    '  })',
    '}',
  ].join('\n');
  assert.deepEqual(check('main.tf', jsonencode), [`6:${DECRYPT}:next-line:break-glass`]);
  assert.deepEqual(check('main.tf', jsonencode.replace('      # keylens', '      // keylens')), [`6:${DECRYPT}:next-line:break-glass`]);
  const document = [
    'data "aws_iam_policy_document" "app" {',
    '  statement {',
    `    actions   = ["kms:Decrypt"] # keylens-ignore-next-line ${DECRYPT} -- trailing comment covers the NEXT line`,
    '    resources = ["*"]',
    '  }',
    '}',
    'resource "aws_iam_role_policy" "app" {',
    '  role   = "app"',
    '  policy = data.aws_iam_policy_document.app.json',
    '}',
  ].join('\n');
  assert.deepEqual(check('main.tf', document), [`3:${DECRYPT}`], 'a directive at the end of a line applies to the line after it');
  const inString = jsonencode.replace(`      # keylens-ignore-next-line ${DECRYPT} -- break-glass`, `      Sid = "# keylens-ignore-next-line ${DECRYPT}"`);
  assert.deepEqual(check('main.tf', inString), [`6:${DECRYPT}`]);
});

test('Terraform: text inside a heredoc is the policy, never a directive', () => {
  const text = [
    'resource "aws_iam_policy" "app" {',
    '  policy = <<-EOT',
    `    { "Statement": [ { "Sid": "keylens-ignore-file ${DECRYPT}", "Effect": "Allow",`,
    '      "Action": "kms:Decrypt", "Resource": "*" } ] }',
    '  EOT',
    '}',
  ].join('\n');
  assert.deepEqual(check('main.tf', text), [`4:${DECRYPT}`]);
  assert.deepEqual(scanComments('terraform', text).comments, []);
  assert.equal(scanComments('terraform', text).opaque.length, 1, 'the heredoc body is one opaque stretch');
});

test('YAML: # comments direct the next line; a # inside a block scalar or a quoted string is text', () => {
  const text = [
    'Resources:',
    '  Policy:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      Description: "# keylens-ignore-file kms-alias-arn-as-key"',
    '      Notes: |',
    '        # keylens-ignore-next-line iam-unknown-action',
    '        - kms:Encypt',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    `            # keylens-ignore-next-line ${DECRYPT} -- break-glass`,
    '            Action: kms:Decrypt',
    '            Resource: "*"',
    '',
  ].join('\n');
  const file = emptyParsedFile('template.yaml', text, 'yaml');
  const suppressions = fileSuppressions(file)!;
  assert.equal(suppressions.file.size, 0, 'the quoted string is not a file directive');
  assert.equal(suppressions.problems.length, 0);
  const at = (needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });
  const finding = (ruleId: string, needle: string): Finding => ({ ruleId, severity: 'warning', message: { en: '', ja: '' }, file: 'template.yaml', span: at(needle), fixes: [] });
  assert.equal(suppressionOf(finding(DECRYPT, 'kms:Decrypt'), suppressions)?.justification, 'break-glass');
  assert.equal(suppressionOf(finding(UNKNOWN, 'kms:Decrypt'), suppressions), undefined, 'another rule on that line');
  assert.equal(suppressionOf(finding(UNKNOWN, 'kms:Encypt'), suppressions), undefined, 'the block scalar comment is text');
  assert.equal(scanComments('yaml', text).comments.length, 1);
});

test('a suppression that cannot work is an invalid-suppression finding, and silences nothing', () => {
  const wrap = (comment: string) => ['{', '  "Statement": [', `    ${comment}`, '    { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }', '  ]', '}'].join('\n');
  for (const comment of [
    '// keylens-ignore-next-line kms-decrypt-in-identiy-policy -- typo',
    '// keylens-ignore-next-line -- no rule',
    `// keylens-ignore ${DECRYPT}`,
    `// keylens-ignore-line ${DECRYPT}`,
  ]) {
    assert.deepEqual(check('a.jsonc', wrap(comment)), ['3:invalid-suppression', `4:${DECRYPT}`], comment);
  }
  const files = [parseFile('a.jsonc', wrap('// keylens-ignore-next-line kms-decrypt-in-identiy-policy -- typo'))];
  const invalid = applySuppressions(analyze(files, { catalog }), files).find((f) => f.ruleId === 'invalid-suppression')!;
  assert.match(invalid.message.en, /Did you mean kms-decrypt-in-identity-policy\?/);
  assert.match(invalid.message.ja, /kms-decrypt-in-identity-policy ではありませんか/);
  assert.deepEqual(check('a.jsonc', wrap('// see keylens-ignore-next-line in the docs')), [`4:${DECRYPT}`], 'prose mentioning a directive is no directive');
});

test('a file without the marker is not scanned; findings keep their lazily computed fixes', () => {
  const text = '{ "Statement": [ { "Effect": "Allow", "Action": "kms:Encypt", "Resource": "*" } ] }';
  assert.equal(fileSuppressions(parseFile('a.json', text)), undefined);
  const withComment = `// keylens-ignore-file ${DECRYPT}\n${text}`;
  const files = [parseFile('a.jsonc', withComment)];
  const [finding] = applySuppressions(analyze(files, { catalog }), files);
  assert.equal(finding!.ruleId, UNKNOWN);
  assert.ok(finding!.fixes.length > 0, 'the typo fix is still offered');
});
