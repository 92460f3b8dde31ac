// The media folder: files under MEDIA_DIR named by us (date folders, random
// names), never by a path a client sent. Writes land in tmp/ and are renamed
// into place, so a crash leaves no half file under a real name.
import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export type MediaArea = 'in' | 'out' | 'uploads';

export function createMediaStore(root: string) {
  const tmpDir = path.join(root, 'tmp');
  // Uploads stream into tmp/ from the first request on.
  fsSync.mkdirSync(tmpDir, { recursive: true });

  function absolute(relative: string): string {
    const resolved = path.resolve(root, relative);
    if (!resolved.startsWith(path.resolve(root) + path.sep)) throw new Error(`A media path must stay inside MEDIA_DIR: ${relative}`);
    return resolved;
  }

  async function ensureFolderOf(relative: string): Promise<string> {
    const target = absolute(relative);
    await fs.mkdir(path.dirname(target), { recursive: true });
    return target;
  }

  return {
    root,
    tmpDir,
    absolute,
    /** A new relative path such as `in/2026/11/22/3f9c….jpg`. */
    newPath(area: MediaArea, extension: string, now = new Date()): string {
      const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
      const safeExtension = /^[a-z0-9]{1,10}$/.test(extension) ? `.${extension}` : '';
      return `${area}/${day}/${randomBytes(16).toString('hex')}${safeExtension}`;
    },
    tempPath(): string {
      return path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    },
    async writeBytes(relative: string, bytes: Buffer): Promise<void> {
      const temp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
      await fs.writeFile(temp, bytes);
      await fs.rename(temp, await ensureFolderOf(relative)).catch(async (error: unknown) => {
        await fs.rm(temp, { force: true });
        throw error;
      });
    },
    /** Moves a finished temp file (inside MEDIA_DIR) into place. */
    async moveIn(tempPath: string, relative: string): Promise<void> {
      await fs.rename(tempPath, await ensureFolderOf(relative));
    },
    /** Gives a second name to a stored file: a hard link where the file system allows, else a copy. */
    async duplicate(fromRelative: string, toRelative: string): Promise<void> {
      const target = await ensureFolderOf(toRelative);
      try {
        await fs.link(absolute(fromRelative), target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
        await fs.copyFile(absolute(fromRelative), target);
      }
    },
    async remove(relative: string): Promise<void> {
      await fs.rm(absolute(relative), { force: true });
    },
    /** Drops temp files older than `maxAgeMs` (uploads cut off, downloads interrupted by a crash). */
    async removeStaleTemp(maxAgeMs: number): Promise<number> {
      let removed = 0;
      for (const name of await fs.readdir(tmpDir).catch(() => [] as string[])) {
        const file = path.join(tmpDir, name);
        const stat = await fs.stat(file).catch(() => null);
        if (stat && Date.now() - stat.mtimeMs > maxAgeMs) {
          await fs.rm(file, { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}

export type MediaStore = ReturnType<typeof createMediaStore>;
