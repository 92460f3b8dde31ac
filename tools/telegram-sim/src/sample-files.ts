// Small but real files for user actions that do not bring their own bytes.
import { crc32, deflateSync } from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A valid RGB PNG of one colour. */
export function createPng(width: number, height: number, rgb: [number, number, number] = [64, 128, 200]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// Ogg's CRC-32: polynomial 0x04c11db7, not reflected, no final xor.
const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(data: Buffer): number {
  let crc = 0;
  for (const byte of data) crc = ((crc << 8) ^ (OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] as number)) >>> 0;
  return crc;
}

function oggPage(packets: Buffer[], flags: number, granule: bigint, sequence: number): Buffer {
  const segments: number[] = [];
  for (const packet of packets) {
    let left = packet.length;
    while (left >= 255) {
      segments.push(255);
      left -= 255;
    }
    segments.push(left);
  }
  const header = Buffer.alloc(27);
  header.write('OggS', 0, 'latin1');
  header[5] = flags;
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(0x5357_4d31, 14); // stream serial number
  header.writeUInt32LE(sequence, 18);
  header[26] = segments.length;
  const page = Buffer.concat([header, Buffer.from(segments), ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** A valid Ogg/Opus stream of `seconds` of silence (what Telegram voice notes are). */
export function createOggOpus(seconds = 1): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1; // version
  head[9] = 1; // mono
  head.writeUInt16LE(312, 10); // pre-skip
  head.writeUInt32LE(48000, 12);
  const vendor = Buffer.from('switchboard-telegram-sim');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  // A 20 ms CELT silence frame (TOC 0xf8), 50 per second.
  const frames = Array.from({ length: Math.max(1, Math.round(seconds * 50)) }, () => Buffer.from([0xf8, 0xff, 0xfe]));
  const pages = [oggPage([head], 0x02, 0n, 0), oggPage([tags], 0x00, 0n, 1)];
  for (let i = 0, seq = 2; i < frames.length; i += 250, seq++) {
    const chunk = frames.slice(i, i + 250);
    const last = i + 250 >= frames.length;
    pages.push(oggPage(chunk, last ? 0x04 : 0x00, BigInt((i + chunk.length) * 960), seq));
  }
  return Buffer.concat(pages);
}

/** 1×1 lossless WebP. */
export const SAMPLE_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** An MP4 with only its `ftyp` box: right signature, not playable. */
export const SAMPLE_MP4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');

export function sampleDocument(name = 'document.txt'): Buffer {
  return Buffer.from(`Sample document "${name}" from the Switchboard Telegram simulator.\n`);
}

export interface ImageInfo {
  width: number;
  height: number;
  mime: string;
  ext: string;
}

/** Reads the dimensions from PNG, JPEG, GIF or WebP headers. */
export function imageInfo(bytes: Buffer): ImageInfo | null {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), mime: 'image/png', ext: 'png' };
  }
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'GIF') {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8), mime: 'image/gif', ext: 'gif' };
  }
  if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = bytes.toString('latin1', 12, 16);
    if (chunk === 'VP8L') {
      const bits = bytes.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, mime: 'image/webp', ext: 'webp' };
    }
    if (chunk === 'VP8 ') {
      return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff, mime: 'image/webp', ext: 'webp' };
    }
    if (chunk === 'VP8X') {
      return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1, mime: 'image/webp', ext: 'webp' };
    }
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let pos = 2;
    while (pos + 9 < bytes.length) {
      if (bytes[pos] !== 0xff) return null;
      const marker = bytes[pos + 1] as number;
      const length = bytes.readUInt16BE(pos + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { width: bytes.readUInt16BE(pos + 7), height: bytes.readUInt16BE(pos + 5), mime: 'image/jpeg', ext: 'jpg' };
      pos += 2 + length;
    }
  }
  return null;
}
