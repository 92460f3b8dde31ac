import net from 'node:net';
import { z } from 'zod';

/** What the HTTP server trusts X-Forwarded-For from: nobody (false), that many hops, or these addresses. */
export type TrustProxy = false | number | string[];

// proxy-addr's names for whole ranges, which Fastify accepts beside addresses and CIDRs.
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (namedRanges.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const version = net.isIP(address ?? '');
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: off by default, so a client cannot pick its own address with X-Forwarded-For (and so escape
 * per-address limits). "1" trusts one hop (the proxy in front); "10.0.0.1,10.1.0.0/16" trusts those.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .optional()
  .transform((value, context): TrustProxy => {
    if (value === undefined || value === '' || value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    if (value === 'true') {
      context.addIssue({
        code: 'custom',
        message:
          'must not be "true" (any client could then set its own address): give the number of proxies in front, e.g. 1, or their addresses',
      });
      return z.NEVER;
    }
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const wrong = entries.filter((entry) => !isAddressOrRange(entry));
    if (wrong.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `"${wrong.join('", "')}" is not an IP address or CIDR range: use a hop count (1) or a comma list such as 10.0.0.1,10.1.0.0/16`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** Fastify's form: a hop count becomes proxy-addr's "trust the first n hops" function. */
export function fastifyTrustProxy(value: TrustProxy | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value || false;
}
