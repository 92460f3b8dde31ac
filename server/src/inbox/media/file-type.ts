// What a file really is, read from its first bytes: a name or a declared
// Content-Type proves nothing (a `.jpg` can be a Windows program).

/** How a file goes to Telegram. */
export type SendKind = 'photo' | 'video' | 'voice' | 'audio' | 'document';

export interface FileType {
  mime: string;
  ext: string;
  kind: SendKind;
  /** What it is, in words, for messages. */
  label: string;
}

export type Detection = { ok: true; type: FileType } | { ok: false; reason: string };

const ascii = (bytes: Buffer, start: number, end: number) => bytes.toString('latin1', start, end);
const startsWith = (bytes: Buffer, signature: number[], offset = 0) => signature.every((byte, index) => bytes[offset + index] === byte);

// Names no customer needs to receive from a business, whatever is inside.
const executableExtensions = new Set(
  'exe dll com bat cmd scr pif msi msp mst cpl hta jar js jse mjs vbs vbe wsf wsc wsh ps1 psm1 psd1 sh bash zsh csh ksh command app apk aab ipa xap deb rpm dmg pkg lnk reg scf inf gadget appimage run class py pyc pyw pl rb php asp aspx jsp cgi'.split(
    ' ',
  ),
);

function executableReason(head: Buffer): string | undefined {
  if (startsWith(head, [0x4d, 0x5a])) return 'a Windows program (it starts with the "MZ" header)';
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux program (ELF)';
  const magic = head.length >= 4 ? head.readUInt32BE(0) : 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) return 'a macOS program (Mach-O)';
  // Universal Mach-O and Java classes share CAFEBABE; both are programs.
  if (magic === 0xcafebabe) return 'a program (Mach-O universal binary or Java class)';
  if (startsWith(head, [0x64, 0x65, 0x78, 0x0a])) return 'an Android program (DEX)';
  if (ascii(head, 0, 2) === '#!') return 'a script (it starts with "#!")';
  return undefined;
}

/** Detects by content; refuses programs and scripts, whatever the name says. */
export function detectFileType(head: Buffer, fileName: string): Detection {
  const program = executableReason(head);
  if (program)
    return {
      ok: false,
      reason: `${displayName(fileName)} is ${program}, not a document or media file. Programs and scripts cannot be sent.`,
    };
  const extension = extensionOf(fileName);
  if (executableExtensions.has(extension)) {
    return {
      ok: false,
      reason: `Files ending in .${extension} are programs or scripts and cannot be sent; pack it in a ZIP if the customer really needs it.`,
    };
  }
  const binary = detectBinary(head, extension);
  if (binary) return binary;
  return detectText(head, extension, fileName);
}

function detectBinary(head: Buffer, extension: string): Detection | undefined {
  const image = detectImage(head);
  if (image) return { ok: true, type: image };
  const media = detectAudioVideo(head);
  if (media) return { ok: true, type: media };
  if (ascii(head, 0, 5) === '%PDF-') return document('application/pdf', 'pdf', 'a PDF document');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return detectZip(head);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return detectCompoundFile(extension);
  if (startsWith(head, [0x1f, 0x8b])) return document('application/gzip', 'gz', 'a gzip archive');
  if (ascii(head, 0, 6) === '7z\xbc\xaf\x27\x1c') return document('application/x-7z-compressed', '7z', 'a 7-Zip archive');
  if (ascii(head, 0, 4) === 'Rar!') return document('application/vnd.rar', 'rar', 'a RAR archive');
  if (ascii(head, 0, 5) === '{\\rtf') return document('application/rtf', 'rtf', 'an RTF document');
  return undefined;
}

const document = (mime: string, ext: string, label: string): Detection => ({ ok: true, type: { mime, ext, kind: 'document', label } });

