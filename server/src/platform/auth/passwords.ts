import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { HttpError } from '../http/errors.ts';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// algorithm 2 is Argon2id (the package's const enum cannot be imported under type stripping).
const parameters = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * A global bound on hashing work. Each hash takes 19 MiB and a libuv thread,
 * the threads file reads and DNS share: past `concurrency` running, callers
 * wait in line; past `maxQueued` waiting, they are told to come back (503 +
 * Retry-After) instead of piling up memory and latency for everyone else.
 */
export function createHashingBound(options: { concurrency: number; maxQueued: number; retryAfterSeconds?: number }) {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running >= options.concurrency) {
        if (waiting.length >= options.maxQueued) {
          throw Object.assign(new HttpError(503, 'busy', 'The server is checking many passwords right now; try again in a moment.'), {
            retryAfter: options.retryAfterSeconds ?? 1,
          });
        }
        // The releasing caller hands its slot over, so `running` stays as it is.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running += 1;
      try {
        return await work();
      } finally {
        release();
      }
    },
    get load() {
      return { running, waiting: waiting.length };
    },
  };
}

// Half the cores (at least one) leaves the rest for requests; 64 in line is a few seconds of work at most.
const hashing = createHashingBound({ concurrency: Math.max(1, Math.floor(os.availableParallelism() / 2)), maxQueued: 64 });

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, parameters));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return hashing.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

// Verifying against a real hash when the user does not exist keeps the timing the same.
let decoyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  // A refused attempt (503) must not leave a rejected promise behind for every later caller.
  decoyHash ??= hashPassword('decoy-password-for-timing').catch((error: unknown) => {
    decoyHash = undefined;
    throw error;
  });
  await verifyPassword(await decoyHash, password);
}
