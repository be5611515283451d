import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHcl, attribute, blocks, staticString, traversalPath, unwrapTemplate } from '../../../server/src/core/terraform/hcl';
import type { Attribute, Block, Expression } from '../../../server/src/core/terraform/hcl';
import { assertSpansSane, dump, spanOf } from './hcl-helpers';

const fixtures = join(import.meta.dirname, 'fixtures');

/** Parses `name = <expr>` and returns the value, asserting a clean parse. */
function expr(source: string): { value: Expression; text: string } {
  const text = `x = ${source}\n`;
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, [], `problems in ${source}`);
  assertSpansSane(text, body);
  const item = body.items[0] as Attribute;
  assert.equal(item.kind, 'attribute');
  assert.deepEqual(item.value.span, { start: 4, end: 4 + source.length }, 'the value spans the whole source');
  return { value: item.value, text };
}

function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

test('blocks: type, quoted and bare labels, nested blocks, attributes, exact spans', () => {
  const text = 'resource "aws_kms_key" main {\n  description = "k"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  assert.equal(body.items.length, 1);
  const block = body.items[0] as Block;
  assert.equal(block.kind, 'block');
  assert.equal(block.type, 'resource');
  assert.deepEqual(block.typeSpan, spanOf(text, 'resource'));
  assert.deepEqual(block.labels, [
    { value: 'aws_kms_key', quoted: true, span: spanOf(text, '"aws_kms_key"') },
    { value: 'main', quoted: false, span: spanOf(text, 'main') },
  ]);
  assert.deepEqual(block.openBrace, spanOf(text, '{'));
  assert.deepEqual(block.closeBrace, { start: text.length - 2, end: text.length - 1 });
  assert.deepEqual(block.span, { start: 0, end: text.length - 1 });
  assert.deepEqual(block.body.span, { start: spanOf(text, '{').end, end: text.length - 2 });

  const description = attribute(block.body, 'description')!;
  assert.deepEqual(description.nameSpan, spanOf(text, 'description'));
  assert.deepEqual(description.equalsSpan, spanOf(text, '=', 0));
  assert.deepEqual(description.span, spanOf(text, 'description = "k"'));
  assert.deepEqual(description.value.span, spanOf(text, '"k"'));

  const [lifecycle] = blocks(block.body, 'lifecycle');
  assert.deepEqual(lifecycle!.span, spanOf(text, 'lifecycle {\n    prevent_destroy = true\n  }'));
  const preventDestroy = attribute(lifecycle!.body, 'prevent_destroy')!;
  assert.deepEqual(preventDestroy.value, { kind: 'literal', value: true, span: spanOf(text, 'true') });
});

test('blocks: a one-line block and a block with no labels', () => {
  const text = 'locals { a = 1 }\nterraform {}\n';
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  const [locals, terraform] = body.items as Block[];
  assert.equal(dump(attribute(locals!.body, 'a')!.value), '1');
  assert.deepEqual(locals!.span, spanOf(text, 'locals { a = 1 }'));
  assert.deepEqual(terraform!.labels, []);
  assert.deepEqual(terraform!.body.items, []);
  assert.deepEqual(terraform!.span, spanOf(text, 'terraform {}'));
});

test('objects: = and : separators, bare, quoted and parenthesised keys, commas and newlines', () => {
  const source = '{\n  a = 1,\n  "b:c": "x"\n  (var.k) = [2]\n  d = { e = null }, f = true\n}';
  const { value, text } = expr(source);
  assert.equal(value.kind, 'object');
  if (value.kind !== 'object') return;
  assert.equal(dump(value), '{a = 1, "b:c" : "x", (paren var.k) = [2], d = {e = null}, f = true}');
  assert.deepEqual(value.items.map((item) => item.keyName), ['a', 'b:c', undefined, 'd', 'f']);
  const [a, bc, paren, d] = value.items;
  assert.deepEqual(a!.span, spanOf(text, 'a = 1'));
  assert.deepEqual(a!.key.span, spanOf(text, 'a'));
  assert.deepEqual(a!.separator, { kind: '=', span: spanOf(text, '=', 1) });
  assert.deepEqual(bc!.key.span, spanOf(text, '"b:c"'));
  assert.deepEqual(bc!.separator, { kind: ':', span: spanOf(text, ':', 1) });
  assert.deepEqual(bc!.span, spanOf(text, '"b:c": "x"'));
  assert.deepEqual(paren!.key.span, spanOf(text, '(var.k)'));
  assert.deepEqual(d!.value.span, spanOf(text, '{ e = null }'));
  assert.deepEqual(value.closeBrace, { start: text.length - 2, end: text.length - 1 });
});

