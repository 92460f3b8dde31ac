// The JavaScript a route loads, from the build's manifest: the entry, the route's lazy chunk, and
// every chunk they import statically — gzip-compressed, as the browser receives it.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export const routeModules = {
  inbox: 'src/features/inbox/components/InboxPage.tsx',
  settings: 'src/features/settings/components/MessengersSettingsPage.tsx',
  signIn: 'src/features/auth/components/SignInPage.tsx',
} as const;

export interface RouteSize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export function routeJsSize(distDir: string, routeModule: string): RouteSize {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  if (!manifest[routeModule]) throw new Error(`the manifest has no chunk for ${routeModule}`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry);
  visit(routeModule);
  const files = [...seen].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = fs.readFileSync(path.join(distDir, file));
    rawBytes += content.length;
    gzipBytes += zlib.gzipSync(content, { level: 9 }).length;
  }
  return { files: files.sort(), rawBytes, gzipBytes };
}
