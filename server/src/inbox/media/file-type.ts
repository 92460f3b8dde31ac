// What a file really is, read from its first bytes by the `file-type` package:
// a name or a declared Content-Type proves nothing (a `.jpg` can be a Windows
// program). Kept here is only what file-type does not do: refusing programs,
// scripts and web pages, plain text, old Office files by name, and image sizes.
import { fileTypeFromBuffer } from 'file-type';

/** How a file goes to the messenger (the upload's kind; its channel may still send a photo as a document). */
export type SendKind = 'photo' | 'video' | 'voice' | 'audio' | 'document';

export interface FileType {
  mime: string;
  ext: string;
  kind: SendKind;
  /** What it is, in words, for messages. */
  label: string;
}

/** Refused files keep their real type when it is known, so a stored one can still be served as what it is. */
export type Detection = { ok: true; type: FileType } | { ok: false; reason: string; type?: FileType };

const ascii = (bytes: Buffer, start: number, end: number) => bytes.toString('latin1', start, end);
const startsWith = (bytes: Buffer, signature: number[], offset = 0) => signature.every((byte, index) => bytes[offset + index] === byte);

// Names no customer needs to receive from a business, whatever is inside.
const executableExtensions = new Set(
  'exe dll com bat cmd scr pif msi msp mst cpl hta jar js jse mjs vbs vbe wsf wsc wsh ps1 psm1 psd1 sh bash zsh csh ksh command app apk aab ipa xap deb rpm dmg pkg lnk reg scf inf gadget appimage run class py pyc pyw pl rb php asp aspx jsp cgi'.split(
    ' ',
  ),
);

// file-type's names for programs, in words.
const programs: Record<string, string> = {
  exe: 'a Windows program (it starts with the "MZ" header)',
  elf: 'a Linux program (ELF)',
  macho: 'a macOS program (Mach-O)',
  class: 'a Java program (class file)',
  apk: 'an Android program (APK)',
  jar: 'a Java program (JAR)',
  deb: 'a Debian package',
  rpm: 'an RPM package',
  msi: 'a Windows installer',
  dmg: 'a macOS disk image',
  lnk: 'a Windows shortcut',
  wasm: 'a WebAssembly program',
  swf: 'a Flash program',
};

// Friendlier words than "a PNG file" for what people send most.
const labels: Record<string, string> = {
  jpg: 'a JPEG image',
  png: 'a PNG image',
  webp: 'a WebP image',
  gif: 'a GIF image',
  pdf: 'a PDF document',
  zip: 'a ZIP archive',
  docx: 'a Word document',
  xlsx: 'an Excel workbook',
  pptx: 'a PowerPoint presentation',
  mp4: 'an MP4 video',
  mp3: 'MP3 audio',
  m4a: 'M4A audio',
  ogg: 'Ogg audio',
  webm: 'a WebM file',
};

// One name per type, whatever alias the sniffer or a client uses.
const canonicalMime: Record<string, string> = { 'audio/x-m4a': 'audio/mp4', 'audio/x-wav': 'audio/wav', 'audio/vnd.wave': 'audio/wav' };

function sendKind(mime: string, head: Buffer): SendKind {
  if (mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/webp') return 'photo';
  if (mime === 'audio/ogg' && head.includes('OpusHead')) return 'voice';
  if (mime === 'video/mp4') return 'video';
  if (mime === 'audio/mpeg' || mime === 'audio/mp4') return 'audio';
  // GIFs, other images, other audio and video keep their quality (and animation) as documents.
  return 'document';
}

function typeOf(sniffed: { ext: string; mime: string }, head: Buffer): FileType {
  const bare = sniffed.mime.split(';')[0]!.trim();
  const mime = canonicalMime[bare] ?? bare;
  const ext = sniffed.ext === 'opus' ? 'ogg' : sniffed.ext;
  return { mime, ext, kind: sendKind(mime, head), label: labels[ext] ?? programs[ext] ?? `a ${ext.toUpperCase()} file` };
}

// What file-type does not know: DEX and "#!" scripts.
function scriptOrDexReason(head: Buffer): string | undefined {
  if (startsWith(head, [0x64, 0x65, 0x78, 0x0a])) return 'an Android program (DEX)';
  if (ascii(head, 0, 2) === '#!') return 'a script (it starts with "#!")';
  return undefined;
}

async function sniff(head: Buffer): Promise<FileType | undefined> {
  try {
    const found = await fileTypeFromBuffer(head);
    return found ? typeOf(found, head) : undefined;
  } catch {
    // A head the sniffer cannot parse is judged as text or unknown bytes below.
    return undefined;
  }
}

/** Detects by content; refuses programs and scripts, whatever the name says. */
export async function detectFileType(head: Buffer, fileName: string): Promise<Detection> {
  const sniffed = await sniff(head);
  const program = sniffed && programs[sniffed.ext] ? programs[sniffed.ext] : scriptOrDexReason(head);
  if (program) {
    return {
      ok: false,
      type: sniffed,
      reason: `${quotedName(fileName)} is ${program}, not a document or media file. Programs and scripts cannot be sent.`,
    };
  }
  const extension = extensionOf(fileName);
  if (executableExtensions.has(extension)) {
    return {
      ok: false,
      type: sniffed,
      reason: `Files ending in .${extension} are programs or scripts and cannot be sent; pack it in a ZIP if the customer really needs it.`,
    };
  }
  if (sniffed?.ext === 'zip') return refineZip(head, sniffed);
  if (sniffed?.ext === 'cfb') return detectCompoundFile(extension, sniffed);
  // XML may be an SVG drawing, which can carry scripts: the text rules decide.
  if (sniffed && sniffed.ext !== 'xml') return { ok: true, type: sniffed };
  return detectText(head, extension, fileName);
}

const document = (mime: string, ext: string, label: string): Detection => ({ ok: true, type: { mime, ext, kind: 'document', label } });

// A head too short for file-type to open the archive still names its first entries.
function refineZip(head: Buffer, zip: FileType): Detection {
  const names = zipEntryNames(head);
  if (names.some((name) => name === 'AndroidManifest.xml' || name === 'classes.dex' || name === 'META-INF/MANIFEST.MF')) {
    return { ok: false, type: zip, reason: 'This archive is an Android or Java program (APK/JAR); programs cannot be sent.' };
  }
  if (names.some((name) => name.startsWith('word/')))
    return document('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'a Word document');
  if (names.some((name) => name.startsWith('xl/')))
    return document('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'an Excel workbook');
  if (names.some((name) => name.startsWith('ppt/')))
    return document('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx', 'a PowerPoint presentation');
  return { ok: true, type: zip };
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
function detectCompoundFile(extension: string, container: FileType): Detection {
  const office: Record<string, [string, string]> = {
    doc: ['application/msword', 'a Word 97–2003 document'],
    xls: ['application/vnd.ms-excel', 'an Excel 97–2003 workbook'],
    ppt: ['application/vnd.ms-powerpoint', 'a PowerPoint 97–2003 presentation'],
  };
  const known = office[extension];
  if (!known)
    return {
      ok: false,
      type: container,
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
      reason: `${quotedName(fileName)} is a web page (HTML); web pages can run scripts and cannot be sent. Send a PDF instead.`,
    };
  }
  if (/^(<\?xml[^>]*>\s*)?(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(start)) {
    return { ok: false, reason: `${quotedName(fileName)} is an SVG drawing, which can carry scripts; export it as PNG and send that.` };
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

const quotedName = (fileName: string) => (fileName ? `"${fileName}"` : 'The file');

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
