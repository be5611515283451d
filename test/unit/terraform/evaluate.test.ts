// The module-input evaluator: the expression subset it knows, the expressions it must refuse
// (unknown, never a guess), and its bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHcl } from '../../../server/src/core/terraform/hcl';
import { Evaluator, type Environment, type EvalMode } from '../../../server/src/core/terraform/eval/evaluate';
import type { Value } from '../../../server/src/core/terraform/eval/value';

function environment(variables: Record<string, Value> = {}): Environment {
  return { variable: (name) => variables[name], local: () => undefined, module: () => undefined, scope: 'root' };
}

function evaluate(source: string, mode: EvalMode = 'full', variables: Record<string, Value> = {}, budget?: number): Value {
  const text = `x = ${source}\n`;
  const { body, problems } = parseHcl(text);
  assert.deepEqual(problems, [], source);
  const item = body.items[0]!;
  assert.equal(item.kind, 'attribute');
  return new Evaluator(environment(variables), mode, budget).evaluate((item as { value: Parameters<Evaluator['evaluate']>[0] }).value, { file: 'x.tf', text });
}

/** A value as plain data ('?' for unknown, `ref:` for references). */
function plain(value: Value): unknown {
  switch (value.kind) {
    case 'list': return value.items.map(plain);
    case 'object': return Object.fromEntries(value.entries.map((e) => [e.key, plain(e.value)]));
    case 'null': return null;
    case 'ref': return `ref:${value.ref.type}.${value.ref.name}${value.ref.attribute ? '.' + value.ref.attribute : ''}@${value.ref.scope}`;
    case 'unknown': return '?';
    default: return value.value;
  }
}

const users: Value = { kind: 'list', items: [{ kind: 'string', value: 'arn:aws:iam::111122223333:role/a' }, { kind: 'string', value: '' }] };

test('the subset: literals, collections, templates, conditionals, operators, for, and the listed functions', () => {
  const cases: [string, unknown][] = [
    ['"a${1 + 2}b"', 'a3b'],
    ['[1, "x", true, null]', [1, 'x', true, null]],
    ['{ a = 1, "b" = [2] }', { a: 1, b: [2] }],
    ['length(var.users) > 0 ? [1] : []', [1]],
    ['!true || (2 >= 3)', false],
    ['concat(["a"], var.users, [])', ['a', 'arn:aws:iam::111122223333:role/a', '']],
    ['compact(var.users)', ['arn:aws:iam::111122223333:role/a']],
    ['merge({ a = 1, b = 2 }, { b = 3 })', { a: 1, b: 3 }],
    ['flatten([["a"], [["b"]], "c"])', ['a', 'b', 'c']],
    ['contains(var.users, "")', true],
    ['try(var.missing.attribute, "fallback")', '?'],
    ['try({ a = 1 }.b, "fallback")', 'fallback'],
    ['coalesce(null, "", "x")', 'x'],
    // `upper` is not in the subset: the list has one item, not known.
    ['[for u in var.users : upper(u) if u != ""]', ['?']],
    ['[for u in var.users : "${u}!" if u != ""]', ['arn:aws:iam::111122223333:role/a!']],
    ['{ for i, u in var.users : u => i }', { 'arn:aws:iam::111122223333:role/a': 0, '': 1 }],
    ['lookup({ a = "x" }, "b", "y")', 'y'],
    ['join(",", ["a", "b"])', 'a,b'],
    ['var.users[0]', 'arn:aws:iam::111122223333:role/a'],
    ['aws_iam_role.app.arn', 'ref:aws_iam_role.app.arn@root'],
    ['[aws_kms_key.k[0].arn]', ['ref:aws_kms_key.k.arn@root']],
  ];
  for (const [source, expected] of cases) assert.deepEqual(plain(evaluate(source, 'full', { users })), expected, source);
});

test('expressions the evaluator must refuse are unknown', () => {
  for (const source of [
    'file("users.json")',
    'templatefile("policy.tpl", {})',
    'jsondecode(file("x.json"))',
    'timestamp()',
    'uuid()',
    'split(",", var.csv)',
    'var.undeclared',
    'each.value',
    'count.index',
    'path.module',
    'var.users[5]',
    '[for u in var.undeclared : u]',
    'var.undeclared ? "a" : "b"',
    'local.x',
    'module.other.key_arn',
    'provider::aws::arn_parse("x")',
    'concat(var.users, var.undeclared)',
  ]) {
    const value = plain(evaluate(source, 'full', { users }));
    assert.equal(value, '?', `${source} gave ${JSON.stringify(value)}`);
  }
});

test('literal mode (root modules) reads only what is written: no conditionals, functions or for', () => {
  assert.deepEqual(plain(evaluate('["a", var.users[0]]', 'literal', { users })), ['a', 'arn:aws:iam::111122223333:role/a']);
  for (const source of ['length(var.users) > 0 ? [1] : []', 'concat(["a"], ["b"])', '[for u in ["a"] : u]', '1 + 2', '!true']) {
    assert.equal(plain(evaluate(source, 'literal', { users })), '?', source);
  }
});

test('bounds: a step budget, deep nesting and large collections give unknown, never an exception', () => {
  // Past the budget, what is left is unknown (the outer lists were built before it ran out).
  assert.match(JSON.stringify(plain(evaluate('[[[[[[1]]]]]]', 'full', {}, 3))), /"\?"/);
  const deep = '('.repeat(400) + '1' + ')'.repeat(400);
  assert.equal(plain(evaluate(deep, 'full')), '?');
  const big: Value = { kind: 'list', items: Array.from({ length: 5000 }, (_, i) => ({ kind: 'number', value: i }) as Value) };
  assert.equal(plain(evaluate('[for x in var.big : x]', 'full', { big })), '?');
  assert.equal(plain(evaluate('concat(var.big, var.big)', 'full', { big })), '?');
});

test('nested lone interpolations are evaluated once each (fuzz seed 0xb25a87ba: every level used to evaluate its inner template twice)', () => {
  const depth = 150;
  const text = `x = ${'"${'.repeat(depth)}var.x${'}"'.repeat(depth)}\n`;
  const { body } = parseHcl(text);
  const item = body.items[0] as { value: Parameters<Evaluator['evaluate']>[0] };
  const evaluator = new Evaluator(environment({ x: { kind: 'string', value: 'arn' } }), 'full', 5 * depth);
  assert.deepEqual(plain(evaluator.evaluate(item.value, { file: 'x.tf', text })), 'arn');
  assert.equal(evaluator.exhausted, false);
});