test('tuples: items, trailing comma, newlines, nesting', () => {
  const source = '[\n  "a",\n  1, [true, null],\n  "b",\n]';
  const { value, text } = expr(source);
  assert.equal(dump(value), '["a", 1, [true, null], "b"]');
  if (value.kind !== 'tuple') return assert.fail('tuple');
  assert.deepEqual(value.items.map((item) => item.span), [
    spanOf(text, '"a"'), spanOf(text, '1'), spanOf(text, '[true, null]'), spanOf(text, '"b"'),
  ]);
  assert.deepEqual(value.closeBracket, { start: text.length - 2, end: text.length - 1 });
  assert.equal(dump(expr('[]').value), '[]');
});

test('strings: interpolation parts with exact spans', () => {
  const source = '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"';
  const { value, text } = expr(source);
  if (value.kind !== 'template') return assert.fail('template');
  assert.equal(value.terminated, true);
  assert.equal(value.parts.length, 3);
  const [head, interpolation, tail] = value.parts;
  assert.deepEqual(head, { kind: 'literal', value: 'arn:aws:iam::', span: spanOf(text, 'arn:aws:iam::') });
  assert.equal(interpolation!.kind, 'interpolation');
  assert.deepEqual(interpolation!.span, spanOf(text, '${data.aws_caller_identity.current.account_id}'));
  if (interpolation!.kind !== 'interpolation') return;
  assert.deepEqual(interpolation.expr.span, spanOf(text, 'data.aws_caller_identity.current.account_id'));
  assert.deepEqual(traversalPath(interpolation.expr), ['data', 'aws_caller_identity', 'current', 'account_id']);
  assert.deepEqual(tail, { kind: 'literal', value: ':root', span: spanOf(text, ':root') });
});

test('strings: escapes, $${ and %%{ are literal, empty string', () => {
  const { value, text } = expr('"a\\"b\\\\c\\n\\u00e9\\U0001F600 $${x} %%{y} $ % 100%"');
  assert.equal(staticString(value), 'a"b\\c\né😀 ${x} %{y} $ % 100%');
  if (value.kind !== 'template') return assert.fail('template');
  // One literal part covering the raw text between the quotes.
  assert.equal(value.parts.length, 1);
  assert.deepEqual(value.parts[0]!.span, { start: 5, end: text.length - 2 });
  assert.equal(staticString(expr('""').value), '');
  const empty = expr('""').value;
  assert.ok(empty.kind === 'template' && empty.parts.length === 0);
});

test('strings: %{} directives and ~ strip markers', () => {
  const { value, text } = expr('"%{ for n in var.names ~} ${n}, %{~ endfor } %{if a}y%{else}n%{endif}"');
  assert.equal(dump(value), '"%{for var.names}${n},%{endfor} %{if a}y%{else}n%{endif}"');
  if (value.kind !== 'template') return assert.fail('template');
  const directive = value.parts[0]!;
  assert.equal(directive.kind, 'directive');
  if (directive.kind !== 'directive') return;
  assert.equal(directive.keyword, 'for');
  assert.equal(directive.valueVar?.name, 'n');
  assert.deepEqual(directive.span, spanOf(text, '%{ for n in var.names ~}'));
  // The literal keeps its raw span even though ~ stripped its value.
  assert.deepEqual(value.parts[1], { kind: 'literal', value: '', span: { start: directive.span.end, end: directive.span.end + 1 } });
});

