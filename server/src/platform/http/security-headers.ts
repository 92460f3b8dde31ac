import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /** PUBLIC_URL: HSTS is sent when it is https. */
  publicUrl?: string;
  /** FRAME_ANCESTORS: who may frame our pages (CSP syntax); 'none' when unset. */
  frameAncestors?: string;
}

const oneYear = 31_536_000;

// Message text is always rendered as text; the policy is the second fence should anything slip.
function webAppPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine writes its theme as <style> elements and style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // Recorded voice notes are played back from blob: URLs before they are sent.
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

// Swagger UI loads its own scripts from /docs/static and styles parts of the page inline.
function docsPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

// JSON, files and metrics are never documents to run: nothing may load from them, nobody may frame them.
// (No `sandbox` here: Chrome's PDF viewer refuses sandboxed documents, and invoices open as PDFs.)
const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Security headers on every response, set just before it is sent so errors,
 * 404s and plugin routes (Swagger UI) get them too: a CSP per kind of answer,
 * nosniff, a Referrer-Policy, framing refused unless configured, HSTS over
 * https, and no caching of API answers (they carry personal data).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const frameAncestors = options.frameAncestors?.trim() || "'none'";
  const policies = { web: webAppPolicy(frameAncestors), docs: docsPolicy(frameAncestors) };
  // This host only: other subdomains of the business may not all speak https.
  const hsts = options.publicUrl?.startsWith('https:') ? `max-age=${oneYear}` : undefined;
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0]!;
    const isApi = under(path, '/api') || under(path, '/webhooks') || under(path, '/metrics') || under(path, '/ws');
    // A route with a stricter policy of its own (customers' files: sandbox) keeps it.
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', isApi ? apiPolicy : under(path, '/docs') ? policies.docs : policies.web);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (frameAncestors === "'none'") reply.header('x-frame-options', 'DENY');
    else reply.removeHeader('x-frame-options');
    if (hsts) reply.header('strict-transport-security', hsts);
    // A route that chose its own caching (media files: private) keeps it.
    if (isApi && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
