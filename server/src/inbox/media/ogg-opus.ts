// Writes Ogg/Opus (RFC 3533 pages, RFC 7845 mapping) from Opus packets, and
// remuxes a browser's WebM/Opus recording into it without re-encoding, so a
// messenger such as Telegram shows it as a voice note (voice notes are Ogg/Opus).
import { randomBytes } from 'node:crypto';
import { demuxWebmOpus, RemuxError } from './webm-demux.ts';

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index << 24;
    for (let bit = 0; bit < 8; bit++) value = value & 0x80000000 ? (value << 1) ^ 0x04c11db7 : value << 1;
    table[index] = value >>> 0;
  }
  return table;
})();

/** Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value and final xor 0. */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

const flags = { continued: 0x01, first: 0x02, last: 0x04 } as const;

function page(packets: Buffer[], headerType: number, granule: bigint, serial: number, sequence: number): Buffer {
  const lacing: number[] = [];
  for (const packet of packets) {
    for (let left = packet.length; ; left -= 255) {
      lacing.push(Math.min(left, 255));
      if (left < 255) break;
    }
  }
  const header = Buffer.alloc(27);
  header.write('OggS', 0, 'latin1');
  header[4] = 0;
  header[5] = headerType;
  header.writeBigInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  const bytes = Buffer.concat([header, Buffer.from(lacing), ...packets]);
  bytes.writeUInt32LE(oggCrc(bytes), 22);
  return bytes;
}

const segmentsOf = (packet: Buffer) => Math.floor(packet.length / 255) + 1;

/** Samples (at 48 kHz) an Opus packet decodes to, from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(packet: Buffer): number {
  if (packet.length === 0) return 0;
  const toc = packet[0]!;
  const config = toc >> 3;
  const frameSamples =
    config < 12 ? [480, 960, 1920, 2880][config % 4]! : config < 16 ? [480, 960][config % 2]! : [120, 240, 480, 960][config % 4]!;
  const code = toc & 0x03;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return frames * frameSamples;
}

export function opusTags(vendor = 'Switchboard remux'): Buffer {
  const vendorBytes = Buffer.from(vendor, 'utf8');
  const tags = Buffer.alloc(8 + 4 + vendorBytes.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendorBytes.length, 8);
  vendorBytes.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendorBytes.length);
  return tags;
}

/** An OpusHead for a track without CodecPrivate (mono or stereo only). */
export function opusHead(channels: number, preSkip: number, inputSampleRate: number): Buffer {
  if (channels < 1 || channels > 2) throw new RemuxError(`${channels} channels need a channel mapping the recording does not carry`);
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(inputSampleRate, 12);
  head.writeInt16LE(0, 16);
  head[18] = 0;
  return head;
}

export interface OggOpusInput {
  head: Buffer;
  tags?: Buffer;
  packets: Buffer[];
  /** Samples to trim from the end (RFC 7845 §4.5). */
  endTrimSamples?: number;
  serial?: number;
  /** Audio pages close at this many bytes (RFC 7845 suggests small pages for seeking). */
  pageBytes?: number;
}

/** A complete Ogg/Opus stream: OpusHead page, OpusTags page, audio pages with granule positions. */
export function writeOggOpus(input: OggOpusInput): Buffer {
  const serial = input.serial ?? randomBytes(4).readUInt32LE(0);
  const pageBytes = input.pageBytes ?? 4096;
  const pages = [page([input.head], flags.first, 0n, serial, 0), page([input.tags ?? opusTags()], 0, 0n, serial, 1)];
  const total = input.packets.reduce((sum, packet) => sum + opusPacketSamples(packet), 0);
  const preSkip = input.head.readUInt16LE(10);
  // End trimming may not cut into the pre-skip: the last granule stays at or above it.
  const finalGranule = BigInt(Math.max(preSkip, total - (input.endTrimSamples ?? 0)));
  let pending: Buffer[] = [];
  let granule = 0n;
  let lastGranule = 0n;
  const flush = (isLast: boolean) => {
    const position = isLast ? (finalGranule > lastGranule ? finalGranule : lastGranule) : granule;
    pages.push(page(pending, isLast ? flags.last : 0, position, serial, pages.length));
    lastGranule = position;
    pending = [];
  };
  for (const [index, packet] of input.packets.entries()) {
    const segments = pending.reduce((sum, item) => sum + segmentsOf(item), 0);
    const bytes = pending.reduce((sum, item) => sum + item.length, 0);
    if (pending.length > 0 && (segments + segmentsOf(packet) > 255 || bytes + packet.length > pageBytes)) flush(false);
    if (segmentsOf(packet) > 255) throw new RemuxError('an Opus packet is larger than one Ogg page can hold');
    pending.push(packet);
    granule += BigInt(opusPacketSamples(packet));
    if (index === input.packets.length - 1) flush(true);
  }
  return Buffer.concat(pages);
}

/** WebM/Opus (a browser recording) → Ogg/Opus with the same packets. */
export function remuxWebmToOggOpus(webm: Buffer): Buffer {
  const audio = demuxWebmOpus(webm);
  if (audio.hasVideo) throw new RemuxError('the file has video; only audio recordings become voice notes');
  const { track } = audio;
  const codecPrivateIsHead =
    track.codecPrivate && track.codecPrivate.length >= 19 && track.codecPrivate.toString('latin1', 0, 8) === 'OpusHead';
  const head = codecPrivateIsHead
    ? Buffer.from(track.codecPrivate!)
    : opusHead(track.channels, Math.round((track.codecDelayNs * 48_000) / 1e9) || 312, Math.round(track.samplingFrequency) || 48_000);
  return writeOggOpus({ head, packets: audio.frames, endTrimSamples: Math.round((audio.discardPaddingNs * 48_000) / 1e9) });
}

export { RemuxError };
