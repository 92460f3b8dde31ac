import { createCipheriv, createDecipheriv, createHash, createHmac, hash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys derived from APP_SECRET; each purpose gets its own key so one leak does not expose the others. */
export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
  /** A stable value the database keeps to detect a process started with a different APP_SECRET. */
  fingerprint: string;
}

export function createSecretBox(appSecret: string): SecretBox {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', appSecret, 'switchboard', purpose, 32));
  const encryptionKey = derive('encryption-v1');
  const fingerprint = createHmac('sha256', derive('fingerprint-v1')).update('switchboard').digest('base64url');
  return {
    fingerprint,
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unreadable encrypted value');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** A random URL-safe token with `bytes` of entropy. */
export function createRandomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are stored only as their SHA-256, so a database leak does not hand out sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function equalsInConstantTime(a: string, b: string): boolean {
  // One-shot hashing: every webhook compares its secret, and a Hash object each cost more than the comparison.
  const left = hash('sha256', a, 'buffer');
  const right = hash('sha256', b, 'buffer');
  return timingSafeEqual(left, right) && a.length === b.length;
}

/** Shows enough of a secret to recognise it, never enough to use it. */
export function maskSecret(secret: string): string {
  const colon = secret.indexOf(':');
  if (colon > 0) return `${secret.slice(0, colon)}:${'*'.repeat(6)}${secret.slice(-4)}`;
  return secret.length <= 8 ? '*'.repeat(8) : `${'*'.repeat(6)}${secret.slice(-4)}`;
}
