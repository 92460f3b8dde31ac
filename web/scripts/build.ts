// Builds the web app into web/dist when its sources changed since the last build, so `npm start`
// (its prestart) and the browser tests always serve a current app. `--force` builds regardless.
// The build goes to a temporary folder and is swapped in whole: a running server never serves half.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { routeJsSize, routeModules } from './bundle-size.ts';

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(webRoot, 'dist');
const stampFile = '.build-stamp';
// The API contract's zod-free files are bundled too (@switchboard/contract/…-values): a change there rebuilds.
const inputs = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  'tsconfig.json',
  '../packages/contract/src',
  '../packages/contract/package.json',
];

function listFiles(entry: string): string[] {
  const full = path.join(webRoot, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [entry];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((item) => item.isFile() && !item.name.endsWith('.test.ts'))
    .map((item) => path.relative(webRoot, path.join(item.parentPath, item.name)))
    .sort();
}

/** A hash of every input file's path and content (and the locked dependency versions). */
export function sourceFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(listFiles)) {
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(webRoot, file)))
      .update('\0');
  }
  const lock = path.join(webRoot, '..', 'package-lock.json');
  if (fs.existsSync(lock)) hash.update(fs.readFileSync(lock));
  return hash.digest('hex');
}

export function isBuildCurrent(): boolean {
  try {
    return fs.readFileSync(path.join(distDir, stampFile), 'utf8').trim() === sourceFingerprint();
  } catch {
    return false;
  }
}

/** Precompressed copies the server sends to browsers that accept them. */
function compressAssets(folder: string): void {
  for (const item of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!item.isFile() || !/\.(js|css|html|svg|json|txt)$/.test(item.name)) continue;
    const file = path.join(item.parentPath, item.name);
    const content = fs.readFileSync(file);
    if (content.length < 1024) continue;
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }));
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

/**
 * Pages opened before a rebuild still load their lazy chunks by the old hashed names: the previous
 * build's assets are carried over (hashed names never clash), so a deploy does not break open tabs.
 * Only one generation back is kept, so the folder does not grow without end.
 */
function keepPreviousAssets(next: string): void {
  const previousAssets = path.join(distDir, 'assets');
  if (!fs.existsSync(previousAssets)) return;
  const current = new Set(fs.readdirSync(path.join(next, 'assets')));
  const carried = path.join(distDir, '.carried-over');
  const carriedBefore = fs.existsSync(carried) ? new Set(fs.readFileSync(carried, 'utf8').split('\n')) : new Set<string>();
  const kept: string[] = [];
  for (const name of fs.readdirSync(previousAssets)) {
    if (current.has(name) || carriedBefore.has(name)) continue;
    fs.copyFileSync(path.join(previousAssets, name), path.join(next, 'assets', name));
    kept.push(name);
  }
  fs.writeFileSync(path.join(next, '.carried-over'), kept.join('\n'));
}

function acquireLock(): () => void {
  const lock = path.join(webRoot, '.build.lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // the owner has not written its pid yet
      }
      let alive = true;
      if (owner > 0) {
        try {
          process.kill(owner, 0);
        } catch {
          alive = false;
        }
      }
      if (!alive || Date.now() - started > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/** Builds when stale (or when forced); returns whether a build ran. */
export async function ensureWebBuild(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && isBuildCurrent()) return false;
  const release = acquireLock();
  try {
    if (!options.force && isBuildCurrent()) return false;
    const started = Date.now();
    const fingerprint = sourceFingerprint();
    const temporary = path.join(webRoot, `dist.tmp-${process.pid}`);
    const { build } = await import('vite');
    await build({
      configFile: path.join(webRoot, 'vite.config.ts'),
      root: webRoot,
      logLevel: options.quiet ? 'error' : 'warn',
      build: { outDir: temporary, emptyOutDir: true },
    });
    compressAssets(temporary);
    fs.writeFileSync(path.join(temporary, stampFile), `${fingerprint}\n`);
    keepPreviousAssets(temporary);
    const previous = path.join(webRoot, `dist.old-${process.pid}`);
    if (fs.existsSync(distDir)) fs.renameSync(distDir, previous);
    fs.renameSync(temporary, distDir);
    fs.rmSync(previous, { recursive: true, force: true });
    if (!options.quiet) {
      const inbox = routeJsSize(distDir, routeModules.inbox);
      process.stdout.write(
        `switchboard: web app built into web/dist in ${Date.now() - started} ms; the inbox loads ${(inbox.gzipBytes / 1024).toFixed(0)} KB of JavaScript (gzip)\n`,
      );
    }
    return true;
  } finally {
    release();
  }
}

if (import.meta.main) {
  const force = process.argv.includes('--force');
  const built = await ensureWebBuild({ force });
  if (!built) process.stdout.write('switchboard: web app is up to date (web/dist)\n');
}
