// Fetches a file a user sent the bot: getFile, then the download URL
// (https://api.telegram.org/file/bot<token>/<file_path>). The Bot API hands
// out at most 20 MB; larger files are reported, not attempted.
import { Api, GrammyError } from 'grammy';
import { maskBotTokens, telegramBotCapabilities } from './profile.ts';
import { ChannelError, type DownloadedFile } from '../channel.ts';
import { translateTelegramError } from './bot-api.ts';

export const telegramDownloadLimitBytes = telegramBotCapabilities.media.downloadMaxBytes!;

export interface FileDownloaderOptions {
  /** Bot API root without a trailing slash. */
  apiRoot: string;
  timeoutMs?: number;
  limitBytes?: number;
}

export function createFileDownloader(options: FileDownloaderOptions) {
  const apiRoot = options.apiRoot.replace(/\/+$/, '');
  const limitBytes = options.limitBytes ?? telegramDownloadLimitBytes;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const tooBig = { tooBig: true as const, limitBytes };

  async function locate(token: string, fileId: string): Promise<{ filePath: string } | typeof tooBig> {
    try {
      const file = await new Api(token, { apiRoot, timeoutSeconds: timeoutMs / 1000 }).getFile(fileId);
      if ((file.file_size ?? 0) > limitBytes) return tooBig;
      if (!file.file_path) throw new ChannelError('TEMPORARY', 'Telegram gave no file_path for the file; it will be asked again.');
      return { filePath: file.file_path };
    } catch (error) {
      if (error instanceof GrammyError && /file is too big/i.test(error.description)) return tooBig;
      throw translateTelegramError(error);
    }
  }

  async function fetchBytes(token: string, filePath: string): Promise<Buffer | typeof tooBig> {
    let response: Response;
    try {
      response = await fetch(`${apiRoot}/file/bot${token}/${filePath.split('/').map(encodeURIComponent).join('/')}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Never the URL: it holds the token.
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
      throw new ChannelError('TEMPORARY', maskBotTokens(`Downloading the file failed: ${reason}`));
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status === 429 || response.status >= 500)
        throw new ChannelError('TEMPORARY', `Telegram answered ${response.status} to the file download.`);
      // The file path lives about an hour; a new getFile gives a fresh one on the retry.
      throw new ChannelError(
        response.status === 404 ? 'TEMPORARY' : 'PERMANENT',
        `Telegram answered ${response.status} to the file download.`,
      );
    }
    if (Number(response.headers.get('content-length') ?? 0) > limitBytes) {
      await response.body?.cancel();
      return tooBig;
    }
    return readLimited(response, limitBytes);
  }

  async function readLimited(response: Response, limit: number): Promise<Buffer | typeof tooBig> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      // Leaving the loop cancels the body.
      if (size > limit) return tooBig;
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  return {
    limitBytes,
    /** The file's bytes and Telegram's path for it (its extension says what it is), or that it is over the limit. */
    async download(token: string, fileId: string): Promise<DownloadedFile> {
      const located = await locate(token, fileId);
      if ('tooBig' in located) return located;
      const bytes = await fetchBytes(token, located.filePath);
      if (!Buffer.isBuffer(bytes)) return bytes;
      return { bytes, filePath: located.filePath };
    },
  };
}

export type FileDownloader = ReturnType<typeof createFileDownloader>;
