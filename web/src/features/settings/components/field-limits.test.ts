import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldLimitProblem } from './field-limits.ts';

test('a settings field outside its schema limits names the limit it broke', () => {
  const minutes = { type: 'integer', minimum: 1, maximum: 1440 };
  assert.deepEqual(fieldLimitProblem(minutes, 5000), { kind: 'tooBig', limit: 1440 });
  assert.deepEqual(fieldLimitProblem(minutes, 0), { kind: 'tooSmall', limit: 1 });
  assert.equal(fieldLimitProblem(minutes, 1440), null);
  // zod's .positive() on an integer: an exclusive minimum of 0 means at least 1.
  assert.deepEqual(fieldLimitProblem({ type: 'integer', exclusiveMinimum: 0 }, 0), { kind: 'tooSmall', limit: 1 });
  // A nullable field keeps its limits in anyOf; null itself is the server's to judge.
  const nullable = { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] };
  assert.deepEqual(fieldLimitProblem(nullable, 'four'), { kind: 'tooLong', limit: 3 });
  assert.equal(fieldLimitProblem(nullable, null), null);
  assert.equal(fieldLimitProblem({ type: 'boolean' }, true), null);
});
