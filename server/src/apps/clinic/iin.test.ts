import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkIin, makeIin } from './iin.ts';

describe('IIN', () => {
  test('a generated IIN is valid and carries its birth date and sex', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.boolean(),
        fc.nat(9_999),
        (date, male, serial) => {
          const day = date.toISOString().slice(0, 10);
          const sex = male ? 'M' : 'F';
          assert.deepEqual(checkIin(makeIin(day, sex, serial), { birthDate: day, sex }), { valid: true, birthDate: day, sex });
        },
      ),
    );
  });

  test('each refusal says why', () => {
    const good = makeIin('1990-03-15', 'F');
    assert.equal(checkIin('12345').valid, false);
    assert.deepEqual(checkIin('12345'), { valid: false, reason: 'length' });
    assert.deepEqual(checkIin('90031540012a'), { valid: false, reason: 'digits' });
    assert.equal((checkIin(`${good.slice(0, 6)}7${good.slice(7)}`) as { reason: string }).reason, 'century');
    assert.equal((checkIin(`900231${good.slice(6)}`) as { reason: string }).reason, 'date');
    const wrongCheck = `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`;
    assert.equal((checkIin(wrongCheck) as { reason: string }).reason, 'checksum');
    assert.equal((checkIin(good, { birthDate: '1990-03-16' }) as { reason: string }).reason, 'birth_date_mismatch');
    assert.equal((checkIin(good, { sex: 'M' }) as { reason: string }).reason, 'sex_mismatch');
  });

  test('the second weighting applies when the first gives 10, and a second 10 leaves no valid number', () => {
    // 9003154008: weights 1…11 give 10 mod 11, weights 3…11,1,2 give 4.
    assert.deepEqual(checkIin('900315400804'), { valid: true, birthDate: '1990-03-15', sex: 'F' });
    // 90031540083: both weightings give 10, so no twelfth digit makes it valid.
    for (let digit = 0; digit <= 9; digit += 1) assert.equal(checkIin(`90031540083${digit}`).valid, false);
  });
});
