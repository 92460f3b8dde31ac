import { isIP } from 'node:net';

/**
 * Telegram refuses URL buttons to localhost and private addresses, so a
 * button back to the portal is only offered for a public http(s) address.
 */
export function isPublicHttpUrl(value: string | undefined): boolean {
  if (!value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) === 4) return !isPrivateIpv4(host);
  if (isIP(host) === 6) return !/^(::1?|f[cd][0-9a-f]{2}:.*|fe[89ab][0-9a-f]:.*|::ffff:.*)$/.test(host);
  if (!host.includes('.')) return false;
  return !/(^|\.)(localhost|local|internal|lan|home|test|invalid|example)$/.test(host);
}

function isPrivateIpv4(host: string): boolean {
  const [a, b] = host.split('.').map(Number) as [number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

/** The absolute address of a web page, when PUBLIC_URL is known. */
export function pageUrl(publicUrl: string | undefined, pagePath: string): string | undefined {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}${pagePath}` : undefined;
}
