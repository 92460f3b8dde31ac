// X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw request body, keyed with the Meta app's secret.
// Checked on the bytes as received (re-serialised JSON would differ), in constant time, before anything is parsed.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-hub-signature-256';

export function signMetaBody(appSecret: string, raw: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/** The index of the secret that signed `raw`, or -1 (missing, malformed or wrong signature). */
export function matchMetaSignature(raw: Buffer, header: unknown, secrets: readonly string[]): number {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return -1;
  const given = Buffer.from(header.trim().slice('sha256='.length).toLowerCase(), 'hex');
  let found = -1;
  // Every secret is tried, so the time taken does not say which one (or whether any) matched.
  secrets.forEach((secret, index) => {
    const expected = createHmac('sha256', secret).update(raw).digest();
    if (timingSafeEqual(expected, given) && found === -1) found = index;
  });
  return found;
}
