// The server half of Telegram's SRP two-step password check (core.telegram.org/api/srp),
// for the network stub: mtcute computes the real client half (A, M1) and this checks it.
import crypto from 'node:crypto';

const sha256 = (...parts: Uint8Array[]) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
const toBig = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const toBytes = (value: bigint) => Buffer.from(value.toString(16).padStart(512, '0'), 'hex');
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  for (; exponent > 0n; exponent >>= 1n, base = (base * base) % modulus) if (exponent & 1n) result = (result * base) % modulus;
  return result;
}

// RFC 3526's 2048-bit MODP group (a safe prime), generator 2.
const primeBytes = crypto.getDiffieHellman('modp14').getPrime();
const p = toBig(primeBytes);
const g = 2n;

function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
  const sh = (data: Uint8Array, salt: Buffer) => sha256(salt, data, salt);
  const ph1 = sh(sh(Buffer.from(password, 'utf8'), salt1), salt2);
  return sh(crypto.pbkdf2Sync(ph1, salt1, 100_000, 64, 'sha512'), salt2);
}

/** One account.getPassword answer and the check of the auth.checkPassword that follows it. */
export function createSrpChallenge(password: string) {
  const salt1 = crypto.randomBytes(40);
  const salt2 = crypto.randomBytes(16);
  const x = toBig(passwordHash(password, salt1, salt2));
  const v = modPow(g, x, p);
  const gBytes = toBytes(g);
  const k = toBig(sha256(primeBytes, gBytes));
  const b = toBig(crypto.randomBytes(256));
  const B = (k * v + modPow(g, b, p)) % p;
  const srpB = toBytes(B);
  return {
    algo: { salt1, salt2, g: Number(g), p: primeBytes },
    srpB,
    verify(A: Uint8Array, M1: Uint8Array): boolean {
      const u = toBig(sha256(A, srpB));
      const S = modPow((toBig(A) * modPow(v, u, p)) % p, b, p);
      const K = sha256(toBytes(S));
      const hp = sha256(primeBytes);
      const hg = sha256(gBytes);
      const xor = Buffer.from(hp.map((byte, index) => byte ^ hg[index]!));
      const expected = sha256(xor, sha256(salt1), sha256(salt2), A, srpB, K);
      return expected.length === M1.length && crypto.timingSafeEqual(expected, Buffer.from(M1));
    },
  };
}