function detectImage(head: Buffer): FileType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg', kind: 'photo', label: 'a JPEG image' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { mime: 'image/png', ext: 'png', kind: 'photo', label: 'a PNG image' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP')
    return { mime: 'image/webp', ext: 'webp', kind: 'photo', label: 'a WebP image' };
  // Telegram turns GIF photos into stills; as documents they stay animated.
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')
    return { mime: 'image/gif', ext: 'gif', kind: 'document', label: 'a GIF image' };
  if (ascii(head, 0, 2) === 'BM' && head.length >= 14) return { mime: 'image/bmp', ext: 'bmp', kind: 'document', label: 'a BMP image' };
  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*')
    return { mime: 'image/tiff', ext: 'tiff', kind: 'document', label: 'a TIFF image' };
  if (ascii(head, 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1|avif)$/.test(ascii(head, 8, 12))) {
    const avif = ascii(head, 8, 12) === 'avif';
    return {
      mime: avif ? 'image/avif' : 'image/heic',
      ext: avif ? 'avif' : 'heic',
      kind: 'document',
      label: avif ? 'an AVIF image' : 'a HEIC image',
    };
  }
  return undefined;
}

function detectAudioVideo(head: Buffer): FileType | undefined {
  if (ascii(head, 0, 4) === 'OggS') {
    if (head.includes('OpusHead')) return { mime: 'audio/ogg', ext: 'ogg', kind: 'voice', label: 'Ogg/Opus audio' };
    if (head.includes('theora')) return { mime: 'video/ogg', ext: 'ogv', kind: 'document', label: 'an Ogg video' };
    return { mime: 'audio/ogg', ext: 'ogg', kind: 'document', label: 'Ogg audio' };
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    const webm = head.includes('webm');
    return {
      mime: webm ? 'video/webm' : 'video/x-matroska',
      ext: webm ? 'webm' : 'mkv',
      kind: 'document',
      label: webm ? 'a WebM file' : 'a Matroska file',
    };
  }
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'M4A ' || brand === 'M4B ') return { mime: 'audio/mp4', ext: 'm4a', kind: 'audio', label: 'M4A audio' };
    if (brand === 'qt  ') return { mime: 'video/quicktime', ext: 'mov', kind: 'document', label: 'a QuickTime video' };
    return { mime: 'video/mp4', ext: 'mp4', kind: 'video', label: 'an MP4 video' };
  }
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && head.length > 1 && (head[1]! & 0xe6) === 0xe2))
    return { mime: 'audio/mpeg', ext: 'mp3', kind: 'audio', label: 'MP3 audio' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE')
    return { mime: 'audio/wav', ext: 'wav', kind: 'document', label: 'WAV audio' };
  if (ascii(head, 0, 4) === 'fLaC') return { mime: 'audio/flac', ext: 'flac', kind: 'document', label: 'FLAC audio' };
  return undefined;
}

// ZIP-based formats are told apart by the names of their first entries.
function detectZip(head: Buffer): Detection {
  const names = zipEntryNames(head);
  if (names.some((name) => name === 'AndroidManifest.xml' || name === 'classes.dex' || name === 'META-INF/MANIFEST.MF')) {
    return { ok: false, reason: 'This archive is an Android or Java program (APK/JAR); programs cannot be sent.' };
  }
  const openDocument = /^mimetypeapplication\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)/.exec(ascii(head, 30, 120));
  if (openDocument) {
    const ext = { text: 'odt', spreadsheet: 'ods', presentation: 'odp' }[openDocument[1] as 'text' | 'spreadsheet' | 'presentation'];
    return document(`application/vnd.oasis.opendocument.${openDocument[1]}`, ext, 'an OpenDocument file');
  }
  if (names.some((name) => name.startsWith('word/')))
    return document('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'a Word document');
  if (names.some((name) => name.startsWith('xl/')))
    return document('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'an Excel workbook');
  if (names.some((name) => name.startsWith('ppt/')))
    return document('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx', 'a PowerPoint presentation');
  return document('application/zip', 'zip', 'a ZIP archive');
}

function zipEntryNames(head: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 30 <= head.length && head.readUInt32LE(offset) === 0x04034b50 && names.length < 16) {
    const nameLength = head.readUInt16LE(offset + 26);
    const extraLength = head.readUInt16LE(offset + 28);
    const compressed = head.readUInt32LE(offset + 18);
    names.push(head.toString('utf8', offset + 30, Math.min(head.length, offset + 30 + nameLength)));
    // With a data descriptor (flag bit 3) the size is unknown here; the first names are enough.
    if ((head.readUInt16LE(offset + 6) & 0x08) !== 0) break;
    offset += 30 + nameLength + extraLength + compressed;
  }
  return names;
}

