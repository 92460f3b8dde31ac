// The Content-Type and name a downloaded file is served with. A messenger such
// as Telegram gives photos no mime_type, and its animated stickers are gzip to
// a sniffer, so the message's own facts come first, then the bytes, then the path.
import type { Attachment } from '../../channels/channel.ts';
import { neutralizeBidi } from '../../platform/index.ts';
import { detectFileType, extensionOf } from './file-type.ts';

const byExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tgs: 'application/x-tgsticker',
  webm: 'video/webm',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

const extensionOfMime = Object.fromEntries(
  Object.entries(byExtension)
    .reverse()
    .map(([extension, mime]) => [mime, extension]),
);

export async function mimeForDownload(
  attachment: Pick<Attachment, 'type' | 'mime_type' | 'sticker_format' | 'file_name'>,
  filePath: string,
  bytes: Buffer,
): Promise<{ mime: string; extension: string }> {
  const pathExtension = extensionOf(filePath);
  if (attachment.type === 'sticker' && attachment.sticker_format === 'animated')
    return { mime: 'application/x-tgsticker', extension: 'tgs' };
  if (attachment.type === 'sticker' && attachment.sticker_format === 'video') return { mime: 'video/webm', extension: 'webm' };
  const detected = await detectFileType(bytes.subarray(0, 64 * 1024), '');
  // A sniffed type is trusted when it names a format, not the fallbacks for text or unknown bytes. Programs
  // count: a Windows program a customer declared as a PDF is stored and served as the program it is.
  if (detected.type && !['application/octet-stream', 'text/plain'].includes(detected.type.mime))
    return { mime: detected.type.mime, extension: detected.type.ext };
  // A script or web page is never served under the type its sender claimed.
  if (!detected.ok) return { mime: 'application/octet-stream', extension: 'bin' };
  const declared = attachment.mime_type?.toLowerCase();
  if (declared && /^[a-z]+\/[\w.+-]+$/.test(declared))
    return { mime: declared, extension: extensionOfMime[declared] ?? (extensionOf(attachment.file_name ?? '') || pathExtension || 'bin') };
  const fromPath = byExtension[pathExtension];
  if (fromPath) return { mime: fromPath, extension: pathExtension };
  return { mime: detected.type.mime, extension: detected.type.ext };
}

// Shown in place by the browser; everything else is a download.
const inlineTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/webm',
  'video/mp4',
  'video/webm',
  'video/quicktime',
]);
const inlineKinds = new Set(['photo', 'video', 'video_note', 'animation', 'voice', 'audio', 'sticker']);

export function isInline(kind: string, mime: string): boolean {
  return inlineKinds.has(kind) && inlineTypes.has(mime);
}

/** `attachment; filename="…"; filename*=UTF-8''…` with an ASCII fallback and nothing a header could trip on. */
export function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  // eslint-disable-next-line no-control-regex
  const unsafe = /[\u0000-\u001f\u007f"\\/]/g;
  const cleaned = neutralizeBidi(fileName).replace(unsafe, '').trim() || 'file';
  const fallback = cleaned.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const sameFormat = [
  ['jpg', 'jpeg'],
  ['ogg', 'oga', 'opus'],
  ['tif', 'tiff'],
  ['mp4', 'm4v'],
  ['mov', 'qt'],
  ['mkv', 'webm'],
];

/**
 * The sender's file name, with the real extension added when the name claims
 * another format ("invoice.pdf" holding a Windows program becomes
 * "invoice.pdf.exe"), so an operator saving it sees what it is.
 */
export function nameMatchingContent(fileName: string | null | undefined, realExtension: string): string | undefined {
  if (!fileName) return undefined;
  const claimed = extensionOf(fileName);
  if (!claimed || claimed === realExtension || realExtension === 'bin' || realExtension === 'txt') return fileName;
  if (sameFormat.some((group) => group.includes(claimed) && group.includes(realExtension))) return fileName;
  return `${fileName}.${realExtension}`;
}
