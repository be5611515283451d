import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateClause, prefixMatch, satisfiable, type Clause, type ContextValue, type PrincipalContext } from '../../../server/src/core/explain/conditions';
import { conjoinConditions } from '../../../server/src/core/explain/conjoin';

const clause = (operator: string, key: string, ...values: string[]): Clause => ({ operator, key, values: values.map((text) => ({ text, known: true })), unknown: false });
const literal = (value: string): ContextValue => ({ kind: 'literal', value });
const absent: ContextValue = { kind: 'absent' };
const none: PrincipalContext = new Map();

test('prefixMatch: a value known only by its start', () => {
  assert.equal(prefixMatch('role/*', 'role/'), 'yes');
  assert.equal(prefixMatch('role/admin', 'role/'), 'maybe');
  assert.equal(prefixMatch('user/*', 'role/'), 'no');
  assert.equal(prefixMatch('role/', 'role/'), 'no', 'the unknown rest is never empty');
  assert.equal(prefixMatch('*', ''), 'yes');
  assert.equal(prefixMatch('r?le/*x', 'role/'), 'maybe');
});

test('evaluateClause: a missing key fails positive operators and satisfies negated ones and IfExists', () => {
  assert.equal(evaluateClause(clause('StringEquals', 'k', 'a'), absent), 'no');
  assert.equal(evaluateClause(clause('StringNotEquals', 'k', 'a'), absent), 'yes');
  assert.equal(evaluateClause(clause('StringEqualsIfExists', 'k', 'a'), absent), 'yes');
  assert.equal(evaluateClause(clause('Null', 'k', 'true'), absent), 'yes');
  assert.equal(evaluateClause(clause('Null', 'k', 'false'), literal('x')), 'yes');
  assert.equal(evaluateClause(clause('StringEqualsIgnoreCase', 'k', 'ABC'), literal('abc')), 'yes');
  assert.equal(evaluateClause(clause('Bool', 'k', 'true'), literal('True')), 'yes');
  assert.equal(evaluateClause(clause('NumericLessThan', 'k', '3'), literal('1')), 'maybe', 'not reasoned about');
  assert.equal(evaluateClause(clause('ForAnyValue:StringEquals', 'k', 'a'), literal('a')), 'maybe');
});

test('evaluateClause: ARN operators match component by component; a partial ARN decides what its known parts decide', () => {
  assert.equal(evaluateClause(clause('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::1*:role/*'), literal('arn:aws:iam::111122223333:role/x')), 'yes');
  assert.equal(evaluateClause(clause('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role'), literal('arn:aws:iam::111122223333:role/x')), 'no', 'the account wildcard does not reach into the resource');
  const role: ContextValue = { kind: 'partial-arn', parts: ['arn', 'aws', 'iam', '', '111122223333'], resourcePrefix: 'role/' };
  assert.equal(evaluateClause(clause('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::444455556666:role/*'), role), 'no');
  assert.equal(evaluateClause(clause('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*'), role), 'yes');
  assert.equal(evaluateClause(clause('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/app'), role), 'maybe');
  assert.equal(evaluateClause(clause('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:user/*'), role), 'yes');
});

test('satisfiable: equal keys intersect, a principal fixes its keys, PrincipalAccount is CallerAccount', () => {
  assert.equal(satisfiable([clause('StringEquals', 'kms:CallerAccount', '1'), clause('StringEquals', 'kms:CallerAccount', '2')], [], none).result, 'no');
  assert.equal(satisfiable([clause('StringEquals', 'kms:CallerAccount', '1', '2'), clause('StringEquals', 'aws:PrincipalAccount', '2')], [], none).result, 'yes');
  assert.equal(satisfiable([clause('StringEquals', 'kms:CallerAccount', '1')], [], new Map([['kms:calleraccount', literal('2')]])).result, 'no');
  assert.equal(satisfiable([clause('StringEquals', 'kms:ViaService', 's3'), clause('StringNotEquals', 'kms:ViaService', 's3')], [], none).result, 'no');
  assert.equal(satisfiable([clause('StringLike', 'k', 'a*'), clause('StringLike', 'k', '*z')], [], none).result, 'yes');
  assert.equal(satisfiable([clause('StringLike', 'k', 'a*'), clause('StringLike', 'k', 'b*')], [], none).result, 'maybe', 'two patterns are never called impossible');
  assert.equal(satisfiable([clause('StringLike', 'k', 'a*'), clause('StringNotEquals', 'k', 'a', 'ab')], [], none).result, 'yes');
  assert.equal(satisfiable([clause('NumericLessThan', 'n', '1'), clause('NumericGreaterThan', 'n', '5')], [], none).result, 'maybe');
});

test('satisfiable with Denies: a Deny always applies when the path implies its conditions', () => {
  const via = clause('StringEquals', 'kms:ViaService', 's3.us-east-1.amazonaws.com');
  assert.equal(satisfiable([], [[]], none).result, 'no', 'an unconditional Deny');
  assert.equal(satisfiable([via], [[clause('StringLike', 'kms:ViaService', 's3.*')]], none).result, 'no');
  assert.equal(satisfiable([via], [[clause('StringEquals', 'kms:ViaService', 'ec2.us-east-1.amazonaws.com')]], none).result, 'yes');
  // Two Denies that together cover every value the path allows.
  const two = clause('StringEquals', 'kms:ViaService', 'a', 'b');
  assert.equal(satisfiable([two], [[clause('StringEquals', 'kms:ViaService', 'a')], [clause('StringEquals', 'kms:ViaService', 'b')]], none).result, 'no');
  assert.equal(satisfiable([], [[clause('StringNotEquals', 'aws:PrincipalOrgID', 'o-1')]], none).result, 'yes');
  const opaque = clause('NumericLessThan', 'n', '1');
  assert.equal(satisfiable([opaque], [[opaque]], none).result, 'no', 'the same clause in the path and the Deny');
});

test('conjoinConditions: different keys merge, equalities intersect, negations join, patterns stay separate', () => {
  assert.deepEqual(conjoinConditions([{ StringEquals: { a: ['1'] } }, { StringEquals: { b: ['2'] } }]), { conditions: { StringEquals: { a: ['1'], b: ['2'] } }, more: [] });
  assert.deepEqual(conjoinConditions([{ StringEquals: { a: ['1', '2'] } }, { StringEquals: { a: ['2', '3'] } }]), { conditions: { StringEquals: { a: ['2'] } }, more: [] });
  assert.deepEqual(conjoinConditions([{ StringNotEquals: { a: ['1'] } }, { StringNotEquals: { a: ['2'] } }]), { conditions: { StringNotEquals: { a: ['1', '2'] } }, more: [] });
  assert.deepEqual(conjoinConditions([{ StringLike: { a: ['x*'] } }, { StringLike: { a: ['*y'] } }]), { conditions: { StringLike: { a: ['x*'] } }, more: [{ StringLike: { a: ['*y'] } }] });
  assert.deepEqual(conjoinConditions([{ StringEqualsIfExists: { a: ['1'] } }, { StringEqualsIfExists: { a: ['2'] } }]).more, [{ StringEqualsIfExists: { a: ['2'] } }]);
});
