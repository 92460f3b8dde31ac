// File names for media Meta hands over: Graph gives a MIME type, the media store wants an extension.
const extensions: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'video/mp4': '.mp4',
  'video/quicktime': '.mov',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/aac': '.aac',
  'audio/mp4': '.m4a',
  'application/pdf': '.pdf',
};

export function extensionOf(mimeType: string | null | undefined): string {
  return extensions[(mimeType ?? '').split(';')[0]!.trim()] ?? '';
}