test('heredocs: raw body span and text map 1:1 into the file', () => {
  const text = 'policy = <<EOT\n{\n  "Resource": "${aws_s3_bucket.b.arn}/*"\n}\nEOT\nnext = 1\n';
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  const heredoc = attribute(body, 'policy')!.value;
  if (heredoc.kind !== 'heredoc') return assert.fail('heredoc');
  assert.equal(heredoc.marker, 'EOT');
  assert.equal(heredoc.stripIndent, false);
  assert.equal(heredoc.terminated, true);
  assert.deepEqual(heredoc.span, spanOf(text, '<<EOT\n{\n  "Resource": "${aws_s3_bucket.b.arn}/*"\n}\nEOT'));
  assert.deepEqual(heredoc.bodySpan, spanOf(text, '{\n  "Resource": "${aws_s3_bucket.b.arn}/*"\n}\n'));
  assert.equal(heredoc.bodyText, slice(text, heredoc.bodySpan));
  assert.equal(dump(heredoc), '<<EOT"{\\n  \\"Resource\\": \\"${aws_s3_bucket.b.arn}/*\\"\\n}\\n"');
  const interpolation = heredoc.parts[1]!;
  assert.deepEqual(interpolation.span, spanOf(text, '${aws_s3_bucket.b.arn}'));
  assert.equal(dump(attribute(body, 'next')!.value), '1');
});

test('heredocs: <<- strips the common indentation; the closing marker may be indented', () => {
  const text = 'a = <<-EOT\n    one\n\n      two ${x}\n    ${y} three\n  EOT\nb = <<EOT\n  keep\n  EOT\n';
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  const a = attribute(body, 'a')!.value;
  assert.equal(dump(a), '<<-EOT"one\\n\\n  two ${x}\\n${y} three\\n"');
  if (a.kind !== 'heredoc') return assert.fail('heredoc');
  assert.deepEqual(a.bodySpan, spanOf(text, '    one\n\n      two ${x}\n    ${y} three\n'));
  assert.deepEqual(a.span, spanOf(text, '<<-EOT\n    one\n\n      two ${x}\n    ${y} three\n  EOT'));
  assert.equal(staticString(attribute(body, 'b')!.value), '  keep\n');
});

test('heredocs: CRLF line endings', () => {
  const text = 'a = <<EOT\r\nline\r\nEOT\r\nb = 2\r\n';
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  assert.equal(staticString(attribute(body, 'a')!.value), 'line\r\n');
  assert.equal(dump(attribute(body, 'b')!.value), '2');
});

test('numbers, bools and null', () => {
  assert.deepEqual(expr('42').value, { kind: 'literal', value: 42, span: { start: 4, end: 6 } });
  assert.equal(dump(expr('[0, 1.5, 2e3, 4E+1, 5e-1]').value), '[0, 1.5, 2000, 40, 0.5]');
  assert.deepEqual(expr('true').value, { kind: 'literal', value: true, span: { start: 4, end: 8 } });
  assert.deepEqual(expr('false').value, { kind: 'literal', value: false, span: { start: 4, end: 9 } });
  assert.deepEqual(expr('null').value, { kind: 'literal', value: null, span: { start: 4, end: 8 } });
  assert.equal(dump(expr('-1').value), '(- 1)');
});

test('function calls: plain, provider::ns::fn, ... expansion, multi-line arguments', () => {
  const { value, text } = expr('provider::aws::arn_parse(var.arn)');
  if (value.kind !== 'call') return assert.fail('call');
  assert.equal(value.name, 'provider::aws::arn_parse');
  assert.deepEqual(value.nameSpan, spanOf(text, 'provider::aws::arn_parse'));
  assert.deepEqual(value.args[0]!.span, spanOf(text, 'var.arn'));
  assert.deepEqual(value.closeParen, { start: text.length - 2, end: text.length - 1 });
  assert.equal(dump(expr('merge(a, b...)').value), 'merge(a, b...)');
  assert.equal(dump(expr('f()').value), 'f()');
  assert.equal(dump(expr('jsonencode({\n  a = 1\n},\n)').value), 'jsonencode({a = 1})');
  assert.equal((expr('merge(a, b...)').value as { expandFinal: boolean }).expandFinal, true);
});

