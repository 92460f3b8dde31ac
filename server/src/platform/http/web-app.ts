import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from './app.ts';

export interface WebAppOptions {
  /** The Vite build of web/ (web/dist): index.html, assets/ with hashed names, public files. */
  distDir: string;
}

/** Paths the web app never answers, so an unknown API route stays a JSON 404 instead of a page. */
const serverPrefixes = ['/api', '/ws', '/webhooks', '/docs', '/metrics'];

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const immutable = 'public, max-age=31536000, immutable';

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard: web app not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f1f3f5;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>The web app is not built yet</h1>
<p>The server is running and its API answers at <a href="/docs">/docs</a>, but <code>web/dist</code> is missing.</p>
<p><code>npm start</code> builds it before starting; to build it by hand run <code>npm run build:web</code>, then reload this page.</p>
</body></html>
`;

function isServerPath(pathname: string): boolean {
  return serverPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function decodePath(url: string): string | null {
  try {
    const pathname = decodeURIComponent(url.split('?')[0]!.split('#')[0]!);
    return pathname.includes('\0') ? null : pathname;
  } catch {
    return null;
  }
}

/** The file under root for a URL path, or null when it would leave root or touch a dotfile (.vite, .build-stamp). */
function resolveInside(root: string, pathname: string): string | null {
  const segments = pathname.split(/[/\\]+/).filter(Boolean);
  if (segments.some((segment) => segment.startsWith('.'))) return null;
  const file = path.resolve(root, ...segments);
  return file.startsWith(root + path.sep) ? file : null;
}

function statFile(file: string): fs.Stats | null {
  try {
    const stats = fs.statSync(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** Picks a precompressed copy (written by the web build) the browser accepts. */
function chooseEncoding(
  file: string,
  acceptEncoding: string | undefined,
): { file: string; encoding?: 'br' | 'gzip'; stats: fs.Stats } | null {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  for (const encoding of ['br', 'gzip'] as const) {
    if (!new RegExp(`(^|[,\\s])${encoding}(?!;q=0(\\.0*)?(,|$))`).test(accepted)) continue;
    const suffix = encoding === 'br' ? '.br' : '.gz';
    const stats = statFile(file + suffix);
    if (stats) return { file: file + suffix, encoding, stats };
  }
  return null;
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: string, stats: fs.Stats, cacheControl: string) {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  reply
    .header('content-type', contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream')
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  const variant = chooseEncoding(file, request.headers['accept-encoding']) ?? { file, stats, encoding: undefined };
  if (variant.encoding) reply.header('content-encoding', variant.encoding);
  reply.header('content-length', String(variant.stats.size));
  // Fastify's HEAD route drains the stream and keeps this content-length.
  return reply.send(fs.createReadStream(variant.file));
}

/**
 * Serves the built web app at `/` on the API's port: hashed assets cached for a year, index.html
 * revalidated every time, and index.html for every other page path so client routes survive a reload.
 * `/api`, `/ws`, `/webhooks`, `/docs` and `/metrics` are never shadowed: unknown paths there stay JSON 404s.
 * Without a build it answers a 503 page saying how to build.
 */
export function registerWebApp(app: HttpApp, options: WebAppOptions): void {
  const root = path.resolve(options.distDir);
  const indexFile = path.join(root, 'index.html');

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = decodePath(request.url);
    if (pathname === null || isServerPath(pathname)) return reply.callNotFound();
    const file = pathname === '/' ? null : resolveInside(root, pathname);
    if (pathname !== '/' && file === null) return reply.callNotFound();
    const stats = file ? statFile(file) : null;
    if (file && stats) return sendFile(request, reply, file, stats, pathname.startsWith('/assets/') ? immutable : 'no-cache');
    // A missing file (a stale asset, a typo) is a 404; a page path is the app's own route.
    if (pathname.startsWith('/assets/') || path.extname(pathname) !== '') return reply.callNotFound();
    const indexStats = statFile(indexFile);
    if (!indexStats) {
      return reply
        .status(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('retry-after', '10')
        .send(notBuiltPage);
    }
    return sendFile(request, reply, indexFile, indexStats, 'no-cache');
  };

  const routeOptions = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/', routeOptions, handler);
  app.get('/*', routeOptions, handler);
}