// Old Office files and Windows installers share one container; only the name tells them apart.
function detectCompoundFile(extension: string): Detection {
  const office: Record<string, [string, string]> = {
    doc: ['application/msword', 'a Word 97–2003 document'],
    xls: ['application/vnd.ms-excel', 'an Excel 97–2003 workbook'],
    ppt: ['application/vnd.ms-powerpoint', 'a PowerPoint 97–2003 presentation'],
  };
  const known = office[extension];
  if (!known)
    return {
      ok: false,
      reason: 'This is a Windows compound file that is not a .doc, .xls or .ppt (installers use this format); it cannot be sent.',
    };
  return document(known[0], extension, known[1]);
}

function detectText(head: Buffer, extension: string, fileName: string): Detection {
  if (head.includes(0)) return document('application/octet-stream', extension || 'bin', 'a binary file');
  let text: string;
  try {
    // The head may end inside a multi-byte character.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, trimIncompleteUtf8(head)));
  } catch {
    return document('application/octet-stream', extension || 'bin', 'a binary file');
  }
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (/^(<!doctype html|<html|<script|<head|<body|<iframe)/.test(start) || /<script[\s>]/.test(start)) {
    return {
      ok: false,
      reason: `${displayName(fileName)} is a web page (HTML); web pages can run scripts and cannot be sent. Send a PDF instead.`,
    };
  }
  if (/^(<\?xml[^>]*>\s*)?(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(start)) {
    return { ok: false, reason: `${displayName(fileName)} is an SVG drawing, which can carry scripts; export it as PNG and send that.` };
  }
  const textual: Record<string, [string, string]> = {
    csv: ['text/csv', 'CSV'],
    json: ['application/json', 'JSON'],
    xml: ['application/xml', 'XML'],
    md: ['text/markdown', 'Markdown'],
  };
  const [mime, label] = textual[extension] ?? ['text/plain', 'plain text'];
  return document(mime, extension && textual[extension] ? extension : 'txt', `a ${label} file`);
}

function trimIncompleteUtf8(head: Buffer): number {
  for (let back = 1; back <= Math.min(3, head.length); back++) {
    const byte = head[head.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? head.length - back : head.length;
    }
    return head.length;
  }
  return head.length;
}

export function extensionOf(fileName: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim());
  return match ? match[1]!.toLowerCase() : '';
}

const displayName = (fileName: string) => (fileName ? `"${fileName}"` : 'The file');

/** Width and height from an image header, when the head holds them. */
export function imageSize(head: Buffer): { width: number; height: number } | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) && head.length >= 24)
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP' && head.length >= 30) {
    const chunk = ascii(head, 12, 16);
    if (chunk === 'VP8L') {
      const bits = head.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ') return { width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff };
    if (chunk === 'VP8X') return { width: head.readUIntLE(24, 3) + 1, height: head.readUIntLE(27, 3) + 1 };
  }
  if (startsWith(head, [0xff, 0xd8])) return jpegSize(head);
  return undefined;
}

function jpegSize(head: Buffer): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < head.length) {
    if (head[offset] !== 0xff) return undefined;
    const marker = head[offset + 1]!;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { width: head.readUInt16BE(offset + 7), height: head.readUInt16BE(offset + 5) };
    offset += 2 + head.readUInt16BE(offset + 2);
  }
  return undefined;
}

/** Telegram's photo limits: 10 MB, width + height ≤ 10,000, sides at most 20:1. Anything else goes as a document. */
export function fitsTelegramPhoto(size: number, dimensions: { width: number; height: number } | undefined): boolean {
  if (size > 10 * 1024 * 1024) return false;
  if (!dimensions) return true;
  const { width, height } = dimensions;
  if (width === 0 || height === 0) return false;
  return width + height <= 10_000 && Math.max(width, height) / Math.min(width, height) <= 20;
}