test('references: attribute access, index, legacy index, traversal paths', () => {
  const { value, text } = expr('aws_kms_key.k.arn');
  assert.equal(dump(value), 'aws_kms_key.k.arn');
  if (value.kind !== 'getattr') return assert.fail('getattr');
  assert.deepEqual(value.nameSpan, spanOf(text, 'arn'));
  assert.deepEqual(value.object.span, spanOf(text, 'aws_kms_key.k'));
  assert.deepEqual(traversalPath(value), ['aws_kms_key', 'k', 'arn']);
  assert.deepEqual(traversalPath(expr('aws_kms_key.k[0].arn').value), ['aws_kms_key', 'k', 0, 'arn']);
  assert.deepEqual(traversalPath(expr('aws_kms_key.k["a"].arn').value), ['aws_kms_key', 'k', 'a', 'arn']);
  assert.equal(traversalPath(expr('aws_kms_key.k[var.i].arn').value), undefined);
  assert.equal(dump(expr('a.0.b').value), 'a.0.b');
  assert.equal(dump(expr('a.0.1').value), 'a.0.1');
  assert.deepEqual(traversalPath(expr('a.0.1').value), ['a', 0, 1]);
  assert.deepEqual(traversalPath(unwrapTemplate(expr('"${aws_kms_key.k.arn}"').value)), ['aws_kms_key', 'k', 'arn']);
});

test('splats: .* and [*] with the steps that follow', () => {
  const full = expr('aws_iam_role.all[*].arn[0]').value;
  assert.equal(dump(full), 'aws_iam_role.all[*].arn[0]');
  if (full.kind !== 'splat') return assert.fail('splat');
  assert.equal(full.form, 'full');
  assert.deepEqual(full.steps.map((step) => step.kind), ['attr', 'index']);
  const attr = expr('aws_instance.web.*.id').value;
  assert.equal(dump(attr), 'aws_instance.web.*.id');
  // An attribute-only splat does not take index steps: [0] applies to the whole result.
  assert.equal(dump(expr('a.*.b[0]').value), 'a.*.b[0]');
  assert.equal((expr('a.*.b[0]').value as { kind: string }).kind, 'index');
});

test('for expressions: tuple and object forms, key var, grouping, condition', () => {
  const { value, text } = expr('[for s in var.list : upper(s) if s != ""]');
  assert.equal(dump(value), '[for s in var.list : upper(s) if (!= s "")]');
  if (value.kind !== 'for') return assert.fail('for');
  assert.deepEqual(value.valueVar, { name: 's', span: { start: spanOf(text, 'for s').start + 4, end: spanOf(text, 'for s').end } });
  assert.deepEqual(value.collection.span, spanOf(text, 'var.list'));
  assert.equal(dump(expr('{ for k, v in var.map : k => v.id... }').value), '{for k, v in var.map : k => v.id...}');
  assert.equal(dump(expr('{\n  for k, v in var.map :\n  k => v\n}').value), '{for k, v in var.map : k => v}');
  // `for` as an ordinary name is still a key.
  assert.equal(dump(expr('{ for = 1 }').value), '{for = 1}');
});

