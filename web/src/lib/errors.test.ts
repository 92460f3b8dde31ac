import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorCodes } from '@switchboard/contract/errors';
import i18next from 'i18next';
import { ApiError } from './api.ts';
import { errorText } from './errors.ts';
import { apiErrorsEn, apiErrorsRu } from './locales/api-errors.ts';
import { en } from './locales/en.ts';
import { ru } from './locales/ru.ts';

await i18next.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', interpolation: { escapeValue: false } });

test('before the codes’ texts have loaded, a known code reads as the generic text that names it', () => {
  assert.equal(
    errorText(new ApiError(409, 'email_taken', 'A staff user with the e-mail olga@example.com exists already.')),
    'Something went wrong (code: email_taken). Try again; if it repeats, tell your administrator.',
  );
  // What lib/i18n.ts does once the texts arrive (tests run in order: the ones below read them).
  i18next.addResourceBundle('en', 'translation', { apiError: apiErrorsEn }, true, false);
  i18next.addResourceBundle('ru', 'translation', { apiError: apiErrorsRu }, true, false);
});

test('a known code reads in the reader’s language, never as the server’s English message', async () => {
  const error = new ApiError(409, 'email_taken', 'A staff user with the e-mail olga@example.com exists already.');
  assert.equal(errorText(error), 'This e-mail is already used by another account.');
  await i18next.changeLanguage('ru');
  assert.equal(errorText(error), 'Этот e-mail уже занят другой учётной записью.');
  await i18next.changeLanguage('en');
});

test('an unknown code falls back to a generic text that names it; a failure of the app itself is named, not quoted', () => {
  assert.equal(
    errorText(new ApiError(502, 'http_502', 'Bad Gateway')),
    'Something went wrong (code: http_502). Try again; if it repeats, tell your administrator.',
  );
  assert.match(errorText(new TypeError('x is undefined')), /\(code: TypeError\)/);
  assert.equal(errorText(new ApiError(0, 'network', 'unreachable')), en.apiError.network);
});

test('every code of the contract has its Russian and English text', () => {
  for (const code of errorCodes) {
    assert.ok(apiErrorsEn[code]?.trim(), `en: ${code}`);
    assert.ok(apiErrorsRu[code]?.trim(), `ru: ${code}`);
  }
});
