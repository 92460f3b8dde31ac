import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPublicHttpUrl } from './public-url.ts';

test('buttons are offered only for public http(s) addresses, which Telegram accepts', () => {
  for (const url of ['https://crm.example.com', 'http://crm.company.kz:8080/x', 'https://8.8.8.8', 'https://[2001:db8::1]'])
    assert.equal(isPublicHttpUrl(url), true, url);
  for (const url of [
    undefined,
    '',
    'not a url',
    'ftp://crm.example.com',
    'http://localhost:3000',
    'http://app.localhost',
    'http://127.0.0.1:3000',
    'http://10.0.0.5',
    'http://172.20.1.1',
    'http://192.168.1.10',
    'http://169.254.1.1',
    'http://100.64.0.1',
    'http://[::1]:3000',
    'http://[fd00::1]',
    'http://server',
    'http://crm.local',
    'http://crm.internal',
  ]) {
    assert.equal(isPublicHttpUrl(url), false, String(url));
  }
});