test('conditionals and operator precedence', () => {
  assert.equal(dump(expr('a ? b : c ? d : e').value), '(? a b (? c d e))');
  assert.equal(dump(expr('1 + 2 * 3 - 4 / 2 % 3').value), '(- (+ 1 (* 2 3)) (% (/ 4 2) 3))');
  assert.equal(dump(expr('a || b && c == d').value), '(|| a (&& b (== c d)))');
  assert.equal(dump(expr('!a && -b < c').value), '(&& (! a) (< (- b) c))');
  assert.equal(dump(expr('a >= b != c <= d').value), '(!= (>= a b) (<= c d))');
  const { value, text } = expr('x > 0 ? "pos" : "neg"');
  if (value.kind !== 'conditional') return assert.fail('conditional');
  assert.deepEqual(value.condition.span, spanOf(text, 'x > 0'));
  assert.deepEqual(value.trueExpr.span, spanOf(text, '"pos"'));
  assert.deepEqual(value.falseExpr.span, spanOf(text, '"neg"'));
  if (value.condition.kind !== 'binary') return assert.fail('binary');
  assert.deepEqual(value.condition.opSpan, spanOf(text, '>'));
});

test('parentheses keep their span and group', () => {
  const { value, text } = expr('(1 + 2) * 3');
  assert.equal(dump(value), '(* (paren (+ 1 2)) 3)');
  if (value.kind !== 'binary') return assert.fail('binary');
  assert.deepEqual(value.left.span, spanOf(text, '(1 + 2)'));
  assert.equal(dump(expr('(\n  a\n  + b\n)').value), '(paren (+ a b))');
});

test('comments: #, // and /* */ anywhere whitespace may be', () => {
  const text = [
    '# leading',
    'a = 1 # trailing',
    '// slashes',
    'b = [ /* inline */ 2, // after item',
    '  3 # in list',
    ']',
    '/* block',
    '   comment */ c = "x" /* after */',
    'd = "# not a comment // either"',
    '',
  ].join('\n');
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(body.items.map((item) => (item.kind === 'attribute' ? `${item.name}=${dump(item.value)}` : '')), [
    'a=1', 'b=[2, 3]', 'c="x"', 'd="# not a comment // either"',
  ]);
});

test('the fixtures parse without problems and with sane spans', () => {
  for (const name of readdirSync(fixtures)) {
    const text = readFileSync(join(fixtures, name), 'utf8');
    const { body, problems } = parseHcl(text);
    assert.deepEqual(problems, [], name);
    assertSpansSane(text, body);
  }
});

test('seed 003: the jsonencode policy has the expected shape', () => {
  const text = readFileSync(join(fixtures, 'seed-003.tf'), 'utf8');
  const { body } = parseHcl(text);
  const resources = blocks(body, 'resource');
  assert.deepEqual(resources.map((block) => block.labels.map((label) => label.value).join('.')), [
    'aws_iam_policy.overly_permissive_policy', 'aws_kms_key.my_secure_key', 'aws_iam_role.my_app_role',
  ]);
  const policy = attribute(resources[0]!.body, 'policy')!.value;
  assert.equal(dump(policy),
    'jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Resource = "arn:aws:kms:*:123456789012:key/mrk-1234567890abcdef"}]})');
  if (policy.kind !== 'call' || policy.args[0]!.kind !== 'object') return assert.fail('jsonencode object');
  const statement = policy.args[0].items[1]!.value;
  if (statement.kind !== 'tuple' || statement.items[0]!.kind !== 'object') return assert.fail('statement list');
  const action = statement.items[0].items[1]!.value;
  if (action.kind !== 'tuple') return assert.fail('action list');
  assert.deepEqual(action.items[1]!.span, spanOf(text, '"kms:Decrypt"'));
});

test('UTF-16 offsets: spans count code units, so text after non-BMP characters lines up', () => {
  const text = 'a = "😀é"\nb = x\n';
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  const b = attribute(body, 'b')!;
  assert.deepEqual(b.value.span, spanOf(text, 'x'));
  assert.deepEqual(attribute(body, 'a')!.value.span, { start: 4, end: 4 + '"😀é"'.length });
});

test('identifiers may contain dashes and non-ASCII letters', () => {
  const text = 'my-attr = naïve-name\n';
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, []);
  assert.equal(body.items[0]!.kind === 'attribute' && body.items[0].name, 'my-attr');
  assert.equal(dump((body.items[0] as Attribute).value), 'naïve-name');
});
