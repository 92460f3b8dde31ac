// Apps' files (apps/app.ts "FilesPort"): kept under <media dir>/apps/<app>/, each
// beside a small JSON of its name and type, and served by signed links that
// expire (HMAC of app, file and expiry with a key derived from APP_SECRET).
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { equalsInConstantTime } from './crypto.ts';
import { notFound, forbidden } from './http/errors.ts';
import type { HttpApp } from './http/app.ts';

const fileId = /^[0-9a-f-]{36}$/;
const appName = /^[a-z][a-z0-9-]{0,39}$/;

interface Meta {
  name: string;
  contentType: string;
}

export function createAppFiles(options: { dir: string; appSecret: string }) {
  const key = createHmac('sha256', options.appSecret).update('switchboard app files v1').digest();
  const signature = (app: string, id: string, expires: number) =>
    createHmac('sha256', key).update(`${app}/${id}/${expires}`).digest('base64url');
  const folder = (app: string) => path.join(options.dir, 'apps', app);

  async function read(app: string, id: string) {
    if (!fileId.test(id)) return undefined;
    try {
      const meta = JSON.parse(await fs.readFile(path.join(folder(app), `${id}.json`), 'utf8')) as Meta;
      return { ...meta, data: await fs.readFile(path.join(folder(app), id)) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  return {
    /** The port one app gets: its own folder only. */
    portFor(app: string) {
      if (!appName.test(app)) throw new Error(`An app name must be lower-case letters, digits and dashes: ${app}`);
      return {
        async store(input: { name: string; contentType: string; data: Buffer }) {
          const id = randomUUID();
          await fs.mkdir(folder(app), { recursive: true });
          // The data first: a file without its JSON is never listed or served, and the retention of the folder is the app's.
          await fs.writeFile(path.join(folder(app), id), input.data);
          await fs.writeFile(path.join(folder(app), `${id}.json`), JSON.stringify({ name: input.name, contentType: input.contentType }));
          return { id, size: input.data.length };
        },
        read: (id: string) => read(app, id),
        async remove(id: string) {
          if (!fileId.test(id)) return;
          await fs.rm(path.join(folder(app), `${id}.json`), { force: true });
          await fs.rm(path.join(folder(app), id), { force: true });
        },
        signedUrl(id: string, expiresInSeconds: number): string {
          const expires = Math.floor(Date.now() / 1000) + Math.max(1, Math.round(expiresInSeconds));
          return `/api/app-files/${app}/${id}?expires=${expires}&signature=${signature(app, id, expires)}`;
        },
      };
    },

    /** The one download route for every app's signed links; the link is the permission. */
    registerRoutes(http: HttpApp): void {
      http.get(
        '/api/app-files/:app/:id',
        {
          config: { access: 'public' },
          schema: {
            tags: ['apps'],
            summary: "Download an app's file through a signed link (it works until it expires)",
            params: z.object({ app: z.string().regex(appName), id: z.string().regex(fileId) }),
            querystring: z.object({ expires: z.coerce.number().int().positive(), signature: z.string().min(10).max(100) }),
          },
        },
        async (request, reply) => {
          const { app, id } = request.params;
          const { expires, signature: given } = request.query;
          if (!equalsInConstantTime(given, signature(app, id, expires)))
            throw forbidden('This download link is not valid: ask for a new one.');
          if (expires * 1000 < Date.now()) throw forbidden('This download link has expired: ask for a new one.');
          const file = await read(app, id);
          if (!file) throw notFound(`File ${id}`);
          return reply
            .type(file.contentType)
            .header('content-disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`)
            .header('cache-control', 'private, no-store')
            .send(file.data);
        },
      );
    },
  };
}

export type AppFiles = ReturnType<typeof createAppFiles>;
